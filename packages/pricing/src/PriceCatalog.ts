import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { compileEntry, priceSignature, type CompiledEntry } from './compile';
import { closestIds } from './closest';
import { unpriced } from './CostResult';
import { DATA_DIR, readDataJson } from './dataFiles';
import { priceUsage, type PricingContext } from './engine';
import { parseDecimal } from './money';
import type { CatalogEntry, CatalogFile, CostOptions, CostResult, Discount, MatchKind, ResolvedModel, UnresolvedModel } from './types';
import type { Usage } from './usage';
import { checkPercent, parseCatalogText, parseEffectiveFrom, validateCatalogObject, type CatalogProblem } from './validate';

/** Options of `PriceCatalog.load`. */
export interface PriceCatalogOptions {
  /** Directory holding litellm.catalog.json, curated.catalog.json and providers.json (default: the package's data/). */
  dataDir?: string;
  /** Overrides files (JSON or YAML, catalog format), applied in order: a later file wins. */
  overrides?: string | readonly string[];
  /** Negotiated discounts. */
  discounts?: readonly Discount[];
  /** Azure deployment name → model name. */
  azureDeployments?: Readonly<Record<string, string>>;
  /** Load the LiteLLM-derived catalog (default true). */
  includeLitellm?: boolean;
  /** Load the curated catalog (default true). */
  includeCurated?: boolean;
}

/** One entry as listed by `PriceCatalog.list`. */
export interface ListedEntry {
  readonly id: string;
  readonly provider: string;
  readonly model: string;
  readonly layer: string;
  readonly entry: Readonly<CatalogEntry>;
}

interface Layer {
  readonly name: string;
  readonly version: string;
  readonly rank: number;
}

interface Candidate {
  readonly entry: CatalogEntry;
  readonly layer: Layer;
  readonly from: number;
  readonly until: number;
  compiled: CompiledEntry | undefined;
  /** Cached pricing context, valid while `contextGeneration` is the catalog's `generation`. */
  context: PricingContext | undefined;
  contextGeneration: number;
}

interface Group {
  readonly provider: string;
  readonly model: string;
  readonly key: string;
  id: string;
  /** variant key ('' for none) → candidates by precedence (layer rank, then newest first). */
  readonly variants: Map<string, Candidate[]>;
  /** The candidates of the only variant, when there is exactly one (the usual case). */
  only: Candidate[] | undefined;
}

interface Resolution {
  readonly group: Group;
  readonly via: MatchKind;
}

interface ProvidersFile {
  aliases: Record<string, string[]>;
  bedrock_region_prefixes: string[];
}

const SEP = '\u0000';
const RANK = { registered: 0, overrides: 1, curated: 2, litellm: 3 } as const;
const SNAPSHOT_RE = /^(.+?)(-\d{4}-\d{2}-\d{2}|-\d{8}|@\d{8}|@\d{3}|-\d{4}|-\d{3})$/;
const BEDROCK_VENDORS = 'anthropic|amazon|meta|cohere|mistral|ai21|deepseek|openai|qwen|writer|twelvelabs|stability|luma|minimax|moonshot|google|nvidia';
const BEDROCK_RE = new RegExp(`^(?:(?:bedrock|bedrock_converse)/)?(?:(?:converse|invoke)/)?(?:([a-z]{2,}(?:-[a-z]+)?)\\.)?((?:${BEDROCK_VENDORS})\\..+)$`);
const BEDROCK_VERSION_RE = /(?:-v\d+(?::\d+)?|:\d+)$/;
const CACHE_LIMIT = 50_000;
/** Provider names with their own model cache; provider names come from spans, so the set is bounded too. */
const CACHE_PROVIDER_LIMIT = 256;

function variantKey(v: { size?: string; quality?: string; steps?: string } | undefined): string {
  if (!v) return '';
  const size = v.size ? v.size.toLowerCase().replace('-x-', 'x') : '';
  const quality = v.quality ? v.quality.toLowerCase() : '';
  const steps = v.steps ? v.steps.toLowerCase() : '';
  return size || quality || steps ? `${size}|${quality}|${steps}` : '';
}

/** `s.trim() === ''`, without trimming names that start with a printable ASCII character. */
function isBlank(s: string): boolean {
  const c = s.charCodeAt(0);
  return s.length === 0 || ((c <= 32 || c >= 127) && s.trim() === '');
}

function toMillis(at: Date | string | number | undefined): number | undefined {
  if (at === undefined) return Date.now();
  const ms = at instanceof Date ? at.getTime() : typeof at === 'number' ? at : Date.parse(at);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The price catalog: the LiteLLM-derived table, the curated table for what LiteLLM lacks or gets
 * wrong, user overrides and registered prices, with the model resolver and the cost engine.
 *
 * Precedence, highest first: `registerPrice()` (a later call wins) > overrides files (a later file
 * wins) > curated > LiteLLM. Within a layer the entry with the latest `effective_from` not after
 * the call's time applies; a layer with no entry in force at that time is skipped. Discounts: a
 * discount for (provider, model) beats one for the model alone, which beats one for the provider;
 * they do not stack.
 */
export class PriceCatalog {
  private readonly groups = new Map<string, Group>();
  private readonly byId = new Map<string, Group>();
  private readonly byModel = new Map<string, Group[]>();
  private readonly catalogProviders = new Set<string>();
  private readonly unpricedUpstream = new Map<string, string>();
  private readonly aliases = new Map<string, string[]>();
  private readonly bedrockRegions: Set<string>;
  private readonly layers: Layer[] = [];
  private readonly discounts = new Map<string, { num: bigint; den: bigint; percent: string }>();
  private readonly azureDeployments = new Map<string, string>();
  private readonly cache = new Map<string, Map<string, Resolution | UnresolvedModel>>();
  private familyIndex: Map<string, Group[]> | undefined;
  private readonly familyStable = new Map<string, boolean>();
  private registeredCount = 0;
  private overridesCount = 0;
  private versionText = '';
  /** Bumped whenever a pricing context could change (prices, version, discounts). */
  private generation = 0;

  private constructor(providers: ProvidersFile) {
    for (const [k, v] of Object.entries(providers.aliases)) this.aliases.set(k.toLowerCase(), v.map((p) => p.toLowerCase()));
    this.bedrockRegions = new Set(providers.bedrock_region_prefixes);
  }

  /**
   * Loads the shipped catalogs (and optional overrides, discounts, Azure deployments).
   * @throws Error listing `FILE:LINE: field: problem` for every problem in an overrides file.
   */
  static load(options: PriceCatalogOptions = {}): PriceCatalog {
    const dir = options.dataDir ?? DATA_DIR;
    const cat = new PriceCatalog(readDataJson<ProvidersFile>('providers.json', dir));
    if (options.includeLitellm !== false) cat.addLayerFile(readDataJson<CatalogFile & { unpriced_upstream?: Array<{ provider: string; model: string; id: string }> }>('litellm.catalog.json', dir), 'litellm', RANK.litellm);
    if (options.includeCurated !== false) cat.addLayerFile(readDataJson<CatalogFile>('curated.catalog.json', dir), 'curated', RANK.curated);
    const overrides = options.overrides === undefined ? [] : typeof options.overrides === 'string' ? [options.overrides] : options.overrides;
    for (const f of overrides) cat.loadOverrides(f);
    for (const d of options.discounts ?? []) cat.setDiscount(d);
    for (const [k, v] of Object.entries(options.azureDeployments ?? {})) cat.setAzureDeployment(k, v);
    return cat;
  }

  /** Version of the price data, as reported in `pricingVersion` (`litellm-…+curated-…[+overrides…]`). */
  get version(): string {
    return this.versionText;
  }

  private addLayerFile(file: CatalogFile & { unpriced_upstream?: Array<{ provider: string; model: string; id: string }> }, name: string, rank: number): void {
    const layer: Layer = { name, version: file.version ?? name, rank };
    this.layers.push(layer);
    for (const e of file.entries ?? []) this.addEntry(e, layer);
    for (const u of file.unpriced_upstream ?? []) {
      this.unpricedUpstream.set(u.id.toLowerCase(), u.id);
      this.unpricedUpstream.set(`${u.provider.toLowerCase()}${SEP}${u.model.toLowerCase()}`, u.id);
    }
    for (const d of file.discounts ?? []) this.setDiscount(d);
    for (const [k, v] of Object.entries(file.azure_deployments ?? {})) this.setAzureDeployment(k, v);
    this.changed();
  }

  private addEntry(e: CatalogEntry, layer: Layer): void {
    const provider = e.provider.toLowerCase();
    const model = e.model.toLowerCase();
    const key = provider + SEP + model;
    let g = this.groups.get(key);
    const id = e.id ?? (e.variant ? e.model : `${e.provider}/${e.model}`);
    if (g === undefined) {
      g = { provider: e.provider, model: e.model, key, id: e.variant ? `${e.provider}/${e.model}` : id, variants: new Map(), only: undefined };
      this.groups.set(key, g);
      const list = this.byModel.get(model);
      if (list) list.push(g);
      else this.byModel.set(model, [g]);
      this.catalogProviders.add(provider);
    }
    if (!e.variant && e.id) g.id = e.id;
    const idKey = id.toLowerCase();
    if (!this.byId.has(idKey) || layer.rank <= RANK.curated) this.byId.set(idKey, g);
    if (!this.byId.has(g.id.toLowerCase())) this.byId.set(g.id.toLowerCase(), g);
    for (const a of e.aliases ?? []) this.byId.set(a.toLowerCase(), g);
    const vk = variantKey(e.variant);
    const from = e.effective_from === undefined ? Number.NEGATIVE_INFINITY : (parseEffectiveFrom(e.effective_from) ?? Number.NEGATIVE_INFINITY);
    const list = g.variants.get(vk) ?? [];
    const until = e.effective_until === undefined ? Number.POSITIVE_INFINITY : (parseEffectiveFrom(e.effective_until) ?? Number.POSITIVE_INFINITY);
    list.push({ entry: e, layer, from, until, compiled: undefined, context: undefined, contextGeneration: -1 });
    list.sort((a, b) => a.layer.rank - b.layer.rank || b.from - a.from);
    g.variants.set(vk, list);
    g.only = g.variants.size === 1 ? list : undefined;
  }

  private changed(): void {
    this.generation++;
    this.cache.clear();
    this.familyIndex = undefined;
    this.familyStable.clear();
    const parts = [...this.layers].filter((l) => l.rank !== RANK.registered).sort((a, b) => b.rank - a.rank).map((l) => l.version);
    this.versionText = parts.join('+') + (this.registeredCount ? `+registered.${this.registeredCount}` : '');
  }

  /**
   * Adds or replaces a price at run time (highest precedence). The entry is validated.
   * @throws Error naming the field and value when the entry is invalid.
   */
  registerPrice(entry: CatalogEntry): void {
    const problems = validateCatalogObject({ source: 'registerPrice', entries: [entry] }, 'registerPrice');
    if (problems.length) throw new Error(problems.map((p) => `registerPrice: ${p.field.replace('entries[0].', '')}: ${p.problem}`).join('\n'));
    this.registeredCount++;
    let layer = this.layers.find((l) => l.name === 'registered');
    if (!layer) {
      layer = { name: 'registered', version: 'registered', rank: RANK.registered };
      this.layers.push(layer);
    }
    // A later registration of the same key replaces the earlier one.
    const g = this.groups.get(entry.provider.toLowerCase() + SEP + entry.model.toLowerCase());
    const list = g?.variants.get(variantKey(entry.variant));
    if (list) {
      const from = entry.effective_from === undefined ? Number.NEGATIVE_INFINITY : parseEffectiveFrom(entry.effective_from);
      const i = list.findIndex((c) => c.layer.rank === RANK.registered && c.from === from);
      if (i >= 0) list.splice(i, 1);
    }
    this.addEntry(structuredClone(entry), layer);
    this.changed();
  }

  /**
   * Loads an overrides file (JSON or YAML, catalog format: `entries`, `discounts`, `azure_deployments`).
   * @throws Error listing `FILE:LINE: field: problem` for every problem.
   */
  loadOverrides(path: string): void {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(`pricing overrides: cannot read ${path}: ${(err as Error).message}`);
    }
    const parsed = parseCatalogText(text, path);
    const problems: CatalogProblem[] = parsed.problems.length ? parsed.problems : validateCatalogObject(parsed.value, path, parsed.locate);
    if (problems.length) throw new Error(`pricing overrides ${path} is invalid:\n${problems.map((p) => `${p.file}:${p.line}: ${p.field}: ${p.problem}`).join('\n')}`);
    const file = parsed.value as CatalogFile;
    const sha = createHash('sha256').update(text).digest('hex').slice(0, 8);
    this.overridesCount++;
    this.addLayerFile({ ...file, version: `overrides.${basename(path).replace(/\+/g, '_')}@${sha}` }, `overrides:${basename(path)}`, RANK.overrides - this.overridesCount / 1000);
  }

  /**
   * Sets a negotiated discount (replaces one with the same provider/model).
   * @throws Error naming the value when percent is not 0–100 or neither provider nor model is given.
   */
  setDiscount(d: Discount): void {
    const bad = checkPercent(d.percent);
    if (bad !== undefined) throw new Error(`discount percent ${bad}`);
    if (!d.provider && !d.model) throw new Error('discount needs "provider" or "model"');
    const pct = parseDecimal(String(d.percent).trim(), 6) as bigint;
    const den = 100_000_000n;
    this.generation++;
    this.discounts.set(`${(d.provider ?? '').toLowerCase()}${SEP}${(d.model ?? '').toLowerCase()}`, { num: den - pct, den, percent: String(d.percent) });
  }

  /** Maps an Azure deployment name to the model it serves (`my-gpt4o-prod` → `gpt-4o`). */
  setAzureDeployment(deployment: string, model: string): void {
    if (typeof deployment !== 'string' || deployment === '' || typeof model !== 'string' || model === '') {
      throw new Error(`azure deployment mapping needs two non-empty names, got ${JSON.stringify(deployment)} → ${JSON.stringify(model)}`);
    }
    this.azureDeployments.set(deployment.toLowerCase(), model.toLowerCase());
    this.cache.clear();
  }

  /** Catalog providers the reported provider name stands for. */
  private providersFor(p: string | undefined): string[] | undefined {
    if (p === undefined || p === '') return undefined;
    const l = p.trim().toLowerCase();
    const a = this.aliases.get(l);
    if (a) return a;
    return this.catalogProviders.has(l) ? [l] : undefined;
  }

  private lookupIn(m: string, provs: string[] | undefined): Group | undefined {
    if (provs) {
      for (const p of provs) {
        const g = this.groups.get(p + SEP + m);
        if (g) return g;
      }
      const g = this.byId.get(m);
      return g && provs.includes(g.provider.toLowerCase()) ? g : undefined;
    }
    const g = this.byId.get(m);
    if (g) return g;
    const list = this.byModel.get(m);
    return list && list.length === 1 ? list[0] : undefined;
  }

  private resolveUncached(model: string, provider: string | undefined): Resolution | UnresolvedModel {
    let m = model.trim().toLowerCase();
    let provs = this.providersFor(provider);
    let via: MatchKind = 'exact';
    const azure = provs?.includes('azure') || m.startsWith('azure/');
    if (azure && this.azureDeployments.size) {
      const bare = m.startsWith('azure/') ? m.slice(6) : m;
      const mapped = this.azureDeployments.get(bare);
      if (mapped !== undefined) {
        m = mapped;
        provs = ['azure', 'azure_text'];
        via = 'azure_deployment';
        const g = this.lookupIn(m, provs) ?? this.lookupIn(m, undefined);
        if (g) return { group: g, via };
      }
    }
    const direct = this.lookupIn(m, provs);
    if (direct) return { group: direct, via };
    // provider-prefixed id: openai/gpt-4o, gemini/gemini-2.5-pro
    const slash = m.indexOf('/');
    if (slash > 0) {
      const pref = this.providersFor(m.slice(0, slash));
      if (pref) {
        const rest = m.slice(slash + 1);
        const g = this.lookupIn(rest, pref) ?? this.lookupIn(m, pref);
        if (g) return { group: g, via: 'provider_prefix' };
      }
    }
    const candidates: Array<[string, string[] | undefined]> = [[m, provs]];
    // Bedrock ids: region prefix and version suffix
    const bm = BEDROCK_RE.exec(m);
    if (bm && (provs === undefined || provs.some((p) => p.startsWith('bedrock')))) {
      const bprovs = ['bedrock', 'bedrock_converse'];
      const region = bm[1] !== undefined && this.bedrockRegions.has(bm[1]) ? bm[1] : undefined;
      const core = region !== undefined || bm[1] === undefined ? bm[2] : `${bm[1]}.${bm[2]}`;
      const bare = core.replace(BEDROCK_VERSION_RE, '');
      const tries = [region ? `${region}.${core}` : core, core, bare, `${bare}-v1:0`, `${bare}-v2:0`, `${bare}:0`];
      if (region) tries.push(`${region}.${core.replace(BEDROCK_VERSION_RE, '')}`);
      for (const t of tries) {
        const g = this.lookupIn(t, bprovs);
        if (g) return { group: g, via: 'bedrock' };
      }
      candidates.push([core.replace(BEDROCK_VERSION_RE, ''), bprovs]);
    }
    if (slash > 0 && this.providersFor(m.slice(0, slash))) candidates.push([m.slice(slash + 1), this.providersFor(m.slice(0, slash))]);
    // dated snapshot → family, only when every known snapshot of the family costs what the family costs
    for (const [cm, cp] of candidates) {
      const sm = SNAPSHOT_RE.exec(cm);
      if (!sm) continue;
      const fam = this.lookupIn(sm[1], cp);
      if (fam && this.isStableFamily(fam)) return { group: fam, via: 'snapshot_family' };
    }
    const up = this.unpricedUpstream.get(m) ?? (provs ? provs.map((p) => this.unpricedUpstream.get(p + SEP + m)).find((x) => x !== undefined) : undefined);
    if (up !== undefined) {
      return { found: false, reason: 'missing_rate', detail: `${up} is listed by LiteLLM without any price`, closest: [] };
    }
    return { found: false, reason: 'unknown_model', detail: `unknown model ${JSON.stringify(model)}${provider ? ` for provider ${JSON.stringify(provider)}` : ''}`, closest: this.closest(m, provs) };
  }

  private closest(m: string, provs: string[] | undefined): string[] {
    const ids: string[] = [];
    for (const g of this.groups.values()) if (!provs || provs.includes(g.provider.toLowerCase())) ids.push(g.id);
    const c = closestIds(m, ids);
    return c.length || !provs ? c : closestIds(m, [...this.groups.values()].map((g) => g.id));
  }

  private isStableFamily(fam: Group): boolean {
    const cached = this.familyStable.get(fam.key);
    if (cached !== undefined) return cached;
    if (this.familyIndex === undefined) {
      this.familyIndex = new Map();
      for (const g of this.groups.values()) {
        const sm = SNAPSHOT_RE.exec(g.model.toLowerCase());
        if (!sm) continue;
        const k = g.provider.toLowerCase() + SEP + sm[1];
        const list = this.familyIndex.get(k);
        if (list) list.push(g);
        else this.familyIndex.set(k, [g]);
      }
    }
    const famCand = fam.variants.get('')?.[0];
    let stable = famCand !== undefined && fam.variants.size === 1;
    if (stable && famCand) {
      const sig = priceSignature(famCand.entry);
      for (const s of this.familyIndex.get(fam.key) ?? []) {
        const c = s.variants.get('')?.[0];
        if (!c || priceSignature(c.entry) !== sig) {
          stable = false;
          break;
        }
      }
    }
    this.familyStable.set(fam.key, stable);
    return stable;
  }

  private resolveCached(model: string, provider: string | undefined): Resolution | UnresolvedModel {
    // two-level cache (provider, then model): no key concatenation on the hot path
    const pk = provider ?? '';
    let byModel = this.cache.get(pk);
    if (byModel === undefined) {
      if (this.cache.size >= CACHE_PROVIDER_LIMIT) this.cache.clear();
      byModel = new Map();
      this.cache.set(pk, byModel);
    }
    let r = byModel.get(model);
    if (r === undefined) {
      r = this.resolveUncached(model, provider);
      if (byModel.size >= CACHE_LIMIT) byModel.clear();
      byModel.set(model, r);
    }
    return r;
  }

  /**
   * Resolves a model id as reported (exact, provider-prefixed, Bedrock region/version forms, Azure
   * deployments, dated snapshots of price-stable families; case-insensitive) to a catalog model.
   */
  resolve(model: string, provider?: string): ResolvedModel | UnresolvedModel {
    if (typeof model !== 'string' || model.trim() === '') return { found: false, reason: 'unknown_model', detail: `model must be a non-empty string, got ${JSON.stringify(model)}`, closest: [] };
    const r = this.resolveCached(model, provider);
    if ('found' in r) return r;
    return { found: true, provider: r.group.provider, model: r.group.model, id: r.group.id, via: r.via };
  }

  private discountFor(provider: string, model: string): PricingContext['discount'] {
    if (this.discounts.size === 0) return undefined;
    const p = provider.toLowerCase();
    const m = model.toLowerCase();
    return this.discounts.get(p + SEP + m) ?? this.discounts.get(SEP + m) ?? this.discounts.get(p + SEP);
  }

  /**
   * Computes the cost of one call. Never throws: an unknown model, a missing price or invalid
   * counts give an unpriced result with the reason.
   */
  computeCost(usage: Usage, opts: CostOptions): CostResult {
    try {
      const model = opts?.model;
      if (typeof model !== 'string' || isBlank(model)) return unpriced('unknown_model', `model must be a non-empty string, got ${JSON.stringify(model)}`, []);
      const r = this.resolveCached(model, opts.provider);
      if ('found' in r) return unpriced(r.reason, r.detail, r.reason === 'unknown_model' ? r.closest : undefined);
      let at: number | undefined;
      if (opts.at !== undefined) {
        at = toMillis(opts.at);
        if (at === undefined) return unpriced('bad_usage', `at must be a date, got ${JSON.stringify(opts.at)}`);
      }
      const g = r.group;
      let list: Candidate[] | undefined;
      if (g.only !== undefined && (usage?.imageSize === undefined && usage?.imageQuality === undefined && usage?.imageSteps === undefined || g.variants.has(''))) {
        list = g.only;
      } else {
        list = this.pickVariant(g, usage);
        if (list === undefined) {
          const known = [...g.variants.keys()].map((k) => k || '(default)').join(', ');
          return unpriced('missing_rate', `${g.id} is priced per variant (size|quality|steps: ${known}); usage gives imageSize=${String(usage?.imageSize)}, imageQuality=${String(usage?.imageQuality)}, imageSteps=${String(usage?.imageSteps)}`);
        }
      }
      let cand: Candidate | undefined;
      const first = (list as Candidate[])[0];
      if (at === undefined && first !== undefined && first.from === Number.NEGATIVE_INFINITY && first.until === Number.POSITIVE_INFINITY) {
        // The first candidate is in force at any time: no need to read the clock.
        cand = first;
      } else {
        const when = at ?? Date.now();
        for (const c of list as Candidate[]) {
          if (c.from <= when && when < c.until) {
            cand = c;
            break;
          }
        }
        if (cand === undefined) {
          return unpriced('missing_rate', `${g.id} has no price in force at ${new Date(when).toISOString()}`);
        }
      }
      const compiled = (cand.compiled ??= compileEntry(cand.entry));
      return priceUsage(compiled, usage, this.pricingContext(g, cand));
    } catch (err) {
      // Fail-open: a broken registered price must not throw into the caller's request path.
      return unpriced('missing_rate', `pricing failed: ${(err as Error).message}`);
    }
  }

  /** The pricing context of a candidate, built once per catalog change (it is the same for every call). */
  private pricingContext(g: Group, cand: Candidate): PricingContext {
    if (cand.context !== undefined && cand.contextGeneration === this.generation) return cand.context;
    cand.context = {
      matchedModel: cand.entry.id ?? g.id,
      provider: g.provider,
      pricingVersion: this.versionText,
      priceSource: cand.layer.name,
      discount: this.discountFor(g.provider, g.model),
    };
    cand.contextGeneration = this.generation;
    return cand.context;
  }

  private pickVariant(g: Group, usage: Usage | undefined): Candidate[] | undefined {
    const want = variantKey({ size: usage?.imageSize, quality: usage?.imageQuality, steps: usage?.imageSteps });
    const exact = g.variants.get(want);
    if (exact) return exact;
    const [ws, wq, wst] = want.split('|');
    const compatible = [...g.variants.entries()].filter(([k]) => {
      if (k === '') return false;
      const [s, q, st] = k.split('|');
      return (!ws || s === ws) && (!wq || q === wq) && (!wst || st === wst);
    });
    if (compatible.length === 1) return compatible[0][1];
    return undefined;
  }

  /** Every entry (all layers), optionally of one provider (name as reported or catalog id). */
  list(provider?: string): ListedEntry[] {
    const provs = provider === undefined ? undefined : (this.providersFor(provider) ?? [provider.toLowerCase()]);
    const out: ListedEntry[] = [];
    for (const g of this.groups.values()) {
      if (provs && !provs.includes(g.provider.toLowerCase())) continue;
      for (const list of g.variants.values()) {
        for (const c of list) out.push({ id: c.entry.id ?? g.id, provider: g.provider, model: g.model, layer: c.layer.name, entry: c.entry });
      }
    }
    return out;
  }

  /** Catalog provider ids. */
  providers(): string[] {
    return [...new Set([...this.groups.values()].map((g) => g.provider))].sort();
  }
}

let defaultCatalog: PriceCatalog | undefined;

/** The process-wide catalog used by `computeCost` (the shipped data, loaded on first use). */
export function getDefaultCatalog(): PriceCatalog {
  return (defaultCatalog ??= PriceCatalog.load());
}

/** Replaces the process-wide catalog (e.g. one loaded with overrides and discounts). */
export function setDefaultCatalog(catalog: PriceCatalog): void {
  defaultCatalog = catalog;
}

/**
 * Computes the cost of one call with the process-wide catalog. Never throws; see `CostResult`.
 * @example computeCost({ inputTokens: 1200, cachedInputTokens: 1000, outputTokens: 300 }, { provider: 'openai', model: 'gpt-4o' })
 */
export function computeCost(usage: Usage, opts: CostOptions): CostResult {
  return getDefaultCatalog().computeCost(usage, opts);
}
