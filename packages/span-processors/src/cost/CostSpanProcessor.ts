import { Attributes, Context, diag, HrTime } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { computeCost, formatUsd, parseUsd, toUsdNumber } from '@llmobserve/pricing';
import type { CostOptions, CostResult, PricedCost, Usage } from '@llmobserve/pricing';
import { COST_ATTRIBUTES as A, DEFAULT_MAX_OPEN_SPANS } from '../constants';
import { checkEndHook, EndHookMode, sdkCallsOnEnding, wrapEnd } from '../endHook';
import { ConventionTable, loadConventionTable } from './conventionTable';
import { CostRollup } from './CostRollup';
import { readUsage, UsageRead } from './readUsage';

/** The pricing function: `computeCost` of `@llmobserve/pricing` by default. */
export type ComputeCostFn = (usage: Usage, opts: CostOptions) => CostResult;

/** What pricing one span gave: the engine's result, or a failure of the engine itself. */
type PriceOutcome = CostResult | { readonly priced: false; readonly reason: 'pricing_error'; readonly detail: string; readonly closest?: undefined };

/** Options of {@link CostSpanProcessor}. */
export interface CostSpanProcessorConfig {
  /** Pricing function (default: `computeCost` of `@llmobserve/pricing`, which applies its overrides). */
  computeCost?: ComputeCostFn;
  /** Usage conventions: a validated table or the path of a JSON/YAML file (default: the bundled `data/usage-conventions.json`). */
  conventions?: ConventionTable | string;
  /** Bound of the roll-up's open-span map (default 10,000); see `CostRollup`. */
  maxOpenSpans?: number;
  /** How writes reach the span before export (default `auto`); see `EndHookMode`. */
  endHook?: EndHookMode;
  /** Also write `gen_ai.usage.cost` (Langfuse) and OpenInference `llm.cost.*` (default true). */
  compatAttributes?: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;
const KNOWN = ['computeCost', 'conventions', 'maxOpenSpans', 'endHook', 'compatAttributes'];
const MAX_DETAIL = 256;
const MAX_CUSTOM_USD = 1_000_000;

/** A cost part's attribute name and side (OpenInference prompt / completion / neither). */
interface PartInfo {
  readonly attribute: string;
  readonly side: 'prompt' | 'completion' | undefined;
}

function spanIdOf(span: { spanContext(): { spanId: string } }): string {
  return span.spanContext().spanId;
}

function parentIdOf(span: Span): string | undefined {
  const s = span as unknown as { parentSpanContext?: { spanId?: string }; parentSpanId?: string };
  return s.parentSpanContext?.spanId ?? s.parentSpanId;
}

function hrToMillis(t: HrTime | undefined): number | undefined {
  if (!Array.isArray(t) || t.length !== 2) return undefined;
  const ms = t[0] * 1000 + t[1] / 1e6;
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** Parses `llmobserve.cost.custom_usd`: a number or decimal string, 0 to 1,000,000 USD. */
function parseCustom(v: unknown): bigint | string | undefined {
  if (v === undefined) return undefined;
  let text: string;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 0 || v > MAX_CUSTOM_USD) return `${A.customUsd} = ${String(v)} is not an amount from 0 to 1e6 USD`;
    text = v.toFixed(12);
  } else if (typeof v === 'string' && /^\d{1,7}(\.\d{1,24})?$/.test(v.trim())) {
    text = v.trim();
  } else {
    return `${A.customUsd} = ${JSON.stringify(typeof v === 'string' ? v.slice(0, 40) : v)} is not a USD amount (number or decimal string)`;
  }
  try {
    return parseUsd(text);
  } catch {
    return `${A.customUsd} = ${JSON.stringify(text)} is not a USD amount`;
  }
}

/**
 * Prices every span that carries LLM usage (GenAI semconv, OpenLLMetry,
 * OpenInference, Vercel AI SDK, or our own `llmobserve.usage.*`), and rolls the
 * cost up the span tree, exactly (bigint sums).
 *
 * Per span it writes `llmobserve.cost.total_usd` (+ `_exact`), one
 * `llmobserve.cost.<part>_usd` per priced part, `pricing_version`,
 * `matched_model`, `provider`, `usage_convention`, and `gen_ai.usage.cost` /
 * `llm.cost.total|prompt|completion` for Langfuse and Phoenix; an unpriceable
 * span gets `llmobserve.cost.unpriced_reason` and `…unpriced_detail` and no
 * number. `llmobserve.cost.custom_usd` set by the user adds to the span's cost.
 *
 * Roll-up: every span whose subtree (in this process) holds priced spans gets
 * `llmobserve.cost.subtree_usd` (+ `_exact`), `…subtree_llm_calls` and, when
 * some calls could not be priced, `…subtree_unpriced_calls`. A span's subtree
 * counts the descendants that ended before it did; a descendant that ends
 * later (a stream that outlives its parent) is added to the nearest ancestor
 * still open instead. Aggregate spans (Vercel's `ai.generateText`, GenAI
 * `invoke_agent`, OpenInference CHAIN/AGENT) are priced from their own usage
 * only when no priced LLM call ended below them, so nothing is counted twice.
 *
 * Writes happen in `onEnding` (or a wrapped `end()` on older SDKs, see
 * `EndHookMode`), before any exporter runs. Nothing here throws into user
 * code: a failure is reported through `diag` and the span is left as it was.
 */
export class CostSpanProcessor implements SpanProcessor {
  private readonly price: ComputeCostFn;
  private readonly table: ConventionTable;
  private readonly rollup: CostRollup;
  private readonly endHook: EndHookMode;
  private readonly compat: boolean;
  /** Per cost part seen so far (parts are a small fixed set; the bound is a safety net). */
  private readonly parts = new Map<string, PartInfo>();
  private warnedNoOnEnding = false;

  /** Throws at set-up on an unknown option, a bad value or a bad conventions file. */
  constructor(config: CostSpanProcessorConfig = {}) {
    for (const key of Object.keys(config)) {
      if (!KNOWN.includes(key)) throw new TypeError(`CostSpanProcessor: unknown option "${key}" (known: ${KNOWN.join(', ')})`);
    }
    if (config.computeCost !== undefined && typeof config.computeCost !== 'function') {
      throw new TypeError(`CostSpanProcessor: computeCost must be a function, got ${typeof config.computeCost}`);
    }
    const max = config.maxOpenSpans ?? DEFAULT_MAX_OPEN_SPANS;
    if (!Number.isInteger(max) || max < 1) {
      throw new TypeError(`CostSpanProcessor: maxOpenSpans must be a positive integer, got ${JSON.stringify(config.maxOpenSpans)}`);
    }
    this.price = config.computeCost ?? computeCost;
    this.table = typeof config.conventions === 'object' ? config.conventions : loadConventionTable(config.conventions);
    this.rollup = new CostRollup(max);
    this.endHook = checkEndHook(config.endHook, 'CostSpanProcessor');
    this.compat = config.compatAttributes ?? true;
  }

  /** Spans evicted from the roll-up because more than `maxOpenSpans` were open. */
  get evictedSpans(): number {
    return this.rollup.evicted;
  }

  /** Open spans currently tracked by the roll-up. */
  get openSpans(): number {
    return this.rollup.size;
  }

  onStart(span: Span, _parentContext: Context): void {
    try {
      this.rollup.start(spanIdOf(span), parentIdOf(span));
      if (this.endHook === 'wrapEnd' || (this.endHook === 'auto' && !sdkCallsOnEnding(span))) {
        wrapEnd(span, (s) => this.finish(s));
      }
    } catch (err) {
      diag.warn(`llmobserve: CostSpanProcessor.onStart failed: ${String(err)}`);
    }
  }

  onEnding(span: Span): void {
    // With wrapEnd the wrapper already did the work.
    if (this.endHook !== 'wrapEnd') this.finish(span);
  }

  onEnd(span: ReadableSpan): void {
    // A span still open in the roll-up got no onEnding (a wrapper processor that does not forward it?).
    if (this.rollup.end(spanIdOf(span)) === undefined) return;
    if (!this.warnedNoOnEnding) {
      this.warnedNoOnEnding = true;
      diag.warn('llmobserve: CostSpanProcessor did not get onEnding for a span; its cost was not written. Use endHook: "wrapEnd".');
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    this.rollup.clear();
    return Promise.resolve();
  }

  private finish(span: Span): void {
    try {
      this.write(span);
    } catch (err) {
      diag.warn(`llmobserve: CostSpanProcessor could not price span ${span.name}: ${String(err)}`);
    }
  }

  private write(span: Span): void {
    const node = this.rollup.end(spanIdOf(span));
    const attrs: Attributes = span.attributes;
    let own = 0n;
    let ownCalls = 0;
    let ownUnpriced = 0;
    let ownUsd: number | undefined;
    let ownExact: string | undefined;

    const read = readUsage(attrs, this.table);
    // LLM calls do not nest. A span with usage above priced calls either sums them (agent,
    // pipeline: `aggregate` conventions) or is the same call seen from a higher layer (an
    // SDK's own span over our HTTP capture span): counting it too would count twice.
    const coveredByChildren = read !== undefined && node !== undefined && node.calls > 0;
    if (coveredByChildren) span.setAttribute(A.countedBelow, true);
    let unpricedReason: string | undefined;
    let unpricedDetail = '';
    if (read !== undefined && !coveredByChildren) {
      if (!read.ok) {
        span.setAttribute(A.usageConvention, read.convention);
        unpricedReason = read.reason;
        unpricedDetail = read.detail;
      } else {
        const result = this.priceRead(read, hrToMillis(span.startTime));
        if (result.priced) {
          own += result.total;
          ownCalls = 1;
          ownUsd = result.totalUsd;
          ownExact = result.totalUsdExact;
          this.writePriced(span, result);
        } else {
          span.setAttribute(A.usageConvention, read.convention);
          unpricedReason = result.reason;
          unpricedDetail = result.detail + (result.closest?.length ? ` (closest: ${result.closest.slice(0, 3).join(', ')})` : '');
        }
      }
    }
    // Rarely set: an own-property test answers a miss without walking the prototype chain.
    const custom = parseCustom(hasOwn.call(attrs, A.customUsd) ? attrs[A.customUsd] : undefined);
    if (typeof custom === 'string') {
      unpricedReason ??= 'bad_custom_cost';
      unpricedDetail ||= custom;
    } else if (custom !== undefined) {
      own += custom;
      ownUsd = undefined;
      ownExact = undefined;
    }
    if (unpricedReason !== undefined) {
      ownUnpriced = 1;
      span.setAttribute(A.unpricedReason, unpricedReason);
      span.setAttribute(A.unpricedDetail, unpricedDetail.slice(0, MAX_DETAIL));
    }
    if (own > 0n || ownCalls > 0 || (custom !== undefined && typeof custom !== 'string')) {
      ownUsd ??= toUsdNumber(own);
      ownExact ??= formatUsd(own);
      span.setAttribute(A.totalUsd, ownUsd);
      span.setAttribute(A.totalUsdExact, ownExact);
    }

    const fromChildren = node !== undefined && (node.total > 0n || node.calls > 0 || node.unpriced > 0);
    const total = fromChildren ? own + node.total : own;
    const calls = ownCalls + (node?.calls ?? 0);
    const unpriced = ownUnpriced + (node?.unpriced ?? 0);
    if (total > 0n || calls > 0 || unpriced > 0) {
      // A leaf's subtree is its own cost: reuse the figures instead of converting again.
      span.setAttribute(A.subtreeUsd, !fromChildren && ownUsd !== undefined ? ownUsd : toUsdNumber(total));
      span.setAttribute(A.subtreeUsdExact, !fromChildren && ownExact !== undefined ? ownExact : formatUsd(total));
      span.setAttribute(A.subtreeLlmCalls, calls);
      if (unpriced > 0) span.setAttribute(A.subtreeUnpricedCalls, unpriced);
      this.rollup.contribute(node, total, calls, unpriced);
    }
  }

  private priceRead(read: UsageRead, at: number | undefined): PriceOutcome {
    let first: PriceOutcome | undefined;
    for (const model of read.models) {
      let result: PriceOutcome;
      try {
        // One literal per case: the same keys in the same order as adding them one by one.
        const provider = read.provider;
        const opts: CostOptions =
          provider !== undefined ? (at !== undefined ? { model, provider, at } : { model, provider }) : at !== undefined ? { model, at } : { model };
        result = this.price(read.usage, opts);
      } catch (err) {
        result = { priced: false, reason: 'pricing_error', detail: `pricing failed: ${String(err)}` };
      }
      if (result.priced) return result;
      first ??= result;
      if (result.reason !== 'unknown_model') break;
    }
    return first ?? { priced: false, reason: 'pricing_error', detail: 'no model to price' };
  }

  private partInfo(part: string): PartInfo {
    let info = this.parts.get(part);
    if (info === undefined) {
      info = {
        attribute: `${A.partPrefix}${part.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}_usd`,
        side: this.table.promptParts.has(part) ? 'prompt' : this.table.completionParts.has(part) ? 'completion' : undefined,
      };
      if (this.parts.size < 256) this.parts.set(part, info);
    }
    return info;
  }

  private writePriced(span: Span, result: PricedCost): void {
    span.setAttribute(A.pricingVersion, result.pricingVersion);
    span.setAttribute(A.matchedModel, result.matchedModel);
    let prompt = 0n;
    let completion = 0n;
    let promptParts = 0;
    let completionParts = 0;
    let promptUsd = 0;
    let completionUsd = 0;
    const parts = result.parts as Record<string, PricedCost['parts'][keyof PricedCost['parts']]>;
    for (const part in parts) {
      const value = parts[part];
      if (value === undefined) continue;
      const usd = value.usd;
      const info = this.partInfo(part);
      span.setAttribute(info.attribute, usd);
      // The side sums are only written with compat attributes; a side's first part needs no addition.
      if (!this.compat) continue;
      if (info.side === 'prompt') {
        prompt = promptParts === 0 ? value.amount : prompt + value.amount;
        promptUsd = usd;
        promptParts++;
      } else if (info.side === 'completion') {
        completion = completionParts === 0 ? value.amount : completion + value.amount;
        completionUsd = usd;
        completionParts++;
      }
    }
    if (this.compat) {
      const total = result.totalUsd;
      span.setAttribute(A.genAiUsageCost, total);
      span.setAttribute(A.openInferenceTotal, total);
      // One part on a side: its figure is already converted.
      span.setAttribute(A.openInferencePrompt, promptParts === 0 ? 0 : promptParts === 1 ? promptUsd : toUsdNumber(prompt));
      span.setAttribute(A.openInferenceCompletion, completionParts === 0 ? 0 : completionParts === 1 ? completionUsd : toUsdNumber(completion));
    }
  }
}
