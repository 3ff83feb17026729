import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { startMockLlm } from '@llmobserve/mock-llm';
import type { MockLlm, MockLlmOptions } from '@llmobserve/mock-llm';
import { startProxy } from '@llmobserve/proxy';
import type { ProxyOptions, ProxyServer } from '@llmobserve/proxy';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** An in-memory exporter that keeps its spans when the proxy shuts its provider down. */
export class KeepingExporter extends InMemorySpanExporter {
  override shutdown(): Promise<void> {
    this._stopped = true;
    return Promise.resolve();
  }
}

/** A mock provider and a proxy whose openai / anthropic / gemini prefixes point at it. */
export interface Stack {
  mock: MockLlm;
  proxy: ProxyServer;
  exporter: InMemorySpanExporter;
  /** Flushes the proxy's spans and returns every span exported so far. */
  spans(): Promise<ReadableSpan[]>;
  close(): Promise<void>;
}

export async function startStack(options: ProxyOptions = {}, mockOptions: MockLlmOptions = {}): Promise<Stack> {
  const mock = await startMockLlm(mockOptions);
  const exporter = new KeepingExporter();
  let proxy: ProxyServer;
  try {
    proxy = await startProxy({
      spanExporter: exporter,
      upstreams: [
        { provider: 'openai', baseUrl: `${mock.url}/v1` },
        { provider: 'anthropic', baseUrl: mock.url },
        { provider: 'gemini', baseUrl: mock.url },
      ],
      ...options,
    });
  } catch (err) {
    await mock.close();
    throw err;
  }
  return {
    mock,
    proxy,
    exporter,
    async spans() {
      await proxy.forceFlush();
      return exporter.getFinishedSpans();
    },
    async close() {
      await proxy.close();
      await mock.close();
    },
  };
}

export function sha256(b: Uint8Array | string): string {
  return createHash('sha256').update(b).digest('hex');
}

/** TCP sockets open in this process (client and server ends both count). */
export function openSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
}

/** Waits until `cond` holds; fails naming `what` after `ms`. */
export async function until(cond: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await cond()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A raw HTTP exchange: status, headers, trailers and the body bytes exactly as they came off the wire. */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  trailers: Record<string, string | undefined>;
  body: Buffer;
}

/** Sends one request with node:http (no decompression, no agent reuse) and reads the whole answer. */
export function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: options.method ?? 'POST', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, trailers: res.trailers as Record<string, string | undefined>, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export const CHAT_BODY = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the world' }] });
