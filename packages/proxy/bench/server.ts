/**
 * A forwarder in its own process, so its CPU time can be measured alone:
 *   server.ts proxy <upstream-url>   the LLMObserve proxy (spans + cost on, spans batched to a counting exporter)
 *   server.ts bare <upstream-url>    the obvious alternative: node:http + undici request + pipe, nothing else
 * It sends { url } over IPC once listening and answers 'cpu' with process.cpuUsage() and exported span count.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Agent, request } from 'undici';
import { startProxy } from '@llmobserve/proxy';

let exported = 0;
let priced = 0;

/** Counts what would be exported (the span, its usage and cost attributes), and drops it. */
class CountingExporter implements SpanExporter {
  export(spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    exported += spans.length;
    for (const s of spans) if (s.attributes['llmobserve.cost.total_usd'] !== undefined) priced++;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

async function bare(upstream: string): Promise<string> {
  const agent = new Agent({ keepAliveTimeout: 30_000 });
  const server = createServer((req, res) => {
    const headers = { ...req.headers };
    delete headers.host;
    delete headers.connection;
    request(upstream + (req.url ?? '/'), { method: req.method as 'POST', headers, body: req.method === 'GET' ? undefined : req, dispatcher: agent }).then(
      (up) => {
        const out = { ...up.headers };
        delete out.connection;
        delete out['keep-alive'];
        delete out['transfer-encoding'];
        res.writeHead(up.statusCode, out as Record<string, string>);
        up.body.pipe(res);
      },
      () => {
        res.statusCode = 502;
        res.end();
      },
    );
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function proxy(upstream: string): Promise<string> {
  const p = await startProxy({
    spanExporter: new CountingExporter(),
    keepAliveTimeoutMs: 30_000,
    upstreams: [
      { provider: 'openai', baseUrl: `${upstream}/v1` },
      { provider: 'anthropic', baseUrl: upstream },
    ],
  });
  return p.url;
}

async function main(): Promise<void> {
  const [kind, upstream] = process.argv.slice(2);
  const url = kind === 'bare' ? await bare(upstream) : await proxy(upstream);
  process.on('message', (m: string) => {
    if (m === 'cpu') process.send?.({ cpu: process.cpuUsage(), exported, priced });
    if (m === 'exit') process.exit(0);
  });
  process.send?.({ url });
}

void main();
