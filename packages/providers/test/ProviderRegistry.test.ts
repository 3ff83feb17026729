import { loadEndpointTable, ProviderRegistry, validateEndpointTable, validateTokenizerTable } from '@llmobserve/providers';

describe('ProviderRegistry', () => {
  const r = new ProviderRegistry({
    customEndpoints: [
      { baseUrl: 'http://localhost:11434/v1', provider: 'ollama' },
      { baseUrl: 'http://127.0.0.1:4000', provider: 'litellm', compatibleWith: 'openai' },
      { baseUrl: 'https://gateway.example.com/anthropic/', provider: 'anthropic' },
      { baseUrl: 'https://api.openai.com/custom', provider: 'my-openai' },
    ],
  });

  test.each([
    ['https://api.openai.com/v1/chat/completions', 'openai', 'chat', 'json', 'https://api.openai.com/v1', undefined],
    ['https://API.OPENAI.COM:443/v1/responses?x=1#f', 'openai', 'chat', 'json', 'https://api.openai.com/v1', undefined],
    ['https://api.openai.com/v1/audio/speech', 'openai', 'text_to_speech', 'binary', 'https://api.openai.com/v1', undefined],
    ['https://res.openai.azure.com/openai/deployments/dep1/chat/completions?api-version=2024-10-21', 'azure.ai.openai', 'chat', 'json', 'https://res.openai.azure.com/openai/deployments/dep1', undefined],
    ['https://res.cognitiveservices.azure.com/openai/v1/responses', 'azure.ai.openai', 'chat', 'json', 'https://res.cognitiveservices.azure.com/openai/v1', undefined],
    ['https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent', 'gcp.gemini', 'generate_content', 'json', 'https://generativelanguage.googleapis.com', 'gemini-2.5-pro'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/chat/completions', 'gcp.gemini', 'chat', 'json', 'https://generativelanguage.googleapis.com/v1beta/openai', undefined],
    ['https://europe-west4-aiplatform.googleapis.com/v1/projects/p/locations/europe-west4/publishers/anthropic/models/claude-sonnet-4@20250514:streamRawPredict', 'gcp.vertex_ai', 'chat', 'sse', 'https://europe-west4-aiplatform.googleapis.com', 'claude-sonnet-4@20250514'],
    ['https://bedrock-runtime.us-east-1.amazonaws.com/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fus.anthropic.claude/invoke', 'aws.bedrock', 'chat', 'json', 'https://bedrock-runtime.us-east-1.amazonaws.com', 'arn:aws:bedrock:us-east-1:1:inference-profile/us.anthropic.claude'],
    ['https://bedrock-runtime.us-east-1.amazonaws.com/model/meta.llama3-70b-instruct-v1:0/invoke-with-response-stream', 'aws.bedrock', 'chat', 'aws-eventstream', 'https://bedrock-runtime.us-east-1.amazonaws.com', 'meta.llama3-70b-instruct-v1:0'],
    ['https://api.cohere.ai/v1/embed', 'cohere', 'embeddings', 'json', 'https://api.cohere.ai', undefined],
    ['https://api.groq.com/openai/v1/chat/completions', 'groq', 'chat', 'json', 'https://api.groq.com/openai/v1', undefined],
    ['https://api.deepseek.com/v1/chat/completions', 'deepseek', 'chat', 'json', 'https://api.deepseek.com/v1', undefined],
    ['https://api.deepseek.com/anthropic/v1/messages', 'deepseek', 'chat', 'json', 'https://api.deepseek.com/anthropic', undefined],
    ['https://api.x.ai/v1/messages', 'x_ai', 'chat', 'json', 'https://api.x.ai', undefined],
    ['https://api.pinecone.io/embed', 'pinecone', 'embeddings', 'json', 'https://api.pinecone.io', undefined],
    ['http://localhost:11434/v1/chat/completions', 'ollama', 'chat', 'json', 'http://localhost:11434/v1', undefined],
    ['http://127.0.0.1:4000/embeddings', 'litellm', 'embeddings', 'json', 'http://127.0.0.1:4000', undefined],
    ['https://gateway.example.com/anthropic/v1/messages', 'anthropic', 'chat', 'json', 'https://gateway.example.com/anthropic', undefined],
    ['https://api.openai.com/custom/chat/completions', 'my-openai', 'chat', 'json', 'https://api.openai.com/custom', undefined],
    ['https://user:pw@api.mistral.ai/v1/fim/completions', 'mistral_ai', 'text_completion', 'json', 'https://api.mistral.ai/v1', undefined],
  ])('%s', (url, provider, operation, wireFormat, baseUrl, model) => {
    const m = r.match(url, 'POST');
    expect(m).toMatchObject({ provider, operation, wireFormat, baseUrl });
    expect(m?.model).toBe(model);
    expect(r.match(new URL(url), 'post')).toEqual(m);
  });

  test.each([
    'https://api.openai.com/v1/models',
    'https://api.openai.com/v2/chat/completions',
    'https://api.anthropic.com/v1/messages/count_tokens',
    'https://example.com/v1/chat/completions',
    'https://evil-openai.azure.com.example.com/openai/v1/chat/completions',
    'https://bedrock.us-east-1.amazonaws.com/model/x/invoke',
    'http://localhost:11435/v1/chat/completions',
    'not a url',
    '',
  ])('no match: %s', (url) => {
    expect(r.match(url, 'POST')).toBeUndefined();
  });

  test('methods: polls are GET, billed calls POST', () => {
    expect(r.match('https://api.assemblyai.com/v2/transcript/abc', 'GET')?.operation).toBe('transcription');
    expect(r.match('https://api.assemblyai.com/v2/transcript/abc', 'DELETE')).toBeUndefined();
    expect(r.match('https://api.openai.com/v1/chat/completions', 'GET')).toBeUndefined();
    expect(r.match('https://api.openai.com/v1/chat/completions')?.provider).toBe('openai');
  });

  test('answers are remembered per URL and method, shared and frozen; the memo stays correct past its bound', () => {
    const fresh = new ProviderRegistry();
    const url = 'https://api.openai.com/v1/chat/completions';
    const first = fresh.match(url, 'POST');
    expect(fresh.match(url, 'POST')).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(fresh.match(url, 'GET')).toBeUndefined();
    expect(fresh.match(url, 'POST')).toBe(first);
    // More distinct URLs than the memo holds (4,096): each answer is still computed right.
    for (let i = 0; i < 5000; i++) {
      expect(fresh.match(`https://api.openai.com/v1/responses/resp_${i}`, 'GET')).toBeUndefined();
      if (i % 1000 === 0) expect(fresh.match(`https://generativelanguage.googleapis.com/v1beta/models/m-${i}:generateContent`, 'POST')?.model).toBe(`m-${i}`);
    }
    expect(fresh.match(url, 'POST')).toEqual(first);
    // The query is not part of the key (same answer, one entry); a method-less call has its own memo.
    const q = fresh.match(`${url}?api-version=1&key=secret`, 'POST');
    expect(q).toBe(fresh.match(`${url}?other=2`, 'POST'));
    expect(q).toEqual(first);
    expect(fresh.match(`POST ${url}`)).not.toBe(fresh.match(url, 'POST'));
    // A very long URL is answered without being remembered.
    const long = `https://generativelanguage.googleapis.com/v1beta/models/${'m'.repeat(600)}:generateContent`;
    expect(fresh.match(long, 'POST')?.model).toBe('m'.repeat(600));
    expect(fresh.match(long, 'POST')).not.toBe(fresh.match(long, 'POST'));
  });

  test('streamUsage tells which OpenAI-style providers need include_usage', () => {
    expect(r.match('https://api.openai.com/v1/chat/completions')?.streamUsage).toBe('opt-in');
    expect(r.match('https://api.groq.com/openai/v1/chat/completions')?.streamUsage).toBe('always');
    expect(r.match('http://localhost:11434/v1/chat/completions')?.streamUsage).toBe('opt-in');
    expect(r.match('https://api.anthropic.com/v1/messages')?.streamUsage).toBeUndefined();
  });

  test('upstreams: custom endpoints first, then fixed-host providers, one per prefix', () => {
    const ups = r.upstreams();
    expect(ups[0]).toEqual({ prefix: 'ollama', baseUrl: 'http://localhost:11434/v1', provider: 'ollama' });
    expect(ups).toContainEqual({ prefix: 'openai', baseUrl: 'https://api.openai.com/v1', provider: 'openai' });
    expect(ups.filter((u) => u.prefix === 'anthropic')).toEqual([{ prefix: 'anthropic', baseUrl: 'https://gateway.example.com/anthropic', provider: 'anthropic' }]);
    expect(new Set(ups.map((u) => u.prefix)).size).toBe(ups.length);
    expect(new ProviderRegistry().upstreams().map((u) => u.prefix)).toEqual(expect.arrayContaining(['openai', 'anthropic', 'gemini', 'groq', 'deepseek', 'xai', 'openrouter']));
  });

  test.each([
    [[{ baseUrl: 'localhost:11434', provider: 'x' }], 'customEndpoints[0].baseUrl'],
    [[{ baseUrl: 'ftp://h/x', provider: 'x' }], 'customEndpoints[0].baseUrl'],
    [[{ baseUrl: 'http://h/x?y=1', provider: 'x' }], 'customEndpoints[0].baseUrl'],
    [[{ baseUrl: 'http://h', provider: '' }], 'customEndpoints[0].provider'],
    [[{ baseUrl: 'http://h', provider: 'x', compatibleWith: 'gemini' }], 'customEndpoints[0].compatibleWith'],
    [[null], 'customEndpoints[0]'],
    ['nope', 'customEndpoints'],
  ])('bad config throws naming the field: %j', (customEndpoints, field) => {
    expect(() => new ProviderRegistry({ customEndpoints } as never)).toThrow(field);
  });
});

describe('endpoint and tokenizer tables', () => {
  test('the shipped tables validate', () => {
    expect(loadEndpointTable().providers.length).toBeGreaterThan(20);
  });

  interface Loose {
    [k: string]: unknown;
    apis: Record<string, Array<Record<string, unknown>>>;
    providers: Array<Record<string, unknown> & { proxy: Record<string, unknown> }>;
  }
  const table = (): Loose => JSON.parse(JSON.stringify(loadEndpointTable())) as Loose;
  test.each([
    [(t: Loose) => (t.version = 2), 'version'],
    [(t: Loose) => (t.extra = 1), '(root).extra'],
    [(t: Loose) => (t.apis.openai[0].path = 'chat'), 'apis.openai[0].path'],
    [(t: Loose) => (t.apis.openai[0].schema = 'x'), 'apis.openai[0].schema'],
    [(t: Loose) => (t.apis.openai[0].wireFormat = 'xml'), 'apis.openai[0].wireFormat'],
    [(t: Loose) => (t.apis.openai[0].operation = 'Chat'), 'apis.openai[0].operation'],
    [(t: Loose) => (t.apis.openai[0].methods = ['get']), 'apis.openai[0].methods[0]'],
    [(t: Loose) => (t.providers[0].hosts = ['API.openai.com']), 'providers[0].hosts[0]'],
    [(t: Loose) => (t.providers[0].basePaths = ['/v1/']), 'providers[0].basePaths[0]'],
    [(t: Loose) => (t.providers[0].apis = ['nope']), 'providers[0].apis[0]'],
    [(t: Loose) => (t.providers[0].streamUsage = 'sometimes'), 'providers[0].streamUsage'],
    [(t: Loose) => (t.providers[0].proxy.baseUrl = 'http://x'), 'providers[0].proxy.baseUrl'],
    [(t: Loose) => (t.providers = []), 'providers'],
  ] as Array<[(t: Loose) => void, string]>)('endpoints.json errors name the field (%#)', (mutate, field) => {
    const t = table();
    mutate(t);
    expect(() => validateEndpointTable(t)).toThrow(`endpoints.json: ${field}`);
  });

  test('tokenizer.json errors name the field', () => {
    const good = { version: 1, defaultEncoding: 'o200k_base', encodings: [], chat: { tokensPerMessage: 3, tokensPerName: 1, replyPriming: 3 },
      vision: { maxSide: 2048, shortSide: 768, tileSize: 512, patchSize: 32, maxPatches: 1536, unknownWidth: 1024, unknownHeight: 1024, models: [{ prefix: '', method: 'tiles', baseTokens: 85, tileTokens: 170 }] } };
    expect(() => validateTokenizerTable(good)).not.toThrow();
    expect(() => validateTokenizerTable({ ...good, defaultEncoding: 'p50k' })).toThrow('tokenizer.json: defaultEncoding');
    expect(() => validateTokenizerTable({ ...good, chat: { ...good.chat, replyPriming: -1 } })).toThrow('chat.replyPriming');
    expect(() => validateTokenizerTable({ ...good, vision: { ...good.vision, models: [{ prefix: 'x', method: 'patches' }] } })).toThrow('vision.models[0].multiplier');
    expect(() => validateTokenizerTable({ ...good, vision: { ...good.vision, models: [{ prefix: 'x', method: 'tiles', baseTokens: 1, tileTokens: 1 }] } })).toThrow("catch-all");
    expect(() => validateTokenizerTable({ ...good, encodings: [{ prefix: '', encoding: 'o200k_base' }] })).toThrow('encodings[0].prefix');
  });
});
