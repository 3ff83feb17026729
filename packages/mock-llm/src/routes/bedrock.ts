import type { RouteResult } from '../reply';
import type { Scenario } from '../scenario';
import { bedrockEvent } from '../eventstream';
import { pieces } from '../sse';
import { completionDeltaStream, completionText } from '../text';
import { anthropicMessages } from './anthropic';
import { loggedText, toolInput, withoutReasoningSplit, type RouteContext } from './common';

/** Bedrock Converse usage: `inputTokens` excludes cache reads and writes; `totalTokens` includes them. */
function converseUsage(s: Scenario): Record<string, unknown> {
  const u = s.usage;
  const writes = u.cacheWriteTokens + u.cacheWrite1hTokens;
  const out: Record<string, unknown> = {
    inputTokens: u.inputTokens - u.cachedInputTokens - writes,
    outputTokens: u.outputTokens,
    totalTokens: u.inputTokens + u.outputTokens,
  };
  if (u.cachedInputTokens > 0) out.cacheReadInputTokens = u.cachedInputTokens;
  if (writes > 0) out.cacheWriteInputTokens = writes;
  return out;
}

function stopReason(s: Scenario): string {
  if (s.toolCall) return 'tool_use';
  return s.truncated ? 'max_tokens' : 'end_turn';
}

/** `POST /model/{modelId}/converse`, `/converse-stream` (AWS event-stream) and `/invoke` (Claude body and answer). */
export function bedrock(ctx: RouteContext, s: Scenario, action: string): RouteResult {
  const requestId = [s.idSeed.slice(0, 8), s.idSeed.slice(8, 12), s.idSeed.slice(12, 16), s.idSeed.slice(16, 20), s.idSeed.slice(20, 32)].join('-');
  if (action === 'invoke') {
    const r = anthropicMessages({ ...ctx, body: { ...ctx.body, stream: false } }, s, 'bedrock');
    const u = s.usage;
    r.operation = 'invoke';
    r.reply.headers = {
      'x-amzn-requestid': requestId,
      'x-amzn-bedrock-input-token-count': String(u.inputTokens - u.cachedInputTokens - u.cacheWriteTokens - u.cacheWrite1hTokens),
      'x-amzn-bedrock-output-token-count': String(u.outputTokens),
    };
    return r;
  }
  const stream = action === 'converse-stream';
  const result = {
    provider: 'bedrock',
    operation: stream ? 'converse-stream' : 'converse',
    model: s.model,
    stream,
    usage: { ...withoutReasoningSplit(s.usage), cacheWrite1hTokens: 0, cacheWriteTokens: s.usage.cacheWriteTokens + s.usage.cacheWrite1hTokens },
    completionText: loggedText(s),
  } as const;
  const headers = { 'x-amzn-requestid': requestId };
  const toolUseId = `tooluse_${s.idSeed.slice(0, 22)}`;
  if (!stream) {
    const content = s.toolCall ? [{ toolUse: { toolUseId, name: s.toolCall.name, input: toolInput(s) } }] : [{ text: completionText(s.outputWords) }];
    return {
      ...result,
      reply: {
        kind: 'json',
        status: 200,
        headers,
        body: { output: { message: { role: 'assistant', content } }, stopReason: stopReason(s), usage: converseUsage(s), metrics: { latencyMs: 1 } },
      },
    };
  }
  function* events(): Generator<Buffer> {
    yield bedrockEvent('messageStart', { role: 'assistant' });
    if (s.toolCall) {
      yield bedrockEvent('contentBlockStart', { contentBlockIndex: 0, start: { toolUse: { toolUseId, name: s.toolCall.name } } });
      for (const p of pieces(s.toolCall.arguments, 8)) yield bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { toolUse: { input: p } } });
    } else {
      for (const d of completionDeltaStream(s.outputWords, s.wordsPerChunk)) yield bedrockEvent('contentBlockDelta', { contentBlockIndex: 0, delta: { text: d } });
    }
    yield bedrockEvent('contentBlockStop', { contentBlockIndex: 0 });
    yield bedrockEvent('messageStop', { stopReason: stopReason(s) });
    yield bedrockEvent('metadata', { usage: converseUsage(s), metrics: { latencyMs: 1 } });
  }
  return { ...result, reply: { kind: 'stream', status: 200, headers, contentType: 'application/vnd.amazon.eventstream', events: events() } };
}
