import { defaultTextMapGetter, defaultTextMapSetter, propagation, ROOT_CONTEXT, trace, TextMapPropagator } from '@opentelemetry/api';
import { getState } from '@llmobserve/context';
import { createPropagator, LLMObserveCompositePropagator } from '@llmobserve/propagator';

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03';

describe('createPropagator', () => {
  it('lists every header it reads or writes (for CORS allow-lists)', () => {
    expect(createPropagator().fields().sort()).toEqual([
      'baggage', 'traceparent', 'tracestate', 'x-llmobserve-customer-id', 'x-llmobserve-parent-span-id',
      'x-llmobserve-run-id', 'x-llmobserve-section', 'x-llmobserve-section-path', 'x-llmobserve-span-id', 'x-request-id',
    ]);
    expect(createPropagator({ disableRequestId: true }).fields()).not.toContain('x-request-id');
  });

  it('extracts trace, baggage, LLMObserve values and request id in one pass and injects them back', () => {
    const p = createPropagator();
    const incoming = {
      traceparent: TP,
      tracestate: 'vendor=x',
      baggage: 'llmobserve.run_id=r1,llmobserve.customer_id=c1,llmobserve.section_path=agent:a/step:b,team=blue',
      'x-request-id': 'req-1',
    };
    const ctx = p.extract(ROOT_CONTEXT, incoming, defaultTextMapGetter);
    expect(getState(ctx)).toEqual({ sectionPath: ['agent:a', 'step:b'], runId: 'r1', customerId: 'c1', requestId: 'req-1' });
    expect(propagation.getBaggage(ctx)?.getEntry('team')?.value).toBe('blue');
    const out: Record<string, string> = {};
    p.inject(ctx, out, defaultTextMapSetter);
    expect(out).toMatchObject({
      traceparent: TP,
      tracestate: 'vendor=x',
      'x-llmobserve-run-id': 'r1',
      'x-llmobserve-section-path': 'agent:a/step:b',
      'x-request-id': 'req-1',
      baggage: 'llmobserve.run_id=r1,llmobserve.customer_id=c1,llmobserve.section_path=agent:a/step:b,llmobserve.request_id=req-1,team=blue',
    });
  });

  it('uses a separate W3C baggage propagator in headers mode', () => {
    const p = createPropagator({ mode: 'headers' });
    const ctx = p.extract(ROOT_CONTEXT, { baggage: 'team=blue', 'x-llmobserve-run-id': 'r1' }, defaultTextMapGetter);
    const out: Record<string, string> = {};
    p.inject(ctx, out, defaultTextMapSetter);
    expect(out.baggage).toBe('team=blue');
    expect(out['x-llmobserve-run-id']).toBe('r1');
  });

  it('fails at set-up on an unknown option, naming it', () => {
    expect(() => createPropagator({ modes: 'both' } as never)).toThrow(/unknown option "modes"/);
    expect(() => createPropagator({ mode: 'x' as never })).toThrow(/mode must be/);
  });
});

describe('LLMObserveCompositePropagator', () => {
  it('keeps going when one propagator throws', () => {
    const broken: TextMapPropagator = {
      inject: () => { throw new Error('inject'); },
      extract: () => { throw new Error('extract'); },
      fields: () => ['x'],
    };
    const p = new LLMObserveCompositePropagator([broken, createPropagator()]);
    const ctx = p.extract(ROOT_CONTEXT, { traceparent: TP }, defaultTextMapGetter);
    expect(trace.getSpanContext(ctx)?.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    const out: Record<string, string> = {};
    p.inject(ctx, out, defaultTextMapSetter);
    expect(out.traceparent).toBe(TP);
    expect(p.fields()).toContain('x');
  });
});
