import {
  BaggageEntry,
  baggageEntryMetadataFromString,
  Context,
  propagation,
  TextMapGetter,
  TextMapPropagator,
  TextMapSetter,
} from '@opentelemetry/api';
import { BaggageOut, parseBaggageHeader, serializeBaggage } from './baggage';
import { isCarrier, readHeader } from './carrier';
import { decodeValue } from './codec';
import { BAGGAGE_HEADER } from './constants';
import { isTracingSuppressed } from './suppress';

/**
 * Propagates W3C Baggage per the current specification
 * (https://www.w3.org/TR/baggage/): up to 180 list-members and 8192 bytes are
 * sent (the spec asks for at least 64 and 8192, with no per-entry limit), values
 * are percent-encoded outside the baggage-octet range, `+` is a literal, and
 * invalid UTF-8 decodes to U+FFFD instead of dropping the entry.
 *
 * Use it with {@link LLMObservePropagator} in `headers` mode only: in the other
 * modes that propagator owns the `baggage` header itself.
 */
export class W3CBaggagePropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    if (!isCarrier(carrier) || isTracingSuppressed(context)) return;
    const baggage = propagation.getBaggage(context);
    if (!baggage) return;
    const entries: BaggageOut[] = [];
    for (const [key, entry] of baggage.getAllEntries()) {
      const props = entry.metadata?.toString();
      entries.push(props ? { key, value: entry.value, properties: props } : { key, value: entry.value });
    }
    const header = serializeBaggage(entries);
    if (header.length > 0) setter.set(carrier, BAGGAGE_HEADER, header);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    if (!isCarrier(carrier)) return context;
    const header = readHeader(carrier, getter, BAGGAGE_HEADER, true);
    if (header === undefined) return context;
    const entries: Record<string, BaggageEntry> = {};
    let count = 0;
    for (const m of parseBaggageHeader(header)) {
      const value = decodeValue(m.rawValue, false);
      entries[m.key] = m.properties ? { value, metadata: baggageEntryMetadataFromString(m.properties) } : { value };
      count++;
    }
    return count === 0 ? context : propagation.setBaggage(context, propagation.createBaggage(entries));
  }

  fields(): string[] {
    return [BAGGAGE_HEADER];
  }
}
