/**
 * The demo's embedded collector: an OTLP/HTTP JSON receiver on 127.0.0.1 that
 * keeps every span it is sent, by trace, and hands each batch on.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MAX_OTLP_BODY_BYTES, OTLP_TRACES_PATH } from './constants';
import { listen } from './listen';
import { decodeOtlpJson } from '@llmobserve/exporter';
import type { OtlpJsonRequest } from '@llmobserve/exporter';

/** A running collector. */
export interface Collector {
  /** `http://127.0.0.1:<port>`: what `OTEL_EXPORTER_OTLP_ENDPOINT` of the services is set to. */
  readonly url: string;
  /** Spans received so far, by trace id, in arrival order. */
  readonly traces: ReadonlyMap<string, readonly ReadableSpan[]>;
  /** Requests that could not be read (bad JSON, wrong content type …), with the reason. */
  readonly rejected: readonly string[];
  close(): Promise<void>;
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_OTLP_BODY_BYTES) {
        reject(new Error(`body larger than ${MAX_OTLP_BODY_BYTES} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function answer(res: http.ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Starts the collector on `port` (0: a free one). `onSpans` is called with each
 * decoded batch (after it is stored); it must not throw.
 */
export async function startCollector(port: number, onSpans: (spans: ReadableSpan[]) => void): Promise<Collector> {
  const traces = new Map<string, ReadableSpan[]>();
  const rejected: string[] = [];
  const reject = (res: http.ServerResponse, status: number, why: string): void => {
    rejected.push(why);
    answer(res, status, { code: status, message: why });
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'POST' || path !== `/${OTLP_TRACES_PATH}`) {
      reject(res, 404, `${req.method} ${path}: only POST /${OTLP_TRACES_PATH} is served`);
      return;
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      reject(res, 415, `content-type ${JSON.stringify(type)}: this collector reads OTLP/HTTP JSON (OTEL_EXPORTER_OTLP_PROTOCOL=http/json)`);
      return;
    }
    readBody(req).then(
      (raw) => {
        let parsed: OtlpJsonRequest;
        try {
          const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
          const text = encoding === 'gzip' ? zlib.gunzipSync(raw) : encoding === 'deflate' ? zlib.inflateSync(raw) : raw;
          parsed = JSON.parse(text.toString('utf8')) as OtlpJsonRequest;
        } catch (err) {
          reject(res, 400, `unreadable OTLP JSON body: ${(err as Error).message}`);
          return;
        }
        const { spans, skipped } = decodeOtlpJson(parsed);
        for (const span of spans) {
          const id = span.spanContext().traceId;
          let list = traces.get(id);
          if (list === undefined) traces.set(id, (list = []));
          list.push(span);
        }
        if (spans.length > 0) onSpans(spans);
        answer(res, 200, skipped > 0 ? { partialSuccess: { rejectedSpans: skipped, errorMessage: 'spans without valid trace/span ids' } } : {});
      },
      (err: unknown) => reject(res, 413, String((err as Error).message)),
    );
  });
  const bound = await listen(server, port, 'embedded OTLP collector', '--port');
  return {
    url: `http://127.0.0.1:${(bound.address() as AddressInfo).port}`,
    traces,
    rejected,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
