/**
 * Your existing OpenTelemetry set-up. The lines marked `// +` are all that
 * LLMObserve adds; everything else is what an instrumented service already has.
 * Load it first (`import './tracing'` at the top of the entry file, or `node -r ./dist/tracing.js`).
 */
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ConsoleTreeExporter } from '@llmobserve/exporter'; // +
import { LLMObserveInstrumentation } from '@llmobserve/instrumentation'; // +
import { createPropagator, llmobserveSpanProcessors } from '@llmobserve/node'; // +

// The exporter you already have: here OTLP, when OTEL_EXPORTER_OTLP_ENDPOINT is set.
const yourExporters: SpanProcessor[] = process.env.OTEL_EXPORTER_OTLP_ENDPOINT
  ? [new BatchSpanProcessor(new OTLPTraceExporter())]
  : [];

export const provider = new NodeTracerProvider({
  resource: resourceFromAttributes({ 'service.name': 'checkout-api' }),
  spanProcessors: [
    ...llmobserveSpanProcessors(), // + run/customer/section attributes, PII redaction, cost — before any exporter
    new SimpleSpanProcessor(new ConsoleTreeExporter()), // + each finished trace as a cost tree on stdout
    ...yourExporters,
  ],
});

provider.register({ propagator: createPropagator() }); // + W3C trace context + baggage + X-LLMObserve-* + X-Request-Id

registerInstrumentations({
  tracerProvider: provider,
  instrumentations: [
    // + Captures usage on fetch/undici and node:http client spans. It wraps the
    //   OTel undici and http instrumentations: use it instead of those two.
    new LLMObserveInstrumentation({
      // api.openai.com and api.anthropic.com are known out of the box; this
      // example talks to a local mock, so its base URLs are declared here.
      customEndpoints: [
        ...(process.env.OPENAI_BASE_URL ? [{ baseUrl: process.env.OPENAI_BASE_URL, provider: 'openai' }] : []),
        ...(process.env.ANTHROPIC_BASE_URL ? [{ baseUrl: process.env.ANTHROPIC_BASE_URL, provider: 'anthropic' }] : []),
      ],
    }),
  ],
});
