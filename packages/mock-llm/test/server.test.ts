import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { MOCK_HEADERS, negotiateEncoding, startMockLlm, type MockLlm } from '@llmobserve/mock-llm';
import { parseArgs } from '../src/cli';
import { post, rawPost, sha256, type AnyJson } from './helpers';

let mock: MockLlm;
beforeAll(async () => {
  mock = await startMockLlm();
});
afterAll(() => mock.close());

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello there' }] };
const streamChat = { ...chat, stream: true, stream_options: { include_usage: true } };

function decode(enc: string | undefined, raw: Buffer): Buffer {
  if (enc === 'br') return zlib.brotliDecompressSync(raw);
  if (enc === 'gzip') return zlib.gunzipSync(raw);
  if (enc === 'deflate') return zlib.inflateSync(raw);
  return raw;
}

describe('compression like the real providers', () => {
  it.each([
    ['gzip, deflate, br', 'br'],
    ['gzip, deflate', 'gzip'],
    ['deflate', 'deflate'],
    ['identity', 'identity'],
  ])('Accept-Encoding %s → %s, for JSON and SSE; hashes match what was sent', async (accept, expected) => {
    for (const body of [chat, streamChat]) {
      const r = await rawPost(`${mock.url}/v1/chat/completions`, body, { 'accept-encoding': accept });
      expect(r.headers['content-encoding'] ?? 'identity').toBe(expected);
      const rec = mock.requests[mock.requests.length - 1];
      await mock.settled(rec.seq);
      expect(rec.contentEncoding).toBe(expected);
      expect(sha256(r.raw)).toBe(rec.wireSha256);
      expect(rec.wireBytes).toBe(r.raw.length);
      const plain = decode(r.headers['content-encoding'], r.raw);
      expect(sha256(plain)).toBe(rec.bodySha256);
      expect(rec.completed).toBe(true);
    }
  });

  it('flushes each SSE event through the compressor (the client can decode before the end)', async () => {
    const res = await fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'accept-encoding': 'gzip', [MOCK_HEADERS.chunkDelayMs]: '30', [MOCK_HEADERS.outputTokens]: '4' },
      body: JSON.stringify(streamChat),
    });
    const reader = res.body!.getReader();
    const first = await reader.read();
    // The first read already decodes to a whole event although the stream lasts ≥ 150 ms more.
    expect(new TextDecoder().decode(first.value)).toMatch(/^data: \{.*\}\n\n/);
    while (!(await reader.read()).done) {
      /* drain */
    }
  });

  it('honours q=0, * and a forced encoding', () => {
    expect(negotiateEncoding('br;q=0, gzip', undefined, true)).toBe('gzip');
    expect(negotiateEncoding('*', undefined, true)).toBe('br');
    expect(negotiateEncoding('*;q=0', undefined, true)).toBe('identity');
    expect(negotiateEncoding('gzip;q=bogus', undefined, true)).toBe('identity');
    expect(negotiateEncoding(undefined, undefined, true)).toBe('identity');
    expect(negotiateEncoding('gzip', undefined, false)).toBe('identity');
    expect(negotiateEncoding(undefined, 'br', false)).toBe('br');
    expect(negotiateEncoding('gzip', 'nonsense', true)).toBe('gzip');
  });
});

describe('errors', () => {
  it.each([
    ['/v1/chat/completions', chat, 'openai', (j: AnyJson) => j.error.code === 'rate_limit_exceeded'],
    ['/v1/messages', { ...chat, max_tokens: 5 }, 'anthropic', (j: AnyJson) => j.error.type === 'rate_limit_error'],
    ['/v1beta/models/gemini-2.5-flash:generateContent', { contents: [] }, 'gemini', (j: AnyJson) => j.error.status === 'RESOURCE_EXHAUSTED'],
    ['/model/amazon.nova-lite-v1%3A0/converse', { messages: [] }, 'bedrock', (j: AnyJson) => /Too many requests/.test(j.message)],
  ])('%s answers a %s-shaped 429 when the header asks', async (p, body, provider, check) => {
    const r = await post(`${mock.url}${p}`, body, { [MOCK_HEADERS.error]: '429' });
    expect(r.status).toBe(429);
    expect(check(JSON.parse(r.text))).toBe(true);
    const rec = mock.requests[mock.requests.length - 1];
    expect(rec).toMatchObject({ provider, status: 429 });
    expect(rec.usage).toBeUndefined();
  });

  it.each([
    ['/v1/chat/completions', { ...chat, model: 'mock-error-500' }, (j: AnyJson) => j.error.type === 'server_error'],
    ['/v1/messages', { ...chat, model: 'claude-error-500' }, (j: AnyJson) => j.error.type === 'api_error'],
    ['/v1beta/models/gemini-error-500:streamGenerateContent?alt=sse', { contents: [] }, (j: AnyJson) => j.error.status === 'INTERNAL'],
    ['/model/x-error-500/converse-stream', { messages: [] }, (j: AnyJson) => /internal error/.test(j.message)],
  ])('%s answers a 500 when the model name asks', async (p, body, check) => {
    const r = await post(`${mock.url}${p}`, body);
    expect(r.status).toBe(500);
    expect(check(JSON.parse(r.text))).toBe(true);
  });

  it('answers 429 by model name and 500 by header', async () => {
    expect((await post(`${mock.url}/v1/chat/completions`, { ...chat, model: 'gpt-error-429' })).status).toBe(429);
    expect((await post(`${mock.url}/v1/responses`, { model: 'gpt-4.1', input: 'x' }, { [MOCK_HEADERS.error]: '500' })).status).toBe(500);
  });

  it('answers 404 for unknown routes and 400 for bodies that are not JSON objects', async () => {
    expect((await post(`${mock.url}/v1/unknown`, {})).status).toBe(404);
    expect((await fetch(`${mock.url}/v1/chat/completions`)).status).toBe(404);
    const bad = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', body: '{"model":' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/not valid JSON/);
    expect((await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', body: '[1]' })).status).toBe(400);
    const empty = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST' });
    expect(empty.status).toBe(200);
  });
});

describe('streams cut mid-way and abandoned by the client', () => {
  it.each(['identity', 'gzip', 'br'])('cuts after N events (%s): the client sees a truncated body', async (enc) => {
    const r = await rawPost(`${mock.url}/v1/chat/completions`, streamChat, { 'accept-encoding': enc, [MOCK_HEADERS.cutAfter]: '2' });
    const rec = mock.requests[mock.requests.length - 1];
    await mock.settled(rec.seq);
    expect(rec).toMatchObject({ cut: true, completed: false, clientAborted: false, eventsSent: 2 });
    expect(rec.usage).toBeUndefined();
    expect(r.error).toBeDefined();
    const text = enc === 'identity' ? r.raw.toString() : decodePartial(enc, r.raw);
    expect(text.split('\n\n').filter(Boolean)).toHaveLength(2);
  });

  it('cuts on a cut-stream model with global fetch raising an error', async () => {
    const res = await fetch(`${mock.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ ...streamChat, model: 'gpt-cut-stream' }) });
    await expect(res.text()).rejects.toThrow();
  });

  it('records a client that goes away mid-stream', async () => {
    const ac = new AbortController();
    const res = await fetch(`${mock.url}/v1/chat/completions`, {
      method: 'POST',
      signal: ac.signal,
      headers: { [MOCK_HEADERS.chunkDelayMs]: '20', [MOCK_HEADERS.outputTokens]: '200' },
      body: JSON.stringify(streamChat),
    });
    const reader = res.body!.getReader();
    await reader.read();
    ac.abort();
    const rec = mock.requests[mock.requests.length - 1];
    const done = await mock.settled(rec.seq);
    expect(done.clientAborted).toBe(true);
    expect(done.completed).toBe(false);
    expect(done.eventsSent).toBeLessThan(203);
  });
});

function decodePartial(enc: string, raw: Buffer): string {
  const opts = { finishFlush: enc === 'br' ? zlib.constants.BROTLI_OPERATION_FLUSH : zlib.constants.Z_SYNC_FLUSH };
  return (enc === 'br' ? zlib.brotliDecompressSync(raw, opts) : zlib.gunzipSync(raw, opts)).toString();
}

describe('start-up and lifecycle', () => {
  it('rejects bad options loudly, naming the field and value', async () => {
    await expect(startMockLlm({ port: -1 })).rejects.toThrow('port must be an integer 0..65535, got -1');
    await expect(startMockLlm({ chunkDelayMs: -5 })).rejects.toThrow('chunkDelayMs must be >= 0, got -5');
    await expect(startMockLlm({ maxLoggedRequests: 1.5 })).rejects.toThrow('maxLoggedRequests must be an integer >= 0, got 1.5');
  });

  it('fails to start on a port in use', async () => {
    await expect(startMockLlm({ port: mock.port })).rejects.toThrow(/EADDRINUSE/);
  });

  it('keeps at most maxLoggedRequests entries, uses the given clock and delay', async () => {
    const m = await startMockLlm({ maxLoggedRequests: 2, now: () => 2_000_000_000_000, chunkDelayMs: 1 });
    try {
      for (let i = 0; i < 3; i++) await post(`${m.url}/v1/chat/completions`, chat);
      expect(m.requests.map((r) => r.seq)).toEqual([1, 2]);
      expect(JSON.parse((await post(`${m.url}/v1/chat/completions`, chat)).text).created).toBe(2_000_000_000);
      await expect(m.settled(0)).rejects.toThrow('no request with seq 0');
      const s = await post(`${m.url}/v1/chat/completions`, { ...chat, stream: true });
      expect(s.text).toMatch(/\[DONE\]/);
    } finally {
      await m.close();
    }
  });

  it('parses CLI flags and rejects unknown ones', () => {
    expect(parseArgs(['--port', '8080', '--host', '0.0.0.0', '--no-compression', '--chunk-delay-ms', '5'])).toEqual({
      port: 8080,
      host: '0.0.0.0',
      compression: false,
      chunkDelayMs: 5,
    });
    expect(() => parseArgs(['--port'])).toThrow('--port needs a value');
    expect(() => parseArgs(['--bogus'])).toThrow('unknown flag --bogus');
    expect(() => parseArgs(['--help'])).toThrow(/usage: mock-llm/);
  });

  it('runs as a CLI (compiled dist) and stops on SIGTERM', async () => {
    const cli = path.join(__dirname, '..', 'dist', 'cli.js');
    const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          const m = /listening on (\S+)/.exec(d.toString());
          if (m) resolve(m[1]);
        });
        child.once('exit', (code) => reject(new Error(`cli exited with ${String(code)}`)));
      });
      const r = await post(`${url}/v1/chat/completions`, chat);
      expect(r.status).toBe(200);
    } finally {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
