import { METER_INFO, METER_INDEX, METER_NAMES, PER_WORDS, SERVICE_TIERS, type MeterName, type ServiceTier } from './meters';
import { MONEY_DECIMALS, numberToDecimal, parseDecimal, pow10 } from './money';
import type { CatalogEntry, PriceTable, PriceTier, PriceValue } from './types';

/** A price in money units per unit: `num / den` (den is 1 unless the price was given per hour/minute/N units). */
export interface Rate {
  readonly num: bigint;
  readonly den: bigint;
  /**
   * `num / 10^12` (pico-USD per unit) as a number, set at compile time when that is exact (den 1,
   * at most 12 decimals, below 2^53): the engine then derives `usd` figures of whole-unit
   * quantities from one float product instead of a bigint division per figure.
   */
  readonly pico?: number;
}

/** Rates of one level, indexed by METER_INDEX. */
export type RateArray = ReadonlyArray<Rate | undefined>;

/** A compiled tier. */
export interface CompiledTier {
  readonly above: number;
  readonly onResults: boolean;
  readonly rates: RateArray;
}

/** A catalog entry ready for the engine. */
export interface CompiledEntry {
  readonly base: RateArray;
  readonly tiers: readonly CompiledTier[];
  readonly services: Partial<Record<ServiceTier, { rates: RateArray; tiers: readonly CompiledTier[] }>>;
  readonly modifiers: ReadonlyMap<string, Rate>;
  /** `[base]`, preallocated for calls with no tier. */
  readonly baseOnly: readonly RateArray[];
}

/**
 * Parses one price. Returns the rate or a problem text naming the value and the fix.
 */
export function parsePrice(value: PriceValue | unknown, meter: MeterName): Rate | string {
  let usdText: string;
  let per = 1n;
  if (typeof value === 'string') usdText = value.trim();
  else if (typeof value === 'number') {
    if (!Number.isFinite(value)) return `must be a finite number, got ${String(value)}`;
    usdText = numberToDecimal(value);
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => k !== 'usd' && k !== 'per');
    if (extra.length > 0) return `unknown key ${JSON.stringify(extra[0])} in price object (allowed: usd, per)`;
    if (o.usd === undefined) return 'price object needs "usd"';
    const inner = parsePrice(o.usd as PriceValue, meter);
    if (typeof inner === 'string') return inner;
    if (o.per !== undefined) {
      const p = parsePer(o.per, meter);
      if (typeof p === 'string') return p;
      per = p;
    }
    return { num: inner.num, den: inner.den * per };
  } else {
    return `must be a decimal string, a number or { "usd": ..., "per": ... }, got ${JSON.stringify(value)}`;
  }
  const num = parseDecimal(usdText);
  if (num === undefined) {
    return `must be a plain decimal USD amount with at most ${MONEY_DECIMALS} decimals, got ${JSON.stringify(usdText)}`;
  }
  if (num < 0n) return `must be >= 0, got ${usdText}`;
  return { num, den: per };
}

function parsePer(per: unknown, meter: MeterName): bigint | string {
  const unit = METER_INFO[meter].unit;
  if (typeof per === 'number' || (typeof per === 'string' && /^\d+$/.test(per))) {
    const n = typeof per === 'number' ? per : Number(per);
    if (!Number.isSafeInteger(n) || n <= 0) return `"per" must be a positive integer, 1K, 1M, 1B, minute or hour, got ${JSON.stringify(per)}`;
    return BigInt(n);
  }
  if (typeof per !== 'string' || PER_WORDS[per] === undefined) {
    return `"per" must be a positive integer, 1K, 1M, 1B, minute or hour, got ${JSON.stringify(per)}`;
  }
  const w = PER_WORDS[per];
  if (w.kinds !== 'any' && !w.kinds.includes(unit)) return `"per": ${JSON.stringify(per)} only applies to time units, and ${meter} is per ${unit}`;
  if (per === 'hour' && unit === 'minute') return 60n;
  return w.n;
}

const PICO_UNITS = pow10(MONEY_DECIMALS - 12);
const MAX_PICO = BigInt(Number.MAX_SAFE_INTEGER);

/** The rate with its `pico` constant when it has one (see `Rate.pico`). */
function withPico(r: Rate): Rate {
  if (r.den !== 1n || r.num < 0n || r.num % PICO_UNITS !== 0n || r.num / PICO_UNITS > MAX_PICO) return r;
  return { num: r.num, den: r.den, pico: Number(r.num / PICO_UNITS) };
}

function compileTable(table: PriceTable | undefined): (Rate | undefined)[] {
  const out: (Rate | undefined)[] = new Array(METER_NAMES.length).fill(undefined);
  if (!table) return out;
  for (const [k, v] of Object.entries(table)) {
    const idx = METER_INDEX[k as MeterName];
    if (idx === undefined) throw new Error(`unknown meter ${JSON.stringify(k)}`);
    const r = parsePrice(v, k as MeterName);
    if (typeof r === 'string') throw new Error(`${k}: ${r}`);
    out[idx] = withPico(r);
  }
  return out;
}

function compileTiers(tiers: PriceTier[] | undefined): CompiledTier[] {
  if (!tiers) return [];
  return tiers
    .map((t) => ({ above: t.above, onResults: t.on === 'search_results', rates: compileTable(t.prices) }))
    .sort((a, b) => a.above - b.above);
}

/** Compiles a (validated) entry. Throws on a bad price; the validator reports the same problems with line numbers. */
export function compileEntry(e: CatalogEntry): CompiledEntry {
  const services: CompiledEntry['services'] = {};
  for (const s of SERVICE_TIERS) {
    const st = e.service_tiers?.[s];
    if (st) services[s] = { rates: compileTable(st.prices), tiers: compileTiers(st.tiers) };
  }
  const modifiers = new Map<string, Rate>();
  for (const [k, v] of Object.entries(e.modifiers ?? {})) {
    const r = parsePrice(v, 'input_token');
    if (typeof r === 'string') throw new Error(`modifiers.${k}: ${r}`);
    modifiers.set(k.toLowerCase(), r);
  }
  const base = compileTable(e.prices);
  return { base, baseOnly: [base], tiers: compileTiers(e.tiers), services, modifiers };
}

/** A stable signature of an entry's prices, to compare two entries for "same price". */
export function priceSignature(e: CatalogEntry): string {
  const norm = (t: PriceTable | undefined): string => {
    if (!t) return '';
    return Object.keys(t)
      .sort()
      .map((k) => {
        const r = parsePrice(t[k as MeterName], k as MeterName);
        return typeof r === 'string' ? `${k}=?` : `${k}=${r.num}/${r.den}`;
      })
      .join(',');
  };
  const tiers = (ts: PriceTier[] | undefined): string => (ts ?? []).map((t) => `${t.on ?? ''}>${t.above}:${norm(t.prices)}`).join(';');
  const services = SERVICE_TIERS.map((s) => {
    const st = e.service_tiers?.[s];
    return st ? `${s}{${norm(st.prices)}|${tiers(st.tiers)}}` : '';
  }).join('');
  const mods = Object.keys(e.modifiers ?? {})
    .sort()
    .map((k) => `${k}=${String(e.modifiers?.[k])}`)
    .join(',');
  return `${norm(e.prices)}|${tiers(e.tiers)}|${services}|${mods}`;
}
