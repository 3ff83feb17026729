import type { AttributeValue, Attributes, HrTime, Link, SpanContext, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import type { InstrumentationScope } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

/*
 * The spool stores each batch as an OTLP/JSON ExportTraceServiceRequest, made by
 * the same serializer the JSON exporter sends. Why JSON and not protobuf:
 * replay must hand `ReadableSpan`s back to whatever exporter is wrapped (protobuf
 * for Phoenix, JSON for a collector, the console), so the bytes have to be
 * decoded again; V8's native JSON.parse does that, while OTLP protobuf would need
 * a hand-written decoder (otlp-transformer only encodes requests). JSON records
 * are also readable with `jq` when someone inspects a spool. The price is size:
 * about 2x protobuf (the bench prints both).
 */

interface OtlpAnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
}
interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}
interface OtlpEvent {
  name: string;
  timeUnixNano: string | number;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
}
interface OtlpLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind?: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes?: OtlpKeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpEvent[];
  droppedEventsCount?: number;
  links?: OtlpLink[];
  droppedLinksCount?: number;
  status?: { code?: number; message?: string };
  flags?: number;
}
interface OtlpRequest {
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

const IS_REMOTE = 0x200;
const NANOS_PER_SECOND = 1_000_000_000n;

/** Serialises a batch to OTLP/JSON bytes. */
export function encodeSpans(spans: readonly ReadableSpan[]): Uint8Array {
  const bytes = JsonTraceSerializer.serializeRequest(spans as ReadableSpan[]);
  if (bytes === undefined) throw new Error('OTLP/JSON serializer returned nothing');
  return bytes;
}

function toHrTime(nanos: string | number): HrTime {
  const n = BigInt(nanos);
  return [Number(n / NANOS_PER_SECOND), Number(n % NANOS_PER_SECOND)];
}

function duration(start: HrTime, end: HrTime): HrTime {
  let seconds = end[0] - start[0];
  let nanos = end[1] - start[1];
  if (nanos < 0) {
    seconds -= 1;
    nanos += 1_000_000_000;
  }
  return [seconds, nanos];
}

function decodeValue(value: OtlpAnyValue | undefined): unknown {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.bytesValue !== undefined) return new Uint8Array(Buffer.from(value.bytesValue, 'base64'));
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(v => decodeValue(v) ?? null);
  if (value.kvlistValue !== undefined) {
    const out: Record<string, unknown> = {};
    for (const kv of value.kvlistValue.values ?? []) out[kv.key] = decodeValue(kv.value);
    return out;
  }
  return undefined;
}

function decodeAttributes(list: OtlpKeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  if (list === undefined) return out;
  for (const kv of list) {
    const value = decodeValue(kv.value);
    if (value !== undefined) out[kv.key] = value as AttributeValue;
  }
  return out;
}

function traceState(raw: string | undefined): TraceState | undefined {
  return raw ? new TraceState(raw) : undefined;
}

function decodeSpan(span: OtlpSpan, resource: Resource, scope: InstrumentationScope): ReadableSpan {
  const flags = span.flags ?? 0;
  const context: SpanContext = {
    traceId: span.traceId,
    spanId: span.spanId,
    traceFlags: flags & 0xff,
    traceState: traceState(span.traceState),
  };
  const startTime = toHrTime(span.startTimeUnixNano);
  const endTime = toHrTime(span.endTimeUnixNano);
  const events: TimedEvent[] = (span.events ?? []).map(e => ({
    name: e.name,
    time: toHrTime(e.timeUnixNano),
    attributes: decodeAttributes(e.attributes),
    droppedAttributesCount: e.droppedAttributesCount ?? 0,
  }));
  const links: Link[] = (span.links ?? []).map(l => ({
    context: {
      traceId: l.traceId,
      spanId: l.spanId,
      traceFlags: (l.flags ?? 0) & 0xff,
      traceState: traceState(l.traceState),
      isRemote: ((l.flags ?? 0) & IS_REMOTE) !== 0,
    },
    attributes: decodeAttributes(l.attributes),
    droppedAttributesCount: l.droppedAttributesCount ?? 0,
  }));
  const status = { code: (span.status?.code ?? 0) as SpanStatusCode, message: span.status?.message };
  return {
    name: span.name,
    kind: ((span.kind ?? 1) - 1) as SpanKind,
    spanContext: () => context,
    parentSpanContext: span.parentSpanId
      ? { traceId: span.traceId, spanId: span.parentSpanId, traceFlags: context.traceFlags, isRemote: (flags & IS_REMOTE) !== 0 }
      : undefined,
    startTime,
    endTime,
    status,
    attributes: decodeAttributes(span.attributes),
    links,
    events,
    duration: duration(startTime, endTime),
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: span.droppedAttributesCount ?? 0,
    droppedEventsCount: span.droppedEventsCount ?? 0,
    droppedLinksCount: span.droppedLinksCount ?? 0,
  };
}

/** Turns bytes made by {@link encodeSpans} back into spans. Throws on malformed input. */
export function decodeSpans(bytes: Uint8Array): ReadableSpan[] {
  const request = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as OtlpRequest;
  const out: ReadableSpan[] = [];
  for (const rs of request.resourceSpans ?? []) {
    const resource = resourceFromAttributes(decodeAttributes(rs.resource?.attributes), { schemaUrl: rs.schemaUrl });
    for (const ss of rs.scopeSpans ?? []) {
      const scope: InstrumentationScope = {
        name: ss.scope?.name ?? '',
        version: ss.scope?.version,
        schemaUrl: ss.schemaUrl,
      };
      for (const span of ss.spans ?? []) out.push(decodeSpan(span, resource, scope));
    }
  }
  return out;
}
