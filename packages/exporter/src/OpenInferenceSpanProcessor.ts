import { diag } from '@opentelemetry/api';
import type { AttributeValue, Attributes, Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { GEN_AI_ATTRIBUTES as G, LLMOBSERVE_ATTRIBUTES as L, LLMOBSERVE_PREFIX, OPENINFERENCE_ATTRIBUTES as O } from './constants';
import { loadOpenInferenceTable } from './openInferenceData';
import type { OpenInferenceTable } from './openInferenceData';

const MAX_METADATA_KEYS = 64;
const MAX_METADATA_CHARS = 8192;

function tokenCount(attrs: Attributes, name: string, legacy?: string): number | undefined {
  let value = attrs[name];
  if (value === undefined && legacy !== undefined) value = attrs[legacy];
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function text(attrs: Attributes, name: string): string | undefined {
  const value = attrs[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Decimal string or number → number, for OpenInference's double-typed `llm.cost.*`. */
function usd(value: AttributeValue | undefined): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(value)) return undefined;
  return Number(value);
}

/** True for spans that describe one model call (GenAI usage or model attributes). */
function isLlmSpan(attrs: Attributes): boolean {
  return (
    attrs[G.inputTokens] !== undefined ||
    attrs[G.outputTokens] !== undefined ||
    attrs[G.legacyPromptTokens] !== undefined ||
    attrs[G.legacyCompletionTokens] !== undefined ||
    attrs[G.requestModel] !== undefined ||
    attrs[G.responseModel] !== undefined
  );
}

function setIfAbsent(out: Attributes, attrs: Attributes, key: string, value: AttributeValue | undefined): void {
  if (value !== undefined && attrs[key] === undefined) out[key] = value;
}

function llmAttributes(attrs: Attributes, table: OpenInferenceTable, out: Attributes): void {
  setIfAbsent(out, attrs, O.spanKind, 'LLM');
  setIfAbsent(out, attrs, O.modelName, text(attrs, G.responseModel) ?? text(attrs, G.requestModel));
  const providerName = text(attrs, G.providerName) ?? text(attrs, G.system);
  if (providerName !== undefined) {
    const entry = table.providers.get(providerName.toLowerCase());
    setIfAbsent(out, attrs, O.provider, entry?.provider ?? providerName.toLowerCase());
    setIfAbsent(out, attrs, O.system, entry?.system);
  }
  // GenAI counts are inclusive (input includes cache reads and writes, output
  // includes reasoning), and so are OpenInference's: the details are breakdowns
  // of prompt/completion, so nothing is added, and total = input + output.
  const prompt = tokenCount(attrs, G.inputTokens, G.legacyPromptTokens);
  const completion = tokenCount(attrs, G.outputTokens, G.legacyCompletionTokens);
  setIfAbsent(out, attrs, O.tokenPrompt, prompt);
  setIfAbsent(out, attrs, O.tokenCompletion, completion);
  if (prompt !== undefined || completion !== undefined) setIfAbsent(out, attrs, O.tokenTotal, (prompt ?? 0) + (completion ?? 0));
  setIfAbsent(out, attrs, O.tokenCacheRead, tokenCount(attrs, G.cacheReadTokens));
  setIfAbsent(out, attrs, O.tokenCacheWrite, tokenCount(attrs, G.cacheCreationTokens));
  setIfAbsent(out, attrs, O.tokenReasoning, tokenCount(attrs, G.reasoningTokens, G.legacyReasoningTokens));
  for (const [from, to] of table.cost) setIfAbsent(out, attrs, to, usd(attrs[from]));
}

function sectionAttributes(section: string, attrs: Attributes, table: OpenInferenceTable, out: Attributes): void {
  const colon = section.indexOf(':');
  const prefix = colon > 0 ? section.slice(0, colon).toLowerCase() : '';
  const name = colon > 0 ? section.slice(colon + 1) : section;
  const kind = table.sectionKinds.get(prefix) ?? table.defaultSectionKind;
  setIfAbsent(out, attrs, O.spanKind, kind);
  if (kind === 'TOOL' && name !== '') setIfAbsent(out, attrs, O.toolName, name);
  if (kind === 'AGENT' && name !== '') setIfAbsent(out, attrs, O.agentName, name);
}

function metadata(attrs: Attributes): string | undefined {
  let entries: Record<string, AttributeValue> | undefined;
  let count = 0;
  for (const key in attrs) {
    if (!key.startsWith(LLMOBSERVE_PREFIX)) continue;
    const value = attrs[key];
    if (value === undefined || value === null) continue;
    entries ??= {};
    entries[key.slice(LLMOBSERVE_PREFIX.length)] = value;
    if (++count >= MAX_METADATA_KEYS) break;
  }
  if (entries === undefined) return undefined;
  const json = JSON.stringify(entries);
  return json.length <= MAX_METADATA_CHARS ? json : undefined;
}

/**
 * The OpenInference attributes for a span with attributes `attrs` (only those
 * not already present): LLM spans (GenAI usage or model attributes) get
 * `openinference.span.kind=LLM`, `llm.model_name`, `llm.provider`/`llm.system`,
 * `llm.token_count.*` and `llm.cost.*` (from `llmobserve.cost.*`); section spans
 * (`llmobserve.section`) get AGENT/CHAIN/TOOL/… by prefix; any span gets
 * `session.id` (run), `user.id` (customer) and a `metadata` JSON of its
 * `llmobserve.*` attributes.
 */
export function openInferenceAttributes(attrs: Attributes, table: OpenInferenceTable = loadOpenInferenceTable()): Attributes {
  const out: Attributes = {};
  if (isLlmSpan(attrs)) {
    llmAttributes(attrs, table, out);
  } else {
    const section = text(attrs, L.section);
    if (section !== undefined) sectionAttributes(section, attrs, table, out);
  }
  setIfAbsent(out, attrs, O.sessionId, text(attrs, L.runId));
  setIfAbsent(out, attrs, O.userId, text(attrs, L.customerId));
  if (attrs[O.metadata] === undefined) {
    const json = metadata(attrs);
    if (json !== undefined) out[O.metadata] = json;
  }
  return out;
}

/**
 * Adds the OpenInference attributes Phoenix reads to every span, in
 * `onEnding` — the span is still writable there and every processor's
 * `onEnding` runs before any exporter sees it, so the mapping is applied once,
 * in place, without copying spans. The GenAI and `llmobserve.*` attributes stay,
 * so the same spans also read well in Jaeger and Tempo.
 *
 * Needs `@opentelemetry/sdk-trace-base` ≥ 2.3 (which calls `onEnding`). Never
 * throws into the application: a mapping error is logged through `diag`.
 */
export class OpenInferenceSpanProcessor implements SpanProcessor {
  private readonly table: OpenInferenceTable;

  /** @param options.dataFile another mapping table (same schema as `data/openinference.json`) */
  constructor(options: { dataFile?: string } = {}) {
    this.table = loadOpenInferenceTable(options.dataFile);
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    try {
      span.setAttributes(openInferenceAttributes(span.attributes, this.table));
    } catch (err) {
      diag.debug(`llmobserve: OpenInference mapping failed for span ${span.name}: ${(err as Error).message}`);
    }
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
