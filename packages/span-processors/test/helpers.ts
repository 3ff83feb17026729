import { Attributes, context, Context, ROOT_CONTEXT, Span, SpanOptions, trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  ReadableSpan,
  SimpleSpanProcessor,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** A provider whose exporter is added FIRST, so our processors run after it: order must not matter. */
export function setup(...processors: SpanProcessor[]): {
  provider: BasicTracerProvider;
  exporter: InMemorySpanExporter;
  start: (name: string, attrs?: Attributes, parent?: Span | Context, opts?: SpanOptions) => Span;
  finished: (name: string) => ReadableSpan;
} {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), ...processors] });
  const tracer = provider.getTracer('test');
  const start = (name: string, attrs: Attributes = {}, parent?: Span | Context, opts: SpanOptions = {}): Span => {
    const ctx = parent === undefined ? ROOT_CONTEXT : 'spanContext' in parent ? trace.setSpan(ROOT_CONTEXT, parent) : parent;
    return tracer.startSpan(name, { ...opts, attributes: attrs }, ctx);
  };
  const finished = (name: string): ReadableSpan => {
    const found = exporter.getFinishedSpans().filter((s) => s.name === name);
    if (found.length !== 1) throw new Error(`expected one finished span "${name}", found ${found.length}`);
    return found[0];
  };
  return { provider, exporter, start, finished };
}

export { context };
