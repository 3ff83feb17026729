import type { RouteResult } from '../reply';
import type { Scenario } from '../scenario';
import { dataEvent, pieces } from '../sse';
import { completionDeltaStream, completionText } from '../text';
import { loggedText, seconds, withoutCacheWrites, type RouteContext } from './common';

function usageBlock(s: Scenario): Record<string, unknown> {
  const u = s.usage;
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedInputTokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: u.reasoningTokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function finishReason(s: Scenario): string {
  if (s.toolCall) return 'tool_calls';
  return s.truncated ? 'length' : 'stop';
}

/** `POST …/chat/completions`: OpenAI Chat Completions, JSON or SSE (with or without `stream_options.include_usage`). */
export function openaiChat(ctx: RouteContext, s: Scenario): RouteResult {
  const id = `chatcmpl-${s.idSeed.slice(0, 29)}`;
  const created = seconds(ctx.nowMs);
  const stream = ctx.body.stream === true;
  const headers = { 'x-request-id': `req_${s.idSeed.slice(0, 32)}`, 'openai-processing-ms': '1', 'openai-version': '2020-10-01' };
  const base = { id, object: stream ? 'chat.completion.chunk' : 'chat.completion', created, model: s.responseModel };
  const toolCallId = `call_${s.idSeed.slice(0, 24)}`;
  const result = { provider: 'openai', operation: 'chat.completions', model: s.model, stream, usage: withoutCacheWrites(s.usage), completionText: loggedText(s) } as const;

  if (!stream) {
    const message = s.toolCall
      ? { role: 'assistant', content: null, tool_calls: [{ id: toolCallId, type: 'function', function: s.toolCall }], refusal: null, annotations: [] }
      : { role: 'assistant', content: completionText(s.outputWords), refusal: null, annotations: [] };
    return {
      ...result,
      reply: {
        kind: 'json',
        status: 200,
        headers,
        body: {
          ...base,
          choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(s) }],
          usage: usageBlock(s),
          service_tier: 'default',
          system_fingerprint: 'fp_mock',
        },
      },
    };
  }

  const so = ctx.body.stream_options;
  const includeUsage = so !== null && typeof so === 'object' && (so as Record<string, unknown>).include_usage === true;
  const extra = includeUsage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finish: string | null): string =>
    dataEvent({ ...base, service_tier: 'default', system_fingerprint: 'fp_mock', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra });

  function* events(): Generator<string> {
    if (s.toolCall) {
      const tc = s.toolCall;
      yield chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: toolCallId, type: 'function', function: { name: tc.name, arguments: '' } }], refusal: null }, null);
      for (const p of pieces(tc.arguments, 8)) yield chunk({ tool_calls: [{ index: 0, function: { arguments: p } }] }, null);
    } else {
      yield chunk({ role: 'assistant', content: '', refusal: null }, null);
      for (const d of completionDeltaStream(s.outputWords, s.wordsPerChunk)) yield chunk({ content: d }, null);
    }
    yield chunk({}, finishReason(s));
    if (includeUsage) {
      yield dataEvent({ ...base, service_tier: 'default', system_fingerprint: 'fp_mock', choices: [], usage: usageBlock(s) });
    }
    yield 'data: [DONE]\n\n';
  }
  return {
    ...result,
    usage: includeUsage ? result.usage : undefined,
    reply: { kind: 'stream', status: 200, headers, contentType: 'text/event-stream; charset=utf-8', events: events() },
  };
}
