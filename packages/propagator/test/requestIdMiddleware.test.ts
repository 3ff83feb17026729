import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { getRequestId } from '@llmobserve/context';
import { requestIdMiddleware, RequestWithId } from '@llmobserve/propagator';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let server: Server;
let port: number;

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  const mw = requestIdMiddleware();
  server = createServer((req: IncomingMessage, res: ServerResponse) =>
    mw(req, res, () => {
      setImmediate(() => res.end(JSON.stringify({ fromContext: getRequestId(), fromReq: (req as RequestWithId).requestId })));
    }),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  context.disable();
});

function get(headers: Record<string, string>): Promise<{ header: string | undefined; body: { fromContext: string; fromReq: string } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', headers }, (res) => {
      let data = '';
      res.on('data', (c) => (data += c));
      res.on('end', () => resolve({ header: res.headers['x-request-id'] as string | undefined, body: JSON.parse(data) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('requestIdMiddleware', () => {
  it('echoes an incoming X-Request-Id and exposes it to the handler and to loggers', async () => {
    const r = await get({ 'X-Request-Id': 'abc-123' });
    expect(r).toEqual({ header: 'abc-123', body: { fromContext: 'abc-123', fromReq: 'abc-123' } });
  });

  it('generates one when missing or invalid', async () => {
    const a = await get({});
    expect(a.header).toMatch(UUID_V7);
    expect(a.body.fromContext).toBe(a.header);
    const b = await get({ 'X-Request-Id': 'has space' });
    expect(b.header).toMatch(UUID_V7);
  });

  it('fails at set-up on a bad header name', () => {
    expect(() => requestIdMiddleware({ responseHeader: 'bad header\r\n' })).toThrow(/responseHeader must be a header name/);
  });
});
