import { readFileSync } from 'node:fs';
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import { parsePrice } from './compile';
import { METER_INFO, SERVICE_TIERS, TIER_BASES, type MeterName } from './meters';
import { parseDecimal } from './money';

/** One problem found in a catalog or overrides file. */
export interface CatalogProblem {
  /** The file as given. */
  file: string;
  /** 1-based line of the offending key or value (0 when unknown). */
  line: number;
  /** Dotted path of the field (`entries[3].prices.input_token`). */
  field: string;
  /** What is wrong and what is expected. */
  problem: string;
}

type Path = ReadonlyArray<string | number>;
type Locate = (path: Path) => number;

const TOP_KEYS = new Set([
  '$schema', 'format', 'name', 'version', 'source', 'generated_by', 'rules', 'stats', 'unpriced_upstream',
  'entries', 'discounts', 'azure_deployments', 'notes',
]);
const ENTRY_KEYS = new Set([
  'provider', 'model', 'id', 'aliases', 'variant', 'mode', 'effective_from', 'effective_until', 'source', 'prices', 'tiers',
  'service_tiers', 'modifiers', 'notes',
]);
const FORMAT = 'llmobserve.price-catalog/1';
const DATE_RE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;
const SIZE_RE = /^(\d+x\d+|max)$/;

function fieldName(path: Path): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? p : `.${p}`;
  return s === '' ? '(file)' : s;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Parses an ISO date / timestamp to epoch ms, or undefined when invalid. */
export function parseEffectiveFrom(s: unknown): number | undefined {
  if (typeof s !== 'string' || !DATE_RE.test(s)) return undefined;
  const ms = Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Checks a parsed catalog/overrides object against the catalog schema (see data/catalog.schema.json):
 * required fields, known meters ("units"), prices ≥ 0 and exact, tiers ascending, no duplicate
 * (provider, model, variant, effective_from). `locate` maps a field path to a line.
 */
export function validateCatalogObject(doc: unknown, file: string, locate: Locate = () => 0): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  const add = (path: Path, problem: string): void => {
    problems.push({ file, line: locate(path), field: fieldName(path), problem });
  };
  if (!isObject(doc)) {
    add([], 'the file must hold one object with an "entries" array');
    return problems;
  }
  for (const k of Object.keys(doc)) if (!TOP_KEYS.has(k)) add([k], `unknown top-level field (allowed: ${[...TOP_KEYS].join(', ')})`);
  if (doc.format !== undefined && doc.format !== FORMAT) add(['format'], `must be ${JSON.stringify(FORMAT)}, got ${JSON.stringify(doc.format)}`);
  const fileProvenance = doc.source !== undefined;
  if (doc.entries === undefined && doc.discounts === undefined && doc.azure_deployments === undefined) {
    add([], 'needs "entries", "discounts" or "azure_deployments"');
  }
  if (doc.entries !== undefined && !Array.isArray(doc.entries)) add(['entries'], 'must be an array of entries');
  const seen = new Map<string, number>();
  const entries = Array.isArray(doc.entries) ? doc.entries : [];
  entries.forEach((e: unknown, i: number) => {
    const at = (...p: Path): Path => ['entries', i, ...p];
    if (!isObject(e)) {
      add(at(), 'must be an object with provider, model and prices');
      return;
    }
    for (const k of Object.keys(e)) if (!ENTRY_KEYS.has(k)) add(at(k), `unknown field (allowed: ${[...ENTRY_KEYS].join(', ')})`);
    for (const k of ['provider', 'model'] as const) {
      if (typeof e[k] !== 'string' || (e[k] as string).trim() === '') add(at(k), `required, a non-empty string${e[k] === undefined ? '' : `, got ${JSON.stringify(e[k])}`}`);
    }
    for (const k of ['id', 'mode', 'source', 'notes'] as const) {
      if (e[k] !== undefined && typeof e[k] !== 'string') add(at(k), `must be a string, got ${JSON.stringify(e[k])}`);
    }
    if (e.aliases !== undefined && (!Array.isArray(e.aliases) || e.aliases.some((a) => typeof a !== 'string' || a === ''))) {
      add(at('aliases'), 'must be an array of non-empty strings');
    }
    if (e.variant !== undefined) {
      if (!isObject(e.variant)) add(at('variant'), 'must be an object with size / quality / steps');
      else {
        for (const [k, v] of Object.entries(e.variant)) {
          if (!['size', 'quality', 'steps'].includes(k)) add(at('variant', k), 'unknown variant key (allowed: size, quality, steps)');
          else if (typeof v !== 'string' || v === '') add(at('variant', k), 'must be a non-empty string');
          else if (k === 'size' && !SIZE_RE.test(v)) add(at('variant', k), `must look like 1024x1024, got ${JSON.stringify(v)}`);
        }
      }
    }
    let eff = '';
    if (e.effective_from !== undefined) {
      if (parseEffectiveFrom(e.effective_from) === undefined) add(at('effective_from'), `must be a date YYYY-MM-DD or an ISO timestamp, got ${JSON.stringify(e.effective_from)}`);
      else eff = String(e.effective_from);
    }
    if (e.effective_until !== undefined) {
      const until = parseEffectiveFrom(e.effective_until);
      if (until === undefined) add(at('effective_until'), `must be a date YYYY-MM-DD or an ISO timestamp, got ${JSON.stringify(e.effective_until)}`);
      else if (eff !== '' && until <= (parseEffectiveFrom(eff) as number)) add(at('effective_until'), `must be after effective_from (${eff}), got ${String(e.effective_until)}`);
    }
    if (!fileProvenance) {
      if (e.source === undefined) add(at('source'), 'required (the pricing page the price comes from) when the file has no top-level "source"');
      if (e.effective_from === undefined) add(at('effective_from'), 'required (first day the price applies) when the file has no top-level "source"');
    }
    let priced = false;
    if (e.prices === undefined) add(at('prices'), 'required, an object of meter → USD per unit');
    else priced = checkTable(e.prices, at('prices'), add);
    if (e.tiers !== undefined) priced = checkTiers(e.tiers, at('tiers'), add) || priced;
    if (e.service_tiers !== undefined) {
      if (!isObject(e.service_tiers)) add(at('service_tiers'), 'must be an object keyed by batch / flex / priority');
      else {
        for (const [s, st] of Object.entries(e.service_tiers)) {
          if (!(SERVICE_TIERS as readonly string[]).includes(s)) add(at('service_tiers', s), `unknown service tier (allowed: ${SERVICE_TIERS.join(', ')})`);
          else if (!isObject(st)) add(at('service_tiers', s), 'must be an object with prices (and tiers)');
          else {
            for (const k of Object.keys(st)) if (k !== 'prices' && k !== 'tiers') add(at('service_tiers', s, k), 'unknown field (allowed: prices, tiers)');
            if (st.prices === undefined) add(at('service_tiers', s, 'prices'), 'required');
            else priced = checkTable(st.prices, at('service_tiers', s, 'prices'), add) || priced;
            if (st.tiers !== undefined) priced = checkTiers(st.tiers, at('service_tiers', s, 'tiers'), add) || priced;
          }
        }
      }
    }
    if (e.prices !== undefined && isObject(e.prices) && !priced && Object.keys(e.prices).length === 0 && e.tiers === undefined && e.service_tiers === undefined) {
      add(at('prices'), 'prices nothing: give at least one meter');
    }
    if (e.modifiers !== undefined) {
      if (!isObject(e.modifiers)) add(at('modifiers'), 'must be an object of name → multiplier');
      else {
        for (const [k, v] of Object.entries(e.modifiers)) {
          const r = parsePrice(v, 'input_token');
          if (typeof r === 'string') add(at('modifiers', k), r.replace('USD amount', 'multiplier'));
        }
      }
    }
    if (typeof e.provider === 'string' && typeof e.model === 'string') {
      const key = [e.provider.toLowerCase(), e.model.toLowerCase(), JSON.stringify(isObject(e.variant) ? e.variant : {}), eff].join('\u0000');
      const prev = seen.get(key);
      if (prev !== undefined) {
        add(at('model'), `duplicate of entries[${prev}] (line ${locate(['entries', prev])}): same provider, model, variant and effective_from`);
      } else seen.set(key, i);
    }
  });
  if (doc.discounts !== undefined) {
    if (!Array.isArray(doc.discounts)) add(['discounts'], 'must be an array of { provider?, model?, percent }');
    else {
      doc.discounts.forEach((d: unknown, i: number) => {
        const at = (...p: Path): Path => ['discounts', i, ...p];
        if (!isObject(d)) return add(at(), 'must be an object { provider?, model?, percent }');
        for (const k of Object.keys(d)) if (!['provider', 'model', 'percent'].includes(k)) add(at(k), 'unknown field (allowed: provider, model, percent)');
        if (d.provider === undefined && d.model === undefined) add(at(), 'needs "provider" or "model"');
        for (const k of ['provider', 'model'] as const) if (d[k] !== undefined && (typeof d[k] !== 'string' || d[k] === '')) add(at(k), 'must be a non-empty string');
        const p = checkPercent(d.percent);
        if (p !== undefined) add(at('percent'), p);
      });
    }
  }
  if (doc.azure_deployments !== undefined) {
    if (!isObject(doc.azure_deployments)) add(['azure_deployments'], 'must be an object of deployment name → model');
    else for (const [k, v] of Object.entries(doc.azure_deployments)) if (typeof v !== 'string' || v === '') add(['azure_deployments', k], `must be a model name, got ${JSON.stringify(v)}`);
  }
  return problems;
}

/** Problem text for a discount percent, or undefined when valid. */
export function checkPercent(v: unknown): string | undefined {
  const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v.trim() : undefined;
  const n = text === undefined ? undefined : parseDecimal(text, 6);
  if (n === undefined) return `must be a percentage 0–100 with at most 6 decimals, got ${JSON.stringify(v)}`;
  if (n < 0n || n > 100_000_000n) return `must be between 0 and 100, got ${text}`;
  return undefined;
}

function checkTable(t: unknown, path: Path, add: (p: Path, s: string) => void): boolean {
  if (!isObject(t)) {
    add(path, 'must be an object of meter → USD per unit');
    return false;
  }
  let any = false;
  for (const [k, v] of Object.entries(t)) {
    if (!(k in METER_INFO)) {
      add([...path, k], `unknown unit (meter); known: ${Object.keys(METER_INFO).join(', ')}`);
      continue;
    }
    const r = parsePrice(v, k as MeterName);
    if (typeof r === 'string') add([...path, k], r);
    else any = true;
  }
  return any;
}

function checkTiers(tiers: unknown, path: Path, add: (p: Path, s: string) => void): boolean {
  if (!Array.isArray(tiers)) {
    add(path, 'must be an array of { above, prices }');
    return false;
  }
  let any = false;
  const last: Record<string, number> = {};
  tiers.forEach((t: unknown, i: number) => {
    if (!isObject(t)) return add([...path, i], 'must be an object { above, on?, prices }');
    for (const k of Object.keys(t)) if (!['above', 'on', 'prices'].includes(k)) add([...path, i, k], 'unknown field (allowed: above, on, prices)');
    const on = t.on ?? 'input_tokens';
    if (!(TIER_BASES as readonly unknown[]).includes(on)) add([...path, i, 'on'], `must be one of ${TIER_BASES.join(', ')}, got ${JSON.stringify(t.on)}`);
    if (typeof t.above !== 'number' || !Number.isSafeInteger(t.above) || t.above < 0) {
      add([...path, i, 'above'], `must be an integer >= 0, got ${JSON.stringify(t.above)}`);
    } else {
      const prev = last[String(on)];
      if (prev !== undefined && t.above <= prev) add([...path, i, 'above'], `tiers must ascend: ${t.above} after ${prev}`);
      last[String(on)] = t.above;
    }
    if (t.prices === undefined) add([...path, i, 'prices'], 'required');
    else any = checkTable(t.prices, [...path, i, 'prices'], add) || any;
  });
  return any;
}

function lineLocator(doc: ReturnType<typeof parseDocument>, lc: LineCounter): Locate {
  return (path) => {
    let node: unknown = doc.contents;
    let offset = (doc.contents as YamlNode | null)?.range?.[0] ?? 0;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        offset = (pair.key as YamlNode).range?.[0] ?? offset;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg] as YamlNode | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else break;
    }
    return lc.linePos(offset).line;
  };
}

/**
 * Parses catalog text (JSON or YAML) with line positions. Returns the plain object and a locator,
 * or syntax problems.
 */
export function parseCatalogText(text: string, file: string): { value: unknown; locate: Locate; problems: CatalogProblem[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const problems: CatalogProblem[] = doc.errors.map((err) => ({
    file,
    line: err.linePos?.[0]?.line ?? lc.linePos(err.pos[0]).line,
    field: '(syntax)',
    problem: err.message.split('\n')[0] ?? err.message,
  }));
  return { value: problems.length ? undefined : doc.toJS({ maxAliasCount: 100 }), locate: lineLocator(doc, lc), problems };
}

/**
 * Validates a catalog or overrides file (JSON or YAML) and returns every problem with its line,
 * for `llmobserve prices validate FILE` (`FILE:LINE: field: problem`). An empty array means valid.
 */
export function validateCatalogFile(path: string): CatalogProblem[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return [{ file: path, line: 0, field: '(file)', problem: `cannot read: ${(err as Error).message}` }];
  }
  const parsed = parseCatalogText(text, path);
  if (parsed.problems.length) return parsed.problems;
  return validateCatalogObject(parsed.value, path, parsed.locate);
}
