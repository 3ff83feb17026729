import type { RouteResult } from '../reply';
import type { Scenario } from '../scenario';
import { namedEvent, pieces } from '../sse';
import { completionDeltaStream, completionText } from '../text';
import { loggedText, seconds, withoutCacheWrites, type RouteContext } from './common';

/** `POST …/responses`: OpenAI Responses API, JSON or SSE (semantic events with `sequence_number`). */
export function openaiResponses(ctx: RouteContext, s: Scenario): RouteResult {
  const stream = ctx.body.stream === true;
  const id = `resp_${s.idSeed.slice(0, 48)}`;
  const msgId = `msg_${s.idSeed.slice(8, 56)}`;
  const headers = { 'x-request-id': `req_${s.idSeed.slice(0, 32)}`, 'openai-processing-ms': '1', 'openai-version': '2020-10-01' };
  const u = s.usage;
  const usage = {
    input_tokens: u.inputTokens,
    input_tokens_details: { cached_tokens: u.cachedInputTokens },
    output_tokens: u.outputTokens,
    output_tokens_details: { reasoning_tokens: u.reasoningTokens },
    total_tokens: u.inputTokens + u.outputTokens,
  };
  const incomplete = s.truncated && !s.toolCall;
  const shell = (status: string, output: unknown[], withUsage: boolean): Record<string, unknown> => ({
    id,
    object: 'response',
    created_at: seconds(ctx.nowMs),
    status,
    background: false,
    error: null,
    incomplete_details: status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: typeof ctx.body.instructions === 'string' ? ctx.body.instructions : null,
    max_output_tokens: typeof ctx.body.max_output_tokens === 'number' ? ctx.body.max_output_tokens : null,
    model: s.responseModel,
    output,
    parallel_tool_calls: true,
    previous_response_id: null,
    reasoning: { effort: null, summary: null },
    store: true,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: Array.isArray(ctx.body.tools) ? ctx.body.tools : [],
    top_p: 1,
    truncation: 'disabled',
    usage: withUsage ? usage : null,
    user: null,
    metadata: {},
  });
  const reasoningItem = u.reasoningTokens > 0 ? { id: `rs_${s.idSeed.slice(4, 52)}`, type: 'reasoning', summary: [] } : undefined;
  const text = s.toolCall ? '' : completionText(s.outputWords);
  const mainItem = s.toolCall
    ? { id: `fc_${s.idSeed.slice(2, 50)}`, type: 'function_call', status: 'completed', arguments: s.toolCall.arguments, call_id: `call_${s.idSeed.slice(0, 24)}`, name: s.toolCall.name }
    : { id: msgId, type: 'message', status: incomplete ? 'incomplete' : 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text }] };
  const output = reasoningItem ? [reasoningItem, mainItem] : [mainItem];
  const finalStatus = incomplete ? 'incomplete' : 'completed';
  const result = { provider: 'openai', operation: 'responses', model: s.model, stream, usage: withoutCacheWrites(u), completionText: loggedText(s) } as const;

  if (!stream) {
    return { ...result, reply: { kind: 'json', status: 200, headers, body: shell(finalStatus, output, true) } };
  }

  function* events(): Generator<string> {
    let seq = 0;
    const ev = (type: string, payload: Record<string, unknown>): string => namedEvent(type, { type, sequence_number: seq++, ...payload });
    yield ev('response.created', { response: shell('in_progress', [], false) });
    yield ev('response.in_progress', { response: shell('in_progress', [], false) });
    let index = 0;
    if (reasoningItem) {
      yield ev('response.output_item.added', { output_index: index, item: reasoningItem });
      yield ev('response.output_item.done', { output_index: index, item: reasoningItem });
      index++;
    }
    if (s.toolCall) {
      const item = mainItem as { id: string };
      yield ev('response.output_item.added', { output_index: index, item: { ...mainItem, status: 'in_progress', arguments: '' } });
      for (const p of pieces(s.toolCall.arguments, 8)) {
        yield ev('response.function_call_arguments.delta', { item_id: item.id, output_index: index, delta: p });
      }
      yield ev('response.function_call_arguments.done', { item_id: item.id, output_index: index, arguments: s.toolCall.arguments });
      yield ev('response.output_item.done', { output_index: index, item: mainItem });
    } else {
      const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
      yield ev('response.output_item.added', { output_index: index, item: { id: msgId, type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
      yield ev('response.content_part.added', { item_id: msgId, output_index: index, content_index: 0, part });
      for (const d of completionDeltaStream(s.outputWords, s.wordsPerChunk)) {
        yield ev('response.output_text.delta', { item_id: msgId, output_index: index, content_index: 0, delta: d, logprobs: [] });
      }
      yield ev('response.output_text.done', { item_id: msgId, output_index: index, content_index: 0, text, logprobs: [] });
      yield ev('response.content_part.done', { item_id: msgId, output_index: index, content_index: 0, part: { ...part, text } });
      yield ev('response.output_item.done', { output_index: index, item: mainItem });
    }
    yield ev(incomplete ? 'response.incomplete' : 'response.completed', { response: shell(finalStatus, output, true) });
  }
  return { ...result, reply: { kind: 'stream', status: 200, headers, contentType: 'text/event-stream; charset=utf-8', events: events() } };
}
