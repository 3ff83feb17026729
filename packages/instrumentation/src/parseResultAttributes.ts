import type { Attributes } from '@opentelemetry/api';
import type { ParseResult } from '@llmobserve/providers';
import { usageToAttributes } from './attributes';
import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_LLMOBSERVE_STREAM,
  ATTR_LLMOBSERVE_STREAM_ABORTED,
  ATTR_LLMOBSERVE_TTFT_MS,
  ATTR_LLMOBSERVE_USAGE_ERROR,
  ATTR_LLMOBSERVE_USAGE_ESTIMATED,
} from './constants';

/** How a captured response ended: read to the end, abandoned by the caller, or cut by the other side. */
export type ResponseEnding = 'complete' | 'aborted' | 'failed';

/** What the caller knows better than the parser. */
export interface ResultOverrides {
  /** The request asked for a stream (the response may not show it yet). */
  streamRequested?: boolean;
  /** A reason that replaces the parser's error (e.g. `body_not_observed`). */
  error?: string;
}

/**
 * The span attributes of what a response parser read — the one set of rules the
 * in-process capture and the proxy share: usage only when it can be trusted (a
 * complete response, or what was seen of a response the caller abandoned),
 * otherwise `llmobserve.usage.error` says why; a response cut by the other side
 * is a `truncated_stream`.
 *
 * @param startedAt `performance.now()` when the call started, for `llmobserve.ttft_ms`
 */
export function parseResultAttributes(r: ParseResult, how: ResponseEnding, startedAt: number, overrides: ResultOverrides = {}): Attributes {
  const attrs: Attributes = { [ATTR_LLMOBSERVE_STREAM]: r.stream || overrides.streamRequested === true };
  if (r.model !== undefined) attrs[ATTR_GEN_AI_RESPONSE_MODEL] = r.model;
  if (r.responseId !== undefined) attrs[ATTR_GEN_AI_RESPONSE_ID] = r.responseId;
  if (r.finishReasons !== undefined && r.finishReasons.length > 0) attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS] = r.finishReasons;
  const firstAt = r.firstTokenAt ?? r.firstChunkAt;
  if (firstAt !== undefined) attrs[ATTR_LLMOBSERVE_TTFT_MS] = Math.max(0, firstAt - startedAt);
  let error = overrides.error ?? r.error;
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
