/**
 * One benchmark variant in its own process (fresh heap, its own fetch dispatcher):
 *   plain       no OpenTelemetry; Node's global fetch as is
 *   npm-undici  no OpenTelemetry; npm undici 7 as fetch's global dispatcher (what LLMObserve installs on Node < 22)
 *   otel        @opentelemetry/instrumentation-undici alone (HTTP spans, no body observation)
 *   llmobserve  LLMObserveInstrumentation (HTTP spans + usage capture)
 * Prints one JSON line: stream and JSON-call wall and CPU times (this process only), and retained heap
 * sampled with forced GCs.
 *
 * With `count <warm-up calls> <calls>` after the usual arguments it only does that many small calls
 * twice over, and prints nothing: instructions.bench.ts runs it under callgrind.
 */
import { LLMObserveInstrumentation } from '@llmobserve/instrumentation';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

const [variant, mockUrl, streamTokens, wordsPerChunk, mode, warmCalls, countCalls] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

// Spans are recorded (sampled) but go nowhere: the cost measured is capture, not export.
const provider = new BasicTracerProvider();
if (variant === 'npm-undici') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('undici');
} else if (variant === 'otel') {
  const u = new UndiciInstrumentation();
  u.setTracerProvider(provider);
} else if (variant === 'llmobserve') {
  const inst = new LLMObserveInstrumentation({ customEndpoints: [{ baseUrl: `${mockUrl}/v1`, provider: 'openai' }] });
  inst.setTracerProvider(provider);
}

const streamBody = JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Write a very long story' }] });
const jsonBody = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the world' }] });

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

async function stream(encoding: string, sampleEvery: number): Promise<{ ms: number; cpu: number; bytes: number; peakRetained: number; baseRetained: number }> {
  // Forced full GCs only for the heap-sampling runs: one before each timed run would shrink V8's heap
  // limits to the bare minimum, so that any variant promoting a little more memory pays for extra
  // mark-compacts a real process (whose limits grow with its heap) would not run.
  if (sampleEvery > 0) gc!();
  const baseRetained = process.memoryUsage().heapUsed;
  let peakRetained = baseRetained;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const res = await fetch(`${mockUrl}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'x-mock-output-tokens': streamTokens, 'x-mock-words-per-chunk': wordsPerChunk, 'x-mock-encoding': encoding },
    body: streamBody,
  });
  const reader = res.body!.getReader();
  let bytes = 0;
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (sampleEvery > 0 && ++n % sampleEvery === 0) {
      gc!();
      peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
    }
  }
  const ms = performance.now() - t0;
  return { ms, cpu: cpuMs(c0), bytes, peakRetained: peakRetained - baseRetained, baseRetained };
}

async function jsonCalls(n: number): Promise<{ ms: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${mockUrl}/v1/chat/completions`, { method: 'POST', body: jsonBody });
    await r.text();
  }
  return { ms: performance.now() - t0, cpu: cpuMs(c0) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  // Warm-up: connections, JIT, tokenizer tables, decoders.
  await jsonCalls(200);
  // The identity stream is cheap: warm it (and the parser's JIT) well, and take more samples of it.
  for (let i = 0; i < 4; i++) await stream('identity', 0);
  await stream('gzip', 0);
  const out: Record<string, number> = {};
  for (const enc of ['identity', 'gzip']) {
    const runs = [];
    for (let i = 0; i < (enc === 'identity' ? 15 : 5); i++) runs.push(await stream(enc, 0));
    out[`stream_${enc}_ms`] = median(runs.map((r) => r.ms));
    out[`stream_${enc}_cpu`] = median(runs.map((r) => r.cpu));
    out[`stream_${enc}_bytes`] = runs[0].bytes;
  }
  // Small calls reach their steady state only after a few thousand calls (JIT tiers up undici, the SDK
  // and the capture alike; the first 1,000 cost about twice the later ones): time what a service runs.
  await jsonCalls(3000);
  const json = [];
  for (let i = 0; i < 5; i++) json.push(await jsonCalls(1000));
  out.json_1000_ms = median(json.map((r) => r.ms));
  out.json_1000_cpu = median(json.map((r) => r.cpu));
  // Heap sampling last: its forced full GCs leave V8's heap limits at their minimum, which would bill
  // any timed run after them with extra collections (more so for a variant that allocates more).
  for (const enc of ['identity', 'gzip']) {
    const mem = await stream(enc, 64);
    out[`stream_${enc}_retained_peak_bytes`] = mem.peakRetained;
  }
  process.stdout.write(JSON.stringify({ variant, ...out }) + '\n');
}

/** Warm-up, then exactly the work asked for: the instruction count of a run minus that of a run with no work is the work's. */
async function count(): Promise<void> {
  await jsonCalls(Number(warmCalls));
  await jsonCalls(Number(countCalls));
}

(mode === 'count' ? count() : main()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
