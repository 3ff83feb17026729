/** Request header naming the full upstream URL (the LLMObserve seeds' proxy protocol). Lower-case, as Node delivers it. */
export const TARGET_URL_HEADER = 'x-llmobserve-target-url';

/** Request header carrying the proxy's own API key (alternative to `Proxy-Authorization: Bearer <key>`). */
export const PROXY_KEY_HEADER = 'x-llmobserve-proxy-key';

/** Response header: what the call cost, exact decimal USD. Sent on buffered (non-stream) responses, as a trailer on streams. */
export const COST_HEADER = 'X-LLMObserve-Cost-USD';

/** Response header: milliseconds the proxy added (time not spent waiting on the upstream or the client). */
export const OVERHEAD_HEADER = 'X-LLMObserve-Overhead-Ms';

/** Prefix of every LLMObserve request header; all are stripped before the request goes upstream. */
export const LLMOBSERVE_HEADER_PREFIX = 'x-llmobserve-';

/** Prefix of the LLMObserve W3C baggage keys; those entries are stripped before the request goes upstream. */
export const LLMOBSERVE_BAGGAGE_PREFIX = 'llmobserve.';

/** Default request body limit: 20 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024;

/** Default time a client has to send its request headers (slowloris guard). */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

/** Default time a client has to send its whole request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

/** Default time a client connection may sit idle while the proxy waits on the client (stalled upload or unread response). */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** Default keep-alive time of an idle client connection between two requests. */
export const DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Default time to open a connection to an upstream. */
export const DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS = 10_000;

/** Default time to wait for an upstream's response headers (non-streamed LLM calls can take minutes). */
export const DEFAULT_UPSTREAM_HEADERS_TIMEOUT_MS = 600_000;

/** Default longest gap between two upstream body chunks. */
export const DEFAULT_UPSTREAM_BODY_TIMEOUT_MS = 300_000;

/** Default keep-alive time of an idle upstream connection in the pool. */
export const DEFAULT_UPSTREAM_KEEP_ALIVE_MS = 30_000;

/** Default bound on in-flight streams' finishing time at shutdown. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/**
 * Non-streamed responses up to this size are held until complete, so the cost can go in a header.
 * Larger ones are passed through as they arrive, without the cost header.
 */
export const DEFAULT_MAX_BUFFERED_RESPONSE_BYTES = 1024 * 1024;

/** How long a connection closed after an early answer (413, 401, …) keeps reading before it is closed. */
export const LINGER_MS = 2_000;

/** Default listening port of the CLI. */
export const DEFAULT_PORT = 9000;

/** Default address the proxy binds: loopback only, so exposing it is a deliberate choice. */
export const DEFAULT_HOST = '127.0.0.1';

/** Instrumentation scope of the proxy's spans. */
export const TRACER_NAME = '@llmobserve/proxy';

/** Service name of the proxy's resource. */
export const SERVICE_NAME = 'llmobserve-proxy';

/**
 * Hop-by-hop request headers (RFC 9110 §7.6.1) plus the ones the proxy rewrites itself:
 * never forwarded as received. Lower-case.
 */
export const REQUEST_HEADERS_NOT_FORWARDED: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authorization',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'host',
  'content-length',
  'expect',
]);

/** Hop-by-hop response headers: the proxy's own connection decides these. Lower-case. */
export const RESPONSE_HEADERS_NOT_FORWARDED: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
]);

/** Span attribute names the proxy writes (GenAI semantic conventions and LLMObserve's own). */
export const ATTR = {
  providerName: 'gen_ai.provider.name',
  operationName: 'gen_ai.operation.name',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  responseId: 'gen_ai.response.id',
  finishReasons: 'gen_ai.response.finish_reasons',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens',
  cacheCreationTokens: 'gen_ai.usage.cache_creation.input_tokens',
  reasoningTokens: 'gen_ai.usage.reasoning.output_tokens',
  ttftMs: 'llmobserve.ttft_ms',
  stream: 'llmobserve.stream',
  streamAborted: 'llmobserve.stream.aborted',
  usageError: 'llmobserve.usage.error',
  usageEstimated: 'llmobserve.usage.estimated',
  runId: 'llmobserve.run_id',
  customerId: 'llmobserve.customer_id',
  section: 'llmobserve.section',
  sectionPath: 'llmobserve.section_path',
  requestId: 'llmobserve.request_id',
  foreignSpanId: 'llmobserve.foreign_span_id',
  proxyRoute: 'llmobserve.proxy.route',
  proxyOverheadMs: 'llmobserve.proxy.overhead_ms',
  httpMethod: 'http.request.method',
  httpStatus: 'http.response.status_code',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  urlPath: 'url.path',
  errorType: 'error.type',
} as const;
