import {
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_LLMOBSERVE_STREAM_ABORTED,
  ATTR_LLMOBSERVE_TTFT_MS,
  ATTR_LLMOBSERVE_USAGE_ERROR,
  ATTR_LLMOBSERVE_USAGE_ESTIMATED,
} from '@llmobserve/instrumentation';
import { MOCK_HEADERS, type RecordedRequest } from '@llmobserve/mock-llm';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { fetch } from 'undici';
import { genAi, lastRecord, onlySpan, sha256, startHarness, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.exporter.reset());

interface Call {
  status: number;
  bytes: Buffer;
  rec: RecordedRequest;
  span: ReadableSpan;
}

/** POSTs with global fetch, reads the whole (decoded) body, returns it with the mock's record and the span. */
async function call(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Call> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const bytes = Buffer.from(await res.arrayBuffer());
  const rec = await lastRecord(h.mock);
  return { status: res.status, bytes, rec, span: await onlySpan(h.exporter) };
}

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the world' }] };
const usageHeaders = { [MOCK_HEADERS.cachedTokens]: '2', [MOCK_HEADERS.reasoningTokens]: '3' };

describe('OpenAI chat completions through global fetch', () => {
  it.each(['identity', 'gzip', 'br'])('JSON (%s): usage, model, id, finish reason; body byte-identical', async (enc) => {
    const c = await call(`${h.openai}/chat/completions`, chat, { ...usageHeaders, [MOCK_HEADERS.encoding]: enc });
    expect(c.rec.contentEncoding).toBe(enc);
    expect(sha256(c.bytes)).toBe(c.rec.bodySha256);
    const j = JSON.parse(c.bytes.toString()) as { id: string };
    expect(genAi(c.span.attributes)).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'gen_ai.response.model': 'gpt-4o-mini',
      'gen_ai.response.id': j.id,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.cache_read.input_tokens': 2,
      'gen_ai.usage.output_tokens': 11,
      'gen_ai.usage.reasoning.output_tokens': 3,
      'llmobserve.stream': false,
    });
    expect(c.span.attributes[ATTR_LLMOBSERVE_USAGE_ERROR]).toBeUndefined();
    expect(c.span.attributes[ATTR_LLMOBSERVE_TTFT_MS]).toEqual(expect.any(Number));
    expect(c.span.attributes['http.response.status_code']).toBe(200);
  });

  it.each(['identity', 'gzip', 'br'])('SSE with include_usage (%s): the final usage chunk is read', async (enc) => {
    const c = await call(`${h.openai}/chat/completions`, { ...chat, stream: true, stream_options: { include_usage: true } }, { ...usageHeaders, [MOCK_HEADERS.encoding]: enc });
    expect(sha256(c.bytes)).toBe(c.rec.bodySha256);
    expect(c.rec.eventsSent).toBe(12); // role, 8 words, finish, usage, [DONE]
    expect(genAi(c.span.attributes)).toMatchObject({
      'gen_ai.usage.input_tokens': 7,
      'gen_ai.usage.cache_read.input_tokens': 2,
      'gen_ai.usage.output_tokens': 11,
      'gen_ai.usage.reasoning.output_tokens': 3,
      'gen_ai.response.finish_reasons': ['stop'],
      'llmobserve.stream': true,
    });
    expect(c.span.attributes[ATTR_LLMOBSERVE_USAGE_ESTIMATED]).toBeUndefined();
    expect(c.span.attributes[ATTR_LLMOBSERVE_TTFT_MS]).toEqual(expect.any(Number));
  });

  it('SSE without include_usage: usage is estimated offline and flagged', async () => {
    const c = await call(`${h.openai}/chat/completions`, { ...chat, stream: true }, { [MOCK_HEADERS.outputTokens]: '40' });
    expect(sha256(c.bytes)).toBe(c.rec.bodySha256);
    expect(c.rec.usage).toBeUndefined(); // the wire carried none
    const a = c.span.attributes;
    expect(a[ATTR_LLMOBSERVE_USAGE_ESTIMATED]).toBe(true);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeGreaterThanOrEqual(30);
    expect(a[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeLessThanOrEqual(60);
    expect(a[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeGreaterThan(0);
    expect(a[ATTR_LLMOBSERVE_USAGE_ERROR]).toBeUndefined();
  });

  it('streamed tool calls report the tool_calls finish reason', async () => {
    const tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: { q: { type: 'string' } } } } }];
    const c = await call(`${h.openai}/chat/completions`, { ...chat, tools, stream: true, stream_options: { include_usage: true } });
    expect(sha256(c.bytes)).toBe(c.rec.bodySha256);
    expect(c.span.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['tool_calls']);
    expect(c.span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(8);
  });

  it('Responses API JSON and SSE', async () => {
    const body = { model: 'o4-mini', input: 'Tell me a joke', reasoning: { effort: 'low' } };
    const j = await call(`${h.openai}/responses`, body, { [MOCK_HEADERS.cachedTokens]: '1' });
    expect(sha256(j.bytes)).toBe(j.rec.bodySha256);
    expect(genAi(j.span.attributes)).toMatchObject({
      'gen_ai.usage.input_tokens': 5,
      'gen_ai.usage.cache_read.input_tokens': 1,
      'gen_ai.usage.output_tokens': 12,
      'gen_ai.usage.reasoning.output_tokens': 4,
      'gen_ai.response.model': 'o4-mini',
    });
    h.exporter.reset();
    const s = await call(`${h.openai}/responses`, { ...body, stream: true }, { [MOCK_HEADERS.encoding]: 'br' });
    expect(sha256(s.bytes)).toBe(s.rec.bodySha256);
    expect(genAi(s.span.attributes)).toMatchObject({ 'gen_ai.usage.input_tokens': 4, 'gen_ai.usage.output_tokens': 12, 'llmobserve.stream': true });
  });

  it('embeddings', async () => {
    const c = await call(`${h.openai}/embeddings`, { model: 'text-embedding-3-small', input: ['one two three', 'four'] });
    expect(sha256(c.bytes)).toBe(c.rec.bodySha256);
    expect(genAi(c.span.attributes)).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.usage.input_tokens': 4 });
  });
});

describe('other providers through global fetch', () => {
  it('Anthropic messages JSON: input includes cache reads and writes, 1-hour writes kept apart', async () => {
    const body = { model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hello Claude' }] };
    const c = await call(`${h.anthropic}/v1/messages`, body, {
      [MOCK_HEADERS.cachedTokens]: '100',
      [MOCK_HEADERS.cacheWriteTokens]: '20',
      [MOCK_HEADERS.cacheWrite1hTokens]: '5',
      [MOCK_HEADERS.encoding]: 'gzip',
    });
    expect(sha256(c.bytes)).toBe(c.rec.bodySha256);
    expect(genAi(c.span.attributes)).toMatchObject({
      'gen_ai.provider.name': 'anthropic',
      'gen_ai.usage.input_tokens': 127,
      'gen_ai.usage.cache_read.input_tokens': 100,
      'gen_ai.usage.cache_creation.input_tokens': 25,
      'llmobserve.usage.cache_write1h_tokens': 5,
      'gen_ai.usage.output_tokens': 8,
      'gen_ai.response.finish_reasons': ['end_turn'],
    });
  });

  it('Anthropic messages SSE with thinking', async () => {
    const body = { model: 'claude-haiku-4-5', max_tokens: 100, stream: true, thinking: { type: 'enabled', budget_tokens: 6 }, messages: [{ role: 'user', content: 'Hi' }] };
    const c = await call(`${h.anthropic}/v1/messages`, body, { [MOCK_HEADERS.cachedTokens]: '3', [MOCK_HEADERS.encoding]: 'br' });
    expect(sha256(c.bytes)).toBe(c.rec.bodySha256);
    expect(genAi(c.span.attributes)).toMatchObject({
      'gen_ai.usage.input_tokens': 4,
      'gen_ai.usage.cache_read.input_tokens': 3,
      'gen_ai.usage.output_tokens': 14,
      'llmobserve.stream': true,
    });
  });

  it('Gemini generateContent and streamGenerateContent?alt=sse (CRLF) with thoughts and cached tokens', async () => {
    const body = { contents: [{ role: 'user', parts: [{ text: 'Explain gravity please' }] }] };
    const hdr = { [MOCK_HEADERS.cachedTokens]: '7', [MOCK_HEADERS.reasoningTokens]: '5' };
    const j = await call(`${h.gemini}/v1beta/models/gemini-2.5-flash:generateContent`, body, hdr);
    expect(sha256(j.bytes)).toBe(j.rec.bodySha256);
    const expected = {
      'gen_ai.provider.name': 'gcp.gemini',
      'gen_ai.request.model': 'gemini-2.5-flash',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.cache_read.input_tokens': 7,
      'gen_ai.usage.output_tokens': 13,
      'gen_ai.usage.reasoning.output_tokens': 5,
    };
    expect(genAi(j.span.attributes)).toMatchObject(expected);
    h.exporter.reset();
    const s = await call(`${h.gemini}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, body, { ...hdr, [MOCK_HEADERS.encoding]: 'gzip' });
    expect(sha256(s.bytes)).toBe(s.rec.bodySha256);
    expect(genAi(s.span.attributes)).toMatchObject({ ...expected, 'llmobserve.stream': true });
  });

  it('Bedrock Converse JSON and ConverseStream (AWS event-stream)', async () => {
    const model = encodeURIComponent('anthropic.claude-3-haiku-20240307-v1:0');
    const body = { messages: [{ role: 'user', content: [{ text: 'What is two plus two' }] }] };
    const hdr = { [MOCK_HEADERS.cachedTokens]: '3', [MOCK_HEADERS.cacheWriteTokens]: '2' };
    const j = await call(`${h.bedrock}/model/${model}/converse`, body, hdr);
    expect(sha256(j.bytes)).toBe(j.rec.bodySha256);
    const expected = {
      'gen_ai.provider.name': 'aws.bedrock',
      'gen_ai.request.model': 'anthropic.claude-3-haiku-20240307-v1:0',
      'gen_ai.usage.input_tokens': 10,
      'gen_ai.usage.cache_read.input_tokens': 3,
      'gen_ai.usage.cache_creation.input_tokens': 2,
      'gen_ai.usage.output_tokens': 8,
    };
    expect(genAi(j.span.attributes)).toMatchObject(expected);
    h.exporter.reset();
    const s = await call(`${h.bedrock}/model/${model}/converse-stream`, body, hdr);
    expect(sha256(s.bytes)).toBe(s.rec.bodySha256);
    expect(genAi(s.span.attributes)).toMatchObject({ ...expected, 'llmobserve.stream': true });
  });
});

describe('errors, cut streams and abandoned streams', () => {
  it.each([
    ['429', 'http_429'],
    ['500', 'http_500'],
  ])('a %s answer gets llmobserve.usage.error and no usage; the body passes untouched', async (status, reason) => {
    const c = await call(`${h.openai}/chat/completions`, chat, { [MOCK_HEADERS.error]: status, [MOCK_HEADERS.encoding]: 'gzip' });
    expect(c.status).toBe(Number(status));
    expect(sha256(c.bytes)).toBe(c.rec.bodySha256);
    expect(c.span.attributes[ATTR_LLMOBSERVE_USAGE_ERROR]).toBe(reason);
    expect(c.span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
  });

  it('a stream cut by the server: the caller gets the same bytes and an error; the span gets truncated_stream', async () => {
    const res = await fetch(`${h.openai}/chat/completions`, {
      method: 'POST',
      headers: { [MOCK_HEADERS.cutAfter]: '4', [MOCK_HEADERS.encoding]: 'identity' },
      body: JSON.stringify({ ...chat, stream: true, stream_options: { include_usage: true } }),
    });
    const reader = res.body!.getReader();
    const got: Uint8Array[] = [];
    await expect(
      (async () => {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          got.push(value);
        }
      })(),
    ).rejects.toThrow();
    const rec = await lastRecord(h.mock);
    expect(rec.cut).toBe(true);
    expect(sha256(Buffer.concat(got))).toBe(rec.bodySha256);
    const span = await onlySpan(h.exporter);
    expect(span.attributes[ATTR_LLMOBSERVE_USAGE_ERROR]).toBe('truncated_stream');
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
  });

  it.each(['cancel', 'abort'])('a stream the caller abandons (%s) gets stream.aborted with the usage seen so far', async (how) => {
    const ac = new AbortController();
    const res = await fetch(`${h.anthropic}/v1/messages`, {
      method: 'POST',
      signal: ac.signal,
      headers: { [MOCK_HEADERS.chunkDelayMs]: '10', [MOCK_HEADERS.outputTokens]: '500', [MOCK_HEADERS.cachedTokens]: '6', [MOCK_HEADERS.encoding]: 'gzip' },
      body: JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 1000, stream: true, messages: [{ role: 'user', content: 'Write a long story' }] }),
    });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('text_delta')) text += new TextDecoder().decode((await reader.read()).value);
    if (how === 'cancel') await reader.cancel();
    else ac.abort();
    const span = await onlySpan(h.exporter);
    const rec = await lastRecord(h.mock);
    expect(rec.clientAborted).toBe(true);
    expect(span.attributes[ATTR_LLMOBSERVE_STREAM_ABORTED]).toBe(true);
    // message_start carried the input usage; output is what streamed before the abandon.
    expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(10);
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeGreaterThanOrEqual(1);
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBeLessThan(500);
  });

  it('a refused connection: the caller gets its error, the span no usage', async () => {
    const closed = await import('@llmobserve/mock-llm').then((m) => m.startMockLlm());
    const url = closed.url;
    await closed.close();
    const { LLMObserveInstrumentation } = await import('@llmobserve/instrumentation');
    expect(LLMObserveInstrumentation).toBeDefined();
    await expect(fetch(`${url}/openai/v1/chat/completions`, { method: 'POST', body: '{}' })).rejects.toThrow();
    // Not a registered endpoint (other port): no provider attributes, and nothing thrown by the capture.
    const span = await onlySpan(h.exporter);
    expect(genAi(span.attributes)).toEqual({});
  });

  it('a provider call that fails before any response gets no_response', async () => {
    const res = fetch(`${h.openai}/chat/completions`, {
      method: 'POST',
      headers: { [MOCK_HEADERS.chunkDelayMs]: '10' },
      body: JSON.stringify(chat),
      signal: AbortSignal.abort(),
    });
    await expect(res).rejects.toThrow();
    // An already-aborted signal never reaches undici: no span at all.
    expect(h.exporter.getFinishedSpans()).toHaveLength(0);
  });
});
