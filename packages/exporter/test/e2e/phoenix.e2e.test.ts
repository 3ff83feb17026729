/**
 * Against a real Arize Phoenix (scripts/install-python-peers.sh --phoenix):
 * spans with GenAI, cost and section attributes go out through phoenix()
 * (OTLP/HTTP protobuf) with the OpenInference processor, and are read back
 * through Phoenix's REST and GraphQL APIs.
 */
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { OpenInferenceSpanProcessor, phoenix } from '@llmobserve/exporter';
import { startPhoenix } from '../../../../test/peers/phoenix';
import type { PhoenixPeer } from '../../../../test/peers/phoenix';
import { primeOtlpTransport } from '../../../../test/peers/jestOtlp';
import { LLM_ATTRIBUTES } from '../helpers';

jest.setTimeout(120_000);

function traceThrough(exporter: ReturnType<typeof phoenix>, service: string) {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new OpenInferenceSpanProcessor(), new BatchSpanProcessor(primeOtlpTransport(exporter), { scheduledDelayMillis: 50 })],
  });
  const tracer = provider.getTracer('phoenix-e2e');
  const child = (name: string, attributes: Record<string, string | number>, parent: Span): Span =>
    tracer.startSpan(name, { attributes }, trace.setSpan(context.active(), parent));
  const agent = tracer.startSpan('agent:research', { attributes: { 'llmobserve.section': 'agent:research', 'llmobserve.run_id': 'run-42', 'llmobserve.customer_id': 'cust-7' } });
  const step = child('step:plan', { 'llmobserve.section': 'step:plan', 'llmobserve.run_id': 'run-42' }, agent);
  const llm = child('chat gpt-4o-mini', LLM_ATTRIBUTES as Record<string, string | number>, step);
  llm.end();
  step.end();
  const tool = child('tool:search', { 'llmobserve.section': 'tool:search' }, agent);
  tool.end();
  agent.end();
  return { provider, ids: { trace: agent.spanContext().traceId, agent: agent.spanContext().spanId, step: step.spanContext().spanId, llm: llm.spanContext().spanId, tool: tool.spanContext().spanId } };
}

describe('phoenix() against a real Phoenix', () => {
  let peer: PhoenixPeer;

  beforeAll(async () => {
    peer = await startPhoenix();
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it('lands in the named project with OpenInference kinds, ids, tokens and our cost attributes; Phoenix prices the LLM span', async () => {
    const { provider, ids } = traceThrough(phoenix({ endpoint: peer.baseUrl, projectName: 'llmobserve-e2e' }, {}), 'research-agent');
    await provider.forceFlush();
    await provider.shutdown();
    const spans = await peer.waitForSpans('llmobserve-e2e', ids.trace, 4);
    expect(await peer.projects()).toContain('llmobserve-e2e');
    expect(spans).toHaveLength(4);
    const byId = new Map(spans.map(s => [s.context.span_id, s]));
    for (const s of spans) expect(s.context.trace_id).toBe(ids.trace);

    const agent = byId.get(ids.agent)!;
    expect(agent.span_kind).toBe('AGENT');
    expect(agent.parent_id).toBeNull();
    expect(agent.attributes['session.id']).toBe('run-42');
    expect(agent.attributes['user.id']).toBe('cust-7');
    expect(agent.attributes['agent.name']).toBe('research');

    const step = byId.get(ids.step)!;
    expect(step.span_kind).toBe('CHAIN');
    expect(step.parent_id).toBe(ids.agent);

    const tool = byId.get(ids.tool)!;
    expect(tool.span_kind).toBe('TOOL');
    expect(tool.attributes['tool.name']).toBe('search');

    const llm = byId.get(ids.llm)!;
    expect(llm.span_kind).toBe('LLM');
    expect(llm.parent_id).toBe(ids.step);
    expect(llm.attributes).toMatchObject({
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.provider': 'openai',
      'llm.token_count.prompt': 1200,
      'llm.token_count.completion': 300,
      'llm.token_count.total': 1500,
      'llm.token_count.prompt_details.cache_read': 1000,
      'llm.cost.total': 0.000372,
      'llmobserve.cost.total_usd': '0.000372',
      'gen_ai.usage.input_tokens': 1200,
      'session.id': 'run-42',
      'user.id': 'cust-7',
      'metadata.run_id': 'run-42',
    });

    // Phoenix prices the span from its own table; its token totals show no double-counted cache reads.
    const cost = await peer.spanCost(llm.id);
    expect(cost).toBeDefined();
    expect(cost!.promptTokens).toBe(1200);
    expect(cost!.completionTokens).toBe(300);
    expect(cost!.totalCost).toBeGreaterThan(0);
  });

  it('takes the project from PHOENIX_PROJECT and the endpoint from PHOENIX_COLLECTOR_ENDPOINT', async () => {
    const { provider, ids } = traceThrough(phoenix({}, { PHOENIX_COLLECTOR_ENDPOINT: peer.baseUrl, PHOENIX_PROJECT: 'from-env' }), 'env-service');
    await provider.forceFlush();
    await provider.shutdown();
    const spans = await peer.waitForSpans('from-env', ids.trace, 4);
    expect(spans.find(s => s.context.span_id === ids.llm)?.span_kind).toBe('LLM');
    expect(await peer.spans('llmobserve-e2e', ids.trace)).toEqual([]);
  });
});
