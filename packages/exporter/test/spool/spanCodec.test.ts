import { SpanKind, SpanStatusCode, TraceFlags, context, trace } from '@opentelemetry/api';
import { TraceState } from '@opentelemetry/core';
import { decodeSpans, encodeSpans } from '../../src/spool/spanCodec';
import { LLM_ATTRIBUTES, recordSpans } from '../helpers';

describe('spanCodec', () => {
  it('round-trips every field a span exporter reads', () => {
    const r = recordSpans();
    const parent = r.start('parent');
    const span = r.tracer.startSpan(
      'child',
      {
        kind: SpanKind.CLIENT,
        attributes: { ...LLM_ATTRIBUTES, flag: true, ratio: 0.5, list: ['a', 'b'], nums: [1, 2.5]},
        links: [{ context: parent.spanContext(), attributes: { why: 'retry' } }],
      },
      trace.setSpan(context.active(), parent),
    );
    span.addEvent('first-token', { 'gen_ai.token.index': 0 });
    span.setStatus({ code: SpanStatusCode.ERROR, message: 'boom' });
    span.end();
    parent.end();
    const original = r.finished();
    const decoded = decodeSpans(encodeSpans(original));
    expect(decoded).toHaveLength(2);
    const [a, b] = [original[0]!, decoded[0]!];
    expect(b.spanContext()).toMatchObject({ traceId: a.spanContext().traceId, spanId: a.spanContext().spanId, traceFlags: TraceFlags.SAMPLED });
    expect(b.parentSpanContext?.spanId).toBe(a.parentSpanContext?.spanId);
    expect(b.name).toBe('child');
    expect(b.kind).toBe(SpanKind.CLIENT);
    expect(b.startTime).toEqual(a.startTime);
    expect(b.endTime).toEqual(a.endTime);
    expect(b.duration).toEqual(a.duration);
    expect(b.status).toEqual({ code: SpanStatusCode.ERROR, message: 'boom' });
    expect(b.attributes).toEqual(a.attributes);
    expect(b.events).toEqual([{ name: 'first-token', time: a.events[0]!.time, attributes: { 'gen_ai.token.index': 0 }, droppedAttributesCount: 0 }]);
    expect(b.links[0]!.context.spanId).toBe(parent.spanContext().spanId);
    expect(b.links[0]!.attributes).toEqual({ why: 'retry' });
    expect(b.resource.attributes['service.name']).toBe('exporter-test');
    expect(b.instrumentationScope).toMatchObject({ name: 'exporter-test', version: '1.0.0' });
    expect(decoded[1]!.parentSpanContext).toBeUndefined();
    expect(b.ended).toBe(true);
  });

  it('keeps remote parents and trace state', () => {
    const r = recordSpans();
    const remote = trace.setSpanContext(context.active(), {
      traceId: '0af7651916cd43dd8448eb211c80319c',
      spanId: 'b7ad6b7169203331',
      traceFlags: 1,
      isRemote: true,
      traceState: new TraceState('vendor=x'),
    });
    r.tracer.startSpan('server', {}, remote).end();
    const [decoded] = decodeSpans(encodeSpans(r.finished()));
    expect(decoded!.parentSpanContext).toMatchObject({ spanId: 'b7ad6b7169203331', isRemote: true });
    expect(decoded!.spanContext().traceState?.serialize()).toBe('vendor=x');
  });

  it('decodes every OTLP AnyValue form another writer may use', () => {
    const request = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x' } }] },
          scopeSpans: [
            {
              scope: { name: 's' },
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  name: 'n',
                  startTimeUnixNano: '1700000000123456789',
                  endTimeUnixNano: 1700000001000000000,
                  attributes: [
                    { key: 'i', value: { intValue: '9007199254740991' } },
                    { key: 'd', value: { doubleValue: '0.25' } },
                    { key: 'b', value: { bytesValue: 'AQI=' } },
                    { key: 'kv', value: { kvlistValue: { values: [{ key: 'a', value: { boolValue: false } }] } } },
                    { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }, {}] } } },
                    { key: 'empty', value: {} },
                    { key: 'none' },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const [span] = decodeSpans(Buffer.from(JSON.stringify(request)));
    expect(span!.attributes).toEqual({ i: 9007199254740991, d: 0.25, b: new Uint8Array([1, 2]), kv: { a: false }, arr: ['a', null] });
    expect(span!.startTime).toEqual([1700000000, 123456789]);
    expect(span!.duration).toEqual([0, 876543211]);
    expect(span!.kind).toBe(SpanKind.INTERNAL);
    expect(span!.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('throws on bytes that are not OTLP/JSON', () => {
    expect(() => decodeSpans(Buffer.from('not json'))).toThrow();
  });
});
