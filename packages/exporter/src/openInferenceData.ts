import * as fs from 'node:fs';
import * as path from 'node:path';

/** OpenInference span kinds the mapping may write. */
export type OpenInferenceSpanKind =
  | 'LLM'
  | 'CHAIN'
  | 'TOOL'
  | 'AGENT'
  | 'RETRIEVER'
  | 'EMBEDDING'
  | 'RERANKER'
  | 'GUARDRAIL'
  | 'EVALUATOR'
  | 'PROMPT';

/** The contents of `data/openinference.json`, validated. */
export interface OpenInferenceTable {
  /** Section prefix (`agent` of `agent:research`) → span kind. */
  readonly sectionKinds: ReadonlyMap<string, OpenInferenceSpanKind>;
  /** Kind of a section whose prefix is not in the table. */
  readonly defaultSectionKind: OpenInferenceSpanKind;
  /** GenAI provider name → OpenInference `llm.provider` and `llm.system`. */
  readonly providers: ReadonlyMap<string, { readonly provider: string; readonly system?: string }>;
  /** `llmobserve.cost.*` attribute → `llm.cost.*` attribute. */
  readonly cost: ReadonlyArray<readonly [string, string]>;
}

const KINDS: ReadonlySet<string> = new Set(['LLM', 'CHAIN', 'TOOL', 'AGENT', 'RETRIEVER', 'EMBEDDING', 'RERANKER', 'GUARDRAIL', 'EVALUATOR', 'PROMPT']);
const TOP_KEYS: ReadonlySet<string> = new Set(['$schema', 'sectionKinds', 'defaultSectionKind', 'providers', 'cost']);
const PREFIX = /^[a-z0-9_]+$/;
const NAME = /^[a-z0-9_.]+$/;
const COST_FROM = /^llmobserve\.cost\.[a-z0-9_]+_usd$/;
const COST_TO = /^llm\.cost\.[a-z0-9_.]+$/;

/** Default location of the table: `<package>/data/openinference.json` (from `src/` and `dist/` alike). */
export const OPENINFERENCE_DATA_FILE = path.join(__dirname, '..', 'data', 'openinference.json');

function fail(file: string, where: string, message: string): never {
  throw new Error(`${file}: ${where} ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Checks `raw` against `data/openinference.schema.json` (the same rules, written
 * out so the package needs no schema library) and builds lookup maps. Errors name
 * the file, the field and the bad value.
 */
export function validateOpenInferenceTable(raw: unknown, file = 'openinference.json'): OpenInferenceTable {
  if (!isObject(raw)) fail(file, 'top level', 'must be an object');
  for (const key of Object.keys(raw)) if (!TOP_KEYS.has(key)) fail(file, key, 'is not a known field');
  const { sectionKinds, defaultSectionKind, providers, cost } = raw;
  if (!isObject(sectionKinds)) fail(file, 'sectionKinds', 'must be an object');
  const kinds = new Map<string, OpenInferenceSpanKind>();
  for (const [prefix, kind] of Object.entries(sectionKinds)) {
    if (!PREFIX.test(prefix)) fail(file, `sectionKinds.${prefix}`, 'key must match ^[a-z0-9_]+$');
    if (typeof kind !== 'string' || !KINDS.has(kind)) fail(file, `sectionKinds.${prefix}`, `must be one of ${[...KINDS].join(', ')}, got ${JSON.stringify(kind)}`);
    kinds.set(prefix, kind as OpenInferenceSpanKind);
  }
  if (typeof defaultSectionKind !== 'string' || !KINDS.has(defaultSectionKind)) {
    fail(file, 'defaultSectionKind', `must be one of ${[...KINDS].join(', ')}, got ${JSON.stringify(defaultSectionKind)}`);
  }
  if (!isObject(providers)) fail(file, 'providers', 'must be an object');
  const providerMap = new Map<string, { provider: string; system?: string }>();
  for (const [name, entry] of Object.entries(providers)) {
    if (!NAME.test(name)) fail(file, `providers.${name}`, 'key must match ^[a-z0-9_.]+$');
    if (!isObject(entry)) fail(file, `providers.${name}`, 'must be an object');
    for (const key of Object.keys(entry)) if (key !== 'provider' && key !== 'system') fail(file, `providers.${name}.${key}`, 'is not a known field');
    if (typeof entry.provider !== 'string' || !NAME.test(entry.provider)) fail(file, `providers.${name}.provider`, `must match ^[a-z0-9_.]+$, got ${JSON.stringify(entry.provider)}`);
    if (entry.system !== undefined && (typeof entry.system !== 'string' || !NAME.test(entry.system))) {
      fail(file, `providers.${name}.system`, `must match ^[a-z0-9_.]+$, got ${JSON.stringify(entry.system)}`);
    }
    providerMap.set(name, entry.system === undefined ? { provider: entry.provider } : { provider: entry.provider, system: entry.system as string });
  }
  if (!isObject(cost)) fail(file, 'cost', 'must be an object');
  const costPairs: Array<[string, string]> = [];
  for (const [from, to] of Object.entries(cost)) {
    if (!COST_FROM.test(from)) fail(file, `cost.${from}`, 'key must be an llmobserve.cost.<name>_usd attribute');
    if (typeof to !== 'string' || !COST_TO.test(to)) fail(file, `cost.${from}`, `must be an llm.cost.* attribute, got ${JSON.stringify(to)}`);
    costPairs.push([from, to]);
  }
  return { sectionKinds: kinds, defaultSectionKind: defaultSectionKind as OpenInferenceSpanKind, providers: providerMap, cost: costPairs };
}

let cached: OpenInferenceTable | undefined;

/** Loads and validates the table once. */
export function loadOpenInferenceTable(file: string = OPENINFERENCE_DATA_FILE): OpenInferenceTable {
  if (file === OPENINFERENCE_DATA_FILE && cached !== undefined) return cached;
  const table = validateOpenInferenceTable(JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, file);
  if (file === OPENINFERENCE_DATA_FILE) cached = table;
  return table;
}
