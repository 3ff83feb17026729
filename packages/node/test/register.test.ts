import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { context, propagation, trace } from '@opentelemetry/api';
import { withCustomer, withSection } from '@llmobserve/context';
import { register } from '@llmobserve/node';

interface SpanOut {
  name: string;
  attributes: Record<string, unknown>;
}

describe('register', () => {
  it('captures usage, prices the call, rolls cost up the sections and copies the context', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'fixtures', 'register-app.js')]);
    const spans = JSON.parse(stdout) as SpanOut[];
    const llm = spans.find((s) => s.attributes['gen_ai.request.model'] === 'gpt-4o-mini');
    expect(llm).toBeDefined();
    const a = llm!.attributes;
    expect(a['gen_ai.provider.name']).toBe('openai');
    expect(a['llmobserve.run_id']).toBe('run-reg-1');
    expect(a['llmobserve.customer_id']).toBe('acme');
    expect(a['llmobserve.section_path']).toBe('agent:research/tool:openai');
    const input = a['gen_ai.usage.input_tokens'] as number;
    const output = a['gen_ai.usage.output_tokens'] as number;
    expect(input).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    // gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output (catalog), computed here by hand.
    expect(a['llmobserve.cost.total_usd']).toBeCloseTo((input * 0.15 + output * 0.6) / 1e6, 12);
    const agent = spans.find((s) => s.name === 'agent:research')!;
    expect(agent.attributes['llmobserve.cost.subtree_usd']).toBe(a['llmobserve.cost.total_usd']);
    expect(agent.attributes['llmobserve.cost.subtree_llm_calls']).toBe(1);
  });

  it('in-process: registers provider, propagator and processors, and shuts down cleanly', async () => {
    const exporter = new InMemorySpanExporter();
    const registration = register({ serviceName: 'in-process', exporters: [exporter, 'none'], capture: false, sampling: { ratio: 1 } });
    withCustomer('c-1', () => withSection('step:one', () => undefined));
    const carrier: Record<string, string> = {};
    withCustomer('c-1', () => propagation.inject(context.active(), carrier));
    expect(carrier['x-llmobserve-customer-id']).toBe('c-1');
    await registration.forceFlush();
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe('step:one');
    expect(span!.attributes['llmobserve.customer_id']).toBe('c-1');
    expect(span!.resource.attributes['service.name']).toBe('in-process');
    await registration.shutdown();
    await registration.shutdown(); // idempotent
    expect(trace.getTracerProvider().getTracer('x').startSpan('y').isRecording()).toBe(false);
  });

  it('fails at set-up on bad options, naming them', () => {
    expect(() => register({ exporter: 'console' } as never)).toThrow(/unknown option "exporter"/);
    expect(() => register({ exporters: ['zipkin' as never] })).toThrow(/unknown exporter "zipkin"/);
    expect(() => register({ serviceName: ' ' })).toThrow(/serviceName must be a non-empty string/);
  });
});
