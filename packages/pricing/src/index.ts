export type { Usage } from './usage';
export { MONEY_SCALE, MONEY_DECIMALS, formatUsd, toUsdNumber, parseUsd } from './money';
export { METER_INFO, METER_NAMES, SERVICE_TIERS } from './meters';
export type { CostPart, MeterName, MeterInfo, ServiceTier, UnitKind } from './meters';
export type {
  CatalogEntry,
  CatalogFile,
  CostOptions,
  CostResult,
  Discount,
  MatchKind,
  PartCost,
  PriceTable,
  PriceTier,
  PriceValue,
  PricedCost,
  ResolvedModel,
  UnpricedCost,
  UnpricedReason,
  UnresolvedModel,
} from './types';
export { PriceCatalog, computeCost, getDefaultCatalog, setDefaultCatalog } from './PriceCatalog';
export type { ListedEntry, PriceCatalogOptions } from './PriceCatalog';
export { validateCatalogFile, validateCatalogObject } from './validate';
export type { CatalogProblem } from './validate';
export { runPricingCli, EXIT as PRICING_CLI_EXIT } from './cli';
export type { CliIo } from './cli';
