import { context, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { setState, withCustomer, withRequestId, withRun, withSection } from '@llmobserve/context';
import { CONTEXT_ATTRIBUTES as A, ContextAttributesSpanProcessor } from '@llmobserve/span-processors';

const exporter = new InMemorySpanExporter();
let provider: BasicTracerProvider;

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => {
  context.disable();
  trace.disable();
});
beforeEach(() => exporter.reset());

function use(p: ContextAttributesSpanProcessor): void {
  trace.disable();
  provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter), p] });
  trace.setGlobalTracerProvider(provider);
}
const byName = (name: string) => exporter.getFinishedSpans().find((s) => s.name === name)?.attributes ?? {};

describe('ContextAttributesSpanProcessor', () => {
  it('copies run, customer, section path and request id onto every span, plus session.id and user.id', async () => {
    use(new ContextAttributesSpanProcessor());
    const tracer = trace.getTracer('t');
    await withRun('run-1', () =>
      withCustomer('acme', () =>
        withRequestId('req-9', () =>
          withSection('agent:research', () =>
            withSection('step:planning', async () => {
              await new Promise((r) => setTimeout(r, 1));
              tracer.startSpan('llm call').end();
            }),
          ),
        ),
      ),
    );
    const llm = byName('llm call');
    expect(llm).toMatchObject({
      [A.runId]: 'run-1',
      [A.customerId]: 'acme',
      [A.requestId]: 'req-9',
      [A.section]: 'step:planning',
      [A.sectionPath]: 'agent:research/step:planning',
      [A.sessionId]: 'run-1',
      [A.userId]: 'acme',
    });
    // withSection spans keep the section attributes they start with (their own section, not the parent's).
    expect(byName('step:planning')).toMatchObject({ [A.section]: 'step:planning', [A.sectionPath]: 'agent:research/step:planning', [A.runId]: 'run-1' });
    expect(byName('agent:research')).toMatchObject({ [A.section]: 'agent:research', [A.sectionPath]: 'agent:research' });
  });

  it('writes nothing outside a run, and no session attributes when turned off', () => {
    use(new ContextAttributesSpanProcessor({ sessionAttributes: false }));
    const tracer = trace.getTracer('t');
    tracer.startSpan('bare').end();
    expect(byName('bare')).toEqual({});
    withRun('r', () => withCustomer('c', () => tracer.startSpan('quiet').end()));
    expect(byName('quiet')).toEqual({ [A.runId]: 'r', [A.customerId]: 'c' });
  });

  it('copies the foreign parent span id of a caller that sent a non-OTel id', () => {
    use(new ContextAttributesSpanProcessor());
    const ctx = setState(ROOT_CONTEXT, { sectionPath: [], foreignParentSpanId: 'f2b1d8e0-uuid' });
    trace.getTracer('t').startSpan('s', {}, ctx).end();
    expect(byName('s')[A.foreignParentSpanId]).toBe('f2b1d8e0-uuid');
  });

  it('copies only allow-listed baggage keys (exact or prefix*), never all baggage', () => {
    use(new ContextAttributesSpanProcessor({ baggageKeys: ['tenant.tier', 'feature.*'] }));
    const bag = propagation.createBaggage({
      'tenant.tier': { value: 'gold' },
      'feature.flag_a': { value: 'on' },
      'feature.flag_b': { value: 'x'.repeat(2000) },
      'auth.token': { value: 'secret' },
    });
    trace.getTracer('t').startSpan('s', {}, propagation.setBaggage(ROOT_CONTEXT, bag)).end();
    const a = byName('s');
    expect(a['tenant.tier']).toBe('gold');
    expect(a['feature.flag_a']).toBe('on');
    expect(String(a['feature.flag_b'])).toHaveLength(1024);
    expect(a['auth.token']).toBeUndefined();
    trace.getTracer('t').startSpan('nobag').end();
    expect(byName('nobag')).toEqual({});
  });

  it('refuses bad configuration at set-up', () => {
    expect(() => new ContextAttributesSpanProcessor({ baggageKeys: 'all' as never })).toThrow(/baggageKeys must be an array of strings, got "all"/);
    expect(() => new ContextAttributesSpanProcessor({ baggageKeys: ['*'] })).toThrow(/baggageKeys entries must be non-empty keys or "prefix\*", got "\*"/);
    expect(() => new ContextAttributesSpanProcessor({ baggageKeys: [''] })).toThrow(/got ""/);
    expect(() => new ContextAttributesSpanProcessor({ sessionAttributes: 'yes' as never })).toThrow(/sessionAttributes must be a boolean/);
    expect(() => new ContextAttributesSpanProcessor({ everything: true } as never)).toThrow(/unknown option "everything"/);
  });

  it('never throws into user code', async () => {
    const p = new ContextAttributesSpanProcessor({ baggageKeys: ['a'] });
    const hostile = { setAttribute: () => { throw new Error('boom'); }, attributes: {} };
    const ctx = setState(ROOT_CONTEXT, { sectionPath: [], runId: 'r' });
    expect(() => p.onStart(hostile as never, ctx)).not.toThrow();
    p.onEnd({} as never);
    await p.forceFlush();
    await p.shutdown();
  });
});
