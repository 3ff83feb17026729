import type { Rate } from './compile';
import type { CostPart, MeterName, ServiceTier } from './meters';
import { divRoundHalfEven, formatUsd, toUsdNumber } from './money';
import type { PartCost, PricedCost, UnpricedCost, UnpricedReason } from './types';

/** One part of a priced cost; the number and string forms are computed on first read. */
export class PartCostValue implements PartCost {
  /** @param amount exact amount @param quantity as billed @param rate catalog price per unit @param meter billed meter */
  constructor(
    readonly amount: bigint,
    readonly quantity: number | string,
    readonly rate: Rate,
    readonly meter: MeterName,
  ) {}

  /** Catalog USD per unit (`…` marks a per-hour/minute price shown rounded per second). */
  get unitUsd(): string {
    const r = this.rate;
    if (r.den === 1n) return formatUsd(r.num);
    return formatUsd(divRoundHalfEven(r.num, r.den)) + (r.num % r.den === 0n ? '' : '…');
  }

  /** USD rounded to 1e-12. */
  get usd(): number {
    return toUsdNumber(this.amount);
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
  ) {}

  /** Total USD rounded to 1e-12. */
  get totalUsd(): number {
    return (this.usdCache ??= toUsdNumber(this.total));
  }

  /** Exact total as a decimal string. */
  get totalUsdExact(): string {
    return formatUsd(this.total);
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
