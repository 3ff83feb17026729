import { crc32 } from 'node:zlib';
import { completionText, MOCK_HEADERS, startMockLlm, type MockLlm } from '@llmobserve/mock-llm';
import { post, rawPost, sseEvents, type AnyJson } from './helpers';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm({ compression: false });
});
afterAll(() => mock.close());

describe('anthropic messages', () => {
  const body = { model: 'claude-sonnet-4-5', max_tokens: 1024, system: 'Be kind', messages: [{ role: 'user', content: 'Hello Claude' }] };
  const cacheHeaders = { [MOCK_HEADERS.cachedTokens]: '100', [MOCK_HEADERS.cacheWriteTokens]: '20', [MOCK_HEADERS.cacheWrite1hTokens]: '5' };

  it('reports input_tokens without cache reads/writes, like the real API', async () => {
    const j: AnyJson = JSON.parse((await post(`${mock.url}/v1/messages`, body, cacheHeaders)).text);
    expect(j).toMatchObject({ type: 'message', role: 'assistant', stop_reason: 'end_turn', content: [{ type: 'text', text: completionText(8) }] });
    expect(j.usage).toMatchObject({
      input_tokens: 4,
      cache_read_input_tokens: 100,
      cache_creation_input_tokens: 25,
      cache_creation: { ephemeral_5m_input_tokens: 20, ephemeral_1h_input_tokens: 5 },
      output_tokens: 8,
    });
    expect(mock.requests[mock.requests.length - 1].usage).toEqual({
      inputTokens: 129,
      cachedInputTokens: 100,
      cacheWriteTokens: 20,
      cacheWrite1hTokens: 5,
      outputTokens: 8,
      reasoningTokens: 0,
    });
  });

  it('streams message_start … message_stop with cumulative usage in message_delta and a thinking block', async () => {
    const r = await post(`${mock.url}/v1/messages`, { ...body, stream: true, thinking: { type: 'enabled', budget_tokens: 10 } }, cacheHeaders);
    const ev = sseEvents(r.text);
    expect(ev[0].event).toBe('message_start');
    expect(ev[ev.length - 1].event).toBe('message_stop');
    const start: AnyJson = JSON.parse(ev[0].data);
    expect(start.message.usage).toMatchObject({ input_tokens: 4, cache_read_input_tokens: 100, output_tokens: 1 });
    const deltas: AnyJson[] = ev.filter((e) => e.event === 'content_block_delta').map((e) => JSON.parse(e.data).delta);
    expect(deltas[0].type).toBe('thinking_delta');
    expect(deltas.filter((d) => d.type === 'text_delta').map((d) => d.text).join('')).toBe(completionText(8));
    const md: AnyJson = JSON.parse(ev.find((e) => e.event === 'message_delta')!.data);
    expect(md.usage).toEqual({ input_tokens: 4, cache_creation_input_tokens: 25, cache_read_input_tokens: 100, output_tokens: 18 });
  });

  it('uses tools and stops at max_tokens', async () => {
    const tools = [{ name: 'search', input_schema: { type: 'object', properties: { query: { type: 'string' } } } }];
    const j: AnyJson = JSON.parse((await post(`${mock.url}/v1/messages`, { ...body, tools })).text);
    expect(j.stop_reason).toBe('tool_use');
    expect(j.content[0]).toMatchObject({ type: 'tool_use', name: 'search', input: { query: 'mock' } });
    const s = sseEvents((await post(`${mock.url}/v1/messages`, { ...body, tools, stream: true })).text);
    const partial = s.filter((e) => e.event === 'content_block_delta').map((e) => JSON.parse(e.data).delta.partial_json).join('');
    expect(JSON.parse(partial)).toEqual({ query: 'mock' });
    const m: AnyJson = JSON.parse((await post(`${mock.url}/v1/messages`, { ...body, max_tokens: 2 })).text);
    expect(m.stop_reason).toBe('max_tokens');
  });
});

describe('gemini', () => {
  const body = { contents: [{ role: 'user', parts: [{ text: 'Explain gravity please' }] }], generationConfig: { thinkingConfig: { thinkingBudget: 1024 } } };

  it('answers generateContent with usageMetadata including thoughts and cached tokens', async () => {
    const j: AnyJson = JSON.parse((await post(`${mock.url}/v1beta/models/gemini-2.5-flash:generateContent`, body, { [MOCK_HEADERS.cachedTokens]: '7' })).text);
    expect(j.candidates[0]).toMatchObject({ finishReason: 'STOP', content: { role: 'model', parts: [{ text: completionText(8) }] } });
    expect(j.usageMetadata).toMatchObject({ promptTokenCount: 10, candidatesTokenCount: 8, thoughtsTokenCount: 16, cachedContentTokenCount: 7, totalTokenCount: 34 });
    expect(j.modelVersion).toBe('gemini-2.5-flash');
    expect(mock.requests[mock.requests.length - 1]).toMatchObject({ provider: 'gemini', operation: 'generateContent', model: 'gemini-2.5-flash' });
  });

  it('streams SSE with CRLF line ends and the full usage on the last chunk', async () => {
    const r = await post(`${mock.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, { contents: body.contents });
    expect(r.text).toContain('\r\n\r\n');
    expect(r.text).not.toMatch(/[^\r]\n/);
    const chunks: AnyJson[] = sseEvents(r.text).map((e) => JSON.parse(e.data));
    expect(chunks).toHaveLength(8);
    expect(chunks.map((c) => c.candidates[0].content.parts[0].text).join('')).toBe(completionText(8));
    expect(chunks[3].usageMetadata.candidatesTokenCount).toBe(4);
    expect(chunks[7].usageMetadata).toMatchObject({ promptTokenCount: 3, candidatesTokenCount: 8, totalTokenCount: 11 });
    expect(chunks[7].candidates[0].finishReason).toBe('STOP');
  });

  it('streams a JSON array without alt=sse, on a Vertex path, and calls functions', async () => {
    const r = await post(`${mock.url}/v1/projects/p/locations/us-central1/publishers/google/models/gemini-2.5-pro:streamGenerateContent`, {
      contents: body.contents,
      generationConfig: { maxOutputTokens: 2 },
    });
    const arr: AnyJson[] = JSON.parse(r.text);
    expect(arr).toHaveLength(2);
    expect(arr[1].candidates[0].finishReason).toBe('MAX_TOKENS');
    const tools = [{ functionDeclarations: [{ name: 'lookup', parameters: { type: 'object', properties: { term: { type: 'string' } }, required: ['term'] } }] }];
    const f: AnyJson = JSON.parse((await post(`${mock.url}/v1beta/models/gemini-2.5-flash:generateContent`, { ...body, tools })).text);
    expect(f.candidates[0].content.parts[0].functionCall).toEqual({ name: 'lookup', args: { term: 'mock' } });
    const fs = sseEvents((await post(`${mock.url}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, { ...body, tools })).text);
    expect(fs).toHaveLength(1);
  });
});

/** Decodes AWS event-stream frames and checks both CRCs. */
function decodeEventStream(buf: Buffer): Array<{ headers: Record<string, string>; payload: AnyJson }> {
  const out: Array<{ headers: Record<string, string>; payload: AnyJson }> = [];
  let off = 0;
  while (off < buf.length) {
    const total = buf.readUInt32BE(off);
    const hlen = buf.readUInt32BE(off + 4);
    expect(buf.readUInt32BE(off + 8)).toBe(crc32(buf.subarray(off, off + 8)));
    expect(buf.readUInt32BE(off + total - 4)).toBe(crc32(buf.subarray(off, off + total - 4)));
    const headers: Record<string, string> = {};
    let h = off + 12;
    while (h < off + 12 + hlen) {
      const nl = buf.readUInt8(h);
      const name = buf.subarray(h + 1, h + 1 + nl).toString();
      const vl = buf.readUInt16BE(h + 2 + nl);
      headers[name] = buf.subarray(h + 4 + nl, h + 4 + nl + vl).toString();
      h += 4 + nl + vl;
    }
    out.push({ headers, payload: JSON.parse(buf.subarray(off + 12 + hlen, off + total - 4).toString()) });
    off += total;
  }
  return out;
}

describe('bedrock', () => {
  const model = encodeURIComponent('anthropic.claude-3-haiku-20240307-v1:0');
  const body = { messages: [{ role: 'user', content: [{ text: 'What is two plus two' }] }], system: [{ text: 'Math tutor' }], inferenceConfig: { maxTokens: 50 } };

  it('answers Converse JSON; inputTokens excludes cache, totalTokens includes it', async () => {
    const j: AnyJson = JSON.parse((await post(`${mock.url}/model/${model}/converse`, body, { [MOCK_HEADERS.cachedTokens]: '3', [MOCK_HEADERS.cacheWriteTokens]: '2' })).text);
    expect(j.output.message.content[0].text).toBe(completionText(8));
    expect(j.stopReason).toBe('end_turn');
    expect(j.usage).toEqual({ inputTokens: 7, outputTokens: 8, totalTokens: 20, cacheReadInputTokens: 3, cacheWriteInputTokens: 2 });
    expect(mock.requests[mock.requests.length - 1]).toMatchObject({ provider: 'bedrock', operation: 'converse', model: 'anthropic.claude-3-haiku-20240307-v1:0' });
  });

  it('streams ConverseStream as AWS event-stream frames with valid CRCs', async () => {
    const r = await rawPost(`${mock.url}/model/${model}/converse-stream`, body);
    expect(r.headers['content-type']).toBe('application/vnd.amazon.eventstream');
    const frames = decodeEventStream(r.raw);
    expect(frames.map((f) => f.headers[':event-type'])).toEqual([
      'messageStart',
      ...Array<string>(8).fill('contentBlockDelta'),
      'contentBlockStop',
      'messageStop',
      'metadata',
    ]);
    expect(frames[frames.length - 1].payload.usage).toEqual({ inputTokens: 7, outputTokens: 8, totalTokens: 15 });
    const tools = { toolConfig: { tools: [{ toolSpec: { name: 'calc', inputSchema: { json: { type: 'object', properties: { expr: {} }, required: ['expr'] } } } }] } };
    const t = decodeEventStream((await rawPost(`${mock.url}/model/${model}/converse-stream`, { ...body, ...tools })).raw);
    expect(t[1].payload.start.toolUse.name).toBe('calc');
    const tj: AnyJson = JSON.parse((await post(`${mock.url}/model/${model}/converse`, { ...body, ...tools })).text);
    expect(tj.output.message.content[0].toolUse).toMatchObject({ name: 'calc', input: { expr: 'mock' } });
    expect(tj.stopReason).toBe('tool_use');
  });

  it('answers InvokeModel for Claude with the Anthropic body and token-count headers', async () => {
    const r = await post(`${mock.url}/model/${model}/invoke`, { anthropic_version: 'bedrock-2023-05-31', max_tokens: 3, messages: [{ role: 'user', content: 'hi' }] });
    const j: AnyJson = JSON.parse(r.text);
    expect(j).toMatchObject({ type: 'message', stop_reason: 'max_tokens', usage: { input_tokens: 1, output_tokens: 3 } });
    expect(r.headers.get('x-amzn-bedrock-input-token-count')).toBe('1');
    expect(r.headers.get('x-amzn-bedrock-output-token-count')).toBe('3');
  });
});
