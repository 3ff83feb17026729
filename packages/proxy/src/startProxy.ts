import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createPropagator } from '@llmobserve/propagator';
import { ProviderRegistry } from '@llmobserve/providers';
import type { CustomEndpoint } from '@llmobserve/providers';
import { Agent } from 'undici';
import { resolveProxyConfig } from './config';
import { PROXY_KEY_HEADER, TARGET_URL_HEADER } from './constants';
import { costUsd, defaultCostFunction } from './cost';
import { sendError } from './errors';
import { Exchange } from './Exchange';
import type { ProxyCore } from './Exchange';
import { isRefusal, Router } from './Router';
import { createTracing } from './tracing';
import type { ProxyOptions, ProxyServer } from './types';

function sha256(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** The key a caller presented: `Proxy-Authorization: Bearer <key>`, else `X-LLMObserve-Proxy-Key`. */
function presentedKey(req: IncomingMessage): string | undefined {
  const pa = first(req.headers['proxy-authorization']);
  if (pa !== undefined && pa.length > 7 && pa.slice(0, 7).toLowerCase() === 'bearer ') return pa.slice(7).trim();
  return first(req.headers[PROXY_KEY_HEADER]);
}

const CLIENT_ERRORS: Readonly<Record<string, [number, string, string]>> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'headers_too_large'],
};

/** Answers a request the HTTP parser refused (bad syntax, CR/LF in a header, timeouts) and closes the connection. */
function onClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, type] = CLIENT_ERRORS[err.code ?? ''] ?? [400, 'Bad Request', 'bad_request'];
  const body = JSON.stringify({ error: { type, message: `the proxy could not read the request (${err.code ?? 'parse error'})` } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  socket.destroySoon();
}

/**
 * Starts the LLM cost proxy. Requests to `/<prefix>/...` (`/openai/v1/chat/completions`,
 * `/anthropic/v1/messages`, a configured upstream's prefix) or carrying an allowed
 * `X-LLMObserve-Target-URL` are forwarded through pooled keep-alive connections; the response streams
 * back unchanged (compressed bodies stay compressed) while its usage is read on the side and recorded on
 * a span that continues the caller's trace. Throws at set-up on a bad option, naming it.
 *
 * @example
 * const proxy = await startProxy({ port: 9000 });
 * // new OpenAI({ baseURL: `${proxy.url}/openai/v1` })
 * await proxy.close();
 */
export async function startProxy(options: ProxyOptions = {}): Promise<ProxyServer> {
  const env = options.env ?? process.env;
  const cfg = resolveProxyConfig(options, env);
  const builtin = new ProviderRegistry().upstreams();
  // `provider: "gemini"` means the provider whose prefix is `gemini` (id `gcp.gemini`).
  const ids = new Set(builtin.map((b) => b.provider));
  const upstreams = cfg.upstreams.map((u) => {
    const alias = ids.has(u.provider) ? undefined : builtin.find((b) => b.prefix === u.provider);
    return alias === undefined ? u : { ...u, provider: alias.provider };
  });
  const customEndpoints = upstreams.map((u) => {
    const ep: CustomEndpoint = { baseUrl: u.baseUrl, provider: u.provider };
    if (u.compatibleWith !== undefined) ep.compatibleWith = u.compatibleWith;
    return ep;
  });
  const registry = new ProviderRegistry({ customEndpoints });
  const router = new Router(registry, builtin, upstreams, cfg.allowedOrigins);
  const agent = new Agent({
    connect: { timeout: cfg.upstreamConnectTimeoutMs },
    headersTimeout: cfg.upstreamHeadersTimeoutMs,
    bodyTimeout: cfg.upstreamBodyTimeoutMs,
    keepAliveTimeout: cfg.upstreamKeepAliveMs,
    keepAliveMaxTimeout: cfg.upstreamKeepAliveMs,
    connections: cfg.upstreamConnections === 0 ? null : cfg.upstreamConnections,
    pipelining: 1,
  });
  const tracing = createTracing(options, cfg.exporter, env);
  // Load the price catalog now rather than on the first request.
  costUsd(options.computeCost ?? defaultCostFunction, { inputTokens: 1 }, 'openai', 'gpt-4o-mini');
  const keyDigest = cfg.apiKey !== undefined ? sha256(cfg.apiKey) : undefined;
  const inFlight = new Set<Exchange>();
  let closing = false;
  let drained: (() => void) | undefined;

  const core: ProxyCore = {
    cfg,
    router,
    agent,
    tracer: tracing.tracer,
    propagator: createPropagator(),
    computeCost: options.computeCost ?? defaultCostFunction,
    done(ex) {
      inFlight.delete(ex);
      if (closing) {
        server.closeIdleConnections();
        if (inFlight.size === 0) drained?.();
      }
    },
  };

  function onRequest(req: IncomingMessage, res: ServerResponse): void {
    const t0 = performance.now();
    const hasBody = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    if (closing) {
      sendError(res, 503, 'shutting_down', 'the proxy is shutting down', undefined, true);
      return;
    }
    if (keyDigest !== undefined) {
      const key = presentedKey(req);
      if (key === undefined || !timingSafeEqual(sha256(key), keyDigest)) {
        sendError(res, 401, 'unauthorized', 'missing or wrong proxy API key (send Proxy-Authorization: Bearer <key> or X-LLMObserve-Proxy-Key)', undefined, hasBody);
        return;
      }
    }
    const route = router.resolve(req.url ?? '/', first(req.headers[TARGET_URL_HEADER]));
    if (isRefusal(route)) {
      sendError(res, route.status, route.type, route.message, route.host, hasBody);
      return;
    }
    const length = req.headers['content-length'];
    if (length !== undefined && Number(length) > cfg.maxBodyBytes) {
      sendError(res, 413, 'body_too_large', `request body of ${length} bytes exceeds the proxy's limit of ${cfg.maxBodyBytes} bytes`, undefined, true);
      return;
    }
    const ex = new Exchange(core, req, res, route, t0);
    inFlight.add(ex);
    ex.start();
  }

  const server = createServer(
    {
      headersTimeout: cfg.headersTimeoutMs,
      requestTimeout: cfg.requestTimeoutMs,
      keepAliveTimeout: cfg.keepAliveTimeoutMs,
      // The server checks header/request timeouts on this interval; keep it well under the timeouts.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(cfg.headersTimeoutMs / 4))),
      noDelay: true,
    },
    onRequest,
  );
  server.on('clientError', onClientError);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(cfg.port, cfg.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closed: Promise<void> | undefined;

  async function close(): Promise<void> {
    closing = true;
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    if (inFlight.size > 0) {
      await new Promise<void>((resolve) => {
        drained = resolve;
        const timer = setTimeout(resolve, cfg.shutdownGraceMs);
        timer.unref();
      });
      for (const ex of [...inFlight]) ex.cut('proxy shutting down');
    }
    server.closeAllConnections();
    await serverClosed;
    await agent.close().catch(() => agent.destroy());
    await tracing.shutdown().catch(() => undefined);
  }

  return {
    url: `http://${hostForUrl}:${address.port}`,
    port: address.port,
    host: address.address,
    get inFlight() {
      return inFlight.size;
    },
    connections: () => new Promise<number>((resolve) => server.getConnections((err, n) => resolve(err ? 0 : n))),
    forceFlush: () => tracing.forceFlush(),
    close: () => (closed ??= close()),
  };
}
