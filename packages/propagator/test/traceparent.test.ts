import { context, defaultTextMapGetter, defaultTextMapSetter, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@llmobserve/propagator';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const p = new W3CTraceContextPropagator();

function extract(headers: Record<string, unknown>) {
  return trace.getSpanContext(p.extract(ROOT_CONTEXT, headers, defaultTextMapGetter));
}

function injected(ctx = ROOT_CONTEXT, prop = p): Record<string, string> {
  const out: Record<string, string> = {};
  prop.inject(ctx, out, defaultTextMapSetter);
  return out;
}

describe('W3CTraceContextPropagator: traceparent (Level 2)', () => {
  it.each([
    [`00-${TRACE}-${SPAN}-01`, 1],
    [`00-${TRACE}-${SPAN}-00`, 0],
    [`00-${TRACE}-${SPAN}-03`, 3],
    [`00-${TRACE}-${SPAN}-ff`, 3], // unknown bits dropped
    [`  00-${TRACE}-${SPAN}-01  `, 1], // OWS
    [`01-${TRACE}-${SPAN}-01`, 1], // future version, exact length
    [`cc-${TRACE}-${SPAN}-01-what-the-future-holds`, 1], // future version, longer
  ])('accepts %s', (header, flags) => {
    const sc = extract({ traceparent: header });
    expect(sc).toEqual({ traceId: TRACE, spanId: SPAN, traceFlags: flags, isRemote: true });
  });

  it.each([
    ['version ff', `ff-${TRACE}-${SPAN}-01`],
    ['version 00 too long', `00-${TRACE}-${SPAN}-01-extra`],
    ['future version without dash', `cc-${TRACE}-${SPAN}-01x`],
    ['upper-case trace id', `00-${TRACE.toUpperCase()}-${SPAN}-01`],
    ['upper-case flags', `00-${TRACE}-${SPAN}-0A`],
    ['zero trace id', `00-${'0'.repeat(32)}-${SPAN}-01`],
    ['zero span id', `00-${TRACE}-${'0'.repeat(16)}-01`],
    ['short trace id', `00-${TRACE.slice(1)}-${SPAN}-01`],
    ['bad delimiter', `00_${TRACE}-${SPAN}-01`],
    ['non-hex version', `0x-${TRACE}-${SPAN}-01`],
    ['non-hex flags', `00-${TRACE}-${SPAN}-0g`],
    ['two headers (array)', [`00-${TRACE}-${SPAN}-01`, `00-${TRACE}-${SPAN}-01`]],
    ['two headers joined by Node', `00-${TRACE}-${SPAN}-01, 00-${TRACE}-${SPAN}-01`],
    ['not a string', 42],
    ['empty', ''],
  ])('refuses %s', (_name, header) => {
    expect(extract({ traceparent: header })).toBeUndefined();
  });

  it('accepts a one-element array', () => {
    expect(extract({ traceparent: [`00-${TRACE}-${SPAN}-01`] })?.traceId).toBe(TRACE);
  });

  it('keeps the random flag of the incoming trace on a child span', () => {
    const ctx = p.extract(ROOT_CONTEXT, { traceparent: `00-${TRACE}-${SPAN}-03` }, defaultTextMapGetter);
    // What the SDK does for a child span: same trace, new span id, flags SAMPLED only.
    const child = trace.setSpanContext(ctx, { traceId: TRACE, spanId: '1111111111111111', traceFlags: TraceFlags.SAMPLED });
    expect(injected(child).traceparent).toBe(`00-${TRACE}-1111111111111111-03`);
  });

  it('does not invent the random flag for an incoming trace without it', () => {
    const ctx = p.extract(ROOT_CONTEXT, { traceparent: `00-${TRACE}-${SPAN}-01` }, defaultTextMapGetter);
    const child = trace.setSpanContext(ctx, { traceId: TRACE, spanId: '1111111111111111', traceFlags: TraceFlags.SAMPLED });
    expect(injected(child).traceparent).toBe(`00-${TRACE}-1111111111111111-01`);
  });

  it('flags local traces as random unless told otherwise', () => {
    const local = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: TraceFlags.NONE });
    expect(injected(local).traceparent).toBe(`00-${TRACE}-${SPAN}-02`);
    const notRandom = new W3CTraceContextPropagator({ localTraceIdsAreRandom: false });
    expect(injected(local, notRandom).traceparent).toBe(`00-${TRACE}-${SPAN}-00`);
  });

  it('injects nothing without a valid span context or when tracing is suppressed', () => {
    expect(injected()).toEqual({});
    const invalid = trace.setSpanContext(ROOT_CONTEXT, { traceId: '0'.repeat(32), spanId: SPAN, traceFlags: 1 });
    expect(injected(invalid)).toEqual({});
    const suppressed = trace
      .setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: 1 })
      .setValue(Symbol.for('OpenTelemetry SDK Context Key SUPPRESS_TRACING'), true);
    expect(injected(suppressed)).toEqual({});
  });

  it('round-trips tracestate', () => {
    const ctx = p.extract(ROOT_CONTEXT, { traceparent: `00-${TRACE}-${SPAN}-01`, tracestate: 'rojo=00f067aa0ba902b7, congo=t61rcWkgMzE' }, defaultTextMapGetter);
    expect(injected(ctx).tracestate).toBe('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE');
  });

  it('ignores non-object carriers', () => {
    expect(p.extract(ROOT_CONTEXT, null, defaultTextMapGetter)).toBe(ROOT_CONTEXT);
    expect(p.extract(ROOT_CONTEXT, 'traceparent', defaultTextMapGetter)).toBe(ROOT_CONTEXT);
    const sc = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE, spanId: SPAN, traceFlags: 1 });
    expect(() => p.inject(sc, undefined, defaultTextMapSetter)).not.toThrow();
    expect(p.fields()).toEqual(['traceparent', 'tracestate']);
  });

  it('treats a throwing getter as an absent header', () => {
    const getter = { get: () => { throw new Error('x'); }, keys: () => [] };
    expect(p.extract(ROOT_CONTEXT, {}, getter)).toBe(ROOT_CONTEXT);
    expect(context.active()).toBe(ROOT_CONTEXT);
  });
});
