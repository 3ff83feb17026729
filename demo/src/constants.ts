/** Path of the OTLP/HTTP traces endpoint the embedded collector serves. */
export const OTLP_TRACES_PATH = 'v1/traces';

/** Largest OTLP request body the collector reads. */
export const MAX_OTLP_BODY_BYTES = 16 * 1024 * 1024;

/** First line a demo service prints on stdout once it accepts connections. */
export const READY_PREFIX = 'listening on ';

/** Environment variables the runner passes to the demo services (besides the OTel ones). */
export const SERVICE_ENV = {
  /** Base URL of the mock LLM (gateway). */
  llmUrl: 'DEMO_LLM_URL',
  /** Base URL of the gateway (application). */
  gatewayUrl: 'DEMO_GATEWAY_URL',
} as const;

/** Service names, as `OTEL_SERVICE_NAME` sets them. */
export const SERVICES = {
  mock: 'mock-llm',
  gateway: 'gateway',
  application: 'application',
} as const;

/** Gateway API: one chat call, sent to the provider named in the body. */
export const GATEWAY_CHAT_PATH = '/v1/chat';

/** Application API: one research request of a customer. */
export const APPLICATION_RESEARCH_PATH = '/research';

/** Prefix of the request headers that steer the mock LLM; the gateway passes them on. */
export const MOCK_HEADER_PREFIX = 'x-mock-';

/** Span names of the seed-001 shape. */
export const SPAN_NAMES = {
  application: 'application_process_request',
  gateway: 'llm_gateway_process',
} as const;

/** How long a service may take to start or to flush and stop, ms. */
export const START_TIMEOUT_MS = 20_000;
export const STOP_TIMEOUT_MS = 5_000;

/** Batch span processor delay of the services: spans reach the collector within this, ms. */
export const SERVICE_BSP_DELAY_MS = 100;

/** Text of the page a Jaeger built without UI assets serves instead of its UI. */
export const JAEGER_UI_PLACEHOLDER = 'placeholder for Jaeger UI';

/** Phoenix project the demo's spans go to. */
export const PHOENIX_PROJECT = 'llmobserve-demo';
