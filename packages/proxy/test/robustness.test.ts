import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COST_HEADER, OVERHEAD_HEADER, PROXY_KEY_HEADER, startProxy } from '@llmobserve/proxy';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { CHAT_BODY, rawRequest, sha256, startStack, until } from './helpers';
import type { Stack } from './helpers';

async function listen(server: Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return (server.address() as AddressInfo).port;
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}

function json(res: { body: Buffer }): { error: { type: string; message: string } } {
  return JSON.parse(res.body.toString()) as { error: { type: string; message: string } };
}

describe('upstream failures', () => {
  test('connection refused → 502 JSON and an error span', async () => {
    const probe = createServer();
    const port = await listen(probe);
    await close(probe);
    const exporter = new InMemorySpanExporter();
    const proxy = await startProxy({ spanExporter: exporter, upstreams: [{ provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1` }] });
    try {
      const res = await rawRequest(`${proxy.url}/openai/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: CHAT_BODY });
      expect(res.status).toBe(502);
      expect(json(res).error.type).toBe('upstream_error');
      expect(json(res).error.message).toContain(`127.0.0.1:${port}`);
      await proxy.forceFlush();
      const [span] = exporter.getFinishedSpans();
      expect(span.status.code).toBe(2);
      expect(span.attributes['error.type']).toBe('ECONNREFUSED');
      expect(span.attributes['http.response.status_code']).toBe(502);
    } finally {
      await proxy.close();
    }
  });

  test('no response headers in time → 504 JSON', async () => {
    const silent = createServer(() => undefined);
    const port = await listen(silent);
    const exporter = new InMemorySpanExporter();
    const proxy = await startProxy({ spanExporter: exporter, upstreamHeadersTimeoutMs: 150, upstreams: [{ provider: 'openai', baseUrl: `http://127.0.0.1:${port}/v1` }] });
    try {
      const res = await rawRequest(`${proxy.url}/openai/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: CHAT_BODY });
      expect(res.status).toBe(504);
      expect(json(res).error.type).toBe('upstream_timeout');
      await proxy.forceFlush();
      expect(exporter.getFinishedSpans()[0].attributes['error.type']).toBe('UND_ERR_HEADERS_TIMEOUT');
    } finally {
      await proxy.close();
      await close(silent);
    }
  });
});

describe('pass-through behaviour', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  beforeEach(async () => {
    await stack.proxy.forceFlush();
    stack.exporter.reset();
  });

  test('a stream the upstream cuts is cut for the client too; the span says truncated_stream', async () => {
    const seq = stack.mock.requests.length;
    const outcome = await new Promise<{ error: boolean; data: string }>((resolve) => {
      const req = httpRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-mock-cut-after': '3', 'accept-encoding': 'identity' } }, (res) => {
        let data = '';
        res.on('data', (d: Buffer) => (data += d.toString()));
        res.on('error', () => resolve({ error: true, data }));
        res.on('end', () => resolve({ error: false, data }));
      });
      req.on('error', () => resolve({ error: true, data: '' }));
      req.end(JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'cut me' }] }));
    });
    const served = await stack.mock.settled(seq);
    expect(served.cut).toBe(true);
    expect(outcome.error).toBe(true);
    expect(outcome.data).not.toContain('[DONE]');
    const [span] = await stack.spans();
    expect(span.attributes['llmobserve.usage.error']).toBe('truncated_stream');
    expect(span.status.code).toBe(2);
  });

  test('a provider error (429) is passed through unchanged, without a cost', async () => {
    const seq = stack.mock.requests.length;
    const res = await rawRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { headers: { 'content-type': 'application/json', 'x-mock-error': '429', 'accept-encoding': 'identity' }, body: CHAT_BODY });
    const served = await stack.mock.settled(seq);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBeDefined();
    expect(sha256(res.body)).toBe(served.wireSha256);
    expect(res.headers[COST_HEADER.toLowerCase()]).toBeUndefined();
    const [span] = await stack.spans();
    expect(span.attributes['llmobserve.usage.error']).toBe('http_429');
    expect(span.attributes['llmobserve.cost.total_usd']).toBeUndefined();
  });

  test('the caller trace continues: the span is a child of the caller, the upstream sees the proxy span, our baggage is stripped', async () => {
    const seq = stack.mock.requests.length;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await rawRequest(`${stack.proxy.url}/openai/v1/chat/completions`, {
      headers: {
        'content-type': 'application/json',
        traceparent: `00-${traceId}-00f067aa0ba902b7-03`,
        tracestate: 'vendor=abc',
        baggage: 'llmobserve.run_id=run-7,team=blue,llmobserve.customer_id=acme,llmobserve.section_path=agent:a/step:b',
        'x-request-id': 'req-abc',
        'x-llmobserve-span-id': 'e6c0e7f0-0000-4000-8000-000000000001',
      },
      body: CHAT_BODY,
    });
    expect(res.status).toBe(200);
    const served = await stack.mock.settled(seq);
    const [span] = await stack.spans();
    expect(span.spanContext().traceId).toBe(traceId);
    expect(span.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
    expect(span.attributes['llmobserve.run_id']).toBe('run-7');
    expect(span.attributes['llmobserve.customer_id']).toBe('acme');
    expect(span.attributes['llmobserve.section_path']).toBe('agent:a/step:b');
    expect(span.attributes['llmobserve.request_id']).toBe('req-abc');
    expect(served.headers.traceparent).toBe(`00-${traceId}-${span.spanContext().spanId}-03`);
    expect(served.headers.tracestate).toBe('vendor=abc');
    expect(served.headers.baggage).toBe('team=blue');
    expect(served.headers['x-request-id']).toBe('req-abc');
    expect(served.headers['x-llmobserve-span-id']).toBeUndefined();
  });

  test('requests the providers table does not price (GET /models) pass through with a plain span', async () => {
    const seq = stack.mock.requests.length;
    const res = await rawRequest(`${stack.proxy.url}/openai/v1/models`, { method: 'GET', headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(sha256(res.body)).toBe((await stack.mock.settled(seq)).wireSha256);
    expect(res.headers[OVERHEAD_HEADER.toLowerCase()]).toBeDefined();
    const [span] = await stack.spans();
    expect(span.name).toBe('GET 127.0.0.1');
    expect(span.attributes['gen_ai.provider.name']).toBe('openai');
    expect(span.attributes['gen_ai.operation.name']).toBeUndefined();
  });

  test('gemini generateContent and streamGenerateContent through /gemini', async () => {
    const body = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Hello Gemini' }] }] });
    const json1 = await rawRequest(`${stack.proxy.url}/gemini/v1beta/models/gemini-2.5-flash:generateContent`, { headers: { 'content-type': 'application/json', 'x-goog-api-key': 'g-key' }, body });
    expect(json1.status).toBe(200);
    expect(json1.headers[COST_HEADER.toLowerCase()]).toMatch(/^0\.\d+$/);
    const sse = await rawRequest(`${stack.proxy.url}/gemini/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, { headers: { 'content-type': 'application/json', 'accept-encoding': 'identity' }, body });
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toContain('text/event-stream');
    const spans = (await stack.spans()).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    expect(spans.map((s) => s.attributes['gen_ai.request.model'])).toEqual(['gemini-2.5-flash', 'gemini-2.5-flash']);
    expect(spans.map((s) => s.attributes['llmobserve.stream'])).toEqual([false, true]);
    expect(spans.every((s) => typeof s.attributes['gen_ai.usage.output_tokens'] === 'number')).toBe(true);
  });

  test('unknown prefix → 404 JSON; absolute-form request target → 400', async () => {
    const res = await rawRequest(`${stack.proxy.url}/nope/v1/chat/completions`, { body: '{}' });
    expect(res.status).toBe(404);
    expect(json(res).error.type).toBe('unknown_route');
    const abs = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: stack.proxy.port, path: 'http://example.com/x', method: 'GET', agent: false }, (r: IncomingMessage) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(abs).toBe(400);
  });

  test('a slow reader gets the whole stream through backpressure', async () => {
    const seq = stack.mock.requests.length;
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'many words' }] });
    const received = await new Promise<Buffer>((resolve, reject) => {
      const req = httpRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-mock-output-tokens': '20000', 'x-mock-words-per-chunk': '50', 'accept-encoding': 'identity' } }, (res) => {
        const chunks: Buffer[] = [];
        res.pause();
        const tick = setInterval(() => {
          let c: Buffer | null;
          while ((c = res.read(16 * 1024) as Buffer | null) !== null) chunks.push(c);
        }, 2);
        res.on('end', () => {
          clearInterval(tick);
          resolve(Buffer.concat(chunks));
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
    const served = await stack.mock.settled(seq);
    expect(served.completed).toBe(true);
    expect(sha256(received)).toBe(served.wireSha256);
  });
});

describe('limits and options', () => {
  test('a non-streamed response above maxBufferedResponseBytes is passed through without the cost header', async () => {
    const stack = await startStack({ maxBufferedResponseBytes: 64 });
    try {
      const seq = stack.mock.requests.length;
      const res = await rawRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { headers: { 'content-type': 'application/json', 'accept-encoding': 'identity', 'x-mock-output-tokens': '200' }, body: CHAT_BODY });
      expect(sha256(res.body)).toBe((await stack.mock.settled(seq)).wireSha256);
      expect(res.headers[COST_HEADER.toLowerCase()]).toBeUndefined();
      const [span] = await stack.spans();
      expect(span.attributes['gen_ai.usage.output_tokens']).toBe(200);
      expect(typeof span.attributes['llmobserve.cost.total_usd']).toBe('number');
    } finally {
      await stack.close();
    }
  });

  test('costHeaders: false sends neither header', async () => {
    const stack = await startStack({ costHeaders: false });
    try {
      const res = await rawRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: CHAT_BODY });
      expect(res.status).toBe(200);
      expect(res.headers[COST_HEADER.toLowerCase()]).toBeUndefined();
      expect(res.headers[OVERHEAD_HEADER.toLowerCase()]).toBeUndefined();
    } finally {
      await stack.close();
    }
  });

  test('proxy API key: 401 without it, accepted as Proxy-Authorization or X-LLMObserve-Proxy-Key, never forwarded', async () => {
    const key = 'proxy-key-0123456789abcdef';
    const stack = await startStack({ apiKeyEnv: 'TEST_PROXY_KEY', env: { TEST_PROXY_KEY: key } });
    try {
      const url = `${stack.proxy.url}/openai/v1/chat/completions`;
      const missing = await rawRequest(url, { headers: { 'content-type': 'application/json', authorization: 'Bearer sk-provider' }, body: CHAT_BODY });
      expect(missing.status).toBe(401);
      expect(json(missing).error.type).toBe('unauthorized');
      const wrong = await rawRequest(url, { headers: { 'proxy-authorization': 'Bearer wrong-key-0123456789' }, body: CHAT_BODY });
      expect(wrong.status).toBe(401);
      const seq = stack.mock.requests.length;
      const a = await rawRequest(url, { headers: { 'content-type': 'application/json', authorization: 'Bearer sk-provider', 'proxy-authorization': `Bearer ${key}` }, body: CHAT_BODY });
      const b = await rawRequest(url, { headers: { 'content-type': 'application/json', authorization: 'Bearer sk-provider', [PROXY_KEY_HEADER]: key }, body: CHAT_BODY });
      expect([a.status, b.status]).toEqual([200, 200]);
      for (const i of [seq, seq + 1]) {
        const served = await stack.mock.settled(i);
        expect(served.headers.authorization).toBe('Bearer sk-provider');
        expect(served.headers['proxy-authorization']).toBeUndefined();
        expect(served.headers[PROXY_KEY_HEADER]).toBeUndefined();
      }
      expect(JSON.stringify((await stack.spans()).map((s) => s.attributes))).not.toContain(key);
    } finally {
      await stack.close();
    }
  });
});

describe('graceful shutdown', () => {
  test('in-flight streams finish, new connections are refused, then the proxy closes', async () => {
    const stack = await startStack({ shutdownGraceMs: 5000 });
    const seq = stack.mock.requests.length;
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'finish me' }] });
    let firstData!: () => void;
    const started = new Promise<void>((r) => (firstData = r));
    const done = new Promise<string>((resolve, reject) => {
      const req = httpRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-mock-output-tokens': '20', 'x-mock-chunk-delay-ms': '15', 'accept-encoding': 'identity' } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => {
          text += d.toString();
          firstData();
        });
        res.on('end', () => resolve(text));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
    await started;
    const closing = stack.proxy.close();
    await until(async () => {
      try {
        await rawRequest(`${stack.proxy.url}/openai/v1/models`, { method: 'GET' });
        return false;
      } catch {
        return true;
      }
    }, 'new connections to be refused');
    const text = await done;
    expect(text).toContain('data: [DONE]');
    await closing;
    expect((await stack.mock.settled(seq)).completed).toBe(true);
    expect(stack.exporter.getFinishedSpans()).toHaveLength(1);
    await stack.mock.close();
  });

  test('streams still running after the grace period are cut', async () => {
    const stack = await startStack({ shutdownGraceMs: 100 });
    const seq = stack.mock.requests.length;
    let firstData!: () => void;
    const started = new Promise<void>((r) => (firstData = r));
    const ended = new Promise<string>((resolve) => {
      const req = httpRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-mock-output-tokens': '500', 'x-mock-chunk-delay-ms': '20' } }, (res) => {
        res.on('data', () => firstData());
        res.on('end', () => resolve('end'));
        res.on('error', () => resolve('cut'));
      });
      req.on('error', () => resolve('cut'));
      req.end(JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'too long' }] }));
    });
    await started;
    await stack.proxy.close();
    expect(await ended).toBe('cut');
    expect((await stack.mock.settled(seq)).clientAborted).toBe(true);
    const [span] = stack.exporter.getFinishedSpans();
    expect(span.attributes['llmobserve.stream.aborted']).toBe(true);
    expect(span.attributes['error.type']).toBe('ProxyAbortError');
    await stack.mock.close();
  });
});
