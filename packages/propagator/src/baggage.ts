import { MAX_BAGGAGE_BYTES, MAX_BAGGAGE_MEMBERS, MAX_BAGGAGE_PARSE_BYTES } from './constants';
import { encodeValue } from './codec';

/** One list-member of a W3C baggage header, value still percent-encoded. */
export interface BaggageMember {
  key: string;
  rawValue: string;
  /** The member's properties (`;k=v;flag`), validated, without the leading `;`. */
  properties?: string;
}

const TCHAR = new Uint8Array(128);
for (const ch of "!#$%&'*+-.^_`|~") TCHAR[ch.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;

/** RFC 7230 token: the W3C baggage key syntax. */
export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TCHAR[c] === 0) return false;
  }
  return true;
}

/** `baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E` */
function isBaggageOctets(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x22 || c === 0x2c || c === 0x3b || c === 0x5c) return false;
  }
  return true;
}

function isValidProperty(p: string): boolean {
  const eq = p.indexOf('=');
  if (eq === -1) return isToken(p);
  return isToken(p.slice(0, eq).trim()) && isBaggageOctets(p.slice(eq + 1).trim());
}

/**
 * Parses a W3C baggage header (https://www.w3.org/TR/baggage/). Invalid
 * list-members are skipped, the rest are kept; a header longer than 64 KiB is
 * ignored whole. Values are returned still percent-encoded.
 */
export function parseBaggageHeader(header: string): BaggageMember[] {
  const out: BaggageMember[] = [];
  if (header.length > MAX_BAGGAGE_PARSE_BYTES) return out;
  let start = 0;
  while (start <= header.length && out.length < MAX_BAGGAGE_MEMBERS) {
    let end = header.indexOf(',', start);
    if (end === -1) end = header.length;
    const member = parseMember(header.slice(start, end));
    if (member !== undefined) out.push(member);
    start = end + 1;
  }
  return out;
}

function parseMember(item: string): BaggageMember | undefined {
  const semi = item.indexOf(';');
  const kv = semi === -1 ? item : item.slice(0, semi);
  const eq = kv.indexOf('=');
  if (eq === -1) return undefined;
  const key = kv.slice(0, eq).trim();
  const rawValue = kv.slice(eq + 1).trim();
  if (!isToken(key) || !isBaggageOctets(rawValue)) return undefined;
  if (semi === -1) return { key, rawValue };
  const props: string[] = [];
  for (const p of item.slice(semi + 1).split(';')) {
    const prop = p.trim();
    if (prop.length === 0) continue;
    if (!isValidProperty(prop)) return undefined;
    props.push(prop);
  }
  return props.length === 0 ? { key, rawValue } : { key, rawValue, properties: props.join(';') };
}

/** An entry to serialise: key, plain value, optional properties. */
export interface BaggageOut {
  key: string;
  value: string;
  properties?: string;
}

/**
 * Serialises baggage entries, percent-encoding values with {@link encodeValue}.
 * Entries with invalid keys or properties are skipped; entries that would take
 * the header past 180 members or 8192 bytes are dropped whole (earlier entries
 * win, so put the ones that matter most first).
 */
export function serializeBaggage(entries: Iterable<BaggageOut>): string {
  let out = '';
  let count = 0;
  for (const e of entries) {
    if (count >= MAX_BAGGAGE_MEMBERS) break;
    if (!isToken(e.key)) continue;
    if (e.properties !== undefined && !e.properties.split(';').every((p) => isValidProperty(p.trim()))) continue;
    const member = e.key + '=' + encodeValue(e.value) + (e.properties ? ';' + e.properties : '');
    const len = out.length === 0 ? member.length : out.length + 1 + member.length;
    if (len > MAX_BAGGAGE_BYTES) continue;
    out = out.length === 0 ? member : out + ',' + member;
    count++;
  }
  return out;
}
