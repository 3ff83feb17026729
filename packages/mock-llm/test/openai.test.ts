import { completionText, MOCK_HEADERS, startMockLlm, type MockLlm } from '@llmobserve/mock-llm';
import { post, sseEvents, type AnyJson } from './helpers';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());

const chat = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  model: 'gpt-4o-mini',
  messages: [
    { role: 'system', content: 'You are terse.' },
    { role: 'user', content: [{ type: 'text', text: 'Say hello to the world' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }] },
  ],
  ...extra,
});

describe('chat completions', () => {
  it('answers JSON with usage derived from the prompt words and the headers', async () => {
    const r = await post(`${mock.url}/v1/chat/completions`, chat(), {
      [MOCK_HEADERS.cachedTokens]: '4',
      [MOCK_HEADERS.reasoningTokens]: '5',
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    const j: AnyJson = JSON.parse(r.text);
    expect(j.object).toBe('chat.completion');
    expect(j.choices[0].message.content).toBe('The quick brown fox jumps over the lazy');
    expect(j.choices[0].finish_reason).toBe('stop');
    // 3 + 5 prompt words, 4 cached on top; 8 output words + 5 reasoning
    expect(j.usage).toMatchObject({
      prompt_tokens: 12,
      completion_tokens: 13,
      total_tokens: 25,
      prompt_tokens_details: { cached_tokens: 4 },
      completion_tokens_details: { reasoning_tokens: 5 },
    });
    const rec = mock.requests[mock.requests.length - 1];
    expect(rec).toMatchObject({ provider: 'openai', operation: 'chat.completions', model: 'gpt-4o-mini', stream: false, status: 200 });
    expect(rec.usage).toEqual({ inputTokens: 12, cachedInputTokens: 4, cacheWriteTokens: 0, cacheWrite1hTokens: 0, outputTokens: 13, reasoningTokens: 5 });
  });

  it('stops at max_tokens with finish_reason length and derives reasoning from reasoning_effort', async () => {
    const r = await post(`${mock.url}/v1/chat/completions`, chat({ max_completion_tokens: 3, reasoning_effort: 'low' }));
    const j: AnyJson = JSON.parse(r.text);
    expect(j.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'The quick brown' } });
    expect(j.usage.completion_tokens).toBe(3 + 4);
  });

  it('streams without usage unless include_usage is set', async () => {
    const r = await post(`${mock.url}/v1/chat/completions`, chat({ stream: true }), { [MOCK_HEADERS.outputTokens]: '5' });
    expect(r.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const ev = sseEvents(r.text);
    expect(ev[ev.length - 1].data).toBe('[DONE]');
    const chunks: AnyJson[] = ev.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.every((c) => !('usage' in c))).toBe(true);
    expect(chunks.map((c) => c.choices[0].delta.content ?? '').join('')).toBe(completionText(5));
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('stop');
    expect(mock.requests[mock.requests.length - 1].usage).toBeUndefined();
  });

  it('streams a usage chunk with empty choices when include_usage is set', async () => {
    const r = await post(`${mock.url}/v1/chat/completions`, chat({ stream: true, stream_options: { include_usage: true } }), {
      [MOCK_HEADERS.wordsPerChunk]: '3',
    });
    const ev = sseEvents(r.text);
    const chunks: AnyJson[] = ev.slice(0, -1).map((e) => JSON.parse(e.data));
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
    const last = chunks[chunks.length - 1];
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 8 });
    // 8 words in deltas of 3: role chunk + 3 content chunks + finish chunk + usage chunk
    expect(chunks).toHaveLength(6);
  });

  it('makes a tool call when tools are offered, JSON and streamed', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
    const j: AnyJson = JSON.parse((await post(`${mock.url}/v1/chat/completions`, chat({ tools }))).text);
    expect(j.choices[0].finish_reason).toBe('tool_calls');
    expect(j.choices[0].message.tool_calls[0].function).toEqual({ name: 'get_weather', arguments: '{"city":"mock"}' });

    const s = await post(`${mock.url}/v1/chat/completions`, chat({ tools, stream: true }));
    const chunks: AnyJson[] = sseEvents(s.text).slice(0, -1).map((e) => JSON.parse(e.data));
    const args = chunks.map((c) => c.choices[0].delta.tool_calls?.[0].function?.arguments ?? '').join('');
    expect(args).toBe('{"city":"mock"}');
    expect(chunks[chunks.length - 1].choices[0].finish_reason).toBe('tool_calls');

    const withResult = chat({ tools });
    (withResult.messages as unknown[]).push({ role: 'tool', tool_call_id: 'x', content: 'sunny' });
    const after: AnyJson = JSON.parse((await post(`${mock.url}/v1/chat/completions`, withResult)).text);
    expect(after.choices[0].finish_reason).toBe('stop');
  });

  it('reports another model when asked to', async () => {
    const j: AnyJson = JSON.parse((await post(`${mock.url}/v1/chat/completions`, chat(), { [MOCK_HEADERS.responseModel]: 'gpt-4o-mini-2024-07-18' })).text);
    expect(j.model).toBe('gpt-4o-mini-2024-07-18');
  });

  it('is deterministic: the same request gives the same bytes', async () => {
    const a = await post(`${mock.url}/v1/chat/completions`, chat());
    const b = await post(`${mock.url}/v1/chat/completions`, chat());
    expect(a.text).toBe(b.text);
  });
});

describe('responses API', () => {
  it('answers JSON with input/output token details and a reasoning item', async () => {
    const r = await post(`${mock.url}/v1/responses`, { model: 'o4-mini', input: 'Tell me a joke', instructions: 'Be brief', reasoning: { effort: 'medium' } }, { [MOCK_HEADERS.cachedTokens]: '2' });
    const j: AnyJson = JSON.parse(r.text);
    expect(j.object).toBe('response');
    expect(j.status).toBe('completed');
    expect(j.output.map((o: AnyJson) => o.type)).toEqual(['reasoning', 'message']);
    expect(j.output[1].content[0].text).toBe(completionText(8));
    expect(j.usage).toEqual({
      input_tokens: 4 + 2 + 2,
      input_tokens_details: { cached_tokens: 2 },
      output_tokens: 8 + 8,
      output_tokens_details: { reasoning_tokens: 8 },
      total_tokens: 24,
    });
  });

  it('streams semantic events ending in response.completed with usage', async () => {
    const r = await post(`${mock.url}/v1/responses`, { model: 'gpt-4.1', input: [{ role: 'user', content: 'Hi there' }], stream: true, max_output_tokens: 100 });
    const ev = sseEvents(r.text);
    const types = ev.map((e) => e.event);
    expect(types[0]).toBe('response.created');
    expect(types[types.length - 1]).toBe('response.completed');
    const payloads: AnyJson[] = ev.map((e) => JSON.parse(e.data));
    expect(payloads.map((p) => p.sequence_number)).toEqual(payloads.map((_, i) => i));
    expect(payloads.filter((p) => p.type === 'response.output_text.delta').map((p) => p.delta).join('')).toBe(completionText(8));
    expect(payloads[payloads.length - 1].response.usage.output_tokens).toBe(8);
    expect(payloads[0].response.usage).toBeNull();
  });

  it('streams a function call and marks a truncated answer incomplete', async () => {
    const tools = [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } }];
    const r = await post(`${mock.url}/v1/responses`, { model: 'gpt-4.1', input: 'find', tools, stream: true });
    const payloads: AnyJson[] = sseEvents(r.text).map((e) => JSON.parse(e.data));
    expect(payloads.filter((p) => p.type === 'response.function_call_arguments.delta').map((p) => p.delta).join('')).toBe('{"q":"mock"}');
    const j: AnyJson = JSON.parse((await post(`${mock.url}/v1/responses`, { model: 'gpt-4.1', input: 'find', tools })).text);
    expect(j.output[0]).toMatchObject({ type: 'function_call', name: 'lookup', arguments: '{"q":"mock"}' });

    const inc: AnyJson = JSON.parse((await post(`${mock.url}/v1/responses`, { model: 'gpt-4.1', input: 'x', max_output_tokens: 2 })).text);
    expect(inc).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    const incS = sseEvents((await post(`${mock.url}/v1/responses`, { model: 'gpt-4.1', input: 'x', max_output_tokens: 2, stream: true })).text);
    expect(incS[incS.length - 1].event).toBe('response.incomplete');
  });
});

describe('embeddings and models', () => {
  it('returns deterministic float vectors and counts input words', async () => {
    const j: AnyJson = JSON.parse((await post(`${mock.url}/v1/embeddings`, { model: 'text-embedding-3-small', input: ['one two', 'three'], dimensions: 40 })).text);
    expect(j.data).toHaveLength(2);
    expect(j.data[0].embedding).toHaveLength(40);
    expect(j.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    const again: AnyJson = JSON.parse((await post(`${mock.url}/v1/embeddings`, { model: 'text-embedding-3-small', input: 'one two', dimensions: 40 })).text);
    expect(again.data[0].embedding).toEqual(j.data[0].embedding);
  });

  it('returns base64 little-endian float32 when asked, and counts token arrays', async () => {
    const f: AnyJson = JSON.parse((await post(`${mock.url}/v1/embeddings`, { model: 'e', input: 'abc' })).text);
    const b: AnyJson = JSON.parse((await post(`${mock.url}/v1/embeddings`, { model: 'e', input: 'abc', encoding_format: 'base64' })).text);
    const buf = Buffer.from(b.data[0].embedding, 'base64');
    const decoded = Array.from(new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4));
    expect(decoded).toEqual(f.data[0].embedding);
    const t: AnyJson = JSON.parse((await post(`${mock.url}/v1/embeddings`, { model: 'e', input: [[1, 2, 3], [4]] })).text);
    expect(t.usage.prompt_tokens).toBe(4);
    const t1: AnyJson = JSON.parse((await post(`${mock.url}/v1/embeddings`, { model: 'e', input: [7, 8] })).text);
    expect(t1.usage.prompt_tokens).toBe(2);
  });

  it('lists models on GET', async () => {
    const j: AnyJson = await (await fetch(`${mock.url}/v1/models`)).json();
    expect(j.data.map((m: AnyJson) => m.id)).toContain('gpt-4o-mini');
  });
});
