/**
 * Exact decimal arithmetic for USD amounts carried as strings (`"0.000125"`) or
 * numbers: values are scaled to integers (BigInt) so sums never pick up binary
 * floating-point error.
 */
export interface Decimal {
  /** The value times 10^scale. */
  readonly units: bigint;
  /** Digits after the decimal point. */
  readonly scale: number;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const MAX_SCALE = 40;

/** Parses a decimal string or a finite number; `undefined` for anything else. */
export function parseDecimal(value: unknown): Decimal | undefined {
  let raw: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    raw = String(value);
  } else if (typeof value === 'string') {
    raw = value.trim();
  } else {
    return undefined;
  }
  const match = DECIMAL.exec(raw);
  if (match === null) return undefined;
  const [, sign, whole = '', fraction = '', exponent] = match;
  if (whole === '' && fraction === '') return undefined;
  let digits = `${whole}${fraction}`;
  let scale = fraction.length - (exponent === undefined ? 0 : Number(exponent));
  if (scale < 0) {
    digits += '0'.repeat(-scale);
    scale = 0;
  }
  if (scale > MAX_SCALE) return undefined;
  const units = BigInt(digits === '' ? '0' : digits);
  return { units: sign === '-' ? -units : units, scale };
}

/** a + b, exactly. */
export function addDecimal(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { units: a.units + b.units, scale: a.scale };
  if (a.scale > b.scale) return { units: a.units + b.units * 10n ** BigInt(a.scale - b.scale), scale: a.scale };
  return addDecimal(b, a);
}

/** Plain decimal notation without trailing zeros (`"0.0042"`, `"12"`). */
export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  let digits = (negative ? -d.units : d.units).toString();
  if (d.scale > 0) {
    digits = digits.padStart(d.scale + 1, '0');
    const whole = digits.slice(0, digits.length - d.scale);
    const fraction = digits.slice(digits.length - d.scale).replace(/0+$/, '');
    digits = fraction === '' ? whole : `${whole}.${fraction}`;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}
