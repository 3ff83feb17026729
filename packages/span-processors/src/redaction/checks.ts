/**
 * Checks that confirm a structural match before it is redacted (code holds the
 * rules; the data file names the check). Each takes the text and the match
 * bounds, so no substring is allocated on the hot path.
 */

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** Luhn (mod 10) over the digits of `text[start, end)`; separators are skipped. 13–19 digits. */
export function luhn(text: string, start: number, end: number): boolean {
  let sum = 0;
  let count = 0;
  let double = false;
  for (let i = end - 1; i >= start; i--) {
    const c = text.charCodeAt(i);
    if (!isDigit(c)) continue;
    let d = c - 0x30;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
    count++;
  }
  return count >= 13 && count <= 19 && sum % 10 === 0;
}

/** ISO 13616 IBAN: 15–34 alphanumerics (spaces skipped), mod-97 of the rearranged number equals 1. */
export function iban(text: string, start: number, end: number): boolean {
  const chars: number[] = [];
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) continue;
    chars.push(c);
  }
  if (chars.length < 15 || chars.length > 34) return false;
  const rearranged = [...chars.slice(4), ...chars.slice(0, 4)];
  let rem = 0;
  for (const c of rearranged) {
    if (isDigit(c)) {
      rem = (rem * 10 + (c - 0x30)) % 97;
    } else {
      const upper = c >= 0x61 && c <= 0x7a ? c - 0x20 : c;
      if (upper < 0x41 || upper > 0x5a) return false;
      const v = upper - 0x41 + 10;
      rem = (rem * 100 + v) % 97;
    }
  }
  return rem === 1;
}

/**
 * US Social Security number `AAA-GG-SSSS` (or with spaces): area not 000, 666
 * or 900–999; group not 00; serial not 0000.
 */
export function usSsn(text: string, start: number, end: number): boolean {
  const d: number[] = [];
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) d.push(c - 0x30);
  }
  if (d.length !== 9) return false;
  const area = d[0] * 100 + d[1] * 10 + d[2];
  const group = d[3] * 10 + d[4];
  const serial = d[5] * 1000 + d[6] * 100 + d[7] * 10 + d[8];
  return area !== 0 && area !== 666 && area < 900 && group !== 0 && serial !== 0;
}

/** E.164 phone number length: 8 to 15 digits in the match. */
export function phoneDigits(text: string, start: number, end: number): boolean {
  let count = 0;
  for (let i = start; i < end; i++) if (isDigit(text.charCodeAt(i))) count++;
  return count >= 8 && count <= 15;
}

/** A check a pattern can name in the data file. */
export type MatchCheck = (text: string, start: number, end: number) => boolean;

/** The checks the data file may name in a pattern's `check` field. */
export const CHECKS: Readonly<Record<string, MatchCheck>> = Object.freeze({
  luhn,
  iban,
  us_ssn: usSsn,
  phone_digits: phoneDigits,
});
