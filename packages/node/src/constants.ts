/** Environment variables read by the zero-code entry (`--import @llmobserve/node/register`). */
export const ENV_VARS = {
  /** Comma-separated exporters: `console`, `jaeger`, `phoenix`, `tempo`, `otlp`, `none`. */
  exporter: 'LLMOBSERVE_EXPORTER',
  /** Directory of the durable spool; unset = no spool. */
  spoolDir: 'LLMOBSERVE_SPOOL_DIR',
  /** Sampling ratio 0..1 (trace-consistent); unset = keep everything. */
  sampleRatio: 'LLMOBSERVE_SAMPLE_RATIO',
  /** `true` adds `stream_options.include_usage` to OpenAI streaming requests (changes the request). */
  includeUsage: 'LLMOBSERVE_INCLUDE_USAGE',
  /** `true` records prompt and completion content (redacted by the redaction processor). */
  recordContent: 'LLMOBSERVE_RECORD_CONTENT',
  /** `true` loads the tokenizer tables at start-up rather than at the first streamed request without usage. */
  preloadTokenizers: 'LLMOBSERVE_PRELOAD_TOKENIZERS',
  /** `headers`, `baggage` or `both`. */
  propagation: 'LLMOBSERVE_PROPAGATION',
  /** Comma-separated baggage keys copied to span attributes. */
  baggageKeys: 'LLMOBSERVE_BAGGAGE_KEYS',
  /** `false` turns redaction off. */
  redaction: 'LLMOBSERVE_REDACTION',
  /**
   * JSON array of `{ "baseUrl", "provider", "compatibleWith"? }`: self-hosted or gateway
   * base URLs whose calls are captured and priced (vLLM, Ollama, LiteLLM, a mock).
   */
  customEndpoints: 'LLMOBSERVE_CUSTOM_ENDPOINTS',
  /**
   * `true` adds the OpenInference attributes Phoenix reads even when no Phoenix exporter
   * is configured here (spans reach Phoenix through a collector).
   */
  openInference: 'LLMOBSERVE_OPENINFERENCE',
} as const;

/** The exporter names `register` and the environment accept. */
export const EXPORTER_NAMES = ['console', 'jaeger', 'phoenix', 'tempo', 'otlp', 'none'] as const;
