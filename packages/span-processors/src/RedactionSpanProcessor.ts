import { AttributeValue, Attributes, Context, diag } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { REDACTION_ATTRIBUTES as A } from './constants';
import { checkEndHook, EndHookMode, sdkCallsOnEnding, wrapEnd } from './endHook';
import { loadPatternSet } from './redaction/patternFile';
import { redactionMarker, Redactor } from './redaction/Redactor';
import type { CompiledPatternSet } from './redaction/types';

/** Options of {@link RedactionSpanProcessor}. */
export interface RedactionSpanProcessorConfig {
  /** Patterns: a compiled set or the path of a JSON/YAML pattern file (default: the bundled `data/redaction-patterns.yaml`). */
  patterns?: CompiledPatternSet | string;
  /** Attribute keys to scan (default: the file's `attributes.keys`). */
  attributes?: readonly string[];
  /** Attribute key prefixes to scan (default: the file's `attributes.prefixes`). */
  attributePrefixes?: readonly string[];
  /**
   * `match` (default): each PII finding is replaced by `[REDACTED:<kind>]` and the
   * rest of the text is kept. `value`: an attribute with any PII is replaced
   * whole by `[REDACTED:<kind>,<kind>…]`.
   */
  replace?: 'match' | 'value';
  /** Also scan the same keys in span events (older GenAI conventions record prompts in events). Default true. */
  scanEvents?: boolean;
  /** How writes reach the span before export (default `auto`); see `EndHookMode`. */
  endHook?: EndHookMode;
}

const KNOWN = ['patterns', 'attributes', 'attributePrefixes', 'replace', 'scanEvents', 'endHook'];
const MAX_JSON_DEPTH = 64;

function checkStrings(v: unknown, field: string): readonly string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s.length === 0)) {
    throw new TypeError(`RedactionSpanProcessor: ${field} must be an array of non-empty strings, got ${JSON.stringify(v)}`);
  }
  return v as string[];
}

interface Findings {
  kinds: Set<string>;
  injections: Set<string>;
}

/**
 * Scans recorded prompts and completions for PII and prompt/SQL-injection
 * phrases, in time linear in their length (DFA patterns + Aho-Corasick, no
 * backtracking regex; see `Redactor`).
 *
 * PII found → the finding is replaced by `[REDACTED:<kind>]` (or the whole
 * value, with `replace: 'value'`) and the span gets `llmobserve.pii_detected =
 * true` and `llmobserve.pii_kinds`. Injection found → the content is kept and
 * the span gets `llmobserve.injection_attempt = true` and
 * `llmobserve.injection_patterns`. Values that hold JSON (message lists) are
 * parsed and their strings redacted one by one, so the result stays valid JSON.
 *
 * Ordering guarantee: the processor works in `onEnding`, which the SDK (≥ 2.3)
 * runs for every processor before any processor's `onEnd`; exporters run from
 * `onEnd` (Simple/BatchSpanProcessor), so no exporter sees the span before it
 * is redacted, whatever the order in which processors were added. On SDKs
 * without `onEnding`, the processor wraps `span.end` at start (`wrapEnd`), which
 * runs before the SDK's own `end` calls any `onEnd`. Only attributes and events
 * present when the span ends are scanned; a processor that copies prompts into
 * a span during its own `onEnding` after this one would escape it.
 */
export class RedactionSpanProcessor implements SpanProcessor {
  /** The scanner (exposed for tests and benchmarks). */
  readonly redactor: Redactor;
  private readonly keys: ReadonlySet<string>;
  private readonly prefixes: readonly string[];
  private readonly wholeValue: boolean;
  private readonly scanEvents: boolean;
  private readonly endHook: EndHookMode;
  /** Attribute key → scanned or not; keys repeat across spans, so this stays small (bounded). */
  private readonly selected = new Map<string, boolean>();

  /** Throws at set-up on an unknown option, a bad value, or a bad pattern file (`FILE:LINE` messages). */
  constructor(config: RedactionSpanProcessorConfig = {}) {
    for (const key of Object.keys(config)) {
      if (!KNOWN.includes(key)) throw new TypeError(`RedactionSpanProcessor: unknown option "${key}" (known: ${KNOWN.join(', ')})`);
    }
    const set = typeof config.patterns === 'object' ? config.patterns : loadPatternSet(config.patterns);
    this.redactor = new Redactor(set);
    this.keys = new Set(checkStrings(config.attributes, 'attributes') ?? set.attributeKeys);
    this.prefixes = checkStrings(config.attributePrefixes, 'attributePrefixes') ?? set.attributePrefixes;
    if (config.replace !== undefined && config.replace !== 'match' && config.replace !== 'value') {
      throw new TypeError(`RedactionSpanProcessor: replace must be "match" or "value", got ${JSON.stringify(config.replace)}`);
    }
    this.wholeValue = config.replace === 'value';
    if (config.scanEvents !== undefined && typeof config.scanEvents !== 'boolean') {
      throw new TypeError(`RedactionSpanProcessor: scanEvents must be a boolean, got ${JSON.stringify(config.scanEvents)}`);
    }
    this.scanEvents = config.scanEvents ?? true;
    this.endHook = checkEndHook(config.endHook, 'RedactionSpanProcessor');
  }

  onStart(span: Span, _parentContext: Context): void {
    try {
      if (this.endHook === 'wrapEnd' || (this.endHook === 'auto' && !sdkCallsOnEnding(span))) {
        wrapEnd(span, (s) => this.scanSpan(s));
      }
    } catch (err) {
      diag.warn(`llmobserve: RedactionSpanProcessor.onStart failed: ${String(err)}`);
    }
  }

  onEnding(span: Span): void {
    // With wrapEnd the wrapper already did the work.
    if (this.endHook !== 'wrapEnd') this.scanSpan(span);
  }

  private scanSpan(span: Span): void {
    try {
      const found: Findings = { kinds: new Set(), injections: new Set() };
      let scanned = this.scanAttributes(span.attributes, found, (k, v) => span.setAttribute(k, v));
      if (this.scanEvents) {
        for (const event of span.events) {
          const ea = event.attributes;
          if (ea === undefined) continue;
          scanned = this.scanAttributes(ea, found, (k, v) => (ea[k] = v)) || scanned;
        }
      }
      if (!scanned) return;
      if (found.kinds.size > 0) {
        span.setAttribute(A.piiDetected, true);
        span.setAttribute(A.piiKinds, [...found.kinds]);
      }
      if (found.injections.size > 0) {
        span.setAttribute(A.injectionAttempt, true);
        span.setAttribute(A.injectionPatterns, [...found.injections]);
      }
    } catch (err) {
      diag.warn(`llmobserve: RedactionSpanProcessor could not scan span ${span.name}: ${String(err)}`);
    }
  }

  onEnd(_span: ReadableSpan): void {
    // Work is done in onEnding (or the wrapped end), before exporters run.
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** True when attribute `key` holds recorded content to scan. */
  selects(key: string): boolean {
    let yes = this.selected.get(key);
    if (yes === undefined) {
      yes = this.keys.has(key) || this.prefixes.some((p) => key.startsWith(p));
      if (this.selected.size >= 4096) this.selected.clear();
      this.selected.set(key, yes);
    }
    return yes;
  }

  /**
   * Redacts one attribute value (a string or an array of strings; other types
   * pass through). Exposed for tests and for redacting values outside spans.
   */
  redactValue(value: AttributeValue, found: Findings = { kinds: new Set(), injections: new Set() }): AttributeValue {
    if (typeof value === 'string') return this.redactString(value, found);
    if (Array.isArray(value) && value.some((v) => typeof v === 'string')) {
      let changed = false;
      const out = (value as unknown[]).map((v) => {
        if (typeof v !== 'string') return v;
        const r = this.redactString(v, found);
        if (r !== v) changed = true;
        return r;
      });
      return changed ? (out as AttributeValue) : value;
    }
    return value;
  }

  /** Redacts the selected attributes of `attrs` through `write`; true when any attribute was scanned. */
  private scanAttributes(attrs: Attributes, found: Findings, write: (key: string, value: AttributeValue) => void): boolean {
    let scanned = false;
    let updates: [string, AttributeValue][] | undefined;
    for (const key in attrs) {
      if (!this.selects(key)) continue;
      const value = attrs[key];
      if (value === undefined || value === null) continue;
      scanned = true;
      const next = this.redactValue(value, found);
      if (next !== value) (updates ??= []).push([key, next]);
    }
    // Written after the loop: no attribute is added while iterating.
    if (updates) for (const [k, v] of updates) write(k, v);
    return scanned;
  }

  private redactString(text: string, found: Findings): string {
    const kindsBefore = found.kinds.size;
    const first = firstNonSpace(text);
    let out: string | undefined;
    if (first === '{' || first === '[') out = this.redactJson(text, found);
    if (out === undefined) {
      const r = this.redactor.redact(text);
      for (const k of r.piiKinds) found.kinds.add(k);
      for (const i of r.injections) found.injections.add(i);
      out = r.text;
    }
    if (this.wholeValue && out !== text) {
      const kinds = [...found.kinds].slice(kindsBefore);
      return redactionMarker((kinds.length > 0 ? kinds : [...found.kinds]).join(','));
    }
    return out;
  }

  /** Redacts the strings inside a JSON text; `undefined` when it is not JSON (then the raw text is scanned). */
  private redactJson(text: string, found: Findings): string | undefined {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return undefined;
    }
    let changed = false;
    const walk = (node: unknown, depth: number): unknown => {
      if (depth > MAX_JSON_DEPTH) throw new RangeError('too deep');
      if (typeof node === 'string') {
        const r = this.redactor.redact(node);
        for (const k of r.piiKinds) found.kinds.add(k);
        for (const i of r.injections) found.injections.add(i);
        if (r.text !== node) changed = true;
        return r.text;
      }
      if (Array.isArray(node)) return node.map((n) => walk(n, depth + 1));
      if (node !== null && typeof node === 'object') {
        // A null prototype keeps a "__proto__" key an ordinary property.
        const out = Object.create(null) as Record<string, unknown>;
        for (const [k, v] of Object.entries(node)) out[k] = walk(v, depth + 1);
        return out;
      }
      return node;
    };
    let result: unknown;
    try {
      result = walk(doc, 0);
    } catch {
      return undefined;
    }
    return changed ? JSON.stringify(result) : text;
  }
}

function firstNonSpace(text: string): string {
  for (let i = 0; i < text.length && i < 64; i++) {
    const c = text[i];
    if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') return c;
  }
  return '';
}
