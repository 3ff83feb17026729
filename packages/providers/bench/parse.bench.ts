/**
 * Parser cost against the obvious alternative, in one run:
 *  - a 10 MB OpenAI SSE stream (16 KiB chunks) with include_usage, and the same without usage
 *    (estimated with the offline tokenizer);
 *  - 1,000 small JSON bodies.
 * The alternative buffers the whole body, then JSON.parse (JSON) or split('\n') + JSON.parse per
 * `data:` line (SSE). Prints time per run (best of 5), the ratio, and the peak heap kept while feeding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createResponseParser, ProviderRegistry } from '@llmobserve/providers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const registry = new ProviderRegistry();
const chat = registry.match('https://api.openai.com/v1/chat/completions')!;

function sseStream(targetBytes: number, withUsage: boolean): Buffer[] {
  const parts: string[] = [];
  let size = 0;
  let i = 0;
  const words = ['The', ' quick', ' brown', ' fox', ' jumps', ' over', ' the', ' lazy', ' dog', '.', ' Observability', ' matters', ' for', ' cost', ','];
  while (size < targetBytes) {
    const ev = `data: {"id":"chatcmpl-bench","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_44709d6fcb","choices":[{"index":0,"delta":{"content":"${words[i++ % words.length]}"},"logprobs":null,"finish_reason":null}]}\n\n`;
    parts.push(ev);
    size += ev.length;
  }
  parts.push('data: {"id":"chatcmpl-bench","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\n');
  if (withUsage) parts.push(`data: {"id":"chatcmpl-bench","choices":[],"usage":{"prompt_tokens":19,"completion_tokens":${i},"total_tokens":${19 + i}}}\n\n`);
  parts.push('data: [DONE]\n\n');
  const all = Buffer.from(parts.join(''));
  const chunks: Buffer[] = [];
  for (let o = 0; o < all.length; o += 16384) chunks.push(all.subarray(o, o + 16384));
  return chunks;
}

interface Measure {
  ms: number;
  peakHeap: number;
  result: unknown;
}

/**
 * Time: best of `runs` without sampling. Memory: one more run where each sample collects garbage first,
 * so the peak is what the code keeps alive (retained heap), not garbage awaiting collection.
 */
function measure(fn: (sample: () => void) => unknown, runs = 5): Measure {
  let best = Infinity;
  let result: unknown;
  for (let r = 0; r < runs; r++) {
    gc();
    const t0 = performance.now();
    result = fn(() => undefined);
    const dt = performance.now() - t0;
    if (dt < best) best = dt;
  }
  gc();
  const base = process.memoryUsage().heapUsed;
  let max = base;
  fn(() => {
    gc();
    const h = process.memoryUsage().heapUsed;
    if (h > max) max = h;
  });
  return { ms: best, peakHeap: max - base, result };
}

function oursStream(chunks: Buffer[], request: { stream: boolean; includeUsage?: boolean }) {
  return (sample: () => void) => {
    const p = createResponseParser(chat, { statusCode: 200, contentType: 'text/event-stream', request: { ...request, model: 'gpt-4o-mini' } });
    for (let i = 0; i < chunks.length; i++) {
      p.write(chunks[i]);
      if ((i & 63) === 0) sample();
    }
    const r = p.end();
    return r.usage;
  };
}

function naiveStream(chunks: Buffer[]) {
  return (sample: () => void) => {
    const kept: Buffer[] = [];
    for (let i = 0; i < chunks.length; i++) {
      kept.push(Buffer.from(chunks[i]));
      if ((i & 63) === 0) sample();
    }
    const text = Buffer.concat(kept).toString('utf8');
    sample();
    let usage: unknown;
    for (const line of text.split('\n')) {
      if (!line.startsWith('data: ') || line === 'data: [DONE]') continue;
      const v = JSON.parse(line.slice(6)) as { usage?: unknown };
      if (v.usage) usage = v.usage;
    }
    sample();
    return usage;
  };
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(2)} MiB`;
}

function row(name: string, ours: Measure, alt: Measure): void {
  console.log(
    `${name.padEnd(44)} ours ${ours.ms.toFixed(1).padStart(8)} ms  alt ${alt.ms.toFixed(1).padStart(8)} ms  ratio ${(ours.ms / alt.ms).toFixed(2)}  ` +
      `peak retained heap ours ${mb(ours.peakHeap)} alt ${mb(alt.peakHeap)}`,
  );
}

const withUsage = sseStream(10 * 1024 * 1024, true);
const noUsage = sseStream(10 * 1024 * 1024, false);
console.log(`SSE stream: ${mb(withUsage.reduce((a, b) => a + b.length, 0))} in ${withUsage.length} chunks of 16 KiB`);
const a = measure(oursStream(withUsage, { stream: true, includeUsage: true }));
const b = measure(naiveStream(withUsage));
if (JSON.stringify(a.result) === JSON.stringify(undefined) || b.result === undefined) throw new Error('usage not found');
row('10 MB SSE, usage in the stream', a, b);
const c = measure(oursStream(noUsage, { stream: true }), 3);
const d = measure(naiveStream(noUsage), 3);
row('10 MB SSE, no usage (ours estimates tokens)', c, d);
console.log(`  estimated usage: ${JSON.stringify(c.result)}`);

const body = readFileSync(join(__dirname, '..', 'test', 'fixtures', 'openai-chat.json'));
const bodyChunks = [body.subarray(0, 700), body.subarray(700)];
const e = measure((sample) => {
  let n = 0;
  for (let i = 0; i < 1000; i++) {
    const p = createResponseParser(chat, { statusCode: 200, contentType: 'application/json' });
    p.write(bodyChunks[0]);
    p.write(bodyChunks[1]);
    n += p.end().usage?.inputTokens ?? 0;
    if ((i & 63) === 0) sample();
  }
  return n;
});
const f = measure((sample) => {
  let n = 0;
  for (let i = 0; i < 1000; i++) {
    const text = Buffer.concat([Buffer.from(bodyChunks[0]), Buffer.from(bodyChunks[1])]).toString('utf8');
    n += (JSON.parse(text) as { usage: { prompt_tokens: number } }).usage.prompt_tokens;
    if ((i & 63) === 0) sample();
  }
  return n;
});
if (e.result !== f.result) throw new Error(`JSON results differ: ${String(e.result)} vs ${String(f.result)}`);
row(`1,000 JSON bodies (${body.length} B each)`, e, f);

const big = Buffer.from(JSON.stringify({ object: 'list', data: Array.from({ length: 2000 }, (_, i) => ({ object: 'embedding', index: i, embedding: Array(1536).fill(0.0123456) })), model: 'text-embedding-3-small', usage: { prompt_tokens: 8000, total_tokens: 8000 } }));
const bigChunks: Buffer[] = [];
for (let o = 0; o < big.length; o += 16384) bigChunks.push(big.subarray(o, o + 16384));
const emb = registry.match('https://api.openai.com/v1/embeddings')!;
const g = measure((sample) => {
  const p = createResponseParser(emb, { statusCode: 200, contentType: 'application/json' });
  for (let i = 0; i < bigChunks.length; i++) {
    p.write(bigChunks[i]);
    if ((i & 63) === 0) sample();
  }
  return p.end().usage;
}, 3);
const h = measure((sample) => {
  const kept: Buffer[] = [];
  for (let i = 0; i < bigChunks.length; i++) {
    kept.push(Buffer.from(bigChunks[i]));
    if ((i & 63) === 0) sample();
  }
  const v = JSON.parse(Buffer.concat(kept).toString('utf8')) as { usage: unknown };
  sample();
  return v.usage;
}, 3);
row(`one ${mb(big.length)} embeddings JSON body`, g, h);
