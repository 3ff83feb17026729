import type { Scenario } from './scenario';
import type { MockOperation, MockProvider, MockUsage } from './types';

/** A complete JSON answer. */
export interface JsonReply {
  kind: 'json';
  status: number;
  /** Extra response headers (lower-case names). */
  headers?: Record<string, string>;
  body: unknown;
}

/** A streamed answer: each event is written and flushed on its own. */
export interface StreamReply {
  kind: 'stream';
  status: number;
  headers?: Record<string, string>;
  contentType: string;
  /** Pre-formatted events (SSE text or binary frames), produced lazily. */
  events: Iterable<string | Uint8Array>;
}

/** What a route decided. */
export interface RouteResult {
  provider?: MockProvider;
  operation?: MockOperation;
  model?: string;
  stream: boolean;
  reply: JsonReply | StreamReply;
  /** Normalised usage the payload carries. */
  usage?: MockUsage;
  /** Completion text the payload carries (omitted when very long). */
  completionText?: string;
  /** The knobs the answer was built from (absent for 404/400). */
  scenario?: Scenario;
}

/** Only completions up to this many words are copied into the request log. */
export const MAX_LOGGED_COMPLETION_WORDS = 10_000;
