import type { Rate } from './compile';
import type { CostPart, MeterName, ServiceTier } from './meters';
import { divRoundHalfEven, formatPicoUsd, formatUsd, toUsdNumber } from './money';
import type { PartCost, PricedCost, UnpricedCost, UnpricedReason } from './types';

/** One part of a priced cost; the number and string forms are computed on first read. */
export class PartCostValue implements PartCost {
  /** The amount in whole pico-dollars when the engine knows it as a safe integer, else NaN. */
  readonly #pico: number;

  /**
   * @param amount exact amount @param quantity as billed @param rate catalog price per unit @param meter billed meter
   * @param pico `amount / 10^12` when it is a whole number known as a safe integer (NaN: unknown)
   */
  constructor(
    readonly amount: bigint,
    readonly quantity: number | string,
    readonly rate: Rate,
    readonly meter: MeterName,
    pico = Number.NaN,
  ) {
    this.#pico = pico;
  }

  /** `amount / 10^12` as a safe integer, or NaN when not known (for the engine's sums). */
  get pico(): number {
    return this.#pico;
  }

  /** Catalog USD per unit (`…` marks a per-hour/minute price shown rounded per second). */
  get unitUsd(): string {
    const r = this.rate;
    if (r.den === 1n) return formatUsd(r.num);
    return formatUsd(divRoundHalfEven(r.num, r.den)) + (r.num % r.den === 0n ? '' : '…');
  }

  /** USD rounded to 1e-12. */
  get usd(): number {
    // A whole number of pico-dollars below 2^53 converts exactly: the same figure as toUsdNumber.
    const pico = this.#pico;
    return pico === pico ? pico / 1e12 : toUsdNumber(this.amount);
  }

  /** Exact USD decimal string. */
  get usdExact(): string {
    return formatUsd(this.amount);
  }

  /** JSON form: money as decimal strings. */
  toJSON(): Record<string, unknown> {
    return { usd: this.usdExact, quantity: this.quantity, unitUsd: this.unitUsd, meter: this.meter };
  }
}

/** A priced cost. `totalUsd` / `totalUsdExact` are derived from the exact `total` on first read. */
export class PricedCostValue implements PricedCost {
  readonly priced = true as const;
  private usdCache: number | undefined;
  /** `total / 10^12` when the engine knows it as a safe integer, else NaN. */
  readonly #pico: number;

  /** @param pico `total / 10^12` when it is a whole number known as a safe integer (NaN: unknown) */
  constructor(
    readonly total: bigint,
    readonly parts: Partial<Record<CostPart, PartCostValue>>,
    readonly matchedModel: string,
    readonly provider: string,
    readonly pricingVersion: string,
    readonly priceSource: string,
    readonly tierAbove: number | undefined,
    readonly serviceTier: ServiceTier | undefined,
    readonly discountPercent: string | undefined,
    pico = Number.NaN,
  ) {
    this.#pico = pico;
  }

  /** Total USD rounded to 1e-12. */
  get totalUsd(): number {
    const pico = this.#pico;
    return (this.usdCache ??= pico === pico ? pico / 1e12 : toUsdNumber(this.total));
  }

  /** Exact total as a decimal string. */
  get totalUsdExact(): string {
    const pico = this.#pico;
    return pico === pico ? formatPicoUsd(pico) : formatUsd(this.total);
  }

  /** JSON form: money as decimal strings (bigint is not JSON). */
  toJSON(): Record<string, unknown> {
    const parts: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(this.parts)) parts[k] = v.toJSON();
    return {
      priced: true,
      totalUsd: this.totalUsdExact,
      parts,
      matchedModel: this.matchedModel,
      provider: this.provider,
      pricingVersion: this.pricingVersion,
      priceSource: this.priceSource,
      ...(this.tierAbove !== undefined ? { tierAbove: this.tierAbove } : {}),
      ...(this.serviceTier !== undefined ? { serviceTier: this.serviceTier } : {}),
      ...(this.discountPercent !== undefined ? { discountPercent: this.discountPercent } : {}),
    };
  }
}

/** Builds an unpriced result. */
export function unpriced(reason: UnpricedReason, detail: string, closest?: string[]): UnpricedCost {
  return closest === undefined ? { priced: false, reason, detail } : { priced: false, reason, detail, closest };
}
