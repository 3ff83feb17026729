import type { AttributeValue, Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import type { InstrumentationScope } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

/*
 * OTLP/JSON (`ExportTraceServiceRequest`, proto3 JSON mapping with hex ids, as the
 * OpenTelemetry JS exporters write it) back into `ReadableSpan`s, so spans can be
 * handed to ordinary span exporters again: the spool replays its records with it,
 * and a collector (the demo's) forwards what it receives.
 * https://github.com/open-telemetry/opentelemetry-proto/blob/main/docs/specification.md#json-protobuf-encoding
 */

/** An OTLP `AnyValue`. `intValue` is an int64: a decimal string or a number. */
export interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}

/** An OTLP `KeyValue`. */
export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

interface OtlpEvent {
  name?: string;
  timeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}

interface OtlpLink {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  traceState?: string;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpEvent[];
  droppedEventsCount?: number;
  links?: OtlpLink[];
  droppedLinksCount?: number;
  status?: { code?: number; message?: string };
  flags?: number;
}

/** The body of an OTLP/HTTP JSON `POST /v1/traces`. */
export interface OtlpJsonRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpKeyValue[] };
    schemaUrl?: string;
    scopeSpans?: Array<{
      scope?: { name?: string; version?: string; attributes?: OtlpKeyValue[] };
      schemaUrl?: string;
      spans?: OtlpSpan[];
    }>;
  }>;
}

/** OTLP span flags: bit 8 says whether bit 9 (the parent is remote) is known. */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;
const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;
const NANOS_PER_SECOND = 1_000_000_000n;

/** Nanoseconds since the epoch (decimal string or number) → `HrTime`, exactly; `[0, 0]` for garbage. */
export function nanosToHrTime(nanos: string | number | undefined): HrTime {
  if (nanos === undefined) return [0, 0];
  let n: bigint;
  try {
    n = BigInt(typeof nanos === 'number' ? Math.trunc(nanos) : nanos);
  } catch {
    return [0, 0];
  }
  return [Number(n / NANOS_PER_SECOND), Number(n % NANOS_PER_SECOND)];
}

function duration(start: HrTime, end: HrTime): HrTime {
  let seconds = end[0] - start[0];
  let nanos = end[1] - start[1];
  if (nanos < 0) {
    seconds -= 1;
    nanos += 1_000_000_000;
  }
  return seconds < 0 ? [0, 0] : [seconds, nanos];
}

function decodeValue(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.bytesValue !== undefined) return new Uint8Array(Buffer.from(value.bytesValue, 'base64'));
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map((v) => decodeValue(v) ?? null);
  if (value.kvlistValue !== undefined) {
    const out: Record<string, unknown> = {};
    for (const kv of value.kvlistValue.values ?? []) out[kv.key] = decodeValue(kv.value);
    return out;
  }
  return undefined;
}

/** OTLP `KeyValue[]` → `Attributes`, every AnyValue form kept as faithfully as JavaScript allows. */
export function decodeOtlpAttributes(list: OtlpKeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) {
    const value = decodeValue(kv.value);
    if (typeof kv.key === 'string' && value !== undefined) out[kv.key] = value as AttributeValue;
  }
  return out;
}

function traceState(raw: string | undefined): TraceState | undefined {
  return raw ? new TraceState(raw) : undefined;
}

function decodeSpan(span: OtlpSpan, traceId: string, spanId: string, resource: Resource, scope: InstrumentationScope): ReadableSpan {
  const flags = span.flags ?? 0;
  const context: SpanContext = { traceId, spanId, traceFlags: flags & 0xff, traceState: traceState(span.traceState) };
  const parentId = (span.parentSpanId ?? '').toLowerCase();
  const startTime = nanosToHrTime(span.startTimeUnixNano);
  const endTime = nanosToHrTime(span.endTimeUnixNano);
  const events: TimedEvent[] = (span.events ?? []).map((e) => ({
    name: e.name ?? '',
    time: nanosToHrTime(e.timeUnixNano),
    attributes: decodeOtlpAttributes(e.attributes),
    droppedAttributesCount: e.droppedAttributesCount ?? 0,
  }));
  const links: Link[] = (span.links ?? [])
    .filter((l) => HEX_TRACE_ID.test((l.traceId ?? '').toLowerCase()) && HEX_SPAN_ID.test((l.spanId ?? '').toLowerCase()))
    .map((l) => ({
      context: {
        traceId: (l.traceId ?? '').toLowerCase(),
        spanId: (l.spanId ?? '').toLowerCase(),
        traceFlags: (l.flags ?? 0) & 0xff,
        traceState: traceState(l.traceState),
        isRemote: ((l.flags ?? 0) & IS_REMOTE) !== 0,
      },
      attributes: decodeOtlpAttributes(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount ?? 0,
    }));
  return {
    name: span.name ?? '',
    // OTLP kinds start at 1 (INTERNAL); the API's SpanKind starts at 0.
    kind: Math.max(0, (span.kind ?? 1) - 1) as SpanKind,
    spanContext: () => context,
    parentSpanContext: HEX_SPAN_ID.test(parentId)
      ? { traceId, spanId: parentId, traceFlags: context.traceFlags, isRemote: (flags & HAS_IS_REMOTE) !== 0 && (flags & IS_REMOTE) !== 0 }
      : undefined,
    startTime,
    endTime,
    duration: duration(startTime, endTime),
    status: { code: (span.status?.code ?? 0) as SpanStatusCode, ...(span.status?.message ? { message: span.status.message } : {}) },
    attributes: decodeOtlpAttributes(span.attributes),
    links,
    events,
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: span.droppedAttributesCount ?? 0,
    droppedEventsCount: span.droppedEventsCount ?? 0,
    droppedLinksCount: span.droppedLinksCount ?? 0,
  };
}

/**
 * Decodes one OTLP/JSON export request. Never throws on a malformed span: spans
 * without a valid trace or span id are skipped and counted in `skipped`.
 */
export function decodeOtlpJson(request: OtlpJsonRequest): { spans: ReadableSpan[]; skipped: number } {
  const spans: ReadableSpan[] = [];
  let skipped = 0;
  for (const rs of request.resourceSpans ?? []) {
    const resource = resourceFromAttributes(decodeOtlpAttributes(rs.resource?.attributes), { schemaUrl: rs.schemaUrl });
    for (const ss of rs.scopeSpans ?? []) {
      const scope: InstrumentationScope = { name: ss.scope?.name ?? '', version: ss.scope?.version, schemaUrl: ss.schemaUrl };
      for (const span of ss.spans ?? []) {
        const traceId = (span.traceId ?? '').toLowerCase();
        const spanId = (span.spanId ?? '').toLowerCase();
        if (!HEX_TRACE_ID.test(traceId) || !HEX_SPAN_ID.test(spanId)) {
          skipped++;
          continue;
        }
        spans.push(decodeSpan(span, traceId, spanId, resource, scope));
      }
    }
  }
  return { spans, skipped };
}
