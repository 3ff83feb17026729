import { join } from 'node:path';
import { checkKnownKeys, describe, Located, parseDataText, Problems, readDataFile } from '../dataFile';

/** The conventions file shipped with the package. */
export const DEFAULT_CONVENTIONS_FILE = join(__dirname, '..', '..', 'data', 'usage-conventions.json');

/**
 * Numeric fields of `@llmobserve/pricing`'s `Usage` a convention may fill.
 * Fields ending in `Tokens` must be whole numbers.
 */
export const USAGE_FIELDS = [
  'inputTokens',
  'cachedInputTokens',
  'cacheWriteTokens',
  'cacheWrite1hTokens',
  'audioInputTokens',
  'cachedAudioInputTokens',
  'imageInputTokens',
  'outputTokens',
  'reasoningTokens',
  'audioOutputTokens',
  'imageOutputTokens',
  'videoOutputTokens',
  'citationTokens',
  'characters',
  'outputCharacters',
  'seconds',
  'outputSeconds',
  'audioInputSeconds',
  'videoInputSeconds',
  'images',
  'inputImages',
  'pixels',
  'requests',
  'webSearchRequests',
  'searchResults',
  'pages',
  'annotationPages',
  'credits',
  'sessions',
  'operations',
  'readUnits',
  'writeUnits',
  'vectorDimensionMonths',
  'dataWrittenGiB',
  'dataReturnedGiB',
  'messages',
  'minutes',
  'transactions',
] as const;

/** A numeric Usage field. */
export type UsageField = (typeof USAGE_FIELDS)[number];

/** Text fields of `Usage` (variant selectors), read only through a convention's `usagePrefix`. */
export const USAGE_TEXT_FIELDS = ['imageSize', 'imageQuality', 'imageSteps', 'searchContextSize', 'serviceTier', 'transactionAmountUsd', 'pricingModifiers'] as const;

/** `cacheWrite1hTokens` → `cache_write1h_tokens`: the attribute suffix of a field under `usagePrefix`. */
export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Where a field's value comes from: an attribute, or a number inside a JSON-string attribute. */
export interface FieldSource {
  readonly key: string;
  readonly json?: readonly string[];
}

/** Marks spans whose usage is the sum of their child calls. */
export interface AggregateRule {
  readonly key: string;
  readonly in?: readonly string[];
  readonly notIn?: readonly string[];
  readonly notEndsWith?: readonly string[];
}

/** Which parts a convention reports outside its totals (or inside another count), under a condition. */
export interface ConventionVariant {
  readonly when?: { readonly anyKey?: readonly string[]; readonly provider?: readonly string[] };
  /** Parts reported outside `inputTokens`: added to it. */
  readonly inputExcludes: readonly UsageField[];
  /** Parts reported outside `outputTokens`: added to it. */
  readonly outputExcludes: readonly UsageField[];
  /** `{ cacheWriteTokens: ['cacheWrite1hTokens'] }`: the reported cacheWriteTokens includes cacheWrite1hTokens, which is taken out. */
  readonly within: ReadonlyMap<UsageField, readonly UsageField[]>;
}

/** One row of the conventions table. */
export interface UsageConvention {
  readonly name: string;
  readonly detect: readonly string[];
  readonly model: readonly string[];
  readonly provider: readonly string[];
  /** `dotted`: the provider attribute reads `openai.chat`; only the part before the first dot is the provider. */
  readonly providerFormat: 'plain' | 'dotted';
  readonly fields: ReadonlyMap<UsageField, readonly FieldSource[]>;
  /**
   * Prefix under which any other Usage field may appear as `<prefix><snake_case field>`
   * (`llmobserve.usage.cache_write1h_tokens`), as our capture writes the fields
   * GenAI has no attribute for. `probes` pairs each full attribute name with its
   * field (fields mapped in `fields` excluded): probing ~40 names costs less than
   * enumerating a span's attributes.
   */
  readonly usagePrefix?: { readonly prefix: string; readonly probes: readonly (readonly [string, string])[] };
  readonly total: readonly string[];
  readonly aggregate?: AggregateRule;
  readonly variants: readonly ConventionVariant[];
}

/** A validated conventions file. */
export interface ConventionTable {
  readonly file: string;
  readonly conventions: readonly UsageConvention[];
  /** Cost parts on the prompt side (OpenInference `llm.cost.prompt`). */
  readonly promptParts: ReadonlySet<string>;
  /** Cost parts on the completion side (OpenInference `llm.cost.completion`). */
  readonly completionParts: ReadonlySet<string>;
}

/** Fields of one convention; kept in step with `data/usage-conventions.schema.json` (a test checks). */
export const CONVENTION_FIELDS = ['name', 'description', 'detect', 'model', 'provider', 'providerFormat', 'fields', 'usagePrefix', 'total', 'aggregate', 'variants'] as const;
const INPUT_SUBSETS: readonly UsageField[] = ['cachedInputTokens', 'cacheWriteTokens', 'cacheWrite1hTokens', 'audioInputTokens', 'imageInputTokens'];
const OUTPUT_SUBSETS: readonly UsageField[] = ['reasoningTokens', 'audioOutputTokens', 'imageOutputTokens', 'videoOutputTokens'];

type MapNode = Located & { kind: 'map' };

function strings(node: Located | undefined, where: string, p: Problems, required: boolean, parentLine = 1): string[] {
  if (node === undefined) {
    if (required) p.add(parentLine, `${where} is required`);
    return [];
  }
  if (node.kind !== 'seq' || node.items.some((i) => i.kind !== 'scalar' || typeof i.value !== 'string' || i.value === '')) {
    p.add(node.line, `${where} must be a list of non-empty strings, got ${describe(node)}`);
    return [];
  }
  return node.items.map((i) => (i as { value: string }).value);
}

function source(node: Located, where: string, p: Problems): FieldSource | undefined {
  if (node.kind === 'scalar' && typeof node.value === 'string' && node.value !== '') return { key: node.value };
  if (node.kind === 'map') {
    checkKnownKeys(node, ['key', 'json'], where, p);
    const key = node.entries.get('key');
    const json = strings(node.entries.get('json'), `${where}.json`, p, false);
    if (key?.kind === 'scalar' && typeof key.value === 'string' && key.value !== '' && json.length > 0) {
      return { key: key.value, json };
    }
  }
  p.add(node.line, `${where} must be an attribute key or { key, json: [path] }, got ${describe(node)}`);
  return undefined;
}

function usageFieldList(node: Located | undefined, allowed: readonly UsageField[], where: string, p: Problems): UsageField[] {
  const list = strings(node, where, p, false);
  for (const f of list) {
    if (!allowed.includes(f as UsageField)) p.add(node?.line ?? 0, `${where}: ${JSON.stringify(f)} is not one of ${allowed.join(', ')}`);
  }
  return list as UsageField[];
}

function convention(node: Located, index: number, p: Problems, names: Set<string>): UsageConvention | undefined {
  const where = `conventions[${index}]`;
  if (node.kind !== 'map') {
    p.add(node.line, `${where} must be a mapping, got ${describe(node)}`);
    return undefined;
  }
  const before = p.list.length;
  checkKnownKeys(node, CONVENTION_FIELDS, where, p);
  const e = node.entries;
  const nameNode = e.get('name');
  const name = nameNode?.kind === 'scalar' && typeof nameNode.value === 'string' ? nameNode.value : undefined;
  if (name === undefined || !/^[a-z][a-z0-9-]*$/.test(name)) {
    p.add(nameNode?.line ?? node.line, `${where}.name must be a lower-case name, got ${describe(nameNode)}`);
  } else if (names.has(name)) {
    p.add(nameNode?.line ?? node.line, `${where}.name ${JSON.stringify(name)} is a duplicate`);
  } else {
    names.add(name);
  }
  const label = name ? `convention "${name}"` : where;
  const detect = strings(e.get('detect'), `${label}.detect`, p, false);
  if (detect.length === 0) p.add(e.get('detect')?.line ?? node.line, `${label}.detect must list at least one attribute key`);
  const model = strings(e.get('model'), `${label}.model`, p, false);
  const provider = strings(e.get('provider'), `${label}.provider`, p, false);
  const fmt = e.get('providerFormat');
  let providerFormat: 'plain' | 'dotted' = 'plain';
  if (fmt !== undefined) {
    if (fmt.kind === 'scalar' && (fmt.value === 'plain' || fmt.value === 'dotted')) providerFormat = fmt.value;
    else p.add(fmt.line, `${label}.providerFormat must be "plain" or "dotted", got ${describe(fmt)}`);
  }
  const fields = new Map<UsageField, FieldSource[]>();
  const fieldsNode = e.get('fields');
  const prefixNode = e.get('usagePrefix');
  let usagePrefix: UsageConvention['usagePrefix'];
  if (prefixNode !== undefined) {
    if (prefixNode.kind !== 'scalar' || typeof prefixNode.value !== 'string' || !prefixNode.value.endsWith('.')) {
      p.add(prefixNode.line, `${label}.usagePrefix must be an attribute prefix ending in ".", got ${describe(prefixNode)}`);
    } else {
      const prefix = prefixNode.value;
      const mapped = fieldsNode?.kind === 'map' ? fieldsNode.entries : new Map<string, Located>();
      const probes = [...USAGE_FIELDS, ...USAGE_TEXT_FIELDS].filter((f) => !mapped.has(f)).map((f) => [prefix + snakeCase(f), f] as const);
      usagePrefix = { prefix, probes };
    }
  }
  if (fieldsNode === undefined || fieldsNode.kind !== 'map' || fieldsNode.entries.size === 0) {
    // A convention may read every field through its usagePrefix alone.
    if (usagePrefix === undefined || (fieldsNode !== undefined && fieldsNode.kind !== 'map')) {
      p.add(fieldsNode?.line ?? node.line, `${label}.fields must map Usage fields to attribute keys, got ${describe(fieldsNode)}`);
    }
  } else {
    for (const [field, list] of fieldsNode.entries) {
      const line = fieldsNode.keyLines.get(field) ?? fieldsNode.line;
      if (!USAGE_FIELDS.includes(field as UsageField)) {
        p.add(line, `${label}.fields: unknown Usage field ${JSON.stringify(field)} (known: ${USAGE_FIELDS.join(', ')})`);
        continue;
      }
      if (list.kind !== 'seq' || list.items.length === 0) {
        p.add(line, `${label}.fields.${field} must be a non-empty list of sources`);
        continue;
      }
      const sources = list.items.map((item, k) => source(item, `${label}.fields.${field}[${k}]`, p)).filter((s): s is FieldSource => s !== undefined);
      fields.set(field as UsageField, sources);
    }
  }
  const total = strings(e.get('total'), `${label}.total`, p, false);
  let aggregate: AggregateRule | undefined;
  const agg = e.get('aggregate');
  if (agg !== undefined) {
    if (agg.kind !== 'map') {
      p.add(agg.line, `${label}.aggregate must be a mapping, got ${describe(agg)}`);
    } else {
      checkKnownKeys(agg, ['key', 'in', 'notIn', 'notEndsWith'], `${label}.aggregate`, p);
      const key = agg.entries.get('key');
      const rules = (['in', 'notIn', 'notEndsWith'] as const).filter((r) => agg.entries.has(r));
      if (key?.kind !== 'scalar' || typeof key.value !== 'string' || rules.length !== 1) {
        p.add(agg.line, `${label}.aggregate needs "key" and exactly one of in, notIn, notEndsWith`);
      } else {
        const r = rules[0];
        aggregate = { key: key.value, [r]: strings(agg.entries.get(r), `${label}.aggregate.${r}`, p, true) };
      }
    }
  }
  const variants: ConventionVariant[] = [];
  const vs = e.get('variants');
  if (vs !== undefined) {
    if (vs.kind !== 'seq') {
      p.add(vs.line, `${label}.variants must be a list, got ${describe(vs)}`);
    } else {
      vs.items.forEach((v, k) => {
        const vw = `${label}.variants[${k}]`;
        if (v.kind !== 'map') {
          p.add(v.line, `${vw} must be a mapping`);
          return;
        }
        checkKnownKeys(v, ['when', 'inputExcludes', 'outputExcludes', 'within'], vw, p);
        const whenNode = v.entries.get('when');
        let when: ConventionVariant['when'];
        if (whenNode !== undefined) {
          if (whenNode.kind !== 'map') {
            p.add(whenNode.line, `${vw}.when must be a mapping`);
          } else {
            checkKnownKeys(whenNode, ['anyKey', 'provider'], `${vw}.when`, p);
            const anyKey = whenNode.entries.has('anyKey') ? strings(whenNode.entries.get('anyKey'), `${vw}.when.anyKey`, p, true) : undefined;
            const prov = whenNode.entries.has('provider') ? strings(whenNode.entries.get('provider'), `${vw}.when.provider`, p, true) : undefined;
            when = { ...(anyKey ? { anyKey } : {}), ...(prov ? { provider: prov } : {}) };
          }
        }
        const within = new Map<UsageField, UsageField[]>();
        const withinNode = v.entries.get('within');
        if (withinNode !== undefined) {
          if (withinNode.kind !== 'map') {
            p.add(withinNode.line, `${vw}.within must map a Usage field to the fields it includes`);
          } else {
            for (const [field, list] of withinNode.entries) {
              const line = withinNode.keyLines.get(field) ?? withinNode.line;
              if (!USAGE_FIELDS.includes(field as UsageField)) p.add(line, `${vw}.within: unknown Usage field ${JSON.stringify(field)}`);
              else within.set(field as UsageField, usageFieldList(list, USAGE_FIELDS, `${vw}.within.${field}`, p));
            }
          }
        }
        variants.push({
          ...(when ? { when } : {}),
          inputExcludes: usageFieldList(v.entries.get('inputExcludes'), INPUT_SUBSETS, `${vw}.inputExcludes`, p),
          outputExcludes: usageFieldList(v.entries.get('outputExcludes'), OUTPUT_SUBSETS, `${vw}.outputExcludes`, p),
          within,
        });
      });
    }
  }
  if (p.list.length > before || name === undefined) return undefined;
  return { name, detect, model, provider, providerFormat, fields, ...(usagePrefix ? { usagePrefix } : {}), total, ...(aggregate ? { aggregate } : {}), variants };
}

function compile(root: Located, file: string): ConventionTable {
  const p = new Problems(file);
  if (root.kind !== 'map') {
    p.add(root.line, `the file must be a mapping with "version" and "conventions", got ${describe(root)}`);
    p.throwIfAny();
  }
  const map = root as MapNode;
  checkKnownKeys(map, ['$comment', 'version', 'conventions', 'costParts'], 'top level', p);
  const version = map.entries.get('version');
  if (version?.kind !== 'scalar' || version.value !== 1) p.add(version?.line ?? map.line, `version must be 1, got ${describe(version)}`);
  const conventions: UsageConvention[] = [];
  const list = map.entries.get('conventions');
  if (list?.kind !== 'seq' || list.items.length === 0) {
    p.add(list?.line ?? map.line, `conventions must be a non-empty list, got ${describe(list)}`);
  } else {
    const names = new Set<string>();
    list.items.forEach((c, i) => {
      const conv = convention(c, i, p, names);
      if (conv) conventions.push(conv);
    });
  }
  const partsNode = map.entries.get('costParts');
  let prompt: string[] = [];
  let completion: string[] = [];
  if (partsNode?.kind !== 'map') {
    p.add(partsNode?.line ?? map.line, `costParts must be a mapping with "prompt" and "completion" lists, got ${describe(partsNode)}`);
  } else {
    checkKnownKeys(partsNode, ['$comment', 'prompt', 'completion'], 'costParts', p);
    prompt = strings(partsNode.entries.get('prompt'), 'costParts.prompt', p, true, partsNode.line);
    completion = strings(partsNode.entries.get('completion'), 'costParts.completion', p, true, partsNode.line);
    for (const part of prompt) {
      if (completion.includes(part)) p.add(partsNode.line, `costParts: "${part}" is listed as both prompt and completion`);
    }
  }
  p.throwIfAny();
  return { file, conventions, promptParts: new Set(prompt), completionParts: new Set(completion) };
}

/** Validates a conventions table given as JSON or YAML text; problems throw `DataFileError` with `FILE:LINE`. */
export function parseConventionTable(text: string, file = '<conventions>'): ConventionTable {
  return compile(parseDataText(text, file), file);
}

/** Reads and validates a conventions file (default: the bundled `data/usage-conventions.json`). */
export function loadConventionTable(file: string = DEFAULT_CONVENTIONS_FILE): ConventionTable {
  return compile(readDataFile(file), file);
}
