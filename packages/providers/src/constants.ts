/** Default bytes a parser keeps beyond the event it is parsing (the bound: 64 KiB). */
export const DEFAULT_MAX_BUFFER_BYTES = 64 * 1024;

/** Default bound of `ParseResult.completionText`, in characters. */
export const DEFAULT_MAX_CONTENT_CHARS = 16 * 1024;

/** Strings longer than this are cut when a body is too big for the fast path (ids and models are far shorter). */
export const MAX_KEPT_STRING_BYTES = 2048;

/** JSON nesting deeper than this is treated as malformed (no real provider body nests near it). */
export const MAX_JSON_DEPTH = 256;

/** SSE field names longer than this are not SSE fields: the line is skipped. */
export const MAX_SSE_FIELD_NAME = 16;

/** SSE `event:` values longer than this are cut. */
export const MAX_SSE_EVENT_TYPE = 64;

/** AWS event-stream messages larger than this are skipped, not kept (Bedrock chunks are a few KiB). */
export const MAX_EVENTSTREAM_MESSAGE_BYTES = 1024 * 1024;

/** Decompressed output one compressed chunk may produce before the body is given up as a bomb. */
export const MAX_INFLATE_RATIO_BYTES = 16 * 1024 * 1024;

/** Text buffered by the stream-text token estimator before it counts a prefix and drops it. */
export const ESTIMATOR_FLUSH_CHARS = 8192;

/**
 * Keys under which providers put usage. When a large body has used the keep budget, values under
 * these keys are still kept, so a long completion cannot push usage out.
 */
export const USAGE_KEYS: ReadonlySet<string> = new Set([
  'usage',
  'usageMetadata',
  'meta',
  'billed_units',
  'x_groq',
  'amazon-bedrock-invocationMetrics',
  'metadata',
  'model',
  'id',
  'modelVersion',
  'responseId',
  'audio_duration',
  'status',
  'stream',
  'stream_options',
]);

/** Response headers that carry usage for providers whose bodies are audio (lower-case). */
export const CHARACTER_COUNT_HEADERS: readonly string[] = ['x-character-count', 'character-cost', 'dg-char-count'];

/** Bedrock InvokeModel response headers with token counts (lower-case). */
export const BEDROCK_INPUT_TOKENS_HEADER = 'x-amzn-bedrock-input-token-count';
export const BEDROCK_OUTPUT_TOKENS_HEADER = 'x-amzn-bedrock-output-token-count';

/**
 * Compressed input gathered before it is inflated, once a body's decoded bytes are no longer needed the
 * moment they arrive: every call into zlib has a fixed cost of a few microseconds, and a stream flushed
 * per event arrives in chunks of a few hundred bytes.
 */
export const DECODE_BATCH_BYTES = 32 * 1024;

/** Response headers that can carry the response id when the body has none (lower-case, in order of preference). */
export const RESPONSE_ID_HEADERS: readonly string[] = ['x-amzn-requestid', 'x-request-id', 'request-id'];

/**
 * Every response header a parser reads (lower-case): a transport that hands the parser a map of
 * headers need only decode these.
 */
export const RESPONSE_HEADERS_READ: readonly string[] = [
  'content-type',
  'content-encoding',
  ...RESPONSE_ID_HEADERS,
  ...CHARACTER_COUNT_HEADERS,
  BEDROCK_INPUT_TOKENS_HEADER,
  BEDROCK_OUTPUT_TOKENS_HEADER,
];
