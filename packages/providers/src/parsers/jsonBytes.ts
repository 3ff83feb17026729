/** Byte-level JSON helpers shared by the incremental JSON parser and the text-only event tests. */

/** JSON insignificant whitespace: space, line feed, carriage return, tab. */
export function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
