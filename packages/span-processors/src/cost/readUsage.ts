import type { Attributes } from '@opentelemetry/api';
import type { Usage } from '@llmobserve/pricing';
import { USAGE_TEXT_FIELDS } from './conventionTable';
import type { ConventionTable, FieldSource, UsageConvention, UsageField } from './conventionTable';

const TEXT_FIELD_SET: ReadonlySet<string> = new Set(USAGE_TEXT_FIELDS);
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * `attrs[key]`, own properties only. Most probes miss, and a miss through `hasOwnProperty` does
 * not walk the prototype chain as a plain property read does (span attributes are own data
 * properties, so the values read are the same).
 */
function own(attrs: Attributes, key: string): unknown {
  return hasOwn.call(attrs, key) ? attrs[key] : undefined;
}

/** A numeric field with its sources; `integer`: the field counts tokens (whole numbers only). */
interface FieldPlan {
  readonly field: UsageField;
  readonly integer: boolean;
  readonly sources: readonly FieldSource[];
}

/** One `usagePrefix` attribute: its key, its field, and how its value is checked. */
interface ProbePlan {
  readonly key: string;
  readonly field: string;
  readonly text: boolean;
  readonly integer: boolean;
}

/** A convention with its maps and sets turned into arrays, for the per-span loops. */
interface ConventionPlan {
  readonly conv: UsageConvention;
  readonly fields: readonly FieldPlan[];
  readonly probes: readonly ProbePlan[];
  readonly provider: readonly string[];
  readonly model: readonly string[];
  readonly total: readonly string[];
  readonly aggregateKey: string | undefined;
  /** `when.anyKey` of each variant (same order as `conv.variants`). */
  readonly variantKeys: readonly (readonly string[] | undefined)[];
  /** `within` of each variant as a list (same order as `conv.variants`). */
  readonly variantWithin: readonly (readonly (readonly [UsageField, readonly UsageField[]])[])[];
}

/**
 * What `readUsage` derives from a table once: every detect key of every convention, in table
 * order without repeats, with the convention it selects (the first one listing it), so a span
 * without usage is rejected in one pass over those keys.
 */
interface TablePlan {
  readonly triggerKeys: readonly string[];
  readonly triggerConventions: readonly ConventionPlan[];
}

const isTokenField = (field: string): boolean => field.endsWith('Tokens');

/**
 * The internalized (unique) copy of a property name. Keys read from a data file or built by
 * concatenation are not; `hasOwnProperty` then has to look each one up in the string table on
 * every call, which costs more than the probe itself.
 */
function internalize(key: string): string {
  return Object.keys({ [key]: true })[0];
}
const keys = (list: readonly string[]): string[] => list.map(internalize);

function compilePlan(table: ConventionTable): TablePlan {
  const triggerKeys: string[] = [];
  const triggerConventions: ConventionPlan[] = [];
  for (const conv of table.conventions) {
    const plan: ConventionPlan = {
      conv,
      fields: [...conv.fields].map(([field, sources]) => ({
        field,
        integer: isTokenField(field),
        sources: sources.map((src) => (src.json ? { key: internalize(src.key), json: src.json } : { key: internalize(src.key) })),
      })),
      probes: (conv.usagePrefix?.probes ?? []).map(([key, field]) => ({ key: internalize(key), field, text: TEXT_FIELD_SET.has(field), integer: isTokenField(field) })),
      provider: keys(conv.provider),
      model: keys(conv.model),
      total: keys(conv.total),
      aggregateKey: conv.aggregate === undefined ? undefined : internalize(conv.aggregate.key),
      variantKeys: conv.variants.map((v) => (v.when?.anyKey ? keys(v.when.anyKey) : undefined)),
      variantWithin: conv.variants.map((v) => [...v.within]),
    };
    for (const key of conv.detect) {
      if (triggerKeys.includes(key)) continue;
      triggerKeys.push(internalize(key));
      triggerConventions.push(plan);
    }
  }
  return { triggerKeys, triggerConventions };
}

// Tables are immutable once validated: plan each once. The last one is kept at hand (a process
// normally has one), others in a WeakMap.
const plans = new WeakMap<ConventionTable, TablePlan>();
let lastTable: ConventionTable | undefined;
let lastPlan: TablePlan | undefined;
function planOf(table: ConventionTable): TablePlan {
  if (table === lastTable && lastPlan !== undefined) return lastPlan;
  let plan = plans.get(table);
  if (plan === undefined) {
    plan = compilePlan(table);
    plans.set(table, plan);
  }
  lastTable = table;
  lastPlan = plan;
  return plan;
}

/** Largest count accepted on a span (10^9); larger counts are `bad_usage`. */
export const MAX_COUNT = 1e9;
const MAX_MODEL_LENGTH = 256;
const MAX_PROVIDER_LENGTH = 128;

/** Usage, model and provider read from a span's attributes under one convention. */
export interface UsageRead {
  readonly ok: true;
  /** Name of the convention that was read. */
  readonly convention: string;
  /** Usage in the GenAI form (inclusive totals). */
  readonly usage: Usage;
  /** Model names to try, most specific first (response model, then request model). */
  readonly models: readonly string[];
  readonly provider?: string;
  /** The span's usage sums child calls (agent or pipeline span). */
  readonly aggregate: boolean;
}

/** A span that carries usage attributes that cannot be priced. */
export interface UsageProblem {
  readonly ok: false;
  readonly convention: string;
  readonly reason: 'bad_usage' | 'missing_model';
  readonly detail: string;
  readonly aggregate: boolean;
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (Array.isArray(v)) return 'an array';
  return String(v);
}

function readJsonPath(attrs: Attributes, src: FieldSource, cache: Map<string, unknown>): unknown {
  let parsed = cache.get(src.key);
  if (parsed === undefined && !cache.has(src.key)) {
    const raw = own(attrs, src.key);
    parsed = undefined;
    if (typeof raw === 'string' && raw.length <= 1 << 20) {
      try {
        parsed = JSON.parse(raw) as unknown;
      } catch {
        parsed = undefined;
      }
    }
    cache.set(src.key, parsed);
  }
  let node = parsed;
  for (const step of src.json ?? []) {
    if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}

function anyKeySet(attrs: Attributes, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (own(attrs, keys[i]) !== undefined) return true;
  return false;
}

/** Index of the first variant of the convention whose condition holds, or -1. */
function matches(cp: ConventionPlan, attrs: Attributes, provider: string | undefined): number {
  const variants = cp.conv.variants;
  for (let i = 0; i < variants.length; i++) {
    const v = variants[i];
    const w = v.when;
    const anyKey = cp.variantKeys[i];
    if (anyKey !== undefined && !anyKeySet(attrs, anyKey)) continue;
    if (w?.provider && (provider === undefined || !w.provider.includes(provider))) continue;
    return i;
  }
  return -1;
}

function isAggregate(cp: ConventionPlan, attrs: Attributes): boolean {
  const rule = cp.conv.aggregate;
  if (rule === undefined || cp.aggregateKey === undefined) return false;
  const v = own(attrs, cp.aggregateKey);
  if (typeof v !== 'string') return false;
  if (rule.in) return rule.in.includes(v);
  if (rule.notIn) return !rule.notIn.includes(v);
  return !(rule.notEndsWith ?? []).some((suffix) => v.endsWith(suffix));
}

function problem(conv: UsageConvention, aggregate: boolean, reason: UsageProblem['reason'], detail: string): UsageProblem {
  return { ok: false, convention: conv.name, reason, detail, aggregate };
}

function isCount(integer: boolean, v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= MAX_COUNT && (!integer || Number.isInteger(v));
}

const COUNT_RULE = 'is not a count (want a whole number from 0 to 1e9)';

/** Lower-cased, de-dotted provider names seen recently (provider values repeat). */
const plainProviderNames = new Map<string, string>();
const dottedProviderNames = new Map<string, string>();
function normaliseProvider(raw: string, dotted: boolean): string {
  const names = dotted ? dottedProviderNames : plainProviderNames;
  let name = names.get(raw);
  if (name === undefined) {
    name = raw.trim().toLowerCase();
    if (dotted) {
      const dot = name.indexOf('.');
      if (dot > 0) name = name.slice(0, dot);
    }
    if (names.size >= 512) names.clear();
    names.set(raw, name);
  }
  return name;
}

/**
 * Reads usage from `attrs` with the first convention of `table` whose detect
 * keys are present. Returns `undefined` for spans that carry no usage
 * attributes (not LLM calls), a {@link UsageProblem} for counts that are not
 * whole numbers between 0 and 10^9 (or a missing model), else a
 * {@link UsageRead}. Never throws for any attribute map. Runs on every span,
 * so it probes known keys and allocates only for spans with usage.
 */
export function readUsage(attrs: Attributes, table: ConventionTable): UsageRead | UsageProblem | undefined {
  const plan = planOf(table);
  const triggers = plan.triggerKeys;
  let t = 0;
  while (t < triggers.length && !(hasOwn.call(attrs, triggers[t]) && attrs[triggers[t]] !== undefined)) t++;
  if (t === triggers.length) return undefined;
  const cp = plan.triggerConventions[t];
  const conv = cp.conv;
  const aggregate = isAggregate(cp, attrs);

  let provider: string | undefined;
  for (const k of cp.provider) {
    const v = own(attrs, k);
    if (typeof v === 'string' && v.length > 0 && v.length <= MAX_PROVIDER_LENGTH) {
      provider = normaliseProvider(v, conv.providerFormat === 'dotted');
      if (provider.length > 0) break;
      provider = undefined;
    }
  }

  let jsonCache: Map<string, unknown> | undefined;
  const counts: Partial<Record<UsageField, number>> = {};
  let found = 0;
  const fields = cp.fields;
  for (let f = 0; f < fields.length; f++) {
    const { field, integer, sources } = fields[f];
    for (let i = 0; i < sources.length; i++) {
      const src = sources[i];
      const v = src.json ? readJsonPath(attrs, src, (jsonCache ??= new Map())) : own(attrs, src.key);
      if (v === undefined || v === null) continue;
      if (!isCount(integer, v)) {
        const where = src.json ? `${src.key} → ${src.json.join('.')}` : src.key;
        return problem(conv, aggregate, 'bad_usage', `${where} = ${describeValue(v)} ${COUNT_RULE}`);
      }
      counts[field] = v;
      found++;
      break;
    }
  }

  let text: Record<string, string | readonly string[]> | undefined;
  const probes = cp.probes;
  for (let k = 0; k < probes.length; k++) {
    const probe = probes[k];
    const key = probe.key;
    if (!hasOwn.call(attrs, key)) continue;
    const v = attrs[key];
    if (v === undefined || v === null) continue;
    const field = probe.field;
    if (probe.text) {
      const ok = field === 'pricingModifiers'
        ? Array.isArray(v) && v.length <= 16 && v.every((x) => typeof x === 'string' && x.length <= 64)
        : field === 'transactionAmountUsd'
          ? (typeof v === 'number' && Number.isFinite(v) && v >= 0) || (typeof v === 'string' && /^\d{1,12}(\.\d{1,12})?$/.test(v))
          : typeof v === 'string' && v.length > 0 && v.length <= 64;
      if (!ok) return problem(conv, aggregate, 'bad_usage', `${key} = ${describeValue(v)} is not a valid ${field}`);
      (text ??= {})[field] = (typeof v === 'number' ? String(v) : v) as string | readonly string[];
      continue;
    }
    if (!isCount(probe.integer, v)) return problem(conv, aggregate, 'bad_usage', `${key} = ${describeValue(v)} ${COUNT_RULE}`);
    counts[field as UsageField] = v;
    found++;
  }

  let total: number | undefined;
  for (const k of cp.total) {
    const v = own(attrs, k);
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_COUNT) {
      total = v;
      break;
    }
  }
  if (total !== undefined) {
    if (counts.outputTokens === undefined && counts.inputTokens !== undefined && total >= counts.inputTokens) {
      counts.outputTokens = total - counts.inputTokens;
      found++;
    } else if (counts.inputTokens === undefined && counts.outputTokens !== undefined && total >= counts.outputTokens) {
      counts.inputTokens = total - counts.outputTokens;
      found++;
    }
  }
  if (found === 0) {
    // Detected (a model or an id) but no count at all: not a span with usage.
    if (total === undefined) return undefined;
    return problem(conv, aggregate, 'bad_usage', `no usable count among the ${conv.name} attributes (a total alone cannot be split into input and output)`);
  }

  const v = conv.variants.length === 0 ? -1 : matches(cp, attrs, provider);
  if (v >= 0) {
    const variant = conv.variants[v];
    if (counts.inputTokens !== undefined) for (const f of variant.inputExcludes) counts.inputTokens += counts[f] ?? 0;
    if (counts.outputTokens !== undefined) for (const f of variant.outputExcludes) counts.outputTokens += counts[f] ?? 0;
    const within = cp.variantWithin[v];
    for (let w = 0; w < within.length; w++) {
      const [field, parts] = within[w];
      let v = counts[field];
      if (v === undefined) continue;
      for (const part of parts) v -= counts[part] ?? 0;
      if (v < 0) return problem(conv, aggregate, 'bad_usage', `${field} (${counts[field]}) is smaller than the ${parts.join(' + ')} it includes`);
      counts[field] = v;
    }
  }

  const models: string[] = [];
  for (const k of cp.model) {
    const v = own(attrs, k);
    if (typeof v !== 'string' || v.length === 0) continue;
    const m = v.length <= MAX_MODEL_LENGTH && v.trim() === v ? v : v.trim();
    if (m.length > 0 && m.length <= MAX_MODEL_LENGTH && !models.includes(m)) models.push(m);
  }
  if (models.length === 0) {
    return problem(conv, aggregate, 'missing_model', `usage found (${conv.name}) but none of ${conv.model.join(', ')} is set`);
  }
  const usage = (text === undefined ? counts : Object.assign(counts, text)) as Usage;
  const read: UsageRead = provider === undefined
    ? { ok: true, convention: conv.name, usage, models, aggregate }
    : { ok: true, convention: conv.name, usage, models, provider, aggregate };
  return read;
}
