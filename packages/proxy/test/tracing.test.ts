import { ConsoleTreeExporter } from '@llmobserve/exporter';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createTracing, exporterFor } from '../src/tracing';
import { CHAT_BODY, rawRequest, startStack } from './helpers';

describe('exporterFor', () => {
  test.each(['otlp', 'phoenix', 'jaeger', 'tempo'] as const)('%s builds an OTLP exporter from the environment', async (kind) => {
    const e = exporterFor(kind, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:1' });
    expect(typeof e?.export).toBe('function');
    await e?.shutdown();
  });

  test('console is the console tree, none is nothing', () => {
    expect(exporterFor('console', {})).toBeInstanceOf(ConsoleTreeExporter);
    expect(exporterFor('none', {})).toBeUndefined();
  });

  test('the proxy owns and shuts down its provider; with exporter none no span is exported', async () => {
    const t = createTracing({}, 'none', {});
    t.tracer.startSpan('x').end();
    await t.forceFlush();
    await t.shutdown();
  });
});

test('a caller-supplied tracer provider gets the spans and is flushed but left running', async () => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const stack = await startStack({ tracerProvider: provider });
  try {
    const res = await rawRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: CHAT_BODY });
    expect(res.status).toBe(200);
  } finally {
    await stack.close();
  }
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  expect(spans[0].attributes['gen_ai.usage.output_tokens']).toBe(8);
  // The provider's own processors apply: no cost processor there, so no cost attribute.
  expect(spans[0].attributes['llmobserve.cost.total_usd']).toBeUndefined();
  provider.getTracer('still-running').startSpan('after').end();
  expect(exporter.getFinishedSpans()).toHaveLength(2);
  await provider.shutdown();
});
