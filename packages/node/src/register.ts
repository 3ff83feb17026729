import { context, diag, propagation, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ConsoleTreeExporter } from '@llmobserve/exporter';
import { LLMObserveInstrumentation } from '@llmobserve/instrumentation';
import type { LLMObserveInstrumentationConfig } from '@llmobserve/instrumentation';
import { createPropagator } from '@llmobserve/propagator';
import { TraceConsistentSampler } from '@llmobserve/span-processors';
import { buildExporters, defaultExporterNames } from './exporters';
import { llmobserveSpanProcessors } from './spanProcessors';
import type { RegisterOptions, Registration } from './types';

const KNOWN = new Set([
  'serviceName', 'exporters', 'spool', 'propagation', 'capture', 'sampling', 'instrumentations',
  'spanProcessors', 'flushOnExit', 'context', 'cost', 'redaction', 'openInference',
]);

/**
 * register() owns the whole set-up, so unlike the bare instrumentation it also traces
 * incoming requests: the server span is where the caller's context is extracted.
 */
function captureConfig(capture: LLMObserveInstrumentationConfig | undefined): LLMObserveInstrumentationConfig {
  return { ...capture, http: { disableIncomingRequestInstrumentation: false, ...capture?.http } };
}

/**
 * Sets up LLMObserve in one call: a `NodeTracerProvider` with our propagator,
 * the context/redaction/cost processors, the fetch + node:http capture, the
 * exporters (console tree by default), and a flush on SIGTERM, SIGINT and
 * `beforeExit`. Bad options throw here, naming the field; nothing afterwards
 * throws into the application.
 *
 * Users with their own NodeSDK use {@link llmobserveSpanProcessors} and
 * `createPropagator()` instead.
 */
export function register(options: RegisterOptions = {}, env: NodeJS.ProcessEnv = process.env): Registration {
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw new TypeError(`register: unknown option "${key}" (known: ${[...KNOWN].join(', ')})`);
  }
  const serviceName = options.serviceName ?? env.OTEL_SERVICE_NAME ?? 'unknown_service:node';
  if (typeof serviceName !== 'string' || serviceName.trim() === '') {
    throw new TypeError(`register: serviceName must be a non-empty string, got ${JSON.stringify(serviceName)}`);
  }
  const wanted = options.exporters ?? defaultExporterNames(env);
  const exporters = buildExporters(wanted, options.spool, env);
  const processors: SpanProcessor[] = [
    ...llmobserveSpanProcessors({
      ...options,
      openInference: options.openInference ?? wanted.includes('phoenix'),
    }),
    ...(options.spanProcessors ?? []),
    // The console tree prints a trace when its root ends: export at once, not in batches.
    ...exporters.map((e) => (e instanceof ConsoleTreeExporter ? new SimpleSpanProcessor(e) : new BatchSpanProcessor(e))),
  ];
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: processors,
    ...(options.sampling ? { sampler: new TraceConsistentSampler(options.sampling) } : {}),
  });
  provider.register({ propagator: createPropagator(options.propagation) });
  const instrumentations = [
    ...(options.capture === false ? [] : [new LLMObserveInstrumentation(captureConfig(options.capture))]),
    ...(options.instrumentations ?? []),
  ];
  const unregisterInstrumentations = registerInstrumentations({ instrumentations, tracerProvider: provider });

  let done: Promise<void> | undefined;
  const shutdown = (): Promise<void> => {
    done ??= (async () => {
      removeHooks();
      unregisterInstrumentations();
      try {
        await provider.shutdown();
      } catch (err) {
        diag.warn(`llmobserve: shutdown failed: ${String(err)}`);
      }
      trace.disable();
      propagation.disable();
      context.disable();
    })();
    return done;
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    void shutdown().finally(() => {
      // Re-raise only when nobody else handles the signal, so the default (exit) happens.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  };
  const onBeforeExit = (): void => {
    void provider.forceFlush().catch(() => undefined);
  };
  const removeHooks = (): void => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    process.off('beforeExit', onBeforeExit);
  };
  if (options.flushOnExit !== false) {
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    process.on('beforeExit', onBeforeExit);
  }
  return {
    forceFlush: () => provider.forceFlush(),
    shutdown,
  };
}
