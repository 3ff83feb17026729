import {
  Context,
  createContextKey,
  isSpanContextValid,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
  trace,
} from '@opentelemetry/api';
import { isTracingSuppressed } from './suppress';
import { readHeader, isCarrier } from './carrier';
import { TRACE_FLAG_RANDOM, TRACE_FLAG_SAMPLED, TRACE_PARENT_HEADER, TRACE_STATE_HEADER } from './constants';
import { formatTraceParent, parseTraceParent } from './traceparent';
import { TraceState } from './TraceState';
import type { W3CTraceContextPropagatorConfig } from './types';

/** Remembers, for the trace extracted into a context, whether its id was flagged random. */
const TRACE_RANDOMNESS_KEY = createContextKey('llmobserve.trace_randomness');

interface TraceRandomness {
  traceId: string;
  random: boolean;
}

/** Records in `ctx` whether the trace `traceId` carries the Level-2 `random` flag. */
export function setTraceRandomness(ctx: Context, traceId: string, random: boolean): Context {
  const value: TraceRandomness = { traceId, random };
  return ctx.setValue(TRACE_RANDOMNESS_KEY, value);
}

/**
 * Propagates `traceparent` and `tracestate` per W3C Trace Context Level 2
 * (https://www.w3.org/TR/trace-context-2/).
 *
 * Two differences from `@opentelemetry/core`'s propagator, both required by
 * Level 2: the `random` trace-flag (0x02) survives the hop (the SDK gives child
 * spans only SAMPLED or NONE, so the flag of the extracted trace is remembered in
 * the context and restored on inject), and tracestate is validated strictly.
 */
export class W3CTraceContextPropagator implements TextMapPropagator {
  private readonly localTraceIdsAreRandom: boolean;

  constructor(config: W3CTraceContextPropagatorConfig = {}) {
    this.localTraceIdsAreRandom = config.localTraceIdsAreRandom ?? true;
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (!isCarrier(carrier)) return;
    const spanContext = trace.getSpanContext(context);
    if (!spanContext || isTracingSuppressed(context) || !isSpanContextValid(spanContext)) return;
    let flags = spanContext.traceFlags & TRACE_FLAG_SAMPLED;
    if (spanContext.traceFlags & TRACE_FLAG_RANDOM) {
      flags |= TRACE_FLAG_RANDOM;
    } else {
      const known = context.getValue(TRACE_RANDOMNESS_KEY) as TraceRandomness | undefined;
      const random = known !== undefined && known.traceId === spanContext.traceId ? known.random : this.localTraceIdsAreRandom;
      if (random) flags |= TRACE_FLAG_RANDOM;
    }
    setter.set(carrier, TRACE_PARENT_HEADER, formatTraceParent(spanContext.traceId, spanContext.spanId, flags));
    const state = spanContext.traceState?.serialize();
    if (state) setter.set(carrier, TRACE_STATE_HEADER, state);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    if (!isCarrier(carrier)) return context;
    const header = readHeader(carrier, getter, TRACE_PARENT_HEADER, false);
    if (header === undefined) return context;
    const parsed = parseTraceParent(header);
    if (parsed === undefined) return context;
    const stateHeader = readHeader(carrier, getter, TRACE_STATE_HEADER, true);
    const traceState = stateHeader === undefined ? undefined : TraceState.parse(stateHeader);
    const ctx = trace.setSpanContext(context, {
      traceId: parsed.traceId,
      spanId: parsed.spanId,
      traceFlags: parsed.traceFlags,
      isRemote: true,
      ...(traceState ? { traceState } : {}),
    });
    const random = (parsed.traceFlags & TRACE_FLAG_RANDOM) !== 0;
    // Only a trace whose randomness differs from what inject assumes for local traces
    // needs remembering; the common case costs no extra context copy.
    return random === this.localTraceIdsAreRandom ? ctx : setTraceRandomness(ctx, parsed.traceId, random);
  }

  fields(): string[] {
    return [TRACE_PARENT_HEADER, TRACE_STATE_HEADER];
  }
}
