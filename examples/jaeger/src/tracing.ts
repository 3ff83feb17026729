import { register } from '@llmobserve/node';

/**
 * Spans go to Jaeger's OTLP/HTTP receiver — `OTEL_EXPORTER_OTLP_ENDPOINT`, else
 * http://localhost:4318 — and, for this example, to the console tree too.
 * The same with an exporter instance: `exporters: [jaeger({ endpoint: 'http://jaeger:4318' })]`.
 */
export const tracing = register({
  serviceName: 'support-bot',
  exporters: ['jaeger', 'console'],
  capture: {
    // api.openai.com is known out of the box; this example's provider is a local mock.
    customEndpoints: process.env.OPENAI_BASE_URL ? [{ baseUrl: process.env.OPENAI_BASE_URL, provider: 'openai' }] : [],
  },
});
