import {
  Baggage,
  BaggageEntry,
  baggageEntryMetadataFromString,
  Context,
  diag,
  isSpanContextValid,
  INVALID_SPANID,
  INVALID_TRACEID,
  propagation,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import {
  formatSectionPath,
  getState,
  LLMObserveState,
  parseSectionPath,
  sanitizeId,
  sanitizeSectionName,
  setState,
} from '@llmobserve/context';
import { BaggageOut, forEachBaggageMember, serializeBaggage } from './baggage';
import { isCarrier, readHeader } from './carrier';
import { decodeValue, encodeValue } from './codec';
import {
  BAGGAGE_HEADER,
  LLMOBSERVE_BAGGAGE_KEYS,
  LLMOBSERVE_BAGGAGE_PREFIX,
  LLMOBSERVE_HEADERS,
} from './constants';
import { parentSpanIdFor, traceIdForRun } from './syntheticTrace';
import type { LLMObservePropagationMode, LLMObservePropagatorConfig } from './types';

interface Incoming {
  runId?: string;
  customerId?: string;
  sectionPath?: readonly string[];
  requestId?: string;
  spanId?: string;
  parentSpanId?: string;
}

/** Headers that do not depend on the active span, cached per state object. */
interface CachedOut {
  baggage: Baggage | undefined;
  headers: Array<[string, string]>;
  baggageHeader: string;
}

function spanIdOf(span: unknown): string | undefined {
  // sdk-trace-base 2.x/3.x: parentSpanContext; 1.x: parentSpanId. Read, never required.
  const s = span as { parentSpanContext?: { spanId?: unknown }; parentSpanId?: unknown };
  const id = s.parentSpanContext?.spanId ?? s.parentSpanId;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Carries the LLMObserve run id, customer id and section path across process
 * boundaries as `X-LLMObserve-*` headers and as W3C Baggage entries
 * (`llmobserve.run_id`, `llmobserve.customer_id`, `llmobserve.section_path`,
 * `llmobserve.request_id`), so that services that speak only W3C
 * (https://www.w3.org/TR/baggage/) forward them.
 *
 * In `baggage` and `both` modes this propagator also owns the whole `baggage`
 * header, user entries included (it replaces a W3C baggage propagator). When a
 * header and a baggage entry disagree, the header wins: a W3C-only hop forwards
 * baggage but drops our headers, so a header present is the newer value.
 *
 * A caller that sends our headers but no `traceparent` still gets all calls of
 * one run into one trace: the trace id is derived from the run id and the
 * caller's span id, when not a valid OTel span id, is kept only as a value.
 */
export class LLMObservePropagator implements TextMapPropagator {
  private readonly useHeaders: boolean;
  private readonly useBaggage: boolean;
  private readonly cache = new WeakMap<LLMObserveState, CachedOut>();

  constructor(config: LLMObservePropagatorConfig = {}) {
    const mode: LLMObservePropagationMode = config.mode ?? 'both';
    if (mode !== 'headers' && mode !== 'baggage' && mode !== 'both') {
      throw new TypeError(`LLMObservePropagator: mode must be "headers", "baggage" or "both", got ${JSON.stringify(mode)}`);
    }
    this.useHeaders = mode !== 'baggage';
    this.useBaggage = mode !== 'headers';
  }

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (!isCarrier(carrier)) return;
    const state = getState(context);
    const out = this.outgoing(state, propagation.getBaggage(context));
    for (const [k, v] of out.headers) setter.set(carrier, k, v);
    if (out.baggageHeader.length > 0) setter.set(carrier, BAGGAGE_HEADER, out.baggageHeader);
    if (!this.useHeaders || out.headers.length === 0) return;
    const span = trace.getSpan(context);
    const spanContext = span?.spanContext();
    if (!spanContext || !isSpanContextValid(spanContext)) return;
    setter.set(carrier, LLMOBSERVE_HEADERS.spanId, spanContext.spanId);
    const parent = spanIdOf(span);
    if (parent !== undefined) setter.set(carrier, LLMOBSERVE_HEADERS.parentSpanId, parent);
  }

  private outgoing(state: LLMObserveState, baggage: Baggage | undefined): CachedOut {
    const hit = this.cache.get(state);
    if (hit !== undefined && hit.baggage === baggage) return hit;
    const headers: Array<[string, string]> = [];
    const path = state.sectionPath.length > 0 ? formatSectionPath(state.sectionPath) : undefined;
    if (this.useHeaders) {
      if (state.runId) headers.push([LLMOBSERVE_HEADERS.runId, encodeValue(state.runId)]);
      if (state.customerId) headers.push([LLMOBSERVE_HEADERS.customerId, encodeValue(state.customerId)]);
      if (path !== undefined) {
        headers.push([LLMOBSERVE_HEADERS.section, encodeValue(state.sectionPath[state.sectionPath.length - 1])]);
        headers.push([LLMOBSERVE_HEADERS.sectionPath, encodeValue(path)]);
      }
    }
    let baggageHeader = '';
    if (this.useBaggage) {
      const entries: BaggageOut[] = [];
      if (state.runId) entries.push({ key: LLMOBSERVE_BAGGAGE_KEYS.runId, value: state.runId });
      if (state.customerId) entries.push({ key: LLMOBSERVE_BAGGAGE_KEYS.customerId, value: state.customerId });
      if (path !== undefined) entries.push({ key: LLMOBSERVE_BAGGAGE_KEYS.sectionPath, value: path });
      if (state.requestId) entries.push({ key: LLMOBSERVE_BAGGAGE_KEYS.requestId, value: state.requestId });
      if (baggage !== undefined) {
        for (const [key, entry] of baggage.getAllEntries()) {
          if (key.startsWith(LLMOBSERVE_BAGGAGE_PREFIX)) continue;
          entries.push(toOut(key, entry));
        }
      }
      baggageHeader = serializeBaggage(entries);
    }
    const out: CachedOut = { baggage, headers, baggageHeader };
    this.cache.set(state, out);
    return out;
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    if (!isCarrier(carrier)) return context;
    const incoming: Incoming = {};
    // Headers first: they win, so baggage values already given by a header are not decoded.
    if (this.useHeaders) readOurHeaders(carrier, getter, incoming);
    let ctx = this.useBaggage ? this.extractBaggage(context, carrier, getter, incoming) : context;
    const { runId, customerId, sectionPath, requestId } = incoming;
    if (runId === undefined && customerId === undefined && sectionPath === undefined && requestId === undefined) {
      return ctx;
    }
    const prev = getState(ctx);
    const next: { -readonly [K in keyof LLMObserveState]: LLMObserveState[K] } = {
      sectionPath: sectionPath ?? prev.sectionPath,
      runId: runId ?? prev.runId,
      customerId: customerId ?? prev.customerId,
      requestId: requestId ?? prev.requestId,
    };
    if (prev.foreignSpanId !== undefined) next.foreignSpanId = prev.foreignSpanId;
    if (prev.foreignParentSpanId !== undefined) next.foreignParentSpanId = prev.foreignParentSpanId;
    if (runId !== undefined && !hasValidSpanContext(ctx)) {
      // No traceparent: derive the trace from the run (see the class comment).
      const spanId = parentSpanIdFor(runId, incoming.spanId);
      if (incoming.spanId !== undefined && incoming.spanId !== spanId) next.foreignSpanId = incoming.spanId;
      if (incoming.parentSpanId !== undefined) next.foreignParentSpanId = incoming.parentSpanId;
      ctx = trace.setSpanContext(ctx, { traceId: traceIdForRun(runId), spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
    }
    return setState(ctx, next);
  }

  private extractBaggage(context: Context, carrier: unknown, getter: TextMapGetter, incoming: Incoming): Context {
    const header = readHeader(carrier, getter, BAGGAGE_HEADER, true);
    if (header === undefined) return context;
    let user: Record<string, BaggageEntry> | undefined;
    forEachBaggageMember(header, (key, rawValue, properties) => {
      if (!key.startsWith(LLMOBSERVE_BAGGAGE_PREFIX)) {
        const value = decodeValue(rawValue, false);
        (user ??= {})[key] = properties === undefined ? { value } : { value, metadata: baggageEntryMetadataFromString(properties) };
        return;
      }
      switch (key) {
        case LLMOBSERVE_BAGGAGE_KEYS.runId:
          if (incoming.runId === undefined) incoming.runId = checked(sanitizeId(decodeValue(rawValue, true)), key);
          break;
        case LLMOBSERVE_BAGGAGE_KEYS.customerId:
          if (incoming.customerId === undefined) incoming.customerId = checked(sanitizeId(decodeValue(rawValue, true)), key);
          break;
        case LLMOBSERVE_BAGGAGE_KEYS.sectionPath:
          if (incoming.sectionPath === undefined) incoming.sectionPath = checked(parseSectionPath(decodeValue(rawValue, true)), key);
          break;
        case LLMOBSERVE_BAGGAGE_KEYS.requestId:
          if (incoming.requestId === undefined) incoming.requestId = checked(sanitizeId(decodeValue(rawValue, true)), key);
          break;
        default:
          break;
      }
    });
    return user === undefined ? context : propagation.setBaggage(context, propagation.createBaggage(user));
  }

  fields(): string[] {
    const f: string[] = [];
    if (this.useHeaders) f.push(...Object.values(LLMOBSERVE_HEADERS));
    if (this.useBaggage) f.push(BAGGAGE_HEADER);
    return f;
  }
}

function toOut(key: string, entry: BaggageEntry): BaggageOut {
  const props = entry.metadata?.toString();
  return props ? { key, value: entry.value, properties: props } : { key, value: entry.value };
}

function checked<T>(value: T | undefined, field: string): T | undefined {
  if (value === undefined) diag.debug(`llmobserve: dropped invalid ${field}`);
  return value;
}

function hasValidSpanContext(ctx: Context): boolean {
  const sc = trace.getSpanContext(ctx);
  // Span contexts in a context were validated by whoever put them there; only the
  // invalid (all-zero) placeholder is ruled out here, without regular expressions.
  return sc !== undefined && sc.traceId !== INVALID_TRACEID && sc.spanId !== INVALID_SPANID;
}

function readOurHeaders(carrier: unknown, getter: TextMapGetter, out: Incoming): void {
  const run = readHeader(carrier, getter, LLMOBSERVE_HEADERS.runId, false);
  if (run !== undefined) out.runId = checked(sanitizeId(decodeValue(run, false)), LLMOBSERVE_HEADERS.runId);
  const customer = readHeader(carrier, getter, LLMOBSERVE_HEADERS.customerId, false);
  if (customer !== undefined) out.customerId = checked(sanitizeId(decodeValue(customer, false)), LLMOBSERVE_HEADERS.customerId);
  const path = readHeader(carrier, getter, LLMOBSERVE_HEADERS.sectionPath, false);
  if (path !== undefined) {
    out.sectionPath = checked(parseSectionPath(decodeValue(path, false)), LLMOBSERVE_HEADERS.sectionPath);
  } else {
    const section = readHeader(carrier, getter, LLMOBSERVE_HEADERS.section, false);
    if (section !== undefined) {
      const name = checked(sanitizeSectionName(decodeValue(section, false)), LLMOBSERVE_HEADERS.section);
      if (name !== undefined) out.sectionPath = [name];
    }
  }
  const spanId = readHeader(carrier, getter, LLMOBSERVE_HEADERS.spanId, false);
  if (spanId !== undefined) out.spanId = checked(sanitizeId(spanId), LLMOBSERVE_HEADERS.spanId);
  const parentSpanId = readHeader(carrier, getter, LLMOBSERVE_HEADERS.parentSpanId, false);
  if (parentSpanId !== undefined) out.parentSpanId = checked(sanitizeId(parentSpanId), LLMOBSERVE_HEADERS.parentSpanId);
}
