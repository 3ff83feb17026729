/**
 * Percent-encoding of LLMObserve values for headers and W3C Baggage.
 *
 * We emit only unreserved characters (`A-Z a-z 0-9 - . _ ~`) plus `:` `/` `@`
 * raw and percent-encode every other UTF-8 byte, `%`, `+` and space included.
 * Such a value is a valid header value and a valid W3C baggage value, and it
 * survives a hop through Python's OpenTelemetry baggage propagator, which
 * decodes `+` as a space and re-encodes a space as `+`: since we never emit a
 * raw `+`, a `+` in one of *our* entries can only be such a re-encoded space
 * (see {@link decodeValue}'s `plusIsSpace`).
 */

const SAFE = new Uint8Array(128);
for (let c = 0x30; c <= 0x39; c++) SAFE[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) SAFE[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) SAFE[c] = 1;
for (const ch of '-._~:/@') SAFE[ch.charCodeAt(0)] = 1;

const HEX = '0123456789ABCDEF';
const utf8 = new TextEncoder();
const utf8Lenient = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });

/** Percent-encodes `s` as described in this module's comment. */
export function encodeValue(s: string): string {
  let i = 0;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || SAFE[c] === 0) break;
  }
  if (i === s.length) return s;
  let out = s.slice(0, i);
  const bytes = utf8.encode(s.slice(i));
  for (const b of bytes) {
    if (b < 128 && SAFE[b] === 1) out += String.fromCharCode(b);
    else out += '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

function hexVal(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/**
 * Decodes a percent-encoded value. Invalid escapes are kept literally; byte
 * sequences that are not valid UTF-8 become U+FFFD (W3C Baggage). With
 * `plusIsSpace`, a raw `+` decodes to a space (our own entries only).
 */
export function decodeValue(s: string, plusIsSpace: boolean): string {
  const hasPct = s.indexOf('%') !== -1;
  if (!hasPct) return plusIsSpace && s.indexOf('+') !== -1 ? s.replace(/\+/g, ' ') : s;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25 && i + 2 < s.length) {
      const hi = hexVal(s.charCodeAt(i + 1));
      const lo = hexVal(s.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        bytes.push((hi << 4) | lo);
        i += 2;
        continue;
      }
    }
    if (c === 0x2b && plusIsSpace) {
      bytes.push(0x20);
    } else if (c < 0x80) {
      bytes.push(c);
    } else {
      for (const b of utf8.encode(s[i])) bytes.push(b);
    }
  }
  return utf8Lenient.decode(Uint8Array.from(bytes));
}
