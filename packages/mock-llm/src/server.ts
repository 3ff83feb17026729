import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_NOW_MS } from './constants';
import { route } from './router';
import type { MockLlm, MockLlmOptions, RecordedRequest } from './types';
import { negotiateEncoding, WriteTally, writeEvents, writeJson, type StreamEnd } from './writer';

const DEFAULT_MAX_LOGGED = 10_000;

function validate(options: MockLlmOptions): void {
  const { port, chunkDelayMs, maxLoggedRequests } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new RangeError(`startMockLlm: port must be an integer 0..65535, got ${String(port)}`);
  }
  if (chunkDelayMs !== undefined && (!Number.isFinite(chunkDelayMs) || chunkDelayMs < 0)) {
    throw new RangeError(`startMockLlm: chunkDelayMs must be >= 0, got ${String(chunkDelayMs)}`);
  }
  if (maxLoggedRequests !== undefined && (!Number.isInteger(maxLoggedRequests) || maxLoggedRequests < 0)) {
    throw new RangeError(`startMockLlm: maxLoggedRequests must be an integer >= 0, got ${String(maxLoggedRequests)}`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts the mock provider. It answers OpenAI (chat completions, Responses,
 * embeddings, models), Anthropic (messages), Gemini (generateContent,
 * streamGenerateContent) and Bedrock (converse, converse-stream, invoke)
 * requests with deterministic payloads; see the package README for the rules
 * that derive usage from the request and the `x-mock-*` headers.
 *
 * @example
 * const mock = await startMockLlm();
 * const client = new OpenAI({ apiKey: 'test', baseURL: `${mock.url}/v1` });
 * // …
 * await mock.close();
 */
export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlm> {
  validate(options);
  const host = options.host ?? '127.0.0.1';
  const compression = options.compression ?? true;
  const defaultDelay = options.chunkDelayMs ?? 0;
  const now = options.now ?? ((): number => DEFAULT_NOW_MS);
  const maxLogged = options.maxLoggedRequests ?? DEFAULT_MAX_LOGGED;
  const requests: RecordedRequest[] = [];
  const settledBySeq = new Map<number, Promise<RecordedRequest>>();
  let seq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const mySeq = seq++;
    const bodyText = await readBody(req);
    const full = new URL(req.url ?? '/', 'http://mock.invalid');
    const result = route({ method: req.method ?? 'GET', path: full.pathname, query: full.searchParams, headers: req.headers, nowMs: now() }, bodyText);
    const s = result.scenario;
    const reply = result.reply;
    const encoding = negotiateEncoding(req.headers['accept-encoding'], s?.encoding, compression);
    const record: RecordedRequest = {
      seq: mySeq,
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: { ...req.headers },
      body: bodyText,
      provider: result.provider,
      operation: result.operation,
      model: result.model,
      stream: reply.kind === 'stream',
      status: reply.status,
      usage: reply.status < 400 ? result.usage : undefined,
      completionText: reply.status < 400 ? result.completionText : undefined,
      contentEncoding: encoding,
      bodyBytes: 0,
      bodySha256: '',
      wireBytes: 0,
      wireSha256: '',
      eventsSent: 0,
      cut: false,
      clientAborted: false,
      completed: false,
    };
    if (maxLogged > 0) {
      requests.push(record);
      if (requests.length > maxLogged) requests.splice(0, requests.length - maxLogged);
    }
    const tally = new WriteTally();
    const closed = new Promise<RecordedRequest>((resolve) => {
      res.once('close', () => {
        const d = tally.digest();
        record.bodyBytes = tally.bodyBytes;
        record.bodySha256 = d.bodySha256;
        record.wireBytes = tally.wireBytes;
        record.wireSha256 = d.wireSha256;
        record.eventsSent = tally.events;
        if (!record.completed && !record.cut) record.clientAborted = true;
        resolve(record);
      });
    });
    settledBySeq.set(mySeq, closed);
    void closed.then(() => settledBySeq.delete(mySeq));

    res.once('finish', () => (record.completed = true));
    res.statusCode = reply.status;
    for (const [k, v] of Object.entries(reply.headers ?? {})) res.setHeader(k, v);
    if (encoding !== 'identity') res.setHeader('content-encoding', encoding);
    res.setHeader('vary', 'Accept-Encoding');

    if (reply.kind === 'json') {
      res.setHeader('content-type', 'application/json');
      writeJson(res, Buffer.from(JSON.stringify(reply.body), 'utf8'), encoding, tally);
      return;
    }
    res.setHeader('content-type', reply.contentType);
    res.setHeader('cache-control', 'no-cache');
    res.flushHeaders();
    const end: StreamEnd = await writeEvents(res, reply.events, { encoding, delayMs: s?.chunkDelayMs ?? defaultDelay, cutAfter: s?.cutAfter }, tally);
    if (end === 'cut') {
      record.cut = true;
      record.usage = undefined;
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in the mock must show in the test, not hang it.
      if (!res.headersSent) {
        res.statusCode = 599;
        res.end(`mock-llm internal error: ${String(err)}`);
      } else {
        res.destroy(err instanceof Error ? err : new Error(String(err)));
      }
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    requests,
    settled(n: number): Promise<RecordedRequest> {
      const pending = settledBySeq.get(n);
      if (pending) return pending;
      const done = requests.find((r) => r.seq === n);
      return done ? Promise.resolve(done) : Promise.reject(new Error(`mock-llm: no request with seq ${n}`));
    },
    close(): Promise<void> {
      return new Promise((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
