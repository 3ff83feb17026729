import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** Keeps one line per proxy span — its trace, the customer and section it was attributed to, its cost — for printing. */
export class SpanTableProcessor implements SpanProcessor {
  readonly rows: string[] = [];

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const a = span.attributes;
    const cols = [
      span.name.padEnd(22),
      `trace ${span.spanContext().traceId}`,
      `customer ${String(a['llmobserve.customer_id'] ?? '-')}`,
      `section ${String(a['llmobserve.section_path'] ?? '-')}`,
      `tokens in ${String(a['gen_ai.usage.input_tokens'] ?? '-')} out ${String(a['gen_ai.usage.output_tokens'] ?? '-')}`,
      `$${String(a['llmobserve.cost.total_usd_exact'] ?? '-')}`,
    ];
    this.rows.push(`  ${cols.join('  ')}`);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
