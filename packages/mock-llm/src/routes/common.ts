import type { IncomingHttpHeaders } from 'node:http';
import { MAX_LOGGED_COMPLETION_WORDS } from '../reply';
import type { Scenario } from '../scenario';
import { completionText } from '../text';
import type { MockUsage } from '../types';

/** JSON object body. */
export type Json = Record<string, unknown>;

/** What every route receives. */
export interface RouteContext {
  method: string;
  /** Path without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Json;
  /** Clock, ms since the epoch. */
  nowMs: number;
}

/** Seconds since the epoch, as the `created` fields carry them. */
export function seconds(nowMs: number): number {
  return Math.floor(nowMs / 1000);
}

/** Usage as a provider that does not report cache writes carries it (they stay inside inputTokens). */
export function withoutCacheWrites(u: MockUsage): MockUsage {
  return { ...u, cacheWriteTokens: 0, cacheWrite1hTokens: 0 };
}

/** Usage as a provider that does not report reasoning apart carries it (it stays inside outputTokens). */
export function withoutReasoningSplit(u: MockUsage): MockUsage {
  return { ...u, reasoningTokens: 0 };
}

/** Completion text for the log, unless it is very long. */
export function loggedText(s: Scenario): string | undefined {
  if (s.toolCall) return '';
  return s.outputWords <= MAX_LOGGED_COMPLETION_WORDS ? completionText(s.outputWords) : undefined;
}

/** Parsed tool arguments. */
export function toolInput(s: Scenario): Json {
  return s.toolCall ? (JSON.parse(s.toolCall.arguments) as Json) : {};
}
