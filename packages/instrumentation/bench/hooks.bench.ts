/**
 * Per-call CPU of the capture's undici hooks and channel subscribers, isolated from I/O: the undici
 * diagnostics-channel messages of one small gzip JSON chat completion (request created, headers sent,
 * request body, response headers, one body chunk, trailers) are published in a loop, in one process per
 * variant: no instrumentation, the OTel undici instrumentation alone, and LLMObserve (which adds usage
 * capture on top of it). Prints µs per call and what LLMObserve adds to the OTel instrumentation.
 * Run: npm run bench:hooks -w @llmobserve/instrumentation
 */
import { spawnSync } from 'node:child_process';
import * as dc from 'node:diagnostics_channel';
import * as zlib from 'node:zlib';
import { LLMObserveInstrumentation } from '@llmobserve/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { BasicTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

const VARIANTS = ['none', 'otel', 'llmobserve'];
const ORIGIN = 'http://127.0.0.1:8080';
const CALLS = Number(process.env.BENCH_CALLS ?? '20000');

const responseBody = zlib.gzipSync(
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1767225600,
    model: 'gpt-4o-mini',
    choices: [{ index: 0, message: { role: 'assistant', content: 'The quick brown fox jumps over the lazy', refusal: null, annotations: [] }, logprobs: null, finish_reason: 'stop' }],
    usage: {
      prompt_tokens: 5,
      completion_tokens: 8,
      total_tokens: 13,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    },
    service_tier: 'default',
    system_fingerprint: 'fp_1',
  }),
);
const requestBody = Buffer.from(JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the world' }] }));
const responseHeaders = [
  ...['connection', 'keep-alive', 'content-encoding', 'gzip', 'content-length', String(responseBody.length), 'content-type', 'application/json'],
  ...['date', 'Sun, 22 Nov 2026 07:43:48 GMT', 'keep-alive', 'timeout=5', 'openai-processing-ms', '1', 'openai-version', '2020-10-01'],
  ...['vary', 'Accept-Encoding', 'x-request-id', 'req_db02d695be3052148c0704d7f9806cd7'],
].map((s) => Buffer.from(s));

const channels = {
  create: dc.channel('undici:request:create'),
  sendHeaders: dc.channel('undici:client:sendHeaders'),
  chunkSent: dc.channel('undici:request:bodyChunkSent'),
  bodySent: dc.channel('undici:request:bodySent'),
  headers: dc.channel('undici:request:headers'),
  chunk: dc.channel('undici:request:bodyChunkReceived'),
  trailers: dc.channel('undici:request:trailers'),
};
const socket = { remoteAddress: '127.0.0.1', remotePort: 8080, alpnProtocol: false };

/** The channel messages undici publishes for one call, in order. */
function call(): void {
  const headers: string[] = ['content-type', 'text/plain;charset=UTF-8', 'accept', '*/*', 'user-agent', 'node'];
  const request = { method: 'POST', origin: ORIGIN, path: '/v1/chat/completions', headers, addHeader: (k: string, v: string) => headers.push(k, v) };
  channels.create.publish({ request });
  channels.sendHeaders.publish({ request, headers: '', socket });
  channels.chunkSent.publish({ request, chunk: new Uint8Array(requestBody) });
  channels.bodySent.publish({ request });
  channels.headers.publish({ request, response: { statusCode: 200, headers: responseHeaders, statusText: 'OK' } });
  channels.chunk.publish({ request, chunk: responseBody });
  channels.trailers.publish({ request, trailers: [] });
}

function worker(variant: string): void {
  // The first span is kept to check the capture worked; spans then go nowhere: the cost measured is the hooks', not export.
  let first: ReadableSpan | undefined;
  const keepFirst: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => {
      first ??= span;
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };
  const provider = new BasicTracerProvider({ spanProcessors: [keepFirst] });
  if (variant === 'otel') new UndiciInstrumentation().setTracerProvider(provider);
  if (variant === 'llmobserve') new LLMObserveInstrumentation({ customEndpoints: [{ baseUrl: `${ORIGIN}/v1`, provider: 'openai' }] }).setTracerProvider(provider);
  call();
  const attrs = first?.attributes ?? {};
  if (variant === 'llmobserve' && attrs['gen_ai.usage.output_tokens'] !== 8) throw new Error(`capture did not read the usage: ${JSON.stringify(attrs)}`);
  if (variant !== 'none' && attrs['http.response.status_code'] !== 200) throw new Error(`no client span: ${JSON.stringify(attrs)}`);
  for (let i = 0; i < 5000; i++) call();
  const perCall: number[] = [];
  for (let round = 0; round < 7; round++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < CALLS; i++) call();
    const d = process.cpuUsage(c0);
    perCall.push((d.user + d.system) / CALLS);
  }
  perCall.sort((a, b) => a - b);
  process.stdout.write(JSON.stringify({ variant, us: perCall[3] }) + '\n');
}

function main(): void {
  const us: Record<string, number> = {};
  for (const v of VARIANTS) {
    const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, v], { encoding: 'utf8', cwd: `${__dirname}/..` });
    if (r.status !== 0) throw new Error(`${v} failed: ${r.stderr}`);
    us[v] = (JSON.parse(r.stdout.trim().split('\n').pop()!) as { us: number }).us;
  }
  console.log(`node ${process.version}; ${CALLS} calls x 7 rounds per variant, median round; CPU µs per call (hooks and subscribers only, no I/O)`);
  for (const v of VARIANTS) console.log(`${v.padEnd(12)} ${us[v].toFixed(2).padStart(7)} µs`);
  console.log(`LLMObserve adds ${(us.llmobserve - us.otel).toFixed(2)} µs per call to the OTel undici instrumentation (ratio ${(us.llmobserve / us.otel).toFixed(2)})`);
}

if (process.argv[2] !== undefined) worker(process.argv[2]);
else main();
