// A default import reads the live module object (a namespace import would copy `request` before it is patched).
import http from 'node:http';
import {
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_LLMOBSERVE_STREAM_ABORTED,
  ATTR_LLMOBSERVE_USAGE_ERROR,
} from '@llmobserve/instrumentation';
import { MOCK_HEADERS } from '@llmobserve/mock-llm';
import { genAi, lastRecord, onlySpan, sha256, startHarness, type Harness } from './helpers';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.exporter.reset());

interface Raw {
  status: number;
  raw: Buffer;
  error?: Error;
}

/** POST with node:http; the body may be written in pieces. Resolves with the raw (still compressed) bytes. */
function post(url: string, pieces: string[], headers: Record<string, string> = {}, onResponse?: (res: http.IncomingMessage, req: http.ClientRequest) => void): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, raw: Buffer.concat(chunks) }));
      res.on('error', (error) => resolve({ status: res.statusCode ?? 0, raw: Buffer.concat(chunks), error }));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, raw: Buffer.concat(chunks), error: new Error('closed') }));
      onResponse?.(res, req);
    });
    req.on('error', (error) => resolve({ status: 0, raw: Buffer.alloc(0), error }));
    for (const p of pieces.slice(0, -1)) req.write(p);
    req.end(pieces[pieces.length - 1]);
    void reject;
  });
}

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the world' }] };
const json = JSON.stringify(chat);

it('is patched in: node:http requests get client spans', async () => {
  await post(`${h.openai}/chat/completions`, [json]);
  const span = await onlySpan(h.exporter);
  expect(span.instrumentationScope.name).toBe('@opentelemetry/instrumentation-http');
});

it.each(['identity', 'gzip', 'br', 'deflate'])('JSON over node:http (%s): usage; the raw bytes are the ones sent', async (enc) => {
  const r = await post(`${h.openai}/chat/completions`, [json.slice(0, 10), json.slice(10, 30), json.slice(30)], {
    'accept-encoding': enc,
    [MOCK_HEADERS.cachedTokens]: '2',
  });
  const rec = await lastRecord(h.mock);
  expect(rec.contentEncoding).toBe(enc);
  expect(sha256(r.raw)).toBe(rec.wireSha256);
  const span = await onlySpan(h.exporter);
  expect(genAi(span.attributes)).toMatchObject({
    'gen_ai.provider.name': 'openai',
    'gen_ai.request.model': 'gpt-4o-mini',
    'gen_ai.response.model': 'gpt-4o-mini',
    'gen_ai.usage.input_tokens': 7,
    'gen_ai.usage.cache_read.input_tokens': 2,
    'gen_ai.usage.output_tokens': 8,
    'llmobserve.stream': false,
  });
});

it('SSE with include_usage over node:http (br)', async () => {
  const r = await post(`${h.openai}/chat/completions`, [JSON.stringify({ ...chat, stream: true, stream_options: { include_usage: true } })], { 'accept-encoding': 'br' });
  const rec = await lastRecord(h.mock);
  expect(sha256(r.raw)).toBe(rec.wireSha256);
  const span = await onlySpan(h.exporter);
  expect(genAi(span.attributes)).toMatchObject({ 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 8, 'llmobserve.stream': true });
});

it('a caller that attaches its reader late still gets every byte (observation does not switch the stream to flowing)', async () => {
  const raw = await new Promise<Buffer>((resolve) => {
    const req = http.request(`${h.openai}/chat/completions`, { method: 'POST', headers: { 'accept-encoding': 'gzip' } }, (res) => {
      setTimeout(() => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      }, 50);
    });
    req.end(JSON.stringify({ ...chat, stream: true }));
  });
  const rec = await lastRecord(h.mock);
  expect(sha256(raw)).toBe(rec.wireSha256);
});

it.each(['response', 'request'])('a stream the caller abandons (destroying the %s) gets stream.aborted and the usage so far', async (which) => {
  const body = JSON.stringify({ model: 'claude-haiku-4-5', max_tokens: 1000, stream: true, messages: [{ role: 'user', content: 'Write a long story' }] });
  await post(`${h.anthropic}/v1/messages`, [body], { [MOCK_HEADERS.chunkDelayMs]: '10', [MOCK_HEADERS.outputTokens]: '500', 'accept-encoding': 'gzip' }, (res, req) => {
    let seen = 0;
    res.on('data', () => {
      if (++seen === 3) {
        if (which === 'response') res.destroy();
        else req.destroy();
      }
    });
  });
  const span = await onlySpan(h.exporter);
  const rec = await lastRecord(h.mock);
  expect(rec.clientAborted).toBe(true);
  expect(span.attributes[ATTR_LLMOBSERVE_STREAM_ABORTED]).toBe(true);
  expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(4);
});

it('a stream cut by the server is flagged truncated, with no usage', async () => {
  const r = await post(`${h.openai}/chat/completions`, [JSON.stringify({ ...chat, stream: true, stream_options: { include_usage: true } })], { [MOCK_HEADERS.cutAfter]: '3' });
  expect(r.error).toBeDefined();
  const rec = await lastRecord(h.mock);
  expect(sha256(r.raw)).toBe(rec.wireSha256);
  const span = await onlySpan(h.exporter);
  expect(span.attributes[ATTR_LLMOBSERVE_USAGE_ERROR]).toBe('truncated_stream');
  expect(span.attributes[ATTR_LLMOBSERVE_STREAM_ABORTED]).toBeUndefined();
  expect(span.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBeUndefined();
});

it('429 and 500 over node:http', async () => {
  for (const status of ['429', '500']) {
    h.exporter.reset();
    const r = await post(`${h.gemini}/v1beta/models/gemini-2.5-flash:generateContent`, ['{"contents":[]}'], { [MOCK_HEADERS.error]: status });
    expect(r.status).toBe(Number(status));
    const span = await onlySpan(h.exporter);
    expect(span.attributes[ATTR_LLMOBSERVE_USAGE_ERROR]).toBe(`http_${status}`);
  }
});

it('a request that fails before any response gets no usage and its error reaches the caller', async () => {
  const r = await new Promise<Error>((resolve) => {
    const req = http.request(`${h.openai}/chat/completions`, { method: 'POST' });
    req.on('error', resolve);
    req.write(json);
    req.destroy(new Error('caller gave up'));
  });
  expect(r.message).toBe('caller gave up');
  const span = await onlySpan(h.exporter);
  expect(span.attributes[ATTR_LLMOBSERVE_USAGE_ERROR]).toBe('aborted');
});

it('calls to other hosts get a plain HTTP span', async () => {
  const other = http.createServer((_q, res) => res.end('ok')).listen(0, '127.0.0.1');
  await new Promise((r) => other.once('listening', r));
  const port = (other.address() as { port: number }).port;
  await post(`http://127.0.0.1:${port}/v1/chat/completions`, [json]);
  const span = await onlySpan(h.exporter);
  expect(genAi(span.attributes)).toEqual({});
  other.close();
});

describe('bounded request reading', () => {
  let small: Harness;
  beforeAll(async () => {
    h.instrumentation.disable();
    small = await startHarness({ maxRequestBodyBytes: 64 });
  });
  afterAll(async () => {
    await small.close();
    h.instrumentation.enable();
  });

  it('a body above maxRequestBodyBytes is passed on unread; the model comes from the response', async () => {
    const big = JSON.stringify({ ...chat, messages: [{ role: 'user', content: 'word '.repeat(100) }] });
    const r = await post(`${small.openai}/chat/completions`, [big.slice(0, 40), big.slice(40)]);
    expect(r.status).toBe(200);
    const rec = await lastRecord(small.mock);
    expect(rec.body).toBe(big);
    const span = await onlySpan(small.exporter);
    expect(span.attributes[ATTR_GEN_AI_REQUEST_MODEL]).toBeUndefined();
    expect(span.attributes[ATTR_GEN_AI_RESPONSE_MODEL]).toBe('gpt-4o-mini');
    expect(span.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(8);
  });
});
