import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { formatUsd, parseUsd } from '@llmobserve/pricing';
import { CONTEXT_ATTRIBUTES, COST_ATTRIBUTES } from '@llmobserve/span-processors';

/** What one customer has spent so far. */
export interface CustomerCost {
  readonly customer: string;
  /** Spans that carried a cost of their own (LLM calls and custom-priced operations). */
  readonly pricedSpans: number;
  /** Exact decimal USD. */
  readonly usd: string;
}

interface Totals {
  spans: number;
  /** Pricing money units (10^-24 USD): sums stay exact. */
  amount: bigint;
}

/**
 * Sums the cost of every span by `llmobserve.customer_id` — exactly, from
 * `llmobserve.cost.total_usd_exact` (each span's own cost, so nothing is counted
 * twice) — and by trace, so a request handler can report what it cost.
 * Register it after the LLMObserve processors (`register({ spanProcessors: [it] })`):
 * the cost attributes are written when a span is ending, before any `onEnd`.
 */
export class CostPerCustomerProcessor implements SpanProcessor {
  private readonly byCustomer = new Map<string, Totals>();
  private readonly byTrace = new Map<string, bigint>();

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const exact = span.attributes[COST_ATTRIBUTES.totalUsdExact];
    if (typeof exact !== 'string') return;
    let amount: bigint;
    try {
      amount = parseUsd(exact);
    } catch {
      return;
    }
    const customer = span.attributes[CONTEXT_ATTRIBUTES.customerId];
    const key = typeof customer === 'string' ? customer : '(no customer)';
    const totals = this.byCustomer.get(key) ?? { spans: 0, amount: 0n };
    totals.spans += 1;
    totals.amount += amount;
    this.byCustomer.set(key, totals);
    const traceId = span.spanContext().traceId;
    this.byTrace.set(traceId, (this.byTrace.get(traceId) ?? 0n) + amount);
  }

  /** One customer's totals (zero when it has spent nothing). */
  customer(customer: string): CustomerCost {
    const t = this.byCustomer.get(customer);
    return { customer, pricedSpans: t?.spans ?? 0, usd: formatUsd(t?.amount ?? 0n) };
  }

  /** Every customer's totals, largest first. */
  all(): CustomerCost[] {
    return [...this.byCustomer.entries()]
      .sort((a, b) => (a[1].amount === b[1].amount ? 0 : a[1].amount > b[1].amount ? -1 : 1))
      .map(([customer, t]) => ({ customer, pricedSpans: t.spans, usd: formatUsd(t.amount) }));
  }

  /** The cost of the spans of one trace that have ended, and forgets the trace. */
  takeTraceCost(traceId: string): string {
    const amount = this.byTrace.get(traceId) ?? 0n;
    this.byTrace.delete(traceId);
    return formatUsd(amount);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
