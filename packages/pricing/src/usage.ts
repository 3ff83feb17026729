/**
 * What one call consumed, normalised across providers. This is the input of the
 * cost engine and the output of the response parsers in `@llmobserve/providers`.
 *
 * Token semantics follow the OpenTelemetry GenAI conventions: `inputTokens`
 * INCLUDES cached reads and cache writes, `outputTokens` INCLUDES reasoning
 * tokens. Parsers of providers that report exclusively (Anthropic's
 * `input_tokens` excludes cache reads/writes; Gemini's thoughts are separate
 * from candidates) convert to this form. Every field is optional; absent means
 * "not reported", not zero.
 */
export interface Usage {
  /** All prompt tokens, cached reads and cache writes included. */
  inputTokens?: number;
  /** Prompt tokens read from the provider's prompt cache (subset of inputTokens). */
  cachedInputTokens?: number;
  /** Prompt tokens written to the cache, 5-minute TTL (subset of inputTokens). */
  cacheWriteTokens?: number;
  /** Prompt tokens written to the cache, 1-hour TTL (subset of inputTokens). */
  cacheWrite1hTokens?: number;
  /** Audio prompt tokens (subset of inputTokens). */
  audioInputTokens?: number;
  /** Image prompt tokens (subset of inputTokens). */
  imageInputTokens?: number;
  /** All completion tokens, reasoning included. */
  outputTokens?: number;
  /** Reasoning/thinking tokens (subset of outputTokens). */
  reasoningTokens?: number;
  /** Audio completion tokens (subset of outputTokens). */
  audioOutputTokens?: number;
  /** Image completion tokens (subset of outputTokens). */
  imageOutputTokens?: number;
  /** Characters billed (text-to-speech, some embeddings). */
  characters?: number;
  /** Seconds billed (speech-to-text audio length, video, hardware time). */
  seconds?: number;
  /** Images generated or analysed. */
  images?: number;
  /** Requests / queries / search units billed per call (web search, rerank). */
  requests?: number;
  /** Vector-DB or search operations (read units, write units, queries). */
  operations?: number;
  /** Read units (vector DBs that bill reads and writes apart). */
  readUnits?: number;
  /** Write units (vector DBs that bill reads and writes apart). */
  writeUnits?: number;
  /** Messages or emails sent (Twilio, SendGrid). */
  messages?: number;
  /** Minutes billed (voice calls). */
  minutes?: number;
  /** Transaction amount in USD, for percentage fees (Stripe, PayPal), as a decimal string or number. */
  transactionAmountUsd?: number | string;
  /** Transactions, for the fixed part of payment fees. */
  transactions?: number;
}
