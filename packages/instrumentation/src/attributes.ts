import type { Usage } from '@llmobserve/pricing';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import {
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_LLMOBSERVE_USAGE_ERROR,
  ATTR_LLMOBSERVE_USAGE_ESTIMATED,
  GEN_AI_USAGE_ATTRIBUTES,
  LLMOBSERVE_USAGE_PREFIX,
} from './constants';

const GEN_AI_KEY_BY_ATTRIBUTE: ReadonlyMap<string, keyof Usage> = new Map(
  Object.entries(GEN_AI_USAGE_ATTRIBUTES).map(([k, a]) => [a as string, k as keyof Usage]),
);
/** `llmobserve.usage.*` attributes that are flags about the usage, not usage fields. */
const NOT_USAGE_FIELDS: ReadonlySet<string> = new Set([ATTR_LLMOBSERVE_USAGE_ERROR, ATTR_LLMOBSERVE_USAGE_ESTIMATED]);

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

const attributeNames = new Map<string, string>();

/** The span attribute that carries one `Usage` field. */
export function usageAttributeName(key: keyof Usage): string {
  let name = attributeNames.get(key);
  if (name === undefined) {
    name = GEN_AI_USAGE_ATTRIBUTES[key] ?? LLMOBSERVE_USAGE_PREFIX + snake(key);
    // Bounded: keys come from usage records, which only normalisers build, but stay safe anyway.
    if (attributeNames.size < 256) attributeNames.set(key, name);
  }
  return name;
}

function toAttributeValue(v: unknown): AttributeValue | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  return undefined;
}

/**
 * Span attributes for a usage record: GenAI attributes where the convention
 * has one, `llmobserve.usage.<snake_case>` for the rest. Absent fields give no
 * attribute (absent means "not reported", not zero).
 */
export function usageToAttributes(usage: Usage): Attributes {
  const attrs: Attributes = {};
  for (const key of Object.keys(usage) as Array<keyof Usage>) {
    const v = toAttributeValue(usage[key]);
    if (v !== undefined) attrs[usageAttributeName(key)] = v;
  }
  if (typeof usage.cacheWrite1hTokens === 'number') {
    // The GenAI attribute carries every cache write; the 1-hour part is also kept apart.
    attrs[ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS] = (usage.cacheWriteTokens ?? 0) + usage.cacheWrite1hTokens;
  }
  return attrs;
}

/**
 * Reads a usage record back from span attributes written by
 * {@link usageToAttributes}; `undefined` when the span carries no usage.
 */
export function attributesToUsage(attrs: Attributes): Usage | undefined {
  const usage: Record<string, unknown> = {};
  let any = false;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined) continue;
    let key: string | undefined = GEN_AI_KEY_BY_ATTRIBUTE.get(name);
    if (key === undefined && name.startsWith(LLMOBSERVE_USAGE_PREFIX) && !NOT_USAGE_FIELDS.has(name)) {
      key = camel(name.slice(LLMOBSERVE_USAGE_PREFIX.length));
    }
    if (key === undefined) continue;
    usage[key] = value;
    any = true;
  }
  const u = usage as Usage;
  if (typeof u.cacheWrite1hTokens === 'number' && typeof u.cacheWriteTokens === 'number') {
    u.cacheWriteTokens = Math.max(0, u.cacheWriteTokens - u.cacheWrite1hTokens);
  }
  return any ? u : undefined;
}

/** Copies `attrs` into `target`, skipping undefined values. */
export function assignDefined(target: Attributes, key: string, value: AttributeValue | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** Reads a header from a lower-case-keyed map (first value when repeated). */
export function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function sameName(raw: Buffer | string, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const w = name.charCodeAt(i);
    const b = typeof raw === 'string' ? raw.charCodeAt(i) : raw[i];
    // `name` is lower-case ASCII: a byte matches it, or its upper-case form for a letter.
    if (b !== w && !(w >= 0x61 && w <= 0x7a && b === w - 0x20)) return false;
  }
  return true;
}

/**
 * A reader of raw undici header pairs (`[name, value, name, value…]`, as Buffers or strings) that
 * decodes only the named headers: a response carries a dozen headers and the capture reads a few, so
 * the others are compared in place and never turned into strings. Names are matched
 * case-insensitively; a repeated header's values are joined with ", ".
 */
export function rawHeaderPicker(names: readonly string[]): (raw: ReadonlyArray<Buffer | string>) => Record<string, string> {
  const byLength = new Map<number, string[]>();
  for (const n of new Set(names.map((x) => x.toLowerCase()))) {
    const list = byLength.get(n.length);
    if (list === undefined) byLength.set(n.length, [n]);
    else list.push(n);
  }
  return (raw) => {
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i];
      // Header names are ASCII tokens: byte length and string length agree for any name we want.
      const candidates = byLength.get(name.length);
      if (candidates === undefined) continue;
      for (const k of candidates) {
        if (!sameName(name, k)) continue;
        const v = raw[i + 1].toString();
        out[k] = out[k] === undefined ? v : `${out[k]}, ${v}`;
        break;
      }
    }
    return out;
  };
}
