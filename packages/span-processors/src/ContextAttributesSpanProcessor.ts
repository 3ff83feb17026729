import { Context, diag, propagation } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { formatSectionPath, getState, SECTION_ATTRIBUTES } from '@llmobserve/context';
import { CONTEXT_ATTRIBUTES as A } from './constants';

/** Options of {@link ContextAttributesSpanProcessor}. */
export interface ContextAttributesSpanProcessorConfig {
  /**
   * Baggage entries to copy onto every span, as attributes of the same name.
   * Exact keys, or prefixes ending in `*` (`tenant.*`). Empty by default: baggage
   * comes from callers and can carry secrets, so nothing is copied unless listed.
   */
  baggageKeys?: readonly string[];
  /** Also write `session.id` (= run id) and `user.id` (= customer id), which Phoenix and Langfuse group by. Default true. */
  sessionAttributes?: boolean;
}

const KNOWN = ['baggageKeys', 'sessionAttributes'];

/** Serialised section paths by path array: a context's path array is shared by every span started in it. */
const pathText = new WeakMap<readonly string[], string>();
function sectionPathText(path: readonly string[]): string {
  let text = pathText.get(path);
  if (text === undefined) {
    text = formatSectionPath(path);
    pathText.set(path, text);
  }
  return text;
}
const MAX_BAGGAGE_VALUE = 1024;
const hasOwn = Object.prototype.hasOwnProperty;

/** The span carries its own section (started by `withSection`); an own-property test answers the usual miss cheaply. */
function hasSection(span: Span): boolean {
  const attrs = span.attributes;
  return hasOwn.call(attrs, SECTION_ATTRIBUTES.section) && attrs[SECTION_ATTRIBUTES.section] !== undefined;
}

/**
 * Copies the LLMObserve values of the parent context onto every span when it
 * starts: `llmobserve.run_id`, `llmobserve.customer_id`, `llmobserve.section`,
 * `llmobserve.section_path`, `llmobserve.request_id`, plus `session.id` and
 * `user.id`, and the baggage entries named in `baggageKeys`. Spans started by
 * `withSection` already carry their own section attributes (their section is
 * not yet in the parent context) and keep them.
 */
export class ContextAttributesSpanProcessor implements SpanProcessor {
  private readonly exactKeys: readonly string[];
  private readonly prefixes: readonly string[];
  private readonly session: boolean;

  /** Throws at set-up on an unknown option or a bad value. */
  constructor(config: ContextAttributesSpanProcessorConfig = {}) {
    for (const key of Object.keys(config)) {
      if (!KNOWN.includes(key)) {
        throw new TypeError(`ContextAttributesSpanProcessor: unknown option "${key}" (known: ${KNOWN.join(', ')})`);
      }
    }
    const keys = config.baggageKeys ?? [];
    if (!Array.isArray(keys)) {
      throw new TypeError(`ContextAttributesSpanProcessor: baggageKeys must be an array of strings, got ${JSON.stringify(keys)}`);
    }
    for (const k of keys) {
      if (typeof k !== 'string' || k.length === 0 || k === '*') {
        throw new TypeError(`ContextAttributesSpanProcessor: baggageKeys entries must be non-empty keys or "prefix*", got ${JSON.stringify(k)}`);
      }
    }
    this.exactKeys = keys.filter((k) => !k.endsWith('*'));
    this.prefixes = keys.filter((k) => k.endsWith('*')).map((k) => k.slice(0, -1));
    if (config.sessionAttributes !== undefined && typeof config.sessionAttributes !== 'boolean') {
      throw new TypeError(`ContextAttributesSpanProcessor: sessionAttributes must be a boolean, got ${JSON.stringify(config.sessionAttributes)}`);
    }
    this.session = config.sessionAttributes ?? true;
  }

  onStart(span: Span, parentContext: Context): void {
    try {
      const s = getState(parentContext);
      if (s.runId !== undefined) {
        span.setAttribute(A.runId, s.runId);
        if (this.session) span.setAttribute(A.sessionId, s.runId);
      }
      if (s.customerId !== undefined) {
        span.setAttribute(A.customerId, s.customerId);
        if (this.session) span.setAttribute(A.userId, s.customerId);
      }
      if (s.sectionPath.length > 0 && !hasSection(span)) {
        span.setAttribute(A.section, s.sectionPath[s.sectionPath.length - 1]);
        span.setAttribute(A.sectionPath, sectionPathText(s.sectionPath));
      }
      if (s.requestId !== undefined) span.setAttribute(A.requestId, s.requestId);
      if (s.foreignParentSpanId !== undefined) span.setAttribute(A.foreignParentSpanId, s.foreignParentSpanId);
      if (this.exactKeys.length > 0 || this.prefixes.length > 0) this.copyBaggage(span, parentContext);
    } catch (err) {
      diag.warn(`llmobserve: ContextAttributesSpanProcessor.onStart failed: ${String(err)}`);
    }
  }

  private copyBaggage(span: Span, ctx: Context): void {
    const baggage = propagation.getBaggage(ctx);
    if (baggage === undefined) return;
    for (const k of this.exactKeys) {
      const entry = baggage.getEntry(k);
      if (entry !== undefined) span.setAttribute(k, entry.value.slice(0, MAX_BAGGAGE_VALUE));
    }
    if (this.prefixes.length === 0) return;
    for (const [k, entry] of baggage.getAllEntries()) {
      if (this.prefixes.some((p) => k.startsWith(p))) span.setAttribute(k, entry.value.slice(0, MAX_BAGGAGE_VALUE));
    }
  }

  onEnd(_span: ReadableSpan): void {
    // Nothing to do at the end: every attribute is written at start.
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
