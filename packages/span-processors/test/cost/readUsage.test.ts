import type { Attributes } from '@opentelemetry/api';
import { loadConventionTable, readUsage } from '@llmobserve/span-processors';

const table = loadConventionTable();

interface Case {
  name: string;
  attrs: Attributes;
  convention: string;
  usage: Record<string, number>;
  models?: string[];
  provider?: string;
  aggregate?: boolean;
}

const cases: Case[] = [
  {
    name: 'GenAI semconv / our capture: inclusive totals, cache and reasoning subsets',
    attrs: {
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o',
      'gen_ai.response.model': 'gpt-4o-2024-08-06',
      'gen_ai.usage.input_tokens': 1000,
      'gen_ai.usage.output_tokens': 500,
      'gen_ai.usage.cache_read.input_tokens': 200,
      'gen_ai.usage.cache_creation.input_tokens': 100,
      'gen_ai.usage.reasoning.output_tokens': 120,
      'llmobserve.ttft_ms': 230,
      'llmobserve.stream': true,
    },
    convention: 'genai',
    usage: { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 200, cacheWriteTokens: 100, reasoningTokens: 120 },
    models: ['gpt-4o-2024-08-06', 'gpt-4o'],
    provider: 'openai',
  },
  {
    name: 'our capture: fields without a GenAI attribute under llmobserve.usage.*, 1-hour cache writes taken out of cache_creation',
    attrs: {
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.usage.input_tokens': 5000,
      'gen_ai.usage.output_tokens': 200,
      'gen_ai.usage.cache_read.input_tokens': 3000,
      'gen_ai.usage.cache_creation.input_tokens': 1500,
      'llmobserve.usage.cache_write1h_tokens': 1000,
      'llmobserve.usage.web_search_requests': 2,
      'llmobserve.usage.service_tier': 'priority',
      'llmobserve.usage.pricing_modifiers': ['us'],
      'llmobserve.usage.estimated': true,
      'llmobserve.usage.not_a_field': 3,
    },
    convention: 'genai',
    usage: { inputTokens: 5000, outputTokens: 200, cachedInputTokens: 3000, cacheWriteTokens: 500, cacheWrite1hTokens: 1000, webSearchRequests: 2, serviceTier: 'priority', pricingModifiers: ['us'] } as never,
  },
  {
    name: 'GenAI with the older gen_ai.system',
    attrs: { 'gen_ai.system': 'Anthropic', 'gen_ai.request.model': 'claude-sonnet-4-5', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 },
    convention: 'genai',
    usage: { inputTokens: 10, outputTokens: 5 },
    provider: 'anthropic',
  },
  {
    name: 'OpenLLMetry (Python) Anthropic: inclusive input, cache counts under its own keys',
    attrs: {
      'gen_ai.system': 'Anthropic',
      'gen_ai.request.model': 'claude-sonnet-4-5',
      'gen_ai.usage.input_tokens': 1900,
      'gen_ai.usage.output_tokens': 50,
      'gen_ai.usage.cache_read_input_tokens': 1500,
      'gen_ai.usage.cache_creation_input_tokens': 300,
      'llm.usage.total_tokens': 1950,
    },
    convention: 'genai',
    usage: { inputTokens: 1900, outputTokens: 50, cachedInputTokens: 1500, cacheWriteTokens: 300 },
  },
  {
    name: 'OpenLLMetry legacy prompt/completion tokens',
    attrs: { 'gen_ai.system': 'OpenAI', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.prompt_tokens': 30, 'gen_ai.usage.completion_tokens': 7, 'llm.usage.total_tokens': 37 },
    convention: 'openllmetry-legacy',
    usage: { inputTokens: 30, outputTokens: 7 },
    provider: 'openai',
  },
  {
    name: 'OpenLLMetry legacy: output derived from the total',
    attrs: { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.prompt_tokens': 30, 'llm.usage.total_tokens': 37 },
    convention: 'openllmetry-legacy',
    usage: { inputTokens: 30, outputTokens: 7 },
  },
  {
    name: 'OpenInference LLM span',
    attrs: {
      'openinference.span.kind': 'LLM',
      'llm.model_name': 'gpt-4o',
      'llm.provider': 'openai',
      'llm.token_count.prompt': 800,
      'llm.token_count.completion': 90,
      'llm.token_count.total': 890,
      'llm.token_count.prompt_details.cache_read': 640,
      'llm.token_count.completion_details.reasoning': 64,
      'llm.token_count.prompt_details.audio': 10,
    },
    convention: 'openinference',
    usage: { inputTokens: 800, outputTokens: 90, cachedInputTokens: 640, reasoningTokens: 64, audioInputTokens: 10 },
    provider: 'openai',
    aggregate: false,
  },
  {
    name: 'OpenInference CHAIN span is an aggregate',
    attrs: { 'openinference.span.kind': 'CHAIN', 'llm.model_name': 'gpt-4o', 'llm.token_count.prompt': 1, 'llm.token_count.completion': 1 },
    convention: 'openinference',
    usage: { inputTokens: 1, outputTokens: 1 },
    aggregate: true,
  },
  {
    name: 'Vercel AI SDK v4 (OpenAI): promptTokens include cached',
    attrs: {
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.id': 'gpt-4o',
      'ai.model.provider': 'openai.chat',
      'ai.usage.promptTokens': 120,
      'ai.usage.completionTokens': 30,
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
    },
    convention: 'vercel-ai',
    usage: { inputTokens: 120, outputTokens: 30 },
    provider: 'openai',
    aggregate: false,
  },
  {
    name: 'Vercel AI SDK v5 (Anthropic): input excludes cache reads and writes — added back once',
    attrs: {
      'ai.operationId': 'ai.streamText.doStream',
      'ai.model.id': 'claude-sonnet-4-5',
      'ai.model.provider': 'anthropic.messages',
      'ai.usage.inputTokens': 100,
      'ai.usage.outputTokens': 40,
      'ai.usage.cachedInputTokens': 800,
      'ai.response.providerMetadata': JSON.stringify({ anthropic: { cacheCreationInputTokens: 50, cacheReadInputTokens: 800 } }),
      // Vercel also writes the raw (exclusive) count as gen_ai.usage.input_tokens: it must not be read.
      'gen_ai.usage.input_tokens': 100,
    },
    convention: 'vercel-ai',
    usage: { inputTokens: 950, outputTokens: 40, cachedInputTokens: 800, cacheWriteTokens: 50 },
    provider: 'anthropic',
  },
  {
    name: 'Vercel AI SDK v6 (Anthropic): inclusive totals with token details',
    attrs: {
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.id': 'claude-sonnet-4-5',
      'ai.model.provider': 'anthropic.messages',
      'ai.usage.inputTokens': 950,
      'ai.usage.outputTokens': 40,
      'ai.usage.inputTokenDetails.noCacheTokens': 100,
      'ai.usage.inputTokenDetails.cacheReadTokens': 800,
      'ai.usage.inputTokenDetails.cacheWriteTokens': 50,
      'ai.usage.cachedInputTokens': 800,
    },
    convention: 'vercel-ai',
    usage: { inputTokens: 950, outputTokens: 40, cachedInputTokens: 800, cacheWriteTokens: 50 },
  },
  {
    name: 'Vercel AI SDK v5 (Google): output excludes thoughts — added back',
    attrs: {
      'ai.operationId': 'ai.generateText.doGenerate',
      'ai.model.id': 'gemini-2.5-flash',
      'ai.model.provider': 'google.generative-ai',
      'ai.usage.inputTokens': 10,
      'ai.usage.outputTokens': 100,
      'ai.usage.reasoningTokens': 40,
    },
    convention: 'vercel-ai',
    usage: { inputTokens: 10, outputTokens: 140, reasoningTokens: 40 },
    provider: 'google',
  },
  {
    name: 'Vercel outer ai.generateText span sums its steps: aggregate',
    attrs: { 'ai.operationId': 'ai.generateText', 'ai.model.id': 'gpt-4o', 'ai.usage.promptTokens': 240, 'ai.usage.completionTokens': 60 },
    convention: 'vercel-ai',
    usage: { inputTokens: 240, outputTokens: 60 },
    aggregate: true,
  },
  {
    name: 'GenAI invoke_agent span is an aggregate',
    attrs: { 'gen_ai.operation.name': 'invoke_agent', 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 5 },
    convention: 'genai',
    usage: { inputTokens: 5, outputTokens: 5 },
    aggregate: true,
  },
  {
    name: 'a span with OpenInference and GenAI attributes is read once, by the first convention',
    attrs: { 'llm.model_name': 'gpt-4o', 'llm.token_count.prompt': 10, 'llm.token_count.completion': 2, 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 2 },
    convention: 'openinference',
    usage: { inputTokens: 10, outputTokens: 2 },
  },
  {
    name: 'our own priced operation',
    attrs: { 'llmobserve.model': 'serpapi/search', 'llmobserve.provider': 'serpapi', 'llmobserve.usage.requests': 1 },
    convention: 'llmobserve',
    usage: { requests: 1 },
    provider: 'serpapi',
  },
];

describe('readUsage: one convention per span, in the GenAI (inclusive) form', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const read = readUsage(c.attrs, table);
    expect(read).toBeDefined();
    if (!read?.ok) throw new Error(`expected usage, got ${JSON.stringify(read)}`);
    expect(read.convention).toBe(c.convention);
    expect(read.usage).toEqual(c.usage);
    if (c.models) expect(read.models).toEqual(c.models);
    if (c.provider) expect(read.provider).toBe(c.provider);
    expect(read.aggregate).toBe(c.aggregate ?? false);
  });

  it('ignores spans without usage attributes', () => {
    expect(readUsage({}, table)).toBeUndefined();
    expect(readUsage({ 'http.method': 'GET', 'gen_ai.request.model': 'gpt-4o' }, table)).toBeUndefined();
    // Our convention is detected by its model attribute; without counts there is nothing to price.
    expect(readUsage({ 'llmobserve.model': 'tool:x' }, table)).toBeUndefined();
  });

  it.each([
    ['negative', -1, /gen_ai\.usage\.input_tokens = -1 is not a count/],
    ['NaN', NaN, /= NaN is not a count/],
    ['Infinity', Infinity, /= Infinity is not a count/],
    ['absurd (> 1e9)', 2e9, /= 2000000000 is not a count/],
    ['fractional tokens', 1.5, /= 1\.5 is not a count/],
    ['a string', '100', /= "100" is not a count/],
    ['an array', [1, 2], /= an array is not a count/],
    ['a boolean', true, /= true is not a count/],
  ])('refuses %s counts with bad_usage naming the attribute', (_label, value, message) => {
    const read = readUsage({ 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': value as never, 'gen_ai.usage.output_tokens': 3 }, table);
    expect(read).toMatchObject({ ok: false, reason: 'bad_usage', convention: 'genai' });
    expect(read?.ok === false && read.detail).toMatch(message);
  });

  it('names the JSON path of a bad count inside a JSON attribute', () => {
    const read = readUsage(
      { 'ai.model.id': 'x', 'ai.model.provider': 'anthropic.messages', 'ai.usage.inputTokens': 1, 'ai.response.providerMetadata': '{"anthropic":{"cacheCreationInputTokens":-4}}' },
      table,
    );
    expect(read?.ok === false && read.detail).toMatch(/ai\.response\.providerMetadata → anthropic\.cacheCreationInputTokens = -4/);
    // Unparseable metadata is simply absent.
    const ok = readUsage({ 'ai.model.id': 'x', 'ai.usage.inputTokens': 1, 'ai.response.providerMetadata': '{nope' }, table);
    expect(ok?.ok && ok.usage).toEqual({ inputTokens: 1 });
  });

  it('refuses bad fields under llmobserve.usage.*', () => {
    const base = { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 1 };
    expect(readUsage({ ...base, 'llmobserve.usage.audio_input_tokens': -1 }, table)).toMatchObject({ ok: false, reason: 'bad_usage' });
    expect(readUsage({ ...base, 'llmobserve.usage.image_size': 7 }, table)).toMatchObject({ ok: false, reason: 'bad_usage' });
    expect(readUsage({ ...base, 'llmobserve.usage.pricing_modifiers': [1, 2] as never }, table)).toMatchObject({ ok: false, reason: 'bad_usage' });
    expect(readUsage({ ...base, 'llmobserve.usage.transaction_amount_usd': '12.50' }, table)).toMatchObject({ ok: true, usage: { transactionAmountUsd: '12.50' } });
    expect(readUsage({ ...base, 'llmobserve.usage.transaction_amount_usd': 3 }, table)).toMatchObject({ ok: true, usage: { transactionAmountUsd: '3' } });
    expect(readUsage({ ...base, 'llmobserve.usage.transaction_amount_usd': '1e3' }, table)).toMatchObject({ ok: false, reason: 'bad_usage' });
    const over = readUsage({ ...base, 'gen_ai.usage.cache_creation.input_tokens': 5, 'llmobserve.usage.cache_write1h_tokens': 9 }, table);
    expect(over?.ok === false && over.detail).toMatch(/cacheWriteTokens \(5\) is smaller than the cacheWrite1hTokens it includes/);
  });

  it('reports a missing model, and a total that cannot be split', () => {
    expect(readUsage({ 'gen_ai.usage.input_tokens': 1, 'gen_ai.usage.output_tokens': 1 }, table)).toMatchObject({ ok: false, reason: 'missing_model' });
    expect(readUsage({ 'gen_ai.request.model': '   ', 'gen_ai.usage.input_tokens': 1 }, table)).toMatchObject({ ok: false, reason: 'missing_model' });
    expect(readUsage({ 'llm.usage.total_tokens': 10, 'gen_ai.request.model': 'gpt-4o' }, table)).toMatchObject({ ok: false, reason: 'bad_usage' });
  });
});
