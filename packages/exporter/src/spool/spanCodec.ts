import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { decodeOtlpJson } from '../otlpJson';
import type { OtlpJsonRequest } from '../otlpJson';

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

/** Serialises a batch to OTLP/JSON bytes. */
export function encodeSpans(spans: readonly ReadableSpan[]): Uint8Array {
  const bytes = JsonTraceSerializer.serializeRequest(spans as ReadableSpan[]);
  if (bytes === undefined) throw new Error('OTLP/JSON serializer returned nothing');
  return bytes;
}

/** Turns bytes made by {@link encodeSpans} back into spans. Throws on malformed input. */
export function decodeSpans(bytes: Uint8Array): ReadableSpan[] {
  const request = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')) as OtlpJsonRequest;
  const { spans, skipped } = decodeOtlpJson(request);
  // A spool record is checksummed and written by encodeSpans: a span without ids means corruption.
  if (skipped > 0) throw new Error(`spool record holds ${skipped} span(s) without valid ids`);
  return spans;
}
