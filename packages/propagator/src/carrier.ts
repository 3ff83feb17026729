import type { TextMapGetter } from '@opentelemetry/api';

/**
 * Reads one header from a carrier without trusting it: a string is returned as
 * is, an array of strings is joined with `,` (when `join`) or refused when it has
 * more than one element, anything else is refused. A getter that throws is
 * treated as "absent".
 */
export function readHeader(
  carrier: unknown,
  getter: TextMapGetter,
  key: string,
  join: boolean,
): string | undefined {
  let raw: unknown;
  try {
    raw = getter.get(carrier, key);
  } catch {
    return undefined;
  }
  if (typeof raw === 'string') return raw;
  if (!Array.isArray(raw) || raw.length === 0) return undefined;
  if (raw.length === 1) return typeof raw[0] === 'string' ? raw[0] : undefined;
  if (!join) return undefined;
  for (const v of raw) if (typeof v !== 'string') return undefined;
  return (raw as string[]).join(',');
}

/** True when `carrier` can hold headers at all (a non-null object). */
export function isCarrier(carrier: unknown): boolean {
  return carrier !== null && typeof carrier === 'object';
}
