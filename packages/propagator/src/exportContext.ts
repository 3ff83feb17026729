import { context as contextApi, Context, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT } from '@opentelemetry/api';
import { createPropagator } from './createPropagator';

/**
 * The JSON-safe carrier made by {@link exportContext}: header names (lower-case)
 * to header values — `traceparent`, `tracestate`, `baggage`, `x-llmobserve-*`,
 * `x-request-id`. Small enough for a job payload, a `postMessage` or an IPC
 * message, and usable as HTTP headers as it is.
 */
export type ExportedContext = Record<string, string>;

const propagator = createPropagator({ generate: false });

/**
 * Captures the trace context and every LLMObserve value of `ctx` (the active
 * context by default) into a plain object, to cross a boundary that
 * AsyncLocalStorage does not: worker threads, child processes, job queues.
 */
export function exportContext(ctx: Context = contextApi.active()): ExportedContext {
  const carrier: ExportedContext = {};
  propagator.inject(ctx, carrier, defaultTextMapSetter);
  return carrier;
}

/**
 * Restores a context made by {@link exportContext} and runs `fn` in it. A
 * missing, malformed or hostile carrier restores nothing and `fn` still runs.
 */
export function importContext<T>(carrier: unknown, fn: () => T): T {
  return contextApi.with(contextFrom(carrier), fn);
}

/** The context an exported carrier describes, on top of the root context. */
export function contextFrom(carrier: unknown, base: Context = ROOT_CONTEXT): Context {
  if (carrier === null || typeof carrier !== 'object' || Array.isArray(carrier)) return base;
  const headers: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(carrier as Record<string, unknown>)) {
    if (typeof v === 'string') headers[k.toLowerCase()] = v;
  }
  return propagator.extract(base, headers, defaultTextMapGetter);
}
