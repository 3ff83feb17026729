import { SpanKind } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { CONTEXT_ATTRIBUTES, COST_ATTRIBUTES } from '@llmobserve/span-processors';

/** Writes one log line per finished span, with the `llmobserve.request_id` attribute the span carries. */
export class SpanLogProcessor implements SpanProcessor {
  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const requestId = span.attributes[CONTEXT_ATTRIBUTES.requestId] ?? '-';
    const cost = span.attributes[COST_ATTRIBUTES.totalUsdExact];
    const model = span.attributes['gen_ai.request.model'];
    const detail = [span.name, `(${SpanKind[span.kind].toLowerCase()})`, model, cost === undefined ? undefined : `$${String(cost)}`];
    console.log(`SPAN  [request_id=${String(requestId)} trace_id=${span.spanContext().traceId}] ${detail.filter((d) => d !== undefined).join(' ')}`);
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
