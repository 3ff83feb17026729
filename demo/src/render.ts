/**
 * What the demo prints: each trace as an aligned tree (service, duration,
 * model, tokens, own cost, trace-wide subtree cost, failures), then cost per
 * customer and per model. Amounts are printed exactly (`formatUsd`), so the
 * figures on the page add up to the totals on the page.
 *
 * Written for a trace that spans services; `ConsoleTreeExporter` prints one
 * process's local trees and reads the per-process subtree attribute instead.
 */
import type { Attributes } from '@opentelemetry/api';
import { formatUsd } from '@llmobserve/pricing';
import { COST_ATTRIBUTES } from '@llmobserve/span-processors';
import { GEN_AI_ATTRIBUTES as G } from '@llmobserve/exporter';
import { ATTR_LLMOBSERVE_STREAM } from '@llmobserve/instrumentation';
import { ATTR_HTTP_RESPONSE_STATUS_CODE } from '@opentelemetry/semantic-conventions';
import { errorOf, isLlmCall, modelOf, usageErrorOf } from './costTree';
import type { CostNode, CostRow, TraceView } from './costTree';
import { table } from './style';
import type { Cell, Line, Painter } from './style';

/** `$0.0001404` — exact, never rounded. */
export function usd(units: bigint): string {
  return `$${formatUsd(units)}`;
}

/** `0.42 ms`, `12.3 ms`, `245 ms`, `1.24 s`. */
export function duration(hr: readonly [number, number]): string {
  const ms = hr[0] * 1000 + hr[1] / 1e6;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function count(attrs: Attributes, key: string): number | undefined {
  const v = attrs[key];
  return typeof v === 'number' && v > 0 ? v : undefined;
}

/** `in 2363 (2048 cached, 256 written) out 420 (512 reasoning)`: cached = cache reads, written = cache writes. */
export function tokens(attrs: Attributes): string {
  const input = attrs[G.inputTokens];
  const output = attrs[G.outputTokens];
  if (typeof input !== 'number' && typeof output !== 'number') return '';
  const inParts = [count(attrs, G.cacheReadTokens), count(attrs, G.cacheCreationTokens)];
  const inDetail = [inParts[0] !== undefined ? `${inParts[0]} cached` : '', inParts[1] !== undefined ? `${inParts[1]} written` : '']
    .filter(Boolean)
    .join(', ');
  const reasoning = count(attrs, G.reasoningTokens);
  const parts: string[] = [];
  if (typeof input === 'number') parts.push(`in ${input}${inDetail ? ` (${inDetail})` : ''}`);
  if (typeof output === 'number') parts.push(`out ${output}${reasoning !== undefined ? ` (${reasoning} reasoning)` : ''}`);
  return parts.join(' ');
}

function notes(node: CostNode): Cell {
  const a = node.span.attributes;
  const err = errorOf(node.span);
  if (err !== undefined) return { text: `✗ ${err}`, style: 'red' };
  // A server answering 4xx is not in error itself (semantic conventions), but say what it answered.
  const status = a[ATTR_HTTP_RESPONSE_STATUS_CODE];
  if (typeof status === 'number' && status >= 400) return { text: `answered ${status}`, style: 'yellow' };
  const usageError = usageErrorOf(a);
  if (usageError !== undefined) return { text: `no usage: ${usageError}`, style: 'yellow' };
  const unpriced = a[COST_ATTRIBUTES.unpricedReason];
  if (typeof unpriced === 'string') return { text: `unpriced: ${unpriced}`, style: 'yellow' };
  if (a[COST_ATTRIBUTES.customUsd] !== undefined && !isLlmCall(a)) return { text: 'custom cost', style: 'dim' };
  if (a[ATTR_LLMOBSERVE_STREAM] === true) return { text: 'streamed', style: 'dim' };
  return { text: '' };
}

function spanRow(node: CostNode, prefix: string, isRoot: boolean): Cell[] {
  const a = node.span.attributes;
  const llm = isLlmCall(a);
  const showSubtree = node.children.length > 0 && node.subtree > 0n;
  return [
    { text: `${prefix}${node.span.name}`, style: isRoot ? 'bold' : llm ? 'blue' : undefined },
    { text: node.service, style: 'dim' },
    { text: duration(node.span.duration), style: 'dim', align: 'right' },
    { text: llm ? (modelOf(a) ?? '') : '', style: 'cyan' },
    { text: tokens(a), style: 'magenta' },
    { text: node.own !== undefined ? usd(node.own) : '', style: 'yellow', align: 'decimal' },
    { text: showSubtree ? usd(node.subtree) : '', style: 'green', align: 'decimal' },
    notes(node),
  ];
}

/** The tree rows of a trace, depth first, with box-drawing prefixes. */
function treeRows(view: TraceView): Cell[][] {
  const rows: Cell[][] = [];
  const walk = (node: CostNode, lead: string, branch: string, isRoot: boolean): void => {
    rows.push(spanRow(node, `${lead}${branch}`, isRoot));
    const childLead = isRoot ? lead : `${lead}${branch === '└─ ' ? '   ' : '│  '}`;
    node.children.forEach((child, i) => walk(child, childLead, i === node.children.length - 1 ? '└─ ' : '├─ ', false));
  };
  for (const root of view.roots) walk(root, '', '', true);
  return rows;
}

const TREE_HEADER: Cell[] = ['span', 'service', 'duration', 'model', 'tokens', 'cost', 'subtree', ''].map((text, i) => ({
  text,
  style: 'dim' as const,
  align: i === 2 || i === 5 || i === 6 ? ('right' as const) : ('left' as const),
}));

/** The header line of a trace. */
function traceHeader(view: TraceView, painter: Painter): string {
  return [
    painter.paint('bold', `trace ${view.traceId}`),
    `customer ${painter.paint('cyan', view.customer ?? '(none)')}`,
    view.runId !== undefined ? painter.paint('dim', `run ${view.runId}`) : '',
    `services ${view.services.join(' → ')}`,
    `total ${painter.paint('green', usd(view.total))}`,
  ]
    .filter(Boolean)
    .join('  ');
}

/** Every trace: a header line, then its tree; one set of columns for all, so they line up from trace to trace. */
export function renderTraces(views: readonly TraceView[], painter: Painter): string {
  const rows: Array<Cell[] | Line> = [];
  views.forEach((view, i) => {
    if (i > 0) rows.push({ line: '' });
    rows.push({ line: traceHeader(view, painter) }, TREE_HEADER, ...treeRows(view));
  });
  return table(rows, painter, '  ');
}

function header(texts: string[], rightFrom: number): Cell[] {
  return texts.map((text, i) => ({ text, style: 'dim' as const, align: i >= rightFrom ? ('right' as const) : ('left' as const) }));
}

/** Cost per customer and per model, with a total row. */
export function renderTables(customers: readonly CostRow[], models: readonly CostRow[], painter: Painter): string {
  const sum = (rows: readonly CostRow[], f: (r: CostRow) => number | bigint): bigint => rows.reduce((acc, r) => acc + BigInt(f(r)), 0n);
  const customerRows: Cell[][] = [
    header(['customer', 'traces', 'priced calls', 'failed calls', 'total'], 1),
    ...customers.map((r) => [
      { text: r.key, style: 'cyan' as const },
      { text: String(r.traces), align: 'right' as const },
      { text: String(r.calls), align: 'right' as const },
      { text: String(r.errors), align: 'right' as const, ...(r.errors > 0 ? { style: 'red' as const } : {}) },
      { text: usd(r.total), style: 'yellow' as const, align: 'decimal' as const },
    ]),
    [
      { text: 'all', style: 'bold' as const },
      { text: String(sum(customers, (r) => r.traces)), align: 'right' as const },
      { text: String(sum(customers, (r) => r.calls)), align: 'right' as const },
      { text: String(sum(customers, (r) => r.errors)), align: 'right' as const },
      { text: usd(sum(customers, (r) => r.total)), style: 'green' as const, align: 'decimal' as const },
    ],
  ];
  const modelRows: Cell[][] = [
    header(['model', 'provider', 'calls', 'failed', 'input tokens', 'output tokens', 'total'], 2),
    ...models.map((r) => [
      { text: r.key, style: r.key.startsWith('custom:') ? ('dim' as const) : ('cyan' as const) },
      { text: r.provider ?? '', style: 'dim' as const },
      { text: String(r.calls), align: 'right' as const },
      { text: String(r.errors), align: 'right' as const, ...(r.errors > 0 ? { style: 'red' as const } : {}) },
      { text: r.inputTokens > 0 ? String(r.inputTokens) : '', align: 'right' as const },
      { text: r.outputTokens > 0 ? String(r.outputTokens) : '', align: 'right' as const },
      { text: usd(r.total), style: 'yellow' as const, align: 'decimal' as const },
    ]),
  ];
  return `${painter.paint('bold', 'cost per customer')}\n${table(customerRows, painter, '  ')}\n${painter.paint('bold', 'cost per model')}\n${table(modelRows, painter, '  ')}`;
}
