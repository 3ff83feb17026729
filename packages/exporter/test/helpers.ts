import { context, trace } from '@opentelemetry/api';
import type { Attributes, Span } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Attributes of an LLM call as the capture layer writes them. */
export const LLM_ATTRIBUTES: Attributes = {
  'gen_ai.provider.name': 'openai',
  'gen_ai.request.model': 'gpt-4o-mini',
  'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
  'gen_ai.usage.input_tokens': 1200,
  'gen_ai.usage.output_tokens': 300,
  'gen_ai.usage.cache_read.input_tokens': 1000,
  'gen_ai.usage.reasoning.output_tokens': 100,
  'llmobserve.cost.total_usd': '0.000372',
  'llmobserve.cost.input_usd': '0.000192',
  'llmobserve.cost.output_usd': '0.00018',
  'llmobserve.run_id': 'run-42',
  'llmobserve.customer_id': 'cust-7',
  'llmobserve.section_path': 'agent:research/step:plan',
};

/**
 * Records spans through `processors` (the test's) and an in-memory exporter
 * (last), so what the exporter holds is what an exporter would be sent.
 */
export function recordSpans(processors: SpanProcessor[] = []) {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'exporter-test' }),
    spanProcessors: [...processors, new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('exporter-test', '1.0.0');
  return {
    provider,
    tracer,
    memory,
    /** Starts a span (child of `parent` when given) with attributes. */
    start(name: string, attributes: Attributes = {}, parent?: Span): Span {
      const ctx = parent === undefined ? context.active() : trace.setSpan(context.active(), parent);
      return tracer.startSpan(name, { attributes }, ctx);
    },
    finished(): ReadableSpan[] {
      return memory.getFinishedSpans();
    },
  };
}

/** A finished agent → step → LLM trace, plus a tool call, as ReadableSpans. */
export function sampleTrace(): ReadableSpan[] {
  const r = recordSpans();
  const agent = r.start('agent:research', { 'llmobserve.section': 'agent:research', 'llmobserve.run_id': 'run-42' });
  const step = r.start('step:plan', { 'llmobserve.section': 'step:plan' }, agent);
  const llm = r.start('chat gpt-4o-mini', LLM_ATTRIBUTES, step);
  llm.end();
  step.end();
  const tool = r.start('tool:search', { 'llmobserve.section': 'tool:search', 'llmobserve.cost.total_usd': '0.005' }, agent);
  tool.end();
  agent.end();
  return r.finished();
}

/** One HTTP request a {@link CaptureServer} received. */
export interface CapturedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A local OTLP/HTTP receiver on 127.0.0.1:0 that records requests and answers `status`. */
export class CaptureServer {
  readonly requests: CapturedRequest[] = [];
  status = 200;
  private server: http.Server | undefined;

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.statusCode = this.status;
        const json = String(req.headers['content-type']).startsWith('application/json');
        res.setHeader('content-type', json ? 'application/json' : 'application/x-protobuf');
        res.end(json ? '{}' : '');
      });
    });
    await new Promise<void>(resolve => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Calls `export` and resolves with the result. */
export function exportAsync(
  exporter: { export(spans: ReadableSpan[], cb: (r: { code: number; error?: Error }) => void): void },
  spans: ReadableSpan[],
): Promise<{ code: number; error?: Error }> {
  return new Promise(resolve => exporter.export(spans, resolve));
}
