import type { RouteResult } from '../reply';
import type { Scenario } from '../scenario';
import { namedEvent, pieces } from '../sse';
import { completionDeltaStream, completionText } from '../text';
import type { MockProvider } from '../types';
import { loggedText, toolInput, withoutReasoningSplit, type RouteContext } from './common';

const THINKING_TEXT = 'Let me think about this.';
const SIGNATURE = 'c2lnbmF0dXJlLW1vY2s=';

/** Anthropic's usage block: `input_tokens` excludes cache reads and writes. */
export function anthropicUsage(s: Scenario): Record<string, unknown> {
  const u = s.usage;
  return {
    input_tokens: u.inputTokens - u.cachedInputTokens - u.cacheWriteTokens - u.cacheWrite1hTokens,
    cache_creation_input_tokens: u.cacheWriteTokens + u.cacheWrite1hTokens,
    cache_read_input_tokens: u.cachedInputTokens,
    cache_creation: { ephemeral_5m_input_tokens: u.cacheWriteTokens, ephemeral_1h_input_tokens: u.cacheWrite1hTokens },
    output_tokens: u.outputTokens,
    service_tier: 'standard',
  };
}

function stopReason(s: Scenario): string {
  if (s.toolCall) return 'tool_use';
  return s.truncated ? 'max_tokens' : 'end_turn';
}

/** The complete Anthropic message object (also Bedrock InvokeModel's answer for Claude). */
export function anthropicMessage(s: Scenario): Record<string, unknown> {
  const content: unknown[] = [];
  if (s.usage.reasoningTokens > 0) content.push({ type: 'thinking', thinking: THINKING_TEXT, signature: SIGNATURE });
  if (s.toolCall) content.push({ type: 'tool_use', id: `toolu_${s.idSeed.slice(0, 24)}`, name: s.toolCall.name, input: toolInput(s) });
  else content.push({ type: 'text', text: completionText(s.outputWords) });
  return {
    id: `msg_${s.idSeed.slice(0, 24)}`,
    type: 'message',
    role: 'assistant',
    model: s.responseModel,
    content,
    stop_reason: stopReason(s),
    stop_sequence: null,
    usage: anthropicUsage(s),
  };
}

/** `POST …/messages`: Anthropic Messages, JSON or SSE, with cache read/write usage. */
export function anthropicMessages(ctx: RouteContext, s: Scenario, provider: MockProvider = 'anthropic'): RouteResult {
  const stream = ctx.body.stream === true;
  const headers = { 'request-id': `req_${s.idSeed.slice(0, 24)}`, 'anthropic-organization-id': '00000000-0000-0000-0000-000000000000' };
  const result = { provider, operation: 'messages', model: s.model, stream, usage: withoutReasoningSplit(s.usage), completionText: loggedText(s) } as const;
  if (!stream) {
    return { ...result, reply: { kind: 'json', status: 200, headers, body: anthropicMessage(s) } };
  }
  function* events(): Generator<string> {
    const full = anthropicMessage(s);
    const startUsage = { ...anthropicUsage(s), output_tokens: 1 };
    yield namedEvent('message_start', { type: 'message_start', message: { ...full, content: [], stop_reason: null, usage: startUsage } });
    let index = 0;
    if (s.usage.reasoningTokens > 0) {
      yield namedEvent('content_block_start', { type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      yield namedEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: THINKING_TEXT } });
      yield namedEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: SIGNATURE } });
      yield namedEvent('content_block_stop', { type: 'content_block_stop', index });
      index++;
    }
    if (s.toolCall) {
      yield namedEvent('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: `toolu_${s.idSeed.slice(0, 24)}`, name: s.toolCall.name, input: {} },
      });
      yield namedEvent('ping', { type: 'ping' });
      for (const p of pieces(s.toolCall.arguments, 8)) {
        yield namedEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: p } });
      }
    } else {
      yield namedEvent('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      yield namedEvent('ping', { type: 'ping' });
      for (const d of completionDeltaStream(s.outputWords, s.wordsPerChunk)) {
        yield namedEvent('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: d } });
      }
    }
    yield namedEvent('content_block_stop', { type: 'content_block_stop', index });
    const u = anthropicUsage(s);
    yield namedEvent('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: stopReason(s), stop_sequence: null },
      usage: {
        input_tokens: u.input_tokens,
        cache_creation_input_tokens: u.cache_creation_input_tokens,
        cache_read_input_tokens: u.cache_read_input_tokens,
        output_tokens: u.output_tokens,
      },
    });
    yield namedEvent('message_stop', { type: 'message_stop' });
  }
  return { ...result, reply: { kind: 'stream', status: 200, headers, contentType: 'text/event-stream; charset=utf-8', events: events() } };
}
