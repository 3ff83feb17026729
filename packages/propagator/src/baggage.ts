import { MAX_BAGGAGE_BYTES, MAX_BAGGAGE_MEMBERS, MAX_BAGGAGE_PARSE_BYTES } from './constants';
import { encodeValue } from './codec';

/** One list-member of a W3C baggage header, value still percent-encoded. */
export interface BaggageMember {
  key: string;
  rawValue: string;
  /** The member's properties (`;k=v;flag`), validated, without the leading `;`. */
  properties?: string;
}

// Anchored single character-class patterns: linear time, no backtracking, and run
// natively, which on these short strings beats a JavaScript loop several times over.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BAGGAGE_OCTETS = /^[\x21\x23-\x2b\x2d-\x3a\x3c-\x5b\x5d-\x7e]*$/;

/** RFC 7230 token: the W3C baggage key syntax. */
export function isToken(s: string): boolean {
  return TOKEN.test(s);
}

/** `baggage-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E` */
function isBaggageOctets(s: string): boolean {
  return BAGGAGE_OCTETS.test(s);
}

function isValidProperty(p: string): boolean {
  const eq = p.indexOf('=');
  if (eq === -1) return isToken(p);
  return isToken(trimOws(p.slice(0, eq))) && isBaggageOctets(trimOws(p.slice(eq + 1)));
}

/**
 * Visits the list-members of a W3C baggage header (https://www.w3.org/TR/baggage/)
 * without building intermediate arrays. Invalid list-members are skipped; a header
 * longer than 64 KiB is ignored whole; at most 180 members are visited. Values are
 * passed still percent-encoded.
 */
export function forEachBaggageMember(
  header: string,
  visit: (key: string, rawValue: string, properties: string | undefined) => void,
): void {
  if (header.length > MAX_BAGGAGE_PARSE_BYTES) return;
  const members = header.split(',');
  let count = 0;
  for (let i = 0; i < members.length && count < MAX_BAGGAGE_MEMBERS; i++) {
    const item = members[i];
    const eq = item.indexOf('=');
    if (eq === -1) continue;
    const semi = item.indexOf(';');
    if (semi !== -1 && semi < eq) continue;
    const kvEnd = semi === -1 ? item.length : semi;
    const key = trimOws(item.slice(0, eq));
    const rawValue = trimOws(item.slice(eq + 1, kvEnd));
    if (!TOKEN.test(key) || !BAGGAGE_OCTETS.test(rawValue)) continue;
    const properties = semi === -1 ? undefined : parseProperties(item.slice(semi + 1));
    if (properties === null) continue;
    visit(key, rawValue, properties);
    count++;
  }
}

/** Trims HTTP optional whitespace (space and tab) only. */
function trimOws(s: string): string {
  const n = s.length;
  if (n === 0) return s;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  if (first !== 0x20 && first !== 0x09 && last !== 0x20 && last !== 0x09) return s;
  return s.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** Validated properties joined with `;`, `undefined` when there are none, `null` when invalid. */
function parseProperties(raw: string): string | undefined | null {
  const props: string[] = [];
  for (const p of raw.split(';')) {
    const prop = trimOws(p);
    if (prop.length === 0) continue;
    if (!isValidProperty(prop)) return null;
    props.push(prop);
  }
  return props.length === 0 ? undefined : props.join(';');
}

/** Parses a W3C baggage header into its valid list-members (see {@link forEachBaggageMember}). */
export function parseBaggageHeader(header: string): BaggageMember[] {
  const out: BaggageMember[] = [];
  forEachBaggageMember(header, (key, rawValue, properties) => {
    out.push(properties === undefined ? { key, rawValue } : { key, rawValue, properties });
  });
  return out;
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
