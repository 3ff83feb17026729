/**
 * Independent exact-decimal helpers for the tests (deliberately not the package's money module):
 * USD decimal strings ↔ bigint counts of 1e-24 USD.
 */
export const SCALE = 10n ** 24n;

/** '0.0000025' → 2500000000000000000n */
export function usd(s: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) throw new Error(`bad decimal ${s}`);
  const frac = (m[2] ?? '').padEnd(24, '0');
  if (frac.length > 24) throw new Error(`too many decimals ${s}`);
  return BigInt(m[1]) * SCALE + BigInt(frac);
}

/** price × integer quantity */
export function times(price: string, qty: number | bigint): bigint {
  return usd(price) * BigInt(qty);
}

/** price per `per` units × qty (exact when divisible; the tests choose divisible quantities). */
export function perUnits(price: string, per: number, qty: number): bigint {
  const n = usd(price) * BigInt(qty);
  if (n % BigInt(per) !== 0n) throw new Error(`not exact: ${price}/${per}×${qty}`);
  return n / BigInt(per);
}

/** bigint money → decimal string */
export function fmt(v: bigint): string {
  const s = v.toString().padStart(25, '0');
  const int = s.slice(0, -24);
  const frac = s.slice(-24).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}
