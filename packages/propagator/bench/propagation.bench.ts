/**
 * µs per inject+extract: our composite (Trace Context L2 + LLMObserve headers and
 * baggage + X-Request-Id) against OTel's CompositePropagator(W3CTraceContext,
 * W3CBaggage) carrying the same values (trace + run + customer + section path +
 * request id) as baggage entries. Both run in the same process, interleaved.
 *
 *   npm run bench -w @llmobserve/propagator
 */
import {
  Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  propagation,
  ROOT_CONTEXT,
  TextMapPropagator,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { setState } from '@llmobserve/context';
import { createPropagator } from '@llmobserve/propagator';

const spanContext = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };
const values = {
  runId: '019a9a2e-7c1d-7b3e-9f00-4c5d6e7f8a9b',
  customerId: 'acme-corp',
  sectionPath: ['agent:research', 'step:planning', 'tool:openai'],
  requestId: '019a9a2e-7c1d-7b3e-9f00-aaaaaaaaaaaa',
};

const ours = createPropagator();
const oursBaggageOnly = createPropagator({ mode: 'baggage' });
const oursCtx = trace.setSpanContext(setState(ROOT_CONTEXT, values), spanContext);

const otel = new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] });
const otelCtx = trace.setSpanContext(
  propagation.setBaggage(
    ROOT_CONTEXT,
    propagation.createBaggage({
      'llmobserve.run_id': { value: values.runId },
      'llmobserve.customer_id': { value: values.customerId },
      'llmobserve.section_path': { value: values.sectionPath.join('/') },
      'llmobserve.request_id': { value: values.requestId },
    }),
  ),
  spanContext,
);

let sink = 0;
function roundTrip(p: TextMapPropagator, ctx: Context, n: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const carrier: Record<string, string> = {};
    p.inject(ctx, carrier, defaultTextMapSetter);
    const back = p.extract(ROOT_CONTEXT, carrier, defaultTextMapGetter);
    if (back !== ROOT_CONTEXT) sink++;
  }
  return Number(process.hrtime.bigint() - start) / 1000 / n; // µs per op
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const N = 20_000;
roundTrip(ours, oursCtx, N); // warm-up
roundTrip(otel, otelCtx, N);
roundTrip(oursBaggageOnly, oursCtx, N);
const a: number[] = [];
const b: number[] = [];
const c: number[] = [];
for (let round = 0; round < 15; round++) {
  a.push(roundTrip(ours, oursCtx, N));
  b.push(roundTrip(otel, otelCtx, N));
  c.push(roundTrip(oursBaggageOnly, oursCtx, N));
}
const oursUs = median(a);
const otelUs = median(b);
const oursBagUs = median(c);
console.log('inject+extract, µs per op (median of 15 rounds × 20,000, interleaved)');
console.log(`  llmobserve createPropagator():                       ${oursUs.toFixed(3)} µs`);
console.log(`  OTel Composite(W3CTraceContext, W3CBaggage) same values: ${otelUs.toFixed(3)} µs`);
console.log(`  llmobserve createPropagator({ mode: 'baggage' }):     ${oursBagUs.toFixed(3)} µs`);
console.log(`  ratio llmobserve (headers + baggage) / OTel: ${(oursUs / otelUs).toFixed(3)}  (target ≤ 0.5)`);
console.log(`  ratio llmobserve (baggage only, same wire content as OTel + x-request-id) / OTel: ${(oursBagUs / otelUs).toFixed(3)}`);
if (sink === 0) console.log('(no context extracted — benchmark broken)');
