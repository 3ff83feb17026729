/**
 * OTLP/HTTP JSON (`ExportTraceServiceRequest`, proto3 JSON mapping with hex
 * ids, as the OpenTelemetry JS exporters send it) back into `ReadableSpan`s, so
 * the collector can hand what it receives to ordinary span exporters.
 */
import type { Attributes, AttributeValue, HrTime, Link, SpanContext } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-base';

/** An OTLP `AnyValue` in JSON. `intValue` is a string or a number (int64). */
interface AnyValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: number | string;
  doubleValue?: number | string;
  bytesValue?: string;
  arrayValue?: { values?: AnyValue[] };
  kvlistValue?: { values?: KeyValue[] };
}

interface KeyValue {
  key: string;
  value?: AnyValue;
}

interface OtlpEvent {
  timeUnixNano?: string | number;
  name?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
}

interface OtlpLink {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
}

interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  parentSpanId?: string;
  flags?: number;
  name?: string;
  kind?: number;
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: KeyValue[];
  droppedAttributesCount?: number;
  events?: OtlpEvent[];
  droppedEventsCount?: number;
  links?: OtlpLink[];
  droppedLinksCount?: number;
  status?: { code?: number; message?: string };
}

/** The body of `POST /v1/traces` in JSON. */
export interface ExportTraceServiceRequest {
  resourceSpans?: Array<{
    resource?: { attributes?: KeyValue[] };
    scopeSpans?: Array<{
      scope?: { name?: string; version?: string };
      schemaUrl?: string;
      spans?: OtlpSpan[];
    }>;
  }>;
}

/** OTLP span flags: bit 8 says whether bit 9 (parent is remote) is known. */
const HAS_IS_REMOTE = 0x100;
const IS_REMOTE = 0x200;
const HEX_TRACE_ID = /^[0-9a-f]{32}$/;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/;

function primitive(value: AnyValue | undefined): string | number | boolean | undefined {
  if (value === undefined) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) {
    const n = Number(value.intValue);
    return Number.isSafeInteger(n) ? n : String(value.intValue);
  }
  if (value.doubleValue !== undefined) return Number(value.doubleValue);
  if (value.bytesValue !== undefined) return value.bytesValue;
  if (value.kvlistValue !== undefined) return JSON.stringify(value.kvlistValue.values ?? []);
  return undefined;
}

function attributeValue(value: AnyValue | undefined): AttributeValue | undefined {
  if (value?.arrayValue !== undefined) {
    const items = (value.arrayValue.values ?? []).map(primitive).filter((v) => v !== undefined);
    const kinds = new Set(items.map((v) => typeof v));
    // OTel attributes hold homogeneous arrays only; mixed ones are kept as JSON text.
    return kinds.size <= 1 ? (items as AttributeValue) : JSON.stringify(items);
  }
  return primitive(value);
}

/** OTLP `KeyValue[]` → OTel `Attributes`. */
export function decodeAttributes(list: KeyValue[] | undefined): Attributes {
  const out: Attributes = {};
  for (const kv of list ?? []) {
    const v = attributeValue(kv.value);
    if (typeof kv.key === 'string' && v !== undefined) out[kv.key] = v;
  }
  return out;
}

/** Nanoseconds since the epoch (decimal string or number) → `HrTime`, exactly. */
export function nanosToHrTime(nanos: string | number | undefined): HrTime {
  if (nanos === undefined) return [0, 0];
  let n: bigint;
  try {
    n = BigInt(typeof nanos === 'number' ? Math.trunc(nanos) : nanos);
  } catch {
    return [0, 0];
  }
  return [Number(n / 1_000_000_000n), Number(n % 1_000_000_000n)];
}

function hrDiff(end: HrTime, start: HrTime): HrTime {
  let s = end[0] - start[0];
  let ns = end[1] - start[1];
  if (ns < 0) {
    s -= 1;
    ns += 1_000_000_000;
  }
  return s < 0 ? [0, 0] : [s, ns];
}

function spanContext(traceId: string, spanId: string, flags: number | undefined, isRemote: boolean): SpanContext {
  return { traceId, spanId, traceFlags: (flags ?? 1) & 0xff, isRemote };
}

/**
 * Decodes one export request. Spans without a valid trace or span id are
 * skipped and counted in `skipped`; nothing here throws on a malformed span.
 */
export function decodeExportRequest(body: ExportTraceServiceRequest): { spans: ReadableSpan[]; skipped: number } {
  const spans: ReadableSpan[] = [];
  let skipped = 0;
  for (const rs of body.resourceSpans ?? []) {
    const resource = resourceFromAttributes(decodeAttributes(rs.resource?.attributes));
    for (const ss of rs.scopeSpans ?? []) {
      const scope = { name: ss.scope?.name ?? '', version: ss.scope?.version, schemaUrl: ss.schemaUrl };
      for (const s of ss.spans ?? []) {
        const traceId = (s.traceId ?? '').toLowerCase();
        const spanId = (s.spanId ?? '').toLowerCase();
        if (!HEX_TRACE_ID.test(traceId) || !HEX_SPAN_ID.test(spanId)) {
          skipped++;
          continue;
        }
        const parentId = (s.parentSpanId ?? '').toLowerCase();
        const flags = s.flags ?? 0;
        const parentIsRemote = (flags & HAS_IS_REMOTE) !== 0 && (flags & IS_REMOTE) !== 0;
        const own = spanContext(traceId, spanId, flags, false);
        const startTime = nanosToHrTime(s.startTimeUnixNano);
        const endTime = nanosToHrTime(s.endTimeUnixNano);
        const events: TimedEvent[] = (s.events ?? []).map((e) => ({
          name: e.name ?? '',
          time: nanosToHrTime(e.timeUnixNano),
          attributes: decodeAttributes(e.attributes),
          droppedAttributesCount: e.droppedAttributesCount ?? 0,
        }));
        const links: Link[] = (s.links ?? [])
          .filter((l) => HEX_TRACE_ID.test((l.traceId ?? '').toLowerCase()) && HEX_SPAN_ID.test((l.spanId ?? '').toLowerCase()))
          .map((l) => ({
            context: spanContext((l.traceId ?? '').toLowerCase(), (l.spanId ?? '').toLowerCase(), l.flags, false),
            attributes: decodeAttributes(l.attributes),
            droppedAttributesCount: l.droppedAttributesCount ?? 0,
          }));
        spans.push({
          name: s.name ?? '',
          // OTLP kinds start at 1 (INTERNAL); the API's SpanKind starts at 0.
          kind: Math.max(0, (s.kind ?? 1) - 1),
          spanContext: () => own,
          parentSpanContext: HEX_SPAN_ID.test(parentId) ? spanContext(traceId, parentId, 1, parentIsRemote) : undefined,
          startTime,
          endTime,
          duration: hrDiff(endTime, startTime),
          status: { code: s.status?.code ?? 0, ...(s.status?.message ? { message: s.status.message } : {}) },
          attributes: decodeAttributes(s.attributes),
          links,
          events,
          ended: true,
          resource,
          instrumentationScope: scope,
          droppedAttributesCount: s.droppedAttributesCount ?? 0,
          droppedEventsCount: s.droppedEventsCount ?? 0,
          droppedLinksCount: s.droppedLinksCount ?? 0,
        });
      }
    }
  }
  return { spans, skipped };
}
