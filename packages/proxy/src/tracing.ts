import type { Tracer } from '@opentelemetry/api';
import { ConsoleTreeExporter, jaeger, otlp, phoenix, tempo } from '@llmobserve/exporter';
import { ContextAttributesSpanProcessor, CostSpanProcessor } from '@llmobserve/span-processors';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { SERVICE_NAME, TRACER_NAME } from './constants';
import type { ExporterKind, ProxyOptions } from './types';

/** The proxy's tracer and how to flush it at shutdown. */
export interface ProxyTracing {
  tracer: Tracer;
  /** Exports the spans ended so far. */
  forceFlush(): Promise<void>;
  /** Flushes and, when the proxy owns the provider, shuts it down. */
  shutdown(): Promise<void>;
}

/** The exporter a config's `exporter` names; undefined for `none`. */
export function exporterFor(kind: ExporterKind, env: Readonly<Record<string, string | undefined>>): SpanExporter | undefined {
  switch (kind) {
    case 'none':
      return undefined;
    case 'otlp':
      return otlp({}, env);
    case 'phoenix':
      return phoenix({}, env);
    case 'jaeger':
      return jaeger({}, env);
    case 'tempo':
      return tempo({}, env);
    default:
      return new ConsoleTreeExporter();
  }
}

/**
 * The proxy's tracer: the caller's provider when given (left running at shutdown), else the proxy's
 * own `BasicTracerProvider` with `ContextAttributesSpanProcessor` (run, customer, section, request id),
 * the caller's processors, `CostSpanProcessor` (the `llmobserve.cost.*` attributes), then a batch
 * processor on the exporter.
 */
export function createTracing(options: ProxyOptions, kind: ExporterKind, env: Readonly<Record<string, string | undefined>>): ProxyTracing {
  if (options.tracerProvider !== undefined) {
    const provider = options.tracerProvider as { forceFlush?: () => Promise<void> };
    const flush = async (): Promise<void> => {
      if (typeof provider.forceFlush === 'function') await provider.forceFlush();
    };
    return { tracer: options.tracerProvider.getTracer(TRACER_NAME), forceFlush: flush, shutdown: flush };
  }
  const processors: SpanProcessor[] = [new ContextAttributesSpanProcessor(), ...(options.spanProcessors ?? []), new CostSpanProcessor()];
  const exporter = options.spanExporter ?? exporterFor(kind, env);
  if (exporter !== undefined) processors.push(new BatchSpanProcessor(exporter));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME ?? SERVICE_NAME }),
    spanProcessors: processors,
  });
  return {
    tracer: provider.getTracer(TRACER_NAME),
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
