/** Options of {@link startMockLlm}. */
export interface MockLlmOptions {
  /** TCP port; 0 (default) picks a free ephemeral port. */
  port?: number;
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /**
   * Compress responses when the client's `Accept-Encoding` allows it, like the
   * real providers do (br, then gzip, then deflate). Default true.
   */
  compression?: boolean;
  /**
   * Milliseconds between two streamed events. Default 0 (events are still
   * written and flushed one by one).
   */
  chunkDelayMs?: number;
  /**
   * Clock for the `created` fields, in ms since the epoch. Default a fixed
   * instant (2026-01-01T00:00:00Z) so that payloads are byte-for-byte
   * reproducible.
   */
  now?: () => number;
  /** Keep at most this many entries in {@link MockLlm.requests}. Default 10,000. */
  maxLoggedRequests?: number;
}

/** Which API shape a request was served as. */
export type MockProvider = 'openai' | 'anthropic' | 'gemini' | 'bedrock';

/** Which operation of the provider a request was served as. */
export type MockOperation =
  | 'chat.completions'
  | 'responses'
  | 'embeddings'
  | 'messages'
  | 'generateContent'
  | 'streamGenerateContent'
  | 'converse'
  | 'converse-stream'
  | 'invoke'
  | 'models';

/**
 * What the mock reported for one call, normalised like `@llmobserve/pricing`'s
 * `Usage`: `inputTokens` includes cached reads and cache writes, `outputTokens`
 * includes reasoning. (The wire payload uses each provider's own convention.)
 */
export interface MockUsage {
  inputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  cacheWrite1hTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/** One request the mock received and how it answered. */
export interface RecordedRequest {
  /** 0-based arrival order. */
  seq: number;
  method: string;
  /** Path and query string as received. */
  url: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string | string[] | undefined>;
  /** Request body as text (UTF-8). */
  body: string;
  provider?: MockProvider;
  operation?: MockOperation;
  /** Model named in the body or the path. */
  model?: string;
  /** Whether the answer was a stream (SSE or AWS event-stream). */
  stream: boolean;
  /** HTTP status sent. */
  status: number;
  /** Normalised usage the payload carries; absent for errors and unknown routes. */
  usage?: MockUsage;
  /** Text the completion carries (all text deltas joined). */
  completionText?: string;
  /** `Content-Encoding` of the answer (`identity` when not compressed). */
  contentEncoding: string;
  /** Response body before compression: byte count and SHA-256 (hex). */
  bodyBytes: number;
  bodySha256: string;
  /** Bytes put on the wire after compression: count and SHA-256 (hex). */
  wireBytes: number;
  wireSha256: string;
  /** Streamed events sent (0 for JSON). */
  eventsSent: number;
  /** The mock cut the stream on purpose (`x-mock-cut-after`). */
  cut: boolean;
  /** The client went away before the answer was complete. */
  clientAborted: boolean;
  /** The answer was fully written. */
  completed: boolean;
}

/** A running mock provider. */
export interface MockLlm {
  /** Base URL, e.g. `http://127.0.0.1:41234` (no trailing slash). */
  readonly url: string;
  /** Port the server listens on. */
  readonly port: number;
  /**
   * Requests received, in arrival order. An entry is complete once its
   * response has been written (`completed`, `cut` or `clientAborted`).
   */
  readonly requests: RecordedRequest[];
  /**
   * Resolves once the answer to the request with this `seq` is fully written,
   * cut or abandoned (immediately if it already is).
   */
  settled(seq: number): Promise<RecordedRequest>;
  /** Stops accepting connections, destroys open ones and resolves when closed. */
  close(): Promise<void>;
}
