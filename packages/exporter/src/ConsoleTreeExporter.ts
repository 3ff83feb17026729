import { SpanStatusCode } from '@opentelemetry/api';
import type { Attributes } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ConfigError } from './ConfigError';
import { GEN_AI_ATTRIBUTES as G, LLMOBSERVE_ATTRIBUTES as L, OPENINFERENCE_ATTRIBUTES as O, SERVICE_NAME_ATTRIBUTE } from './constants';
import { addDecimal, formatDecimal, parseDecimal } from './decimal';
import type { Decimal } from './decimal';
import type { ConsoleTreeExporterOptions, TextSink } from './types';

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  yellow: '\u001b[33m',
  cyan: '\u001b[36m',
  magenta: '\u001b[35m',
} as const;
type Style = keyof typeof ANSI;

interface Node {
  readonly span: ReadableSpan;
  readonly children: Node[];
  /** Sum of the span costs (exact strings where present) over this span and its descendants. */
  subtree?: Decimal;
}

function isLocalRoot(span: ReadableSpan): boolean {
  return span.parentSpanContext === undefined || span.parentSpanContext.isRemote === true;
}

/** `0.42 ms`, `12.3 ms`, `245 ms`, `1.24 s`. */
export function formatDuration(hr: readonly [number, number]): string {
  const ms = hr[0] * 1000 + hr[1] / 1e6;
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

function num(attrs: Attributes, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = attrs[name];
    if (typeof value === 'number') return value;
  }
  return undefined;
}

function str(attrs: Attributes, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = attrs[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

function tokens(attrs: Attributes): string | undefined {
  const input = num(attrs, G.inputTokens, G.legacyPromptTokens, O.tokenPrompt);
  const output = num(attrs, G.outputTokens, G.legacyCompletionTokens, O.tokenCompletion);
  if (input === undefined && output === undefined) return undefined;
  const cached = num(attrs, G.cacheReadTokens, O.tokenCacheRead);
  const reasoning = num(attrs, G.reasoningTokens, G.legacyReasoningTokens, O.tokenReasoning);
  const parts: string[] = [];
  if (input !== undefined) parts.push(`in ${input}${cached ? ` (cached ${cached})` : ''}`);
  if (output !== undefined) parts.push(`out ${output}${reasoning ? ` (reasoning ${reasoning})` : ''}`);
  return `tokens ${parts.join(' ')}`;
}

/**
 * A USD amount from span attributes: the exact decimal string the cost processor writes beside each
 * figure, else the number (which binary floating point may have rounded).
 */
function money(attrs: Attributes, exactKey: string, numberKey: string): Decimal | undefined {
  return parseDecimal(attrs[exactKey]) ?? parseDecimal(attrs[numberKey]);
}

/**
 * A console exporter for local development: prints each finished trace as a
 * tree — span name, duration, model, tokens, cost (`llmobserve.cost.total_usd`)
 * and subtree cost (`llmobserve.cost.subtree_usd`, else the exact sum of the
 * costs below). A trace is printed when its local root span arrives; spans whose
 * root never comes are printed at shutdown. Colours only on a TTY and only when
 * `NO_COLOR` is unset or empty.
 */
export class ConsoleTreeExporter implements SpanExporter {
  private readonly stream: TextSink;
  private readonly color: boolean;
  private readonly maxPending: number;
  private readonly pending = new Map<string, ReadableSpan[]>();
  private pendingCount = 0;

  constructor(options: ConsoleTreeExporterOptions = {}) {
    const max = options.maxPendingSpans ?? 10_000;
    if (!Number.isSafeInteger(max) || max < 1) throw new ConfigError('console.maxPendingSpans', max, 'must be a positive integer');
    this.maxPending = max;
    this.stream = options.stream ?? process.stdout;
    const noColor = process.env.NO_COLOR;
    this.color = options.color ?? (this.stream.isTTY === true && (noColor === undefined || noColor === ''));
  }

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    try {
      const roots: ReadableSpan[] = [];
      for (const span of spans) {
        const traceId = span.spanContext().traceId;
        let list = this.pending.get(traceId);
        if (list === undefined) {
          list = [];
          this.pending.set(traceId, list);
        }
        list.push(span);
        this.pendingCount++;
        if (isLocalRoot(span)) roots.push(span);
      }
      for (const root of roots) this.printTree(root);
      while (this.pendingCount > this.maxPending) this.printOldestIncomplete();
    } catch (err) {
      resultCallback({ code: ExportResultCode.FAILED, error: err as Error });
      return;
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  /** Nothing is buffered but spans waiting for their root, which may still come. */
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  /** Prints the spans still waiting for their root, marked incomplete. */
  shutdown(): Promise<void> {
    while (this.pending.size > 0) this.printOldestIncomplete();
    return Promise.resolve();
  }

  private paint(style: Style, text: string): string {
    return this.color ? `${ANSI[style]}${text}${ANSI.reset}` : text;
  }

  private take(traceId: string, members: Set<ReadableSpan>): void {
    const list = this.pending.get(traceId);
    if (list === undefined) return;
    const rest = list.filter(s => !members.has(s));
    this.pendingCount -= list.length - rest.length;
    if (rest.length === 0) this.pending.delete(traceId);
    else this.pending.set(traceId, rest);
  }

  private buildForest(spans: readonly ReadableSpan[]): Node[] {
    const nodes = new Map<string, Node>();
    for (const span of spans) nodes.set(span.spanContext().spanId, { span, children: [] });
    const roots: Node[] = [];
    for (const node of nodes.values()) {
      const parentId = node.span.parentSpanContext?.spanId;
      const parent = parentId === undefined ? undefined : nodes.get(parentId);
      if (parent !== undefined && parent !== node) parent.children.push(node);
      else roots.push(node);
    }
    const byStart = (a: Node, b: Node): number => a.span.startTime[0] - b.span.startTime[0] || a.span.startTime[1] - b.span.startTime[1];
    for (const node of nodes.values()) node.children.sort(byStart);
    roots.sort(byStart);
    return roots;
  }

  private sumCosts(node: Node): Decimal | undefined {
    let total = money(node.span.attributes, L.costTotalExact, L.costTotal);
    for (const child of node.children) {
      const sub = this.sumCosts(child);
      if (sub !== undefined) total = total === undefined ? sub : addDecimal(total, sub);
    }
    node.subtree = total;
    return total;
  }

  private printTree(root: ReadableSpan): void {
    const traceId = root.spanContext().traceId;
    const all = this.pending.get(traceId) ?? [root];
    // The root's subtree only: another local root of the same trace may still be running.
    const forest = this.buildForest(all);
    const rootNode = forest.find(n => n.span === root) ?? { span: root, children: [] };
    const members = new Set<ReadableSpan>();
    const collect = (n: Node): void => {
      members.add(n.span);
      n.children.forEach(collect);
    };
    collect(rootNode);
    this.take(traceId, members);
    this.write(traceId, [rootNode], false);
  }

  private printOldestIncomplete(): void {
    const [traceId, spans] = this.pending.entries().next().value as [string, ReadableSpan[]];
    this.pending.delete(traceId);
    this.pendingCount -= spans.length;
    this.write(traceId, this.buildForest(spans), true);
  }

  private write(traceId: string, roots: Node[], incomplete: boolean): void {
    const service = roots[0]?.span.resource.attributes[SERVICE_NAME_ATTRIBUTE];
    let out = `${this.paint('bold', `trace ${traceId}`)}${typeof service === 'string' ? this.paint('dim', ` (${service})`) : ''}`;
    if (incomplete) out += this.paint('yellow', ' [incomplete: root span not seen]');
    out += '\n';
    for (const root of roots) {
      this.sumCosts(root);
      out += this.line(root, '', '', true);
    }
    this.stream.write(out);
  }

  private line(node: Node, prefix: string, branch: string, isRoot: boolean): string {
    const { span } = node;
    const attrs = span.attributes;
    const parts = [isRoot ? this.paint('bold', span.name) : span.name, this.paint('dim', formatDuration(span.duration))];
    const model = str(attrs, G.responseModel, G.requestModel, O.modelName);
    if (model !== undefined) parts.push(this.paint('cyan', model));
    const tokenText = tokens(attrs);
    if (tokenText !== undefined) parts.push(this.paint('magenta', tokenText));
    const cost = money(attrs, L.costTotalExact, L.costTotal);
    if (cost !== undefined) parts.push(this.paint('yellow', `$${formatDecimal(cost)}`));
    const subtreeAttr = money(attrs, L.costSubtreeExact, L.costSubtree);
    const subtree = subtreeAttr ?? (node.children.length > 0 ? node.subtree : undefined);
    if (subtree !== undefined) parts.push(this.paint('yellow', `subtree $${formatDecimal(subtree)}`));
    if (span.status.code === SpanStatusCode.ERROR) parts.push(this.paint('red', `error${span.status.message ? `: ${span.status.message}` : ''}`));
    let out = `${prefix}${branch}${parts.join('  ')}\n`;
    const childPrefix = isRoot ? '' : `${prefix}${branch === '└─ ' ? '   ' : '│  '}`;
    node.children.forEach((child, i) => {
      out += this.line(child, childPrefix, i === node.children.length - 1 ? '└─ ' : '├─ ', false);
    });
    return out;
  }
}
