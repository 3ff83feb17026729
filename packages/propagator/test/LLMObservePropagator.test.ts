import { defaultTextMapGetter, defaultTextMapSetter, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { getState, setState, LLMObserveState } from '@llmobserve/context';
import { LLMObservePropagator } from '@llmobserve/propagator';

const STATE: LLMObserveState = {
  runId: 'run 42+x',
  customerId: 'acme, inc; café',
  sectionPath: ['agent:research', 'step:planning', 'tool:openai'],
  requestId: 'req-1',
};
const SPAN_CTX = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED };

function inject(prop: LLMObservePropagator, state: LLMObserveState = STATE, withSpan = true): Record<string, string> {
  let ctx = setState(ROOT_CONTEXT, state);
  if (withSpan) ctx = trace.setSpanContext(ctx, SPAN_CTX);
  const out: Record<string, string> = {};
  prop.inject(ctx, out, defaultTextMapSetter);
  return out;
}

function extract(prop: LLMObservePropagator, headers: Record<string, unknown>) {
  return prop.extract(ROOT_CONTEXT, headers, defaultTextMapGetter);
}

describe('LLMObservePropagator', () => {
  it('injects headers and baggage entries in "both" mode (default)', () => {
    const out = inject(new LLMObservePropagator());
    expect(out).toEqual({
      'x-llmobserve-run-id': 'run%2042%2Bx',
      'x-llmobserve-customer-id': 'acme%2C%20inc%3B%20caf%C3%A9',
      'x-llmobserve-section': 'tool:openai',
      'x-llmobserve-section-path': 'agent:research/step:planning/tool:openai',
      'x-llmobserve-span-id': 'b7ad6b7169203331',
      baggage:
        'llmobserve.run_id=run%2042%2Bx,llmobserve.customer_id=acme%2C%20inc%3B%20caf%C3%A9,' +
        'llmobserve.section_path=agent:research/step:planning/tool:openai,llmobserve.request_id=req-1',
    });
  });

  it('round-trips every value byte-exact in each mode', () => {
    for (const mode of ['headers', 'baggage', 'both'] as const) {
      const prop = new LLMObservePropagator({ mode });
      const state = getState(extract(prop, inject(prop)));
      expect(state.runId).toBe(STATE.runId);
      expect(state.customerId).toBe(STATE.customerId);
      expect(state.sectionPath).toEqual(STATE.sectionPath);
      if (mode !== 'headers') expect(state.requestId).toBe('req-1');
    }
  });

  it('headers-only mode writes no baggage; baggage-only mode writes no headers', () => {
    expect(Object.keys(inject(new LLMObservePropagator({ mode: 'headers' }))).sort()).toEqual([
      'x-llmobserve-customer-id', 'x-llmobserve-run-id', 'x-llmobserve-section', 'x-llmobserve-section-path', 'x-llmobserve-span-id',
    ]);
    expect(Object.keys(inject(new LLMObservePropagator({ mode: 'baggage' })))).toEqual(['baggage']);
  });

  it('survives a Python hop that turns spaces into +', () => {
    // Python OTel decodes %20 to a space and re-encodes it as +; %2B stays %2B.
    const prop = new LLMObservePropagator({ mode: 'baggage' });
    const state = getState(extract(prop, { baggage: 'llmobserve.run_id=run+42%2Bx,llmobserve.customer_id=acme%2C+inc%3B+caf%C3%A9' }));
    expect(state.runId).toBe('run 42+x');
    expect(state.customerId).toBe('acme, inc; café');
  });

  it('lets the header win when header and baggage disagree', () => {
    const state = getState(
      extract(new LLMObservePropagator(), {
        'x-llmobserve-customer-id': 'from-header',
        baggage: 'llmobserve.customer_id=from-baggage,llmobserve.run_id=run-b',
      }),
    );
    expect(state.customerId).toBe('from-header');
    expect(state.runId).toBe('run-b');
  });

  it('falls back to the baggage value when the header is invalid', () => {
    const state = getState(
      extract(new LLMObservePropagator(), { 'x-llmobserve-run-id': 'a'.repeat(300), baggage: 'llmobserve.run_id=good' }),
    );
    expect(state.runId).toBe('good');
  });

  it('keeps user baggage, without our entries, and re-injects both', () => {
    const prop = new LLMObservePropagator();
    const ctx = extract(prop, { baggage: 'tenant=t1,llmobserve.run_id=r1,user.tier=gold;p=1' });
    const bag = propagation.getBaggage(ctx)!;
    expect(bag.getAllEntries().map(([k]) => k).sort()).toEqual(['tenant', 'user.tier']);
    const out: Record<string, string> = {};
    prop.inject(ctx, out, defaultTextMapSetter);
    expect(out.baggage).toBe('llmobserve.run_id=r1,tenant=t1,user.tier=gold;p=1');
  });

  it('reads a single X-LLMObserve-Section when there is no path', () => {
    expect(getState(extract(new LLMObservePropagator(), { 'x-llmobserve-section': 'tool:search' })).sectionPath).toEqual(['tool:search']);
  });

  it('puts every call of one run into one trace when there is no traceparent (seed Python SDK)', () => {
    const prop = new LLMObservePropagator();
    const runId = '3f2b8c1e-9a4d-4e6f-8b7a-1c2d3e4f5a6b';
    const a = extract(prop, { 'x-llmobserve-run-id': runId, 'x-llmobserve-span-id': '6b1f3c0e-2a9d-4c1b-9e8f-7a6b5c4d3e2f', 'x-llmobserve-parent-span-id': 'uuid-parent' });
    const b = extract(prop, { 'x-llmobserve-run-id': runId, 'x-llmobserve-span-id': 'another-uuid' });
    const sa = trace.getSpanContext(a)!;
    const sb = trace.getSpanContext(b)!;
    expect(sa.traceId).toBe('3f2b8c1e9a4d4e6f8b7a1c2d3e4f5a6b');
    expect(sb.traceId).toBe(sa.traceId);
    expect(sa.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(sa.spanId).not.toBe(sb.spanId);
    expect(sa.isRemote).toBe(true);
    expect(getState(a).foreignSpanId).toBe('6b1f3c0e-2a9d-4c1b-9e8f-7a6b5c4d3e2f');
    expect(getState(a).foreignParentSpanId).toBe('uuid-parent');
    // Non-UUID run ids hash to a stable trace id.
    const c = trace.getSpanContext(extract(prop, { 'x-llmobserve-run-id': 'my run' }))!;
    const d = trace.getSpanContext(extract(prop, { 'x-llmobserve-run-id': 'my run' }))!;
    expect(c.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(c).toEqual(d);
  });

  it('uses a valid hex X-LLMObserve-Span-ID as the parent span id', () => {
    const sc = trace.getSpanContext(extract(new LLMObservePropagator(), { 'x-llmobserve-run-id': 'r', 'x-llmobserve-span-id': '00f067aa0ba902b7' }))!;
    expect(sc.spanId).toBe('00f067aa0ba902b7');
  });

  it('does not replace a trace extracted from traceparent', () => {
    const base = trace.setSpanContext(ROOT_CONTEXT, { ...SPAN_CTX, isRemote: true });
    const ctx = new LLMObservePropagator().extract(base, { 'x-llmobserve-run-id': 'r' }, defaultTextMapGetter);
    expect(trace.getSpanContext(ctx)).toEqual({ ...SPAN_CTX, isRemote: true });
  });

  it('mirrors the parent span id of an SDK span', () => {
    const span = trace.wrapSpanContext(SPAN_CTX) as unknown as Record<string, unknown>;
    span.parentSpanContext = { spanId: '1234567890abcdef' };
    const ctx = trace.setSpan(setState(ROOT_CONTEXT, STATE), span as never);
    const out: Record<string, string> = {};
    new LLMObservePropagator({ mode: 'headers' }).inject(ctx, out, defaultTextMapSetter);
    expect(out['x-llmobserve-parent-span-id']).toBe('1234567890abcdef');
  });

  it.each([
    ['CR/LF', { 'x-llmobserve-run-id': 'a\r\nx-evil: 1' }],
    ['too long', { 'x-llmobserve-customer-id': 'c'.repeat(257) }],
    ['array', { 'x-llmobserve-run-id': ['a', 'b'] }],
    ['number', { 'x-llmobserve-run-id': 5 }],
    ['deep path', { 'x-llmobserve-section-path': Array(33).fill('s').join('/') }],
    ['encoded control char', { 'x-llmobserve-run-id': 'a%0Db' }],
  ])('drops bad input: %s', (_n, headers) => {
    const ctx = extract(new LLMObservePropagator(), headers);
    expect(ctx).toBe(ROOT_CONTEXT);
  });

  it('injects nothing for an empty state and ignores non-object carriers', () => {
    expect(inject(new LLMObservePropagator(), { sectionPath: [] }, false)).toEqual({});
    expect(new LLMObservePropagator().extract(ROOT_CONTEXT, null, defaultTextMapGetter)).toBe(ROOT_CONTEXT);
    expect(() => new LLMObservePropagator().inject(ROOT_CONTEXT, 'x', defaultTextMapSetter)).not.toThrow();
  });

  it('fails at set-up on a bad mode, naming it', () => {
    expect(() => new LLMObservePropagator({ mode: 'all' as never })).toThrow(/mode must be .* got "all"/);
  });

  it('lists its fields per mode', () => {
    expect(new LLMObservePropagator({ mode: 'baggage' }).fields()).toEqual(['baggage']);
    expect(new LLMObservePropagator().fields()).toHaveLength(7);
  });
});
