/**
 * The demo collector's pieces without processes: OTLP/HTTP JSON back into
 * spans, and the trace-wide exact cost roll-up across services.
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { formatUsd } from '@llmobserve/pricing';
import { decodeOtlpJson as decodeExportRequest, nanosToHrTime } from '@llmobserve/exporter';
import type { OtlpJsonRequest as ExportTraceServiceRequest } from '@llmobserve/exporter';
import { buildTrace, costTables } from '../../demo/src/costTree';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const int = (key: string, value: number | string) => ({ key, value: { intValue: value } });

function span(id: string, parent: string | undefined, name: string, attributes: object[], extra: object = {}) {
  return { traceId: TRACE, spanId: id, ...(parent ? { parentSpanId: parent } : {}), name, kind: 1, startTimeUnixNano: `17000000000${id.slice(-2)}000000`, endTimeUnixNano: '1700000001000000000', attributes, ...extra };
}

function request(service: string, spans: object[]): ExportTraceServiceRequest {
  return { resourceSpans: [{ resource: { attributes: [str('service.name', service)] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }] } as ExportTraceServiceRequest;
}

const CUSTOMER = str('llmobserve.customer_id', 'acme');
const app = request('application', [
  span('a000000000000001', undefined, 'POST /research', [], { kind: 2 }),
  span('a000000000000002', 'a000000000000001', 'step:planning', [CUSTOMER]),
  span('a000000000000003', 'a000000000000002', 'POST', [CUSTOMER], { kind: 3 }),
  span('a000000000000004', 'a000000000000001', 'tool:web_search', [CUSTOMER, str('llmobserve.cost.custom_usd', '0.01'), str('llmobserve.cost.total_usd_exact', '0.01')]),
]);
const gateway = request('gateway', [
  // parent in the other service, flagged remote (OTLP span flags 0x100 | 0x200)
  span('b000000000000001', 'a000000000000003', 'POST /v1/chat', [CUSTOMER], { kind: 2, flags: 0x301 }),
  span('b000000000000002', 'b000000000000001', 'POST', [
    CUSTOMER,
    str('gen_ai.provider.name', 'openai'),
    str('llmobserve.cost.matched_model', 'gpt-4o-mini'),
    int('gen_ai.usage.input_tokens', '52'),
    int('gen_ai.usage.output_tokens', 180),
    str('llmobserve.cost.total_usd_exact', '0.1'),
  ], { kind: 3 }),
  span('b000000000000003', 'b000000000000001', 'POST', [
    CUSTOMER,
    str('gen_ai.provider.name', 'openai'),
    str('llmobserve.cost.matched_model', 'gpt-4o-mini'),
    str('llmobserve.cost.total_usd_exact', '0.200000000000000000000001'),
  ], { kind: 3 }),
  span('b000000000000004', 'b000000000000001', 'POST', [CUSTOMER, str('gen_ai.provider.name', 'openai'), str('gen_ai.request.model', 'gpt-4o-mini'), int('http.response.status_code', 429)], { kind: 3, status: { code: 2 } }),
  { traceId: 'not-hex', spanId: 'b000000000000005', name: 'bad' },
]);

describe('decodeExportRequest', () => {
  it('rebuilds spans: ids, kinds, parents (remote flag), times, status, typed attributes, resource', () => {
    const { spans, skipped } = decodeExportRequest(gateway);
    expect(skipped).toBe(1);
    const server = spans.find((s) => s.spanContext().spanId === 'b000000000000001')!;
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.parentSpanContext).toMatchObject({ traceId: TRACE, spanId: 'a000000000000003', isRemote: true });
    expect(server.resource.attributes['service.name']).toBe('gateway');
    const call = spans.find((s) => s.spanContext().spanId === 'b000000000000002')!;
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes['gen_ai.usage.input_tokens']).toBe(52);
    expect(call.attributes['gen_ai.usage.output_tokens']).toBe(180);
    expect(call.parentSpanContext?.isRemote).toBe(false);
    expect(spans.find((s) => s.spanContext().spanId === 'b000000000000004')!.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('converts nanoseconds exactly, beyond 2^53', () => {
    expect(nanosToHrTime('1700000001123456789')).toEqual([1700000001, 123456789]);
    expect(nanosToHrTime(undefined)).toEqual([0, 0]);
    expect(nanosToHrTime('garbage')).toEqual([0, 0]);
  });
});

describe('buildTrace', () => {
  const spans = [...decodeExportRequest(gateway).spans, ...decodeExportRequest(app).spans];
  const view = buildTrace(TRACE, spans);

  it('joins both services into one tree under the application root', () => {
    expect(view.roots.map((r) => r.span.name)).toEqual(['POST /research']);
    expect(view.services).toEqual(['application', 'gateway']);
    expect(view.customer).toBe('acme');
    expect(view.nodes.map((n) => n.span.name)).toEqual(['POST /research', 'step:planning', 'POST', 'POST /v1/chat', 'POST', 'POST', 'POST', 'tool:web_search']);
  });

  it('sums own costs over the whole subtree exactly, across the process boundary', () => {
    const planning = view.nodes.find((n) => n.span.name === 'step:planning')!;
    // 0.1 + 0.2 + 1e-24: a float sum gives 0.30000000000000004 and loses the last part
    expect(formatUsd(planning.subtree)).toBe('0.300000000000000000000001');
    expect(planning.calls).toBe(2);
    expect(formatUsd(view.total)).toBe('0.310000000000000000000001');
    expect(view.badCosts).toEqual([]);
  });

  it('counts a span delivered twice once', () => {
    expect(formatUsd(buildTrace(TRACE, [...spans, ...spans]).total)).toBe('0.310000000000000000000001');
  });

  it('reports an unreadable exact cost instead of guessing', () => {
    const broken = request('gateway', [span('c000000000000001', undefined, 'POST', [str('llmobserve.cost.total_usd_exact', '1e-3')])]);
    const v = buildTrace(TRACE, decodeExportRequest(broken).spans);
    expect(v.badCosts).toEqual(['POST: "1e-3"']);
    expect(v.total).toBe(0n);
  });

  it('tabulates cost per customer and per model, with failed calls and custom costs apart', () => {
    const { customers, models } = costTables([view]);
    expect(customers).toEqual([expect.objectContaining({ key: 'acme', traces: 1, calls: 2, errors: 1 })]);
    expect(formatUsd(customers[0].total)).toBe('0.310000000000000000000001');
    const mini = models.find((m) => m.key === 'gpt-4o-mini')!;
    expect(mini).toMatchObject({ provider: 'openai', calls: 2, errors: 1, inputTokens: 52, outputTokens: 180 });
    expect(formatUsd(models.find((m) => m.key === 'custom: tool:web_search')!.total)).toBe('0.01');
  });
});
