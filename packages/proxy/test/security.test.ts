import { createServer, request as httpRequest } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { TARGET_URL_HEADER } from '@llmobserve/proxy';
import { CHAT_BODY, openSockets, rawRequest, startStack, until } from './helpers';
import type { Stack } from './helpers';

/** A local server that counts what reaches it: the victim of an SSRF attempt, or a redirecting upstream. */
async function startServer(handler: (url: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ server: Server; url: string; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    const out = handler(req.url ?? '');
    res.writeHead(out.status, out.headers);
    res.end(out.body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { server, url: `http://127.0.0.1:${port}`, port, hits };
}

function stopServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((r) => server.close(() => r()));
}

/** A raw TCP client that records what it gets and whether the proxy closed the connection. */
function rawClient(port: number): { socket: Socket; received: () => string; closedByServer: Promise<void> } {
  const socket = connect(port, '127.0.0.1');
  let got = '';
  socket.on('data', (d: Buffer) => (got += d.toString('latin1')));
  socket.on('error', () => undefined);
  const closedByServer = new Promise<void>((resolve) => {
    socket.once('end', () => resolve());
    socket.once('close', () => resolve());
  });
  return { socket, received: () => got, closedByServer };
}

function statusOf(raw: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? 0);
}

function jsonBodyOf(raw: string): { error: { type: string; message: string; host?: string } } {
  return JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4)) as { error: { type: string; message: string; host?: string } };
}

describe('security: each attack gets its documented answer and leaves no socket behind', () => {
  let stack: Stack;
  let socketsBefore: number;

  beforeAll(async () => {
    socketsBefore = openSockets();
    stack = await startStack({ headersTimeoutMs: 400, idleTimeoutMs: 300 }, { chunkDelayMs: 0 });
  });

  afterAll(async () => {
    await stack.close();
    await until(() => openSockets() <= socketsBefore, 'every socket of the suite to be closed');
  });

  /** The proxy holds no client connection and no request any more. */
  async function noHangingSockets(): Promise<void> {
    await until(async () => (await stack.proxy.connections()) === 0 && stack.proxy.inFlight === 0, 'the proxy to hold no connection and no request');
  }

  test('Target-URL to a host not on the allowlist: 403 naming the host, nothing contacted', async () => {
    const before = stack.mock.requests.length;
    for (const [target, host] of [
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
      ['https://api.openai.com.evil.example/v1/chat/completions', 'api.openai.com.evil.example'],
      ['https://api.openai.com:8443/v1/chat/completions', 'api.openai.com:8443'],
      ['http://api.openai.com/v1/chat/completions', 'api.openai.com'],
    ]) {
      const res = await rawRequest(`${stack.proxy.url}/proxy`, { headers: { [TARGET_URL_HEADER]: target, 'content-type': 'application/json' }, body: CHAT_BODY });
      expect(res.status).toBe(403);
      expect(res.headers['content-type']).toBe('application/json');
      const body = JSON.parse(res.body.toString()) as { error: { type: string; host: string; message: string } };
      expect(body.error.type).toBe('forbidden_target');
      expect(body.error.host).toBe(host);
      expect(body.error.message).toContain(host);
    }
    for (const bad of ['file:///etc/passwd', 'not a url', 'https://user:pw@api.openai.com/v1/chat/completions']) {
      const res = await rawRequest(`${stack.proxy.url}/proxy`, { headers: { [TARGET_URL_HEADER]: bad }, body: '{}' });
      expect(res.status).toBe(400);
    }
    expect(stack.mock.requests.length).toBe(before);
    await noHangingSockets();
  });

  test('Target-URL to 127.0.0.1 on another port is refused unless that origin is configured', async () => {
    const victim = await startServer(() => ({ status: 200, body: 'secret' }));
    try {
      const target = `${victim.url}/v1/chat/completions`;
      const res = await rawRequest(`${stack.proxy.url}/proxy`, { headers: { [TARGET_URL_HEADER]: target }, body: CHAT_BODY });
      expect(res.status).toBe(403);
      expect((JSON.parse(res.body.toString()) as { error: { host: string } }).error.host).toBe(`127.0.0.1:${victim.port}`);
      // Same port as the configured mock, but spelled as another host: still refused (origins match exactly).
      const other = await rawRequest(`${stack.proxy.url}/proxy`, { headers: { [TARGET_URL_HEADER]: `http://localhost:${stack.mock.port}/v1/chat/completions` }, body: CHAT_BODY });
      expect(other.status).toBe(403);
      expect(victim.hits).toEqual([]);
      // The configured upstream's own origin is allowed.
      const ok = await rawRequest(`${stack.proxy.url}/proxy`, { headers: { [TARGET_URL_HEADER]: `${stack.mock.url}/v1/chat/completions` }, body: CHAT_BODY });
      expect(ok.status).toBe(200);
      await noHangingSockets();
    } finally {
      await stopServer(victim.server);
    }
  });

  test('a redirecting upstream: the 3xx goes back to the caller, the redirect target is never contacted', async () => {
    const victim = await startServer(() => ({ status: 200, body: 'internal' }));
    const redirector = await startServer(() => ({ status: 307, headers: { location: `${victim.url}/steal`, 'content-type': 'application/json' }, body: '{}' }));
    const s = await startStack({ upstreams: [{ provider: 'openai', prefix: 'redir', baseUrl: `${redirector.url}/v1` }] });
    try {
      const viaPrefix = await rawRequest(`${s.proxy.url}/redir/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: CHAT_BODY });
      expect(viaPrefix.status).toBe(307);
      expect(viaPrefix.headers.location).toBe(`${victim.url}/steal`);
      const viaHeader = await rawRequest(`${s.proxy.url}/proxy`, { headers: { [TARGET_URL_HEADER]: `${redirector.url}/v1/chat/completions` }, body: CHAT_BODY });
      expect(viaHeader.status).toBe(307);
      expect(redirector.hits).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
      expect(victim.hits).toEqual([]);
      const spans = await s.spans();
      expect(spans.map((x) => x.attributes['http.response.status_code'])).toEqual([307, 307]);
    } finally {
      await s.close();
      await stopServer(victim.server);
      await stopServer(redirector.server);
    }
  });

  test.each([
    ['a bare CR in a header value', 'X-Foo: a\rX-Injected: 1\r\n'],
    ['a bare LF in a header value', 'X-Foo: a\nX-Injected: 1\r\n'],
    ['obsolete line folding', 'X-Foo: a\r\n X-Injected: 1\r\n'],
    ['a NUL in a header value', 'X-Foo: a\0b\r\n'],
    ['a CR in the Target-URL header', `${TARGET_URL_HEADER}: https://api.openai.com/v1/chat\rX-Injected: 1\r\n`],
  ])('CR/LF in headers (%s): 400 JSON, connection closed, nothing forwarded', async (_name, line) => {
    const before = stack.mock.requests.length;
    const c = rawClient(stack.proxy.port);
    c.socket.write(`POST /openai/v1/chat/completions HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\n${line}Content-Length: ${CHAT_BODY.length}\r\n\r\n${CHAT_BODY}`);
    await c.closedByServer;
    expect(statusOf(c.received())).toBe(400);
    expect(jsonBodyOf(c.received()).error.type).toBe('bad_request');
    expect(stack.mock.requests.length).toBe(before);
    c.socket.destroy();
    await noHangingSockets();
  });

  test('an encoded CR/LF in a Target-URL stays encoded in the path sent upstream', async () => {
    const seq = stack.mock.requests.length;
    const res = await rawRequest(`${stack.proxy.url}/proxy`, {
      headers: { [TARGET_URL_HEADER]: `${stack.mock.url}/v1/chat/completions%0D%0AX-Injected:%201` },
      body: CHAT_BODY,
    });
    expect(res.status).toBe(404);
    const served = await stack.mock.settled(seq);
    expect(served.url).toBe('/v1/chat/completions%0D%0AX-Injected:%201');
    expect(served.headers['x-injected']).toBeUndefined();
  });

  test('a 100 MB body announced by Content-Length: 413 before a byte is read, connection closed', async () => {
    const before = stack.mock.requests.length;
    const c = rawClient(stack.proxy.port);
    c.socket.write(`POST /openai/v1/chat/completions HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`);
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    for (let i = 0; i < 100 && !c.socket.destroyed && !c.received(); i++) {
      if (!c.socket.write(chunk)) await new Promise((r) => setTimeout(r, 5));
    }
    await c.closedByServer;
    expect(statusOf(c.received())).toBe(413);
    expect(jsonBodyOf(c.received()).error.type).toBe('body_too_large');
    expect(stack.mock.requests.length).toBe(before);
    c.socket.destroy();
    await noHangingSockets();
  });

  test('a 100 MB chunked body: 413 once the 20 MB limit is passed, connection closed, nothing forwarded', async () => {
    const before = stack.mock.requests.length;
    const result = await new Promise<{ status: number; body: string; sent: number }>((resolve, reject) => {
      let sent = 0;
      const req = httpRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, sent }));
      });
      req.on('error', (err) => (sent > 0 ? undefined : reject(err)));
      const chunk = Buffer.alloc(256 * 1024, 0x20);
      const pump = (): void => {
        while (sent < 100 * 1024 * 1024 && !req.destroyed) {
          sent += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    });
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toEqual({ error: expect.objectContaining({ type: 'body_too_large' }) });
    expect(result.sent).toBeLessThan(100 * 1024 * 1024);
    expect(stack.mock.requests.length).toBe(before);
    await noHangingSockets();
  });

  test('a slowloris client dribbling headers: 408 after the headers timeout, connection closed', async () => {
    const c = rawClient(stack.proxy.port);
    c.socket.write('POST /openai/v1/chat/completions HTTP/1.1\r\nHost: proxy\r\n');
    const drip = setInterval(() => {
      if (!c.socket.destroyed && c.socket.writable) c.socket.write('X-Slow: a\r\n');
    }, 50);
    try {
      await c.closedByServer;
    } finally {
      clearInterval(drip);
    }
    expect(statusOf(c.received())).toBe(408);
    expect(jsonBodyOf(c.received()).error.type).toBe('request_timeout');
    c.socket.destroy();
    await noHangingSockets();
  });

  test('a client that stalls in the middle of its body: 408 after the idle timeout, connection closed', async () => {
    const before = stack.mock.requests.length;
    const c = rawClient(stack.proxy.port);
    c.socket.write('POST /openai/v1/chat/completions HTTP/1.1\r\nHost: proxy\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"model":');
    await c.closedByServer;
    expect(statusOf(c.received())).toBe(408);
    expect(stack.mock.requests.length).toBe(before);
    c.socket.destroy();
    await noHangingSockets();
  });

  test('a client that disconnects mid-stream: the upstream call is aborted and the span ends with what was seen', async () => {
    await stack.proxy.forceFlush();
    stack.exporter.reset();
    const seq = stack.mock.requests.length;
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'a long story' }] });
    await new Promise<void>((resolve, reject) => {
      const req = httpRequest(
        `${stack.proxy.url}/openai/v1/chat/completions`,
        { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-mock-output-tokens': '200', 'x-mock-chunk-delay-ms': '20' } },
        (res) => {
          let events = 0;
          res.on('data', (d: Buffer) => {
            events += d.toString().split('\n\n').length - 1;
            if (events >= 3) {
              req.destroy();
              resolve();
            }
          });
        },
      );
      req.on('error', () => undefined);
      req.on('close', () => resolve());
      req.end(body);
      setTimeout(() => reject(new Error('no stream data')), 5000).unref();
    });
    const served = await stack.mock.settled(seq);
    expect(served.clientAborted).toBe(true);
    expect(served.eventsSent).toBeLessThan(100);
    await noHangingSockets();
    const [span] = await stack.spans();
    expect(span.attributes['llmobserve.stream.aborted']).toBe(true);
    expect(span.attributes['llmobserve.stream']).toBe(true);
    expect(span.attributes['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
    expect(span.attributes['llmobserve.usage.estimated']).toBe(true);
  });
});
