/** Path every OTLP/HTTP trace receiver serves (Jaeger, Tempo, Phoenix, collectors). */
export const OTLP_TRACES_PATH = 'v1/traces';

/** Default OTLP/HTTP endpoint of Jaeger, Tempo and a local OpenTelemetry Collector. */
export const DEFAULT_OTLP_ENDPOINT = 'http://localhost:4318/v1/traces';

/** Default Phoenix collector (UI, REST and OTLP/HTTP share port 6006). */
export const DEFAULT_PHOENIX_ENDPOINT = 'http://localhost:6006';

/** Default per-request timeout of the OTLP exporters, as in the OpenTelemetry spec. */
export const DEFAULT_TIMEOUT_MILLIS = 10_000;

/** Header that selects the Phoenix project a span batch lands in. */
export const PHOENIX_PROJECT_HEADER = 'x-project-name';

/** Environment variables the presets read. Explicit options always win over them. */
export const ENV = {
  endpoint: 'OTEL_EXPORTER_OTLP_ENDPOINT',
  tracesEndpoint: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  headers: 'OTEL_EXPORTER_OTLP_HEADERS',
  tracesHeaders: 'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
  timeout: 'OTEL_EXPORTER_OTLP_TIMEOUT',
  tracesTimeout: 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT',
  protocol: 'OTEL_EXPORTER_OTLP_PROTOCOL',
  tracesProtocol: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  compression: 'OTEL_EXPORTER_OTLP_COMPRESSION',
  tracesCompression: 'OTEL_EXPORTER_OTLP_TRACES_COMPRESSION',
  certificate: 'OTEL_EXPORTER_OTLP_CERTIFICATE',
  tracesCertificate: 'OTEL_EXPORTER_OTLP_TRACES_CERTIFICATE',
  clientKey: 'OTEL_EXPORTER_OTLP_CLIENT_KEY',
  tracesClientKey: 'OTEL_EXPORTER_OTLP_TRACES_CLIENT_KEY',
  clientCertificate: 'OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE',
  tracesClientCertificate: 'OTEL_EXPORTER_OTLP_TRACES_CLIENT_CERTIFICATE',
  serviceName: 'OTEL_SERVICE_NAME',
  phoenixEndpoint: 'PHOENIX_COLLECTOR_ENDPOINT',
  phoenixProject: 'PHOENIX_PROJECT',
  phoenixProjectAlias: 'PHOENIX_PROJECT_NAME',
  phoenixApiKey: 'PHOENIX_API_KEY',
  spoolDir: 'LLMOBSERVE_SPOOL_DIR',
  spoolMaxBytes: 'LLMOBSERVE_SPOOL_MAX_BYTES',
} as const;

/** Attribute names this package reads (written by `@llmobserve/context` and the span processors). */
export const LLMOBSERVE_ATTRIBUTES = {
  section: 'llmobserve.section',
  runId: 'llmobserve.run_id',
  customerId: 'llmobserve.customer_id',
  costTotal: 'llmobserve.cost.total_usd',
  costTotalExact: 'llmobserve.cost.total_usd_exact',
  costSubtree: 'llmobserve.cost.subtree_usd',
  costSubtreeExact: 'llmobserve.cost.subtree_usd_exact',
  spoolDropped: 'llmobserve.spool.dropped',
} as const;

/** Prefix shared by every LLMObserve attribute; the OpenInference `metadata` JSON collects them. */
export const LLMOBSERVE_PREFIX = 'llmobserve.';

/** OpenTelemetry GenAI semantic-convention attributes the mapping reads. */
export const GEN_AI_ATTRIBUTES = {
  providerName: 'gen_ai.provider.name',
  system: 'gen_ai.system',
  requestModel: 'gen_ai.request.model',
  responseModel: 'gen_ai.response.model',
  inputTokens: 'gen_ai.usage.input_tokens',
  outputTokens: 'gen_ai.usage.output_tokens',
  cacheReadTokens: 'gen_ai.usage.cache_read.input_tokens',
  cacheCreationTokens: 'gen_ai.usage.cache_creation.input_tokens',
  reasoningTokens: 'gen_ai.usage.reasoning.output_tokens',
  /** Pre-1.27 names some instrumentations still emit. */
  legacyPromptTokens: 'gen_ai.usage.prompt_tokens',
  legacyCompletionTokens: 'gen_ai.usage.completion_tokens',
  legacyReasoningTokens: 'gen_ai.usage.reasoning_tokens',
} as const;

/** OpenInference attributes the mapping writes. */
export const OPENINFERENCE_ATTRIBUTES = {
  spanKind: 'openinference.span.kind',
  modelName: 'llm.model_name',
  provider: 'llm.provider',
  system: 'llm.system',
  tokenPrompt: 'llm.token_count.prompt',
  tokenCompletion: 'llm.token_count.completion',
  tokenTotal: 'llm.token_count.total',
  tokenCacheRead: 'llm.token_count.prompt_details.cache_read',
  tokenCacheWrite: 'llm.token_count.prompt_details.cache_write',
  tokenReasoning: 'llm.token_count.completion_details.reasoning',
  sessionId: 'session.id',
  userId: 'user.id',
  metadata: 'metadata',
  toolName: 'tool.name',
  agentName: 'agent.name',
} as const;

/** Resource attribute holding the service name. */
export const SERVICE_NAME_ATTRIBUTE = 'service.name';
