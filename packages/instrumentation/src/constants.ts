import type { Usage } from '@llmobserve/pricing';

/** Name and version reported by {@link LLMObserveInstrumentation}. */
export const INSTRUMENTATION_NAME = '@llmobserve/instrumentation';
export const INSTRUMENTATION_VERSION = '0.1.0';

/** GenAI semantic-convention attributes set on the HTTP client span (development status, semconv ≥ 1.37). */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';
export const ATTR_GEN_AI_INPUT_MESSAGES = 'gen_ai.input.messages';
export const ATTR_GEN_AI_OUTPUT_MESSAGES = 'gen_ai.output.messages';

/** LLMObserve attributes. */
export const ATTR_LLMOBSERVE_STREAM = 'llmobserve.stream';
export const ATTR_LLMOBSERVE_STREAM_ABORTED = 'llmobserve.stream.aborted';
export const ATTR_LLMOBSERVE_TTFT_MS = 'llmobserve.ttft_ms';
export const ATTR_LLMOBSERVE_USAGE_ESTIMATED = 'llmobserve.usage.estimated';
export const ATTR_LLMOBSERVE_USAGE_ERROR = 'llmobserve.usage.error';

/**
 * Usage fields that have a GenAI attribute. Every other `Usage` field goes to
 * `llmobserve.usage.<field in snake_case>` (e.g. `cacheWrite1hTokens` →
 * `llmobserve.usage.cache_write1h_tokens`), so the cost processor can rebuild
 * the whole record. `gen_ai.usage.cache_creation.input_tokens` carries all
 * cache writes (5-minute and 1-hour); the 1-hour part is repeated apart.
 */
export const GEN_AI_USAGE_ATTRIBUTES: Readonly<Partial<Record<keyof Usage, string>>> = {
  inputTokens: ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  cachedInputTokens: ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  cacheWriteTokens: ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  outputTokens: ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  reasoningTokens: ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
};

/** Prefix of the usage fields without a GenAI attribute. */
export const LLMOBSERVE_USAGE_PREFIX = 'llmobserve.usage.';

/** Defaults of {@link LLMObserveInstrumentationConfig}. */
export const DEFAULT_MAX_BUFFER_BYTES = 64 * 1024;
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_CONTENT_CHARS = 16 * 1024;

/** undici diagnostics channels. */
export const CHANNEL_BODY_CHUNK = 'undici:request:bodyChunkReceived';
export const CHANNEL_BODY_CHUNK_SENT = 'undici:request:bodyChunkSent';
export const CHANNEL_BODY_SENT = 'undici:request:bodySent';
export const CHANNEL_TRAILERS = 'undici:request:trailers';
export const CHANNEL_ERROR = 'undici:request:error';

/** First undici release that publishes {@link CHANNEL_BODY_CHUNK}. */
export const BODY_CHUNK_CHANNEL_SINCE: readonly [number, number] = [7, 11];
