/**
 * Request headers that steer the mock. Every SDK can send extra headers per
 * call, so tests use these rather than magic prompts.
 */
export const MOCK_HEADERS = {
  /** `429` or `500`: answer with that provider-shaped error. */
  error: 'x-mock-error',
  /** Cache-read prompt tokens to report (added on top of the prompt's words). */
  cachedTokens: 'x-mock-cached-tokens',
  /** 5-minute cache-write prompt tokens to report (added on top of the prompt's words). */
  cacheWriteTokens: 'x-mock-cache-write-tokens',
  /** 1-hour cache-write prompt tokens (Anthropic only; added on top). */
  cacheWrite1hTokens: 'x-mock-cache-write-1h-tokens',
  /** Reasoning tokens to report (added on top of the visible output). */
  reasoningTokens: 'x-mock-reasoning-tokens',
  /** Number of output words (= output tokens) to generate. */
  outputTokens: 'x-mock-output-tokens',
  /** Words per streamed text delta. Default 1. */
  wordsPerChunk: 'x-mock-words-per-chunk',
  /** Cut the stream (destroy the socket) after this many events. */
  cutAfter: 'x-mock-cut-after',
  /** Force a `Content-Encoding`: `identity`, `gzip`, `br` or `deflate`. */
  encoding: 'x-mock-encoding',
  /** Model name to report back instead of the requested one. */
  responseModel: 'x-mock-response-model',
  /** Milliseconds between streamed events for this request. */
  chunkDelayMs: 'x-mock-chunk-delay-ms',
} as const;

/** Model-name fragments that trigger the same scenarios as the headers. */
export const MODEL_TRIGGERS = {
  error429: 'error-429',
  error500: 'error-500',
  /** Streams cut after {@link DEFAULT_CUT_AFTER} events. */
  cut: 'cut-stream',
} as const;

/** Output words generated when neither the header nor the request limits them. */
export const DEFAULT_OUTPUT_TOKENS = 8;

/** Events sent before a `cut-stream` model's stream is cut. */
export const DEFAULT_CUT_AFTER = 3;

/** Fixed clock: 2026-01-01T00:00:00Z. */
export const DEFAULT_NOW_MS = 1_767_225_600_000;

/** Completion words, cycled. */
export const COMPLETION_WORDS: readonly string[] = [
  'The', 'quick', 'brown', 'fox', 'jumps', 'over', 'the', 'lazy', 'dog', 'while',
  'seven', 'wizards', 'quietly', 'hex', 'jovial', 'mockingbirds',
];

/** Keys whose string values count as prompt text. */
export const PROMPT_TEXT_KEYS: ReadonlySet<string> = new Set([
  'content', 'text', 'input', 'system', 'instructions', 'prompt',
]);

/** Reasoning tokens derived from `reasoning_effort` / `reasoning.effort`. */
export const REASONING_BY_EFFORT: Readonly<Record<string, number>> = {
  minimal: 2,
  low: 4,
  medium: 8,
  high: 16,
};

/** Largest reasoning count derived from a thinking budget. */
export const MAX_DERIVED_REASONING = 16;

/** Default embedding dimensions. */
export const DEFAULT_EMBEDDING_DIMENSIONS = 8;

/** Encodings in the order the mock prefers them. */
export const ENCODING_PREFERENCE: readonly string[] = ['br', 'gzip', 'deflate'];
