import type { TextMapPropagator } from '@opentelemetry/api';
import { LLMObserveCompositePropagator } from './LLMObserveCompositePropagator';
import { LLMObservePropagator } from './LLMObservePropagator';
import { RequestIdPropagator } from './RequestIdPropagator';
import { W3CBaggagePropagator } from './W3CBaggagePropagator';
import { W3CTraceContextPropagator } from './W3CTraceContextPropagator';
import type { CreatePropagatorOptions } from './types';

const KNOWN_OPTIONS = new Set(['mode', 'generate', 'disableRequestId', 'localTraceIdsAreRandom']);

/**
 * The propagator to hand to `NodeTracerProvider.register({ propagator })` or
 * `new NodeSDK({ textMapPropagator })`: W3C Trace Context (Level 2) + W3C
 * Baggage + LLMObserve + X-Request-Id, in that order. Throws at set-up on an
 * unknown option or a bad value.
 */
export function createPropagator(options: CreatePropagatorOptions = {}): TextMapPropagator {
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key)) {
      throw new TypeError(`createPropagator: unknown option "${key}" (known: ${[...KNOWN_OPTIONS].join(', ')})`);
    }
  }
  const llmobserve = new LLMObservePropagator({ mode: options.mode ?? 'both' });
  const list: TextMapPropagator[] = [new W3CTraceContextPropagator(options)];
  // In 'baggage' and 'both' modes the LLMObserve propagator owns the baggage header.
  if (options.mode === 'headers') list.push(new W3CBaggagePropagator());
  list.push(llmobserve);
  if (!options.disableRequestId) list.push(new RequestIdPropagator(options));
  return new LLMObserveCompositePropagator(list);
}
