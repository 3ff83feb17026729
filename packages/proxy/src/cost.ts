import { computeCost } from '@llmobserve/pricing';
import type { Usage } from '@llmobserve/pricing';
import type { CostFunction } from './types';

/** The default pricing: `computeCost` of `@llmobserve/pricing` (catalog plus the user's overrides). */
export const defaultCostFunction: CostFunction = computeCost;

/** The exact USD cost of a call as a decimal string, or undefined when it cannot be priced. Never throws. */
export function costUsd(fn: CostFunction, usage: Usage | undefined, provider: string | undefined, model: string | undefined): string | undefined {
  if (usage === undefined || provider === undefined || model === undefined) return undefined;
  try {
    const r = fn(usage, { provider, model });
    return r.priced ? r.totalUsdExact : undefined;
  } catch {
    return undefined;
  }
}
