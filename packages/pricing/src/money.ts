/**
 * Exact money. Amounts are bigint counts of 10^-24 USD ("yocto-dollars"). Every catalog rate
 * (at most 19 decimal places once upstream float noise is removed) times any integer count is an
 * integer in this unit, so sums are exact in any order. Rounding happens only where a value is
 * not a finite decimal at this scale (a per-hour price applied to seconds, a fractional quantity
 * with many decimals, a discount with many decimals) and is then half-even to 10^-24 USD.
 */

/** Decimal places of the money unit. */
export const MONEY_DECIMALS = 24;

/** Integer money units per US dollar: amounts are bigint counts of 10^-24 USD. */
export const MONEY_SCALE: bigint = 10n ** 24n;

const POW10: bigint[] = [];
for (let i = 0; i <= 48; i++) POW10.push(10n ** BigInt(i));

/** 10^n as a bigint (0 ≤ n ≤ 48). */
export function pow10(n: number): bigint {
  return POW10[n] ?? 10n ** BigInt(n);
}

const DECIMAL_RE = /^(-)?(\d+)(?:\.(\d+))?$/;

/**
 * Parses a plain decimal string ("0.0000025", "12", "-3.5") into units of 10^-`scale`.
 * Returns undefined when the text is not a plain decimal or has more than `scale` decimals.
 */
export function parseDecimal(text: string, scale: number = MONEY_DECIMALS): bigint | undefined {
  const m = DECIMAL_RE.exec(text);
  if (m === null) return undefined;
  const frac = m[3] ?? '';
  const trimmed = frac.replace(/0+$/, '');
  if (trimmed.length > scale) return undefined;
  const v = BigInt(m[2] + trimmed) * pow10(scale - trimmed.length);
  return m[1] === '-' ? -v : v;
}

/** A finite JS number as its shortest round-trip plain decimal string (no exponent). */
export function numberToDecimal(n: number): string {
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([-+]\d+))?$/.exec(s);
  if (m === null) return s; // NaN / Infinity: callers validate first
  const [, sign, int, frac = '', expS] = m;
  const exp = expS ? Number(expS) : 0;
  let digits = int + frac;
  let point = int.length + exp;
  if (point <= 0) {
    digits = '0'.repeat(1 - point) + digits;
    point = 1;
  }
  if (point > digits.length) digits += '0'.repeat(point - digits.length);
  const ip = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fp = digits.slice(point).replace(/0+$/, '');
  return sign + ip + (fp ? `.${fp}` : '');
}

/** Decimal places of a plain decimal string, trailing zeros ignored. */
export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  if (dot < 0) return 0;
  let end = text.length;
  while (end > dot + 1 && text.charCodeAt(end - 1) === 48) end--;
  return end - dot - 1;
}

/** n / d rounded half to even (d > 0). */
export function divRoundHalfEven(n: bigint, d: bigint): bigint {
  if (d === 1n) return n;
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const r = a - q * d;
  const twice = r * 2n;
  if (twice > d || (twice === d && (q & 1n) === 1n)) q += 1n;
  return neg ? -q : q;
}

/** Formats money units as a plain USD decimal string: 2500000000000000000n → "0.0000025". */
export function formatUsd(amount: bigint): string {
  const neg = amount < 0n;
  const s = (neg ? -amount : amount).toString().padStart(MONEY_DECIMALS + 1, '0');
  const int = s.slice(0, s.length - MONEY_DECIMALS);
  let end = s.length;
  while (end > s.length - MONEY_DECIMALS && s.charCodeAt(end - 1) === 48) end--;
  const frac = s.slice(s.length - MONEY_DECIMALS, end);
  return (neg ? '-' : '') + int + (frac ? `.${frac}` : '');
}

const TO_1E12 = pow10(MONEY_DECIMALS - 12);
const PICO_FAST_LIMIT = 2 ** 51;

/**
 * Money units as a JS number of USD rounded (half-even) to 1e-12, for span attributes.
 * Exact below $9,007 (2^53 pico-dollars); larger amounts keep 15–16 significant digits.
 */
export function toUsdNumber(amount: bigint): number {
  // Most amounts are whole pico-dollars (catalog rates have at most 12 decimals): guess the
  // quotient in floating point and confirm it with one exact multiplication, which is cheaper
  // than the bigint division. A confirmed guess is the exact quotient, so the result is the same.
  const guess = Math.round(Number(amount) / 1e12);
  if (guess < PICO_FAST_LIMIT && guess > -PICO_FAST_LIMIT && BigInt(guess) * TO_1E12 === amount) return guess / 1e12;
  return Number(divRoundHalfEven(amount, TO_1E12)) / 1e12;
}

/**
 * `formatUsd` of `pico × 10^12` money units, for a whole number of pico-dollars known as a
 * safe integer (0 ≤ pico ≤ 2^53 − 1): the same text, without bigint arithmetic.
 */
export function formatPicoUsd(pico: number): string {
  const frac = pico % 1e12;
  const int = (pico - frac) / 1e12;
  if (frac === 0) return String(int);
  // frac + 10^12 is exact (below 2^41) and prints as "1" and the 12 fraction digits, zero-padded.
  const digits = String(frac + 1e12);
  let end = 13;
  while (digits.charCodeAt(end - 1) === 48) end--;
  return `${int}.${digits.slice(1, end)}`;
}

/**
 * Parses a USD decimal string ("0.0025", "12", "1e-6" is rejected) into money units.
 * @throws Error naming the value when it is not a plain decimal with at most 24 decimals.
 */
export function parseUsd(s: string): bigint {
  const v = typeof s === 'string' ? parseDecimal(s.trim()) : undefined;
  if (v === undefined) {
    throw new Error(`parseUsd: ${JSON.stringify(s)} is not a plain decimal USD amount with at most ${MONEY_DECIMALS} decimals`);
  }
  return v;
}
