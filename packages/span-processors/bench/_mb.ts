import { ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { setState } from '@llmobserve/context';
import { computeCost } from '@llmobserve/pricing';
import { ContextAttributesSpanProcessor, CostSpanProcessor } from '../src';
const runCtx = setState(ROOT_CONTEXT, { runId: 'r', customerId: 'c', sectionPath: ['a', 'b'], requestId: 'q' });
const which = process.argv[2];
function bench(label: string, procs: any[]) {
  if (which && label !== which) return;
  const provider = new BasicTracerProvider({ spanProcessors: procs });
  const tracer = provider.getTracer('x');
  const run = (n: number) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const s = tracer.startSpan('chat', { attributes: { 'gen_ai.provider.name': 'openai', 'gen_ai.operation.name': 'chat', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 1200 + (i % 500), 'gen_ai.usage.output_tokens': 300, 'gen_ai.usage.cache_read.input_tokens': 512, 'gen_ai.usage.reasoning.output_tokens': 64 } }, runCtx);
      s.end();
    }
    return Number(process.hrtime.bigint() - t0) / n;
  };
  run(50000); run(50000);
  const xs = [run(100000), run(100000), run(100000)].sort();
  console.log(label.padEnd(40), xs[1].toFixed(0), 'ns/LLM span');
}
const stub = (() => { const r = computeCost({ inputTokens: 1200, outputTokens: 300, cachedInputTokens: 512 }, { model: 'gpt-4o' }); return () => r; })();
import type { Span as SdkSpan, SpanProcessor } from '@opentelemetry/sdk-trace-base';
class Setter implements SpanProcessor {
  constructor(private n: number, private num: boolean) {}
  onStart() {}
  onEnding(span: SdkSpan) { for (let k = 0; k < this.n; k++) span.setAttribute(KEYS[k], this.num ? 0.00123 + k : 'v' + k); }
  onEnd() {}
  forceFlush() { return Promise.resolve(); }
  shutdown() { return Promise.resolve(); }
}
const KEYS = Array.from({ length: 20 }, (_, k) => `llmobserve.cost.key_${k}`);
bench('bare', []);
for (const n of [0,1,2,4,8,12,17]) bench(`set ${n} number attrs`, [new Setter(n, true)]);
bench('set 17 string attrs', [new Setter(17, false)]);
bench('context only', [new ContextAttributesSpanProcessor()]);
bench('cost (stub pricing)', [new CostSpanProcessor({ computeCost: stub })]);
bench('cost (stub, no compat)', [new CostSpanProcessor({ computeCost: stub, compatAttributes: false })]);
bench('cost (real pricing)', [new CostSpanProcessor()]);
bench('context + cost (real)', [new ContextAttributesSpanProcessor(), new CostSpanProcessor()]);
