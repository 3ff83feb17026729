import type { CostPart, MeterName, ServiceTier } from './meters';

/**
 * A price as written in a catalog or overrides file: USD per one unit of the meter, as a decimal
 * string (exact) or a JSON number, or `{ usd, per }` where `per` is `1K`, `1M`, `1B`, a positive
 * integer, or (time meters) `minute` / `hour`: `{ "usd": "2.50", "per": "1M" }` for $2.50 per
 * million tokens.
 */
export type PriceValue = string | number | { usd: string | number; per: string | number };

/** Prices of one level (base, a context tier, a service tier), by meter. */
export type PriceTable = Partial<Record<MeterName, PriceValue>>;

/** A long-context (or result-count) tier: the whole call moves to these prices once the count strictly exceeds `above`. */
export interface PriceTier {
  /** Threshold: the tier applies when the count is strictly greater. */
  above: number;
  /** What is counted: prompt tokens (default) or search results. */
  on?: 'input_tokens' | 'search_results';
  /** Prices that replace the base prices in this tier (meters not listed keep the base price). */
  prices: PriceTable;
}

/** One priced model or operation in a catalog file. */
export interface CatalogEntry {
  /** Provider id (`openai`, `anthropic`, `bedrock`, `pinecone`, ...). */
  provider: string;
  /** Model or operation name within the provider (`gpt-4o`, `serverless-standard`). */
  model: string;
  /** Globally unique id (the LiteLLM key); defaults to `provider/model`. */
  id?: string;
  /** Other names that resolve to this entry. */
  aliases?: string[];
  /** Image variant: `size` (`1024x1024`), `quality`, `steps`; selected by the usage's imageSize/imageQuality/imageSteps. */
  variant?: { size?: string; quality?: string; steps?: string };
  /** LiteLLM mode (`chat`, `embedding`, `audio_transcription`, ...). */
  mode?: string;
  /** First day (UTC) this price applies, `YYYY-MM-DD` or an ISO timestamp. Absent: always. */
  effective_from?: string;
  /** First day (UTC) this price no longer applies (exclusive), for historical prices. Absent: open-ended. */
  effective_until?: string;
  /** Where the price comes from (pricing page name). */
  source?: string;
  /** Prices by meter. */
  prices: PriceTable;
  /** Long-context / result-count tiers, ascending. */
  tiers?: PriceTier[];
  /** Batch / flex / priority prices. */
  service_tiers?: Partial<Record<ServiceTier, { prices: PriceTable; tiers?: PriceTier[] }>>;
  /** Multipliers by name (`us`: 1.1 data residency, `fast`: 6), applied when the usage names them. */
  modifiers?: Record<string, string | number>;
  /** Free-text remarks. */
  notes?: string;
}

/** A negotiated discount: a percentage off every part, for a provider or one model. */
export interface Discount {
  /** Provider the discount applies to (all its models unless `model` is set). */
  provider?: string;
  /** Model the discount applies to (of `provider` if set, else of any provider). */
  model?: string;
  /** Percent off, 0–100, up to 6 decimals (`12.5`). */
  percent: string | number;
}

/** A catalog or overrides file. */
export interface CatalogFile {
  /** `llmobserve.price-catalog/1`. */
  format?: string;
  /** Catalog name (`litellm`, `curated`, or yours). */
  name?: string;
  /** Version string, part of `pricingVersion`. */
  version?: string;
  /** File-level provenance; when absent every entry needs `source` and `effective_from`. */
  source?: unknown;
  /** Priced entries. */
  entries?: CatalogEntry[];
  /** Negotiated discounts. */
  discounts?: Discount[];
  /** Azure deployment name → model name. */
  azure_deployments?: Record<string, string>;
}

/** One part of a priced cost. */
export interface PartCost {
  /** USD rounded to 1e-12. */
  readonly usd: number;
  /** Exact USD decimal string. */
  readonly usdExact: string;
  /** Exact amount in money units (10^-24 USD, see MONEY_SCALE). */
  readonly amount: bigint;
  /** Quantity billed (tokens, seconds, ...), as given. */
  readonly quantity: number | string;
  /** USD per unit applied (after discount and modifiers are NOT applied: the catalog price). */
  readonly unitUsd: string;
  /** The meter billed. */
  readonly meter: MeterName;
}

/** A cost the engine could compute. */
export interface PricedCost {
  /** Discriminant. */
  readonly priced: true;
  /** Total USD rounded to 1e-12, for span attributes. */
  readonly totalUsd: number;
  /** Exact total as a decimal string. */
  readonly totalUsdExact: string;
  /** Exact total in money units (10^-24 USD, see MONEY_SCALE). */
  readonly total: bigint;
  /** Breakdown: one entry per part with a non-zero quantity. */
  readonly parts: Partial<Record<CostPart, PartCost>>;
  /** Catalog id of the price used (`gpt-4o`, `gemini/gemini-2.5-pro`). */
  readonly matchedModel: string;
  /** Catalog provider of the price used. */
  readonly provider: string;
  /** Version of the price data (`litellm-2026-07-24-8442b93+curated-…`). */
  readonly pricingVersion: string;
  /** Which layer the price came from: `litellm`, `curated`, an overrides file name, or `registered`. */
  readonly priceSource: string;
  /** Long-context tier threshold applied, if any. */
  readonly tierAbove?: number;
  /** Service tier applied, if any. */
  readonly serviceTier?: ServiceTier;
  /** Discount percent applied, if any. */
  readonly discountPercent?: string;
}

/** Why no cost could be computed. */
export type UnpricedReason = 'unknown_model' | 'missing_rate' | 'bad_usage';

/** A cost the engine refused to guess. */
export interface UnpricedCost {
  /** Discriminant. */
  readonly priced: false;
  /** `unknown_model`: no such model; `missing_rate`: the model has no price for a billed unit; `bad_usage`: invalid counts. */
  readonly reason: UnpricedReason;
  /** Human-readable explanation naming the field or model. */
  readonly detail: string;
  /** Closest known ids, for `unknown_model`. */
  readonly closest?: string[];
}

/** The result of `computeCost`. */
export type CostResult = PricedCost | UnpricedCost;

/** Options of `computeCost`. */
export interface CostOptions {
  /** Provider as reported (`openai`, `aws.bedrock`, `gcp.vertex_ai`, ...); narrows the lookup. */
  provider?: string;
  /** Model id as requested or reported. */
  model: string;
  /** When the call happened (selects the price in force); default now. */
  at?: Date | string | number;
}

/** How `resolve` matched a model id. */
export type MatchKind = 'exact' | 'provider_prefix' | 'bedrock' | 'snapshot_family' | 'azure_deployment' | 'alias';

/** A model id resolved to a catalog model. */
export interface ResolvedModel {
  /** Discriminant. */
  readonly found: true;
  /** Catalog provider. */
  readonly provider: string;
  /** Model name within the provider. */
  readonly model: string;
  /** Catalog id (as reported in `matchedModel`). */
  readonly id: string;
  /** How it matched. */
  readonly via: MatchKind;
}

/** A model id that resolved to nothing priced. */
export interface UnresolvedModel {
  /** Discriminant. */
  readonly found: false;
  /** `unknown_model`, or `missing_rate` for models the source lists without a price. */
  readonly reason: 'unknown_model' | 'missing_rate';
  /** Explanation. */
  readonly detail: string;
  /** Closest known ids. */
  readonly closest: string[];
}
