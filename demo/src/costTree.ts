/**
 * Trace-wide cost: the spans of one trace from every service, as one tree, with
 * each span's own cost and the exact sum over its whole subtree.
 *
 * The per-process roll-up of the CostSpanProcessor (`llmobserve.cost.subtree_usd`)
 * cannot see below a process boundary: the application's `step:planning` span
 * never learns what the gateway's LLM call cost. Here the collector has every
 * span, so it sums `llmobserve.cost.total_usd_exact` over all descendants, in
 * exact money units (`parseUsd` / `formatUsd`), never as floats.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { parseUsd } from '@llmobserve/pricing';
import { COST_ATTRIBUTES, CONTEXT_ATTRIBUTES } from '@llmobserve/span-processors';
import { GEN_AI_ATTRIBUTES } from '@llmobserve/exporter';
import { ATTR_LLMOBSERVE_USAGE_ERROR } from '@llmobserve/instrumentation';

/** Longest error message shown for a failed span. */
const MAX_ERROR_CHARS = 48;

/** One span in the trace-wide tree. */
export interface CostNode {
  readonly span: ReadableSpan;
  readonly service: string;
  readonly children: CostNode[];
  /** This span's own cost (LLM usage + custom), money units of `@llmobserve/pricing`; undefined when it has none. */
  readonly own: bigint | undefined;
  /** Sum of `own` over this span and every descendant, in any service. */
  subtree: bigint;
  /** Priced LLM calls in the subtree. */
  calls: number;
}

/** One trace, rebuilt from the spans of every service. */
export interface TraceView {
  readonly traceId: string;
  readonly roots: CostNode[];
  /** Every node, depth first in display order. */
  readonly nodes: CostNode[];
  /** Services with spans in the trace, in order of first appearance (depth first). */
  readonly services: string[];
  readonly customer: string | undefined;
  readonly runId: string | undefined;
  readonly total: bigint;
  /** Spans whose `llmobserve.cost.total_usd_exact` could not be read (name: value). */
  readonly badCosts: string[];
}

/** What an LLM call span is: it names a provider (captured by the instrumentation or an SDK). */
export function isLlmCall(attrs: Attributes): boolean {
  return typeof attrs[GEN_AI_ATTRIBUTES.providerName] === 'string' || typeof attrs[GEN_AI_ATTRIBUTES.system] === 'string';
}

/** The model a priced span was priced as, else what it reported. */
export function modelOf(attrs: Attributes): string | undefined {
  for (const key of [COST_ATTRIBUTES.matchedModel, GEN_AI_ATTRIBUTES.responseModel, GEN_AI_ATTRIBUTES.requestModel]) {
    const v = attrs[key];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

/** The HTTP status of a failed span, or its status message, or true; undefined when it did not fail. */
export function errorOf(span: ReadableSpan): string | undefined {
  if (span.status.code !== SpanStatusCode.ERROR) return undefined;
  const status = span.attributes[ATTR_HTTP_RESPONSE_STATUS_CODE];
  if (typeof status === 'number') return String(status);
  const message = (span.status.message ?? '').split('\n')[0];
  if (message === '') return 'error';
  return message.length > MAX_ERROR_CHARS ? `${message.slice(0, MAX_ERROR_CHARS - 1)}…` : message;
}

/** Why a span that should carry usage does not (`body_not_observed` …), if it says. */
export function usageErrorOf(attrs: Attributes): string | undefined {
  const v = attrs[ATTR_LLMOBSERVE_USAGE_ERROR];
  return typeof v === 'string' ? v : undefined;
}

function str(attrs: Attributes, key: string): string | undefined {
  const v = attrs[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function byStart(a: CostNode, b: CostNode): number {
  return a.span.startTime[0] - b.span.startTime[0] || a.span.startTime[1] - b.span.startTime[1];
}

/** Builds the trace-wide tree of one trace's spans (any order, any service). */
export function buildTrace(traceId: string, spans: readonly ReadableSpan[]): TraceView {
  const badCosts: string[] = [];
  const byId = new Map<string, CostNode>();
  for (const span of spans) {
    const id = span.spanContext().spanId;
    if (byId.has(id)) continue; // an exporter retry may deliver a span twice
    const exact = span.attributes[COST_ATTRIBUTES.totalUsdExact];
    let own: bigint | undefined;
    if (exact !== undefined) {
      try {
        own = parseUsd(String(exact));
      } catch {
        badCosts.push(`${span.name}: ${JSON.stringify(exact)}`);
      }
    }
    const service = span.resource.attributes['service.name'];
    byId.set(id, { span, service: typeof service === 'string' ? service : 'unknown', children: [], own, subtree: 0n, calls: 0 });
  }
  const roots: CostNode[] = [];
  for (const node of byId.values()) {
    const parent = node.span.parentSpanContext ? byId.get(node.span.parentSpanContext.spanId) : undefined;
    if (parent !== undefined && parent !== node) parent.children.push(node);
    else roots.push(node);
  }
  const nodes: CostNode[] = [];
  const services: string[] = [];
  // Iterative post-order sum: deep traces cannot overflow the stack.
  const sum = (root: CostNode): void => {
    const stack: Array<{ node: CostNode; visited: boolean }> = [{ node: root, visited: false }];
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      if (!top.visited) {
        top.node.children.sort(byStart);
        nodes.push(top.node);
        if (!services.includes(top.node.service)) services.push(top.node.service);
        stack.push({ node: top.node, visited: true });
        for (let i = top.node.children.length - 1; i >= 0; i--) stack.push({ node: top.node.children[i], visited: false });
      } else {
        const n = top.node;
        n.subtree = (n.own ?? 0n) + n.children.reduce((acc, c) => acc + c.subtree, 0n);
        n.calls = (n.own !== undefined && isLlmCall(n.span.attributes) ? 1 : 0) + n.children.reduce((acc, c) => acc + c.calls, 0);
      }
    }
  };
  roots.sort(byStart);
  for (const root of roots) sum(root);
  const first = roots[0]?.span.attributes ?? {};
  return {
    traceId,
    roots,
    nodes,
    services,
    customer: str(first, CONTEXT_ATTRIBUTES.customerId) ?? nodes.map((n) => str(n.span.attributes, CONTEXT_ATTRIBUTES.customerId)).find(Boolean),
    runId: str(first, CONTEXT_ATTRIBUTES.runId) ?? nodes.map((n) => str(n.span.attributes, CONTEXT_ATTRIBUTES.runId)).find(Boolean),
    total: roots.reduce((acc, r) => acc + r.subtree, 0n),
    badCosts,
  };
}

/** One row of a cost table. */
export interface CostRow {
  readonly key: string;
  /** Provider of a model row. */
  readonly provider?: string;
  traces: number;
  calls: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  total: bigint;
}

/** Cost per customer and per model (custom costs under `custom: <span name>`), exact. */
export function costTables(traces: readonly TraceView[]): { customers: CostRow[]; models: CostRow[] } {
  const customers = new Map<string, CostRow>();
  const models = new Map<string, CostRow>();
  const row = (map: Map<string, CostRow>, key: string, provider?: string): CostRow => {
    let r = map.get(key);
    if (r === undefined) {
      r = { key, ...(provider ? { provider } : {}), traces: 0, calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, total: 0n };
      map.set(key, r);
    }
    return r;
  };
  for (const t of traces) {
    const customer = row(customers, t.customer ?? '(no customer)');
    customer.traces++;
    for (const n of t.nodes) {
      const a = n.span.attributes;
      const llm = isLlmCall(a);
      if (llm && errorOf(n.span) !== undefined) {
        customer.errors++;
        const model = modelOf(a);
        if (model !== undefined) row(models, model, str(a, GEN_AI_ATTRIBUTES.providerName)).errors++;
      }
      if (n.own === undefined) continue;
      customer.total += n.own;
      const input = a[GEN_AI_ATTRIBUTES.inputTokens];
      const output = a[GEN_AI_ATTRIBUTES.outputTokens];
      if (llm) {
        customer.calls++;
        const m = row(models, modelOf(a) ?? '(unknown model)', str(a, GEN_AI_ATTRIBUTES.providerName));
        m.calls++;
        m.total += n.own;
        if (typeof input === 'number') m.inputTokens += input;
        if (typeof output === 'number') m.outputTokens += output;
      } else {
        const m = row(models, `custom: ${n.span.name}`);
        m.calls++;
        m.total += n.own;
      }
    }
  }
  const byTotal = (a: CostRow, b: CostRow): number => (a.total === b.total ? a.key.localeCompare(b.key) : a.total > b.total ? -1 : 1);
  return { customers: [...customers.values()].sort((a, b) => a.key.localeCompare(b.key)), models: [...models.values()].sort(byTotal) };
}
