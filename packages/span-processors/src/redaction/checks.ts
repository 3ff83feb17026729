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

// Scratch of luhnBatch, reused: one batch is in use at a time (the scanner is single-threaded).
let scratchCount = new Uint8Array(64);
let scratchA = new Uint16Array(64);
let scratchB = new Uint16Array(64);
let scratchStart = 0;

function luhnAnswer(end: number): boolean {
  const k = end - scratchStart;
  const n = scratchCount[k];
  if (n < 13 || n > 19) return false;
  // The rightmost digit is not doubled: digits whose index parity differs from (n - 1)'s are.
  return ((n - 1) % 2 === 0 ? scratchB[k] : scratchA[k]) % 10 === 0;
}

/**
 * Luhn for every end of a run at once: one pass from `start` to `maxEnd` keeps
 * the digit count and both parity sums, so each candidate end is answered in
 * O(1) (a run of digits has up to seven candidate ends). The answer function
 * is valid until the next call.
 */
function luhnBatch(text: string, start: number, maxEnd: number): (end: number) => boolean {
  const len = maxEnd - start + 1;
  if (scratchCount.length < len) {
    let size = scratchCount.length;
    while (size < len) size *= 2;
    scratchCount = new Uint8Array(size);
    scratchA = new Uint16Array(size);
    scratchB = new Uint16Array(size);
  }
  scratchStart = start;
  let c = 0;
  let a = 0;
  let b = 0;
  scratchCount[0] = 0;
  scratchA[0] = 0;
  scratchB[0] = 0;
  for (let p = start; p < maxEnd; p++) {
    const code = text.charCodeAt(p);
    if (isDigit(code) && c < 255) {
      const d = code - 0x30;
      const dd = d * 2 > 9 ? d * 2 - 9 : d * 2;
      if (c % 2 === 0) {
        a = (a + dd) % 10;
        b = (b + d) % 10;
      } else {
        a = (a + d) % 10;
        b = (b + dd) % 10;
      }
      c++;
    }
    scratchCount[p - start + 1] = c;
    scratchA[p - start + 1] = a;
    scratchB[p - start + 1] = b;
  }
  return luhnAnswer;
}

/** A check a pattern can name in the data file. */
export interface MatchCheck {
  (text: string, start: number, end: number): boolean;
  /** Optional: answers for every end up to `maxEnd` of one start, prepared in one pass. */
  batch?: (text: string, start: number, maxEnd: number) => (end: number) => boolean;
}

luhn.batch = luhnBatch;

/** The checks the data file may name in a pattern's `check` field. */
export const CHECKS: Readonly<Record<string, MatchCheck>> = Object.freeze({
  luhn,
  iban,
  us_ssn: usSsn,
  phone_digits: phoneDigits,
});
