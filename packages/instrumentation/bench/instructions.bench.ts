/**
 * Capture overhead on small calls counted in instructions rather than seconds: the small gzip JSON
 * calls of capture.bench.ts through global fetch, each variant run under valgrind's callgrind, which
 * counts the instructions the client process executes (all its threads; not the kernel's, not the
 * mock's). Other load on the machine does not change a count, but JIT and GC timing still do: over
 * 1,000 calls the per-call figure of one variant differed by up to 15 % between runs, hence 3,000
 * calls by default; compare more than one run. Instructions are not time (cache misses and system
 * calls are not in them): this complements capture.bench.ts, it does not replace it.
 *
 * The work of the calls is the count of a run doing the warm-up plus the calls, minus the count of a
 * run doing the warm-up alone (worker.ts `count` mode). Streams are left to capture.bench.ts: a
 * stream's capture is too few instructions against that run-to-run variation.
 * Run: npm run bench:instructions -w @llmobserve/instrumentation   (needs valgrind; ~11 min on Node 20)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { startMock } from './mock';

const VARIANTS = ['plain', 'otel', 'llmobserve'];
const WARMUP_CALLS = 1500;
const JSON_CALLS = Number(process.env.BENCH_JSON_CALLS ?? '3000');
/** Small calls after the warm-up, per run: none (the warm-up alone) and the measured ones. */
const SETS: Record<string, number> = { base: 0, json: JSON_CALLS };
const PARALLEL = 2;

function requireValgrind(): void {
  const r = spawnSync('valgrind', ['--version'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error('valgrind is not installed (Debian: apt-get install valgrind); this benchmark counts instructions with it');
}

/**
 * worker.ts as JavaScript, so that the runs under callgrind do not load the TypeScript compiler
 * (most of a run's instructions otherwise). Written below the package's node_modules, from where
 * the worker's imports resolve as they do from bench/.
 */
function compileWorker(): string {
  const out = path.join(__dirname, '..', 'node_modules', '.cache', 'llmobserve-bench', 'worker.js');
  const source = readFileSync(path.join(__dirname, 'worker.ts'), 'utf8');
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, js.outputText);
  return out;
}

/** Instructions executed by one worker run under callgrind. */
function countRun(worker: string, variant: string, mockUrl: string, calls: number): Promise<number> {
  const args = [
    '--tool=callgrind',
    '--callgrind-out-file=/dev/null',
    process.execPath,
    '--expose-gc',
    worker,
    variant,
    mockUrl,
    '0', // stream tokens and words per chunk: no streams in count mode
    '0',
    'count',
    String(WARMUP_CALLS),
    String(calls),
  ];
  const child = spawn('valgrind', args, { cwd: path.join(__dirname, '..'), stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      const m = /Collected : (\d+)/.exec(stderr);
      if (code !== 0 || !m) reject(new Error(`${variant} ${calls} calls failed (exit ${String(code)}): ${stderr.slice(-2000)}`));
      else resolve(Number(m[1]));
    });
  });
}

async function main(): Promise<void> {
  // Fewer calls drown in the run-to-run variation of a whole run (with 5 calls, per-call figures came out negative).
  if (!(JSON_CALLS >= 1000)) throw new Error(`BENCH_JSON_CALLS must be at least 1000, got ${String(process.env.BENCH_JSON_CALLS)}`);
  requireValgrind();
  const worker = compileWorker();
  const mock = await startMock();
  const counts: Record<string, Record<string, number>> = Object.fromEntries(VARIANTS.map((v) => [v, {}]));
  const jobs = VARIANTS.flatMap((v) => Object.keys(SETS).map((s) => [v, s] as const));
  try {
    let next = 0;
    let failed = false;
    const lane = async (): Promise<void> => {
      while (next < jobs.length && !failed) {
        const [v, s] = jobs[next++];
        counts[v][s] = await countRun(worker, v, mock.url, SETS[s]).catch((err: unknown) => {
          failed = true; // the other lane starts no further run
          throw err;
        });
        process.stderr.write(`  ${v} ${s}: ${counts[v][s].toLocaleString('en')} instructions\n`);
      }
    };
    await Promise.all(Array.from({ length: PARALLEL }, lane));
  } finally {
    mock.stop();
  }
  const perCall = (v: string): number => (counts[v].json - counts[v].base) / JSON_CALLS;
  console.log(`node ${process.version}; instructions of the client process per small gzip JSON call (callgrind, ${JSON_CALLS} calls after ${WARMUP_CALLS})`);
  for (const v of VARIANTS) console.log(`${v.padEnd(12)} ${Math.round(perCall(v)).toLocaleString('en').padStart(10)}`);
  for (const base of ['plain', 'otel']) console.log(`ratio llmobserve/${base}: ${(perCall('llmobserve') / perCall(base)).toFixed(3)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
