import { OpenInferenceSpanProcessor, openInferenceAttributes, loadOpenInferenceTable } from '@llmobserve/exporter';
import type { Attributes } from '@opentelemetry/api';
import { LLM_ATTRIBUTES, recordSpans } from './helpers';

describe('openInferenceAttributes', () => {
  const table = loadOpenInferenceTable();

  it('maps an LLM span: kind, model, provider, inclusive token counts, cost', () => {
    const out = openInferenceAttributes(LLM_ATTRIBUTES, table);
    expect(out).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o-mini-2024-07-18',
      'llm.provider': 'openai',
      'llm.system': 'openai',
      // GenAI input (1200) already includes the 1000 cached tokens; OpenInference's prompt does too.
      'llm.token_count.prompt': 1200,
      'llm.token_count.completion': 300,
      'llm.token_count.total': 1500,
      'llm.token_count.prompt_details.cache_read': 1000,
      'llm.token_count.completion_details.reasoning': 100,
      'llm.cost.total': 0.000372,
      'llm.cost.prompt': 0.000192,
      'llm.cost.completion': 0.00018,
      'session.id': 'run-42',
      'user.id': 'cust-7',
    });
    expect(out['llm.token_count.prompt_details.cache_write']).toBeUndefined();
    expect(JSON.parse(out.metadata as string)).toEqual({
      'cost.total_usd': '0.000372',
      'cost.input_usd': '0.000192',
      'cost.output_usd': '0.00018',
      run_id: 'run-42',
      customer_id: 'cust-7',
      section_path: 'agent:research/step:plan',
    });
  });

  it.each<[string, Attributes, Attributes]>([
    ['Anthropic cache write + read', { 'gen_ai.provider.name': 'anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5', 'gen_ai.usage.input_tokens': 5000, 'gen_ai.usage.cache_read.input_tokens': 3000, 'gen_ai.usage.cache_creation.input_tokens': 1500, 'gen_ai.usage.output_tokens': 10 }, { 'llm.provider': 'anthropic', 'llm.token_count.prompt': 5000, 'llm.token_count.total': 5010, 'llm.token_count.prompt_details.cache_read': 3000, 'llm.token_count.prompt_details.cache_write': 1500 }],
    ['legacy gen_ai.system + prompt/completion names', { 'gen_ai.system': 'az.ai.openai', 'gen_ai.usage.prompt_tokens': 7, 'gen_ai.usage.completion_tokens': 3, 'gen_ai.usage.reasoning_tokens': 1 }, { 'llm.provider': 'azure', 'llm.system': 'openai', 'llm.token_count.prompt': 7, 'llm.token_count.completion': 3, 'llm.token_count.total': 10, 'llm.token_count.completion_details.reasoning': 1 }],
    ['Vertex AI', { 'gen_ai.provider.name': 'gcp.vertex_ai', 'gen_ai.request.model': 'gemini-2.5-pro' }, { 'llm.provider': 'google', 'llm.system': 'vertexai', 'llm.model_name': 'gemini-2.5-pro' }],
    ['an unknown provider passes through lower-cased', { 'gen_ai.provider.name': 'AcmeAI', 'gen_ai.usage.output_tokens': 4 }, { 'llm.provider': 'acmeai', 'llm.token_count.completion': 4, 'llm.token_count.total': 4 }],
    ['bad token values are skipped', { 'gen_ai.request.model': 'm', 'gen_ai.usage.input_tokens': -1, 'gen_ai.usage.output_tokens': 2.5 }, { 'llm.model_name': 'm' }],
    ['a numeric cost is copied', { 'gen_ai.request.model': 'm', 'llmobserve.cost.total_usd': 0.25 }, { 'llm.cost.total': 0.25 }],
  ])('%s', (_name, attrs, expected) => {
    const out = openInferenceAttributes(attrs, table);
    expect(out['openinference.span.kind']).toBe('LLM');
    expect(out).toMatchObject(expected);
    if (attrs['gen_ai.usage.input_tokens'] === -1) {
      expect(out['llm.token_count.prompt']).toBeUndefined();
      expect(out['llm.token_count.total']).toBeUndefined();
    }
  });

  it('skips a cost that is not a decimal', () => {
    expect(openInferenceAttributes({ 'gen_ai.request.model': 'm', 'llmobserve.cost.total_usd': 'free' }, table)['llm.cost.total']).toBeUndefined();
  });

  it.each([
    ['agent:research', 'AGENT', { 'agent.name': 'research' }],
    ['step:plan', 'CHAIN', {}],
    ['tool:web_search', 'TOOL', { 'tool.name': 'web_search' }],
    ['retriever:docs', 'RETRIEVER', {}],
    ['Guardrail:pii', 'GUARDRAIL', {}],
    ['checkout', 'CHAIN', {}],
    ['unknownprefix:x', 'CHAIN', {}],
  ])('maps section %s to %s', (section, kind, extra) => {
    const out = openInferenceAttributes({ 'llmobserve.section': section }, table);
    expect(out['openinference.span.kind']).toBe(kind);
    expect(out).toMatchObject(extra);
    expect(JSON.parse(out.metadata as string)).toEqual({ section });
  });

  it('never overwrites attributes an OpenInference instrumentation already set', () => {
    const out = openInferenceAttributes(
      { ...LLM_ATTRIBUTES, 'openinference.span.kind': 'EMBEDDING', 'llm.model_name': 'theirs', 'llm.token_count.prompt': 1, metadata: '{"a":1}', 'session.id': 's' },
      table,
    );
    expect(out['openinference.span.kind']).toBeUndefined();
    expect(out['llm.model_name']).toBeUndefined();
    expect(out['llm.token_count.prompt']).toBeUndefined();
    expect(out.metadata).toBeUndefined();
    expect(out['session.id']).toBeUndefined();
    expect(out['llm.token_count.completion']).toBe(300);
  });

  it('leaves ordinary spans alone', () => {
    expect(openInferenceAttributes({ 'http.request.method': 'GET' }, table)).toEqual({});
  });

  it('bounds the metadata JSON', () => {
    const big: Attributes = {};
    for (let i = 0; i < 100; i++) big[`llmobserve.k${i}`] = 'x';
    expect(Object.keys(JSON.parse(openInferenceAttributes(big, table).metadata as string))).toHaveLength(64);
    expect(openInferenceAttributes({ 'llmobserve.huge': 'y'.repeat(9000) }, table).metadata).toBeUndefined();
  });
});

describe('OpenInferenceSpanProcessor', () => {
  it('writes in onEnding, so the exporter sees the attributes on the same span object', () => {
    const r = recordSpans([new OpenInferenceSpanProcessor()]);
    const agent = r.start('agent:research', { 'llmobserve.section': 'agent:research', 'llmobserve.run_id': 'run-42' });
    const llm = r.start('chat', LLM_ATTRIBUTES, agent);
    llm.end();
    agent.end();
    const [llmSpan, agentSpan] = r.finished();
    expect(llmSpan!.attributes['openinference.span.kind']).toBe('LLM');
    expect(llmSpan!.attributes['gen_ai.usage.input_tokens']).toBe(1200); // GenAI attributes stay
    expect(agentSpan!.attributes['openinference.span.kind']).toBe('AGENT');
    expect(agentSpan!.attributes['session.id']).toBe('run-42');
  });

  it('sees attributes set during the span, not only at start', () => {
    const r = recordSpans([new OpenInferenceSpanProcessor()]);
    const span = r.start('chat');
    span.setAttribute('gen_ai.usage.output_tokens', 9);
    span.end();
    expect(r.finished()[0]!.attributes['llm.token_count.completion']).toBe(9);
  });

  it('does not throw into the application when mapping fails', () => {
    const processor = new OpenInferenceSpanProcessor();
    const broken = { name: 'x', get attributes(): never { throw new Error('boom'); } };
    expect(() => processor.onEnding(broken as never)).not.toThrow();
    processor.onStart({} as never, {} as never);
    processor.onEnd({} as never);
    return Promise.all([processor.forceFlush(), processor.shutdown()]);
  });

  it('loads another table from dataFile', () => {
    expect(() => new OpenInferenceSpanProcessor({ dataFile: '/nonexistent.json' })).toThrow(/ENOENT/);
  });
});
