/**
 * Capture overhead: a ~10 MB SSE stream (identity and gzip) and 1,000 small JSON calls through global
 * fetch against the mock provider (in its own process), for each variant in its own process (see
 * worker.ts). Prints times, the ratio LLMObserve / plain fetch (and / OTel undici instrumentation),
 * and the peak retained heap during the stream, sampled after forced GCs every 64 chunks.
 * Run: npm run bench -w @llmobserve/instrumentation
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { startMock } from './mock';

const STREAM_TOKENS = process.env.BENCH_STREAM_TOKENS ?? '1000000';
const WORDS_PER_CHUNK = process.env.BENCH_WORDS_PER_CHUNK ?? '64';
const VARIANTS = ['plain', 'npm-undici', 'otel', 'llmobserve'];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? '3');

type Row = Record<string, number | string>;

async function main(): Promise<void> {
  const mock = await startMock();
  // Variants alternate over rounds, each in a fresh process; per metric the median over rounds is kept.
  const all: Record<string, Row[]> = Object.fromEntries(VARIANTS.map((v) => [v, []]));
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const v of VARIANTS) {
        const r = spawnSync(
          process.execPath,
          ['--expose-gc', '-r', 'ts-node/register/transpile-only', path.join(__dirname, 'worker.ts'), v, mock.url, STREAM_TOKENS, WORDS_PER_CHUNK],
          { encoding: 'utf8', cwd: path.join(__dirname, '..'), timeout: 600_000 },
        );
        if (r.status !== 0) throw new Error(`${v} failed: ${r.stderr}`);
        all[v].push(JSON.parse(r.stdout.trim().split('\n').pop()!) as Row);
      }
    }
  } finally {
    mock.stop();
  }
  const rows: Record<string, Row> = {};
  for (const v of VARIANTS) {
    rows[v] = {};
    for (const k of Object.keys(all[v][0])) {
      const xs = all[v].map((r) => r[k]);
      rows[v][k] = typeof xs[0] === 'number' ? [...(xs as number[])].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : xs[0];
    }
  }
  const n = (v: string, k: string): number => Number(rows[v][k]);
  const mib = (b: number): string => `${(b / 1048576).toFixed(2)} MiB`;
  const f = (x: number): string => x.toFixed(1).padStart(9);
  console.log(`node ${process.version}; stream ${mib(n('plain', 'stream_identity_bytes'))} (identity, and gzip decoded); ${ROUNDS} rounds, medians`);
  console.log('Client process only: CPU ms (user+sys) and wall ms. Wall time includes the mock, which shares the 2 cores.');
  console.log('variant      stream-id cpu/wall      stream-gz cpu/wall      1000 JSON cpu/wall    retained peak id / gz');
  for (const v of VARIANTS) {
    console.log(
      `${v.padEnd(12)} ${f(n(v, 'stream_identity_cpu'))} ${f(n(v, 'stream_identity_ms'))}  ${f(n(v, 'stream_gzip_cpu'))} ${f(n(v, 'stream_gzip_ms'))}  ${f(n(v, 'json_1000_cpu'))} ${f(n(v, 'json_1000_ms'))}    ${mib(n(v, 'stream_identity_retained_peak_bytes'))} / ${mib(n(v, 'stream_gzip_retained_peak_bytes'))}`,
    );
  }
  for (const base of ['plain', 'npm-undici', 'otel']) {
    const r = (k: string): string => (n('llmobserve', k) / n(base, k)).toFixed(3);
    console.log(
      `ratio llmobserve/${base}: CPU stream identity ${r('stream_identity_cpu')}, gzip ${r('stream_gzip_cpu')}, 1000 JSON ${r('json_1000_cpu')}` +
        ` | wall stream identity ${r('stream_identity_ms')}, gzip ${r('stream_gzip_ms')}, 1000 JSON ${r('json_1000_ms')}`,
    );
  }
  for (const enc of ['identity', 'gzip']) {
    const extra = n('llmobserve', `stream_${enc}_retained_peak_bytes`) - n('plain', `stream_${enc}_retained_peak_bytes`);
    console.log(`peak extra retained heap during the ${enc} stream, llmobserve vs plain: ${mib(extra)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
