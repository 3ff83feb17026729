import { diag } from '@opentelemetry/api';

/** Roll-up state of one span: the cost of its descendants that ended while it was open. */
export interface RollupNode {
  /** Nearest ancestor known to this process (may already have ended). */
  readonly parent: RollupNode | undefined;
  /** Exact cost of descendants so far, in pricing units (`MONEY_SCALE` per USD). */
  total: bigint;
  /** Priced LLM calls among those descendants. */
  calls: number;
  /** Descendants that carried usage but could not be priced. */
  unpriced: number;
  /** False once the span has ended or was evicted: it takes no more contributions. */
  open: boolean;
}

/**
 * The open spans of the cost roll-up, keyed by span id, bounded.
 *
 * A node is added when a span starts and removed when it ends, so the map holds
 * only open spans. Spans that never end (a leaked span, a cancelled stream
 * whose span is never closed) would grow it without bound; instead, once it
 * holds `maxOpen` spans, the oldest-started open span is evicted: it is marked
 * closed (its descendants then report to the next open ancestor) and, when it
 * does end, it is priced on its own without a subtree. Memory is therefore at
 * most `maxOpen` nodes (≈ 100 bytes each) plus the ancestors still referenced
 * by open nodes. Evictions are reported once through `diag`.
 */
export class CostRollup {
  private readonly open = new Map<string, RollupNode>();
  private warned = false;
  /** Spans evicted since construction. */
  evicted = 0;

  constructor(readonly maxOpen: number) {}

  /** Registers a started span under the node of its parent (if that parent is open here). */
  start(spanId: string, parentSpanId: string | undefined): void {
    const parent = parentSpanId === undefined ? undefined : this.open.get(parentSpanId);
    this.open.set(spanId, { parent, total: 0n, calls: 0, unpriced: 0, open: true });
    if (this.open.size > this.maxOpen) {
      const oldest = this.open.keys().next().value as string;
      const node = this.open.get(oldest);
      if (node) node.open = false;
      this.open.delete(oldest);
      this.evicted++;
      if (!this.warned) {
        this.warned = true;
        diag.warn(
          `llmobserve: cost roll-up holds ${this.maxOpen} open spans; the oldest open span is dropped from the roll-up ` +
            '(spans that never end?). Raise maxOpenSpans if your traces really keep that many spans open.',
        );
      }
    }
  }

  /** Removes and returns the node of an ending span (`undefined` when not tracked or evicted). */
  end(spanId: string): RollupNode | undefined {
    const node = this.open.get(spanId);
    if (node === undefined) return undefined;
    this.open.delete(spanId);
    node.open = false;
    return node;
  }

  /**
   * Adds a finished subtree to the nearest ancestor that is still open: a
   * descendant that ends after its parent is counted in every ancestor that was
   * still open when it ended, and in no ancestor that had already ended.
   */
  contribute(from: RollupNode | undefined, total: bigint, calls: number, unpriced: number): void {
    for (let a = from?.parent; a !== undefined; a = a.parent) {
      if (!a.open) continue;
      a.total += total;
      a.calls += calls;
      a.unpriced += unpriced;
      return;
    }
  }

  /** Number of open spans tracked. */
  get size(): number {
    return this.open.size;
  }

  /** Forgets every span. */
  clear(): void {
    for (const node of this.open.values()) node.open = false;
    this.open.clear();
  }
}
