import { context, trace } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** `count` finished spans, `perTrace` per trace (a root and its LLM-call children) with realistic attributes. */
export function makeSpans(count: number, perTrace = 20): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'exporter-bench', 'service.version': '1.0.0', 'host.name': 'bench' }),
    spanProcessors: [new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('exporter-bench', '1.0.0');
  for (let made = 0; made < count; ) {
    const root = tracer.startSpan('agent:research', { attributes: { 'llmobserve.section': 'agent:research', 'llmobserve.run_id': `run-${made}`, 'llmobserve.customer_id': 'cust-7' } });
    const parent = trace.setSpan(context.active(), root);
    for (let i = 1; i < perTrace && made + i < count; i++) {
      tracer
        .startSpan(
          'chat gpt-4o-mini',
          {
            attributes: {
              'gen_ai.provider.name': 'openai',
              'gen_ai.operation.name': 'chat',
              'gen_ai.request.model': 'gpt-4o-mini',
              'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
              'gen_ai.usage.input_tokens': 1200 + i,
              'gen_ai.usage.output_tokens': 300,
              'gen_ai.usage.cache_read.input_tokens': 1000,
              'llmobserve.cost.total_usd': '0.000372',
              'llmobserve.run_id': `run-${made}`,
              'llmobserve.customer_id': 'cust-7',
              'llmobserve.section_path': 'agent:research/step:plan',
              'http.response.status_code': 200,
            },
          },
          parent,
        )
        .end();
    }
    root.end();
    made += perTrace;
  }
  return memory.getFinishedSpans().slice(0, count);
}

/** Exports `spans` in batches of `batch`, one batch at a time (as the BatchSpanProcessor does); ms taken. */
export async function exportAll(exporter: SpanExporter, spans: ReadableSpan[], batch = 512): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < spans.length; i += batch) {
    const result = await new Promise<{ code: number; error?: Error }>(resolve => exporter.export(spans.slice(i, i + batch), resolve));
    if (result.code !== 0) throw new Error(`export failed: ${result.error?.message}`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Median of a list. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** `12,345`. */
export function fmt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}
