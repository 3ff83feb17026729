import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OpenInferenceSpanProcessor } from '@llmobserve/exporter';
import {
  ContextAttributesSpanProcessor,
  CostSpanProcessor,
  RedactionSpanProcessor,
} from '@llmobserve/span-processors';
import type { SpanProcessorsOptions } from './types';

/**
 * The LLMObserve span processors, in the order they must run, for users who
 * already have their own `NodeSDK` or `NodeTracerProvider`: put them before the
 * processor that exports.
 *
 * ```ts
 * new NodeSDK({ spanProcessors: [...llmobserveSpanProcessors(), new BatchSpanProcessor(exporter)] });
 * ```
 *
 * Context attributes are set when a span starts. Redaction, cost and the
 * OpenInference mapping write in `onEnding`, which the SDK runs for every
 * processor before any `onEnd`: so no exporter ever sees an unredacted span,
 * whatever the order of the exporting processors. Cost runs before the
 * OpenInference mapping, which copies the cost attributes.
 */
export function llmobserveSpanProcessors(options: SpanProcessorsOptions = {}): SpanProcessor[] {
  const list: SpanProcessor[] = [new ContextAttributesSpanProcessor(options.context)];
  if (options.redaction !== false) list.push(new RedactionSpanProcessor(options.redaction ?? {}));
  if (options.cost !== false) list.push(new CostSpanProcessor(options.cost ?? {}));
  if (options.openInference) list.push(new OpenInferenceSpanProcessor());
  return list;
}
