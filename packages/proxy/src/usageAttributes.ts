import type { Attributes } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_LLMOBSERVE_STREAM,
  ATTR_LLMOBSERVE_STREAM_ABORTED,
  ATTR_LLMOBSERVE_TTFT_MS,
  ATTR_LLMOBSERVE_USAGE_ERROR,
  ATTR_LLMOBSERVE_USAGE_ESTIMATED,
  usageToAttributes,
} from '@llmobserve/instrumentation';
import type { ParseResult } from '@llmobserve/providers';

/** How the proxied response ended. */
export type ResponseEnding = 'complete' | 'aborted' | 'failed';

/**
 * The span attributes of what the response parser read, with the in-process capture's names and rules
 * (`usageToAttributes` of `@llmobserve/instrumentation`): usage only when it is trustworthy (complete, or
 * what was seen of a stream the client abandoned), otherwise `llmobserve.usage.error` says why.
 *
 * @param startedAt `performance.now()` when the request reached the proxy, for `llmobserve.ttft_ms`
 */
export function resultAttributes(r: ParseResult, how: ResponseEnding, startedAt: number): Attributes {
  const attrs: Attributes = { [ATTR_LLMOBSERVE_STREAM]: r.stream };
  if (r.model !== undefined) attrs[ATTR_GEN_AI_RESPONSE_MODEL] = r.model;
  if (r.responseId !== undefined) attrs[ATTR_GEN_AI_RESPONSE_ID] = r.responseId;
  if (r.finishReasons !== undefined && r.finishReasons.length > 0) attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = r.finishReasons;
  const firstAt = r.firstTokenAt ?? r.firstChunkAt;
  if (firstAt !== undefined) attrs[ATTR_LLMOBSERVE_TTFT_MS] = Math.max(0, firstAt - startedAt);
  let error = r.error;
  if (how === 'failed' && (error === undefined || error === 'no_usage')) error = 'truncated_stream';
  let usage = error === undefined ? r.usage : undefined;
  if (how === 'aborted') {
    attrs[ATTR_LLMOBSERVE_STREAM_ABORTED] = true;
    usage = r.usage ?? r.partialUsage;
    if (usage !== undefined) error = undefined;
  }
  if (usage !== undefined) {
    Object.assign(attrs, usageToAttributes(usage));
    if (r.estimated === true) attrs[ATTR_LLMOBSERVE_USAGE_ESTIMATED] = true;
  }
  if (error !== undefined) attrs[ATTR_LLMOBSERVE_USAGE_ERROR] = error;
  return attrs;
}
