/**
 * Resolutions + cost computations per second over a realistic mix of 1,000 model ids, against the
 * obvious alternative (a linear scan with case-insensitive compares and float arithmetic), plus
 * the catalog load time at start-up (fresh process). Run: npm run bench -w @llmobserve/pricing
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PriceCatalog, type Usage } from '../src/index';

const catalog = PriceCatalog.load();
const listed = catalog.list().filter((e) => !e.entry.variant && e.entry.prices.input_token !== undefined && e.entry.prices.output_token !== undefined);

// A realistic mix: most traffic on a few flagship models in the forms instrumentations report them
// (bare, provider-prefixed, upper-case, Bedrock region ids, dated snapshots), a long tail, and 3 % unknown.
const FLAGSHIP: Array<[string, string | undefined]> = [
  ['gpt-4o', 'openai'], ['gpt-4o-mini', 'openai'], ['openai/gpt-4o', undefined], ['GPT-4o-mini', undefined],
  ['gpt-5', 'openai'], ['gpt-5-mini-2025-08-07', 'openai'], ['claude-sonnet-4-5', 'anthropic'], ['claude-sonnet-4-5-20250929', 'anthropic'],
  ['claude-3-5-haiku-20241022', 'anthropic'], ['gemini-2.5-flash', 'gcp.gemini'], ['gemini-2.5-pro', 'gcp.gemini'],
  ['us.anthropic.claude-3-5-sonnet-20240620-v1:0', 'aws.bedrock'], ['deepseek-chat', 'deepseek'], ['text-embedding-3-small', 'openai'],
];
let seed = 42;
const rnd = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const ids: Array<[string, string | undefined]> = [];
for (let i = 0; i < 1000; i++) {
  const k = rnd(100);
  if (k < 60) ids.push(FLAGSHIP[rnd(FLAGSHIP.length)]);
  else if (k < 97) {
    const e = listed[rnd(listed.length)];
    ids.push([e.id, undefined]);
  } else ids.push([`unknown-model-${rnd(50)}`, undefined]);
}
const usages: Usage[] = [];
for (let i = 0; i < 1000; i++) {
  const input = 200 + rnd(20000);
  usages.push({ inputTokens: input, cachedInputTokens: rnd(3) === 0 ? Math.floor(input / 2) : 0, outputTokens: 50 + rnd(2000), reasoningTokens: rnd(4) === 0 ? 20 : 0 });
}

// The obvious alternative: scan the entries, compare lower-cased ids, multiply floats.
const naiveTable = listed.map((e) => ({
  id: e.id.toLowerCase(),
  model: e.model.toLowerCase(),
  input: Number(e.entry.prices.input_token),
  cached: Number(e.entry.prices.cached_input_token ?? e.entry.prices.input_token),
  output: Number(e.entry.prices.output_token),
}));
function naiveCost(model: string, u: Usage): number | undefined {
  const m = model.toLowerCase();
  const bare = m.includes('/') ? m.slice(m.indexOf('/') + 1) : m;
  for (const e of naiveTable) {
    if (e.id === m || e.model === m || e.model === bare) {
      const cached = u.cachedInputTokens ?? 0;
      return ((u.inputTokens ?? 0) - cached) * e.input + cached * e.cached + (u.outputTokens ?? 0) * e.output;
    }
  }
  return undefined;
}

function measure(label: string, fn: () => number, ops: number): number {
  fn(); // warm-up
  const runs: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    runs.push(ops / (Number(process.hrtime.bigint() - t0) / 1e9));
  }
  runs.sort((a, b) => a - b);
  const median = runs[2];
  console.log(`${label.padEnd(46)} ${(median / 1e6).toFixed(2)} M ops/s`);
  return median;
}

const ROUNDS = 400;
let sink = 0;
const engine = measure('engine: resolve + exact cost (bigint)', () => {
  let priced = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < 1000; i++) {
      const [model, provider] = ids[i];
      const res = catalog.computeCost(usages[i], { model, provider });
      if (res.priced) priced++;
    }
  }
  sink += priced;
  return priced;
}, ROUNDS * 1000);
const engineUsd = measure('engine + read totalUsd (span attribute)', () => {
  let s = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (let i = 0; i < 1000; i++) {
      const [model, provider] = ids[i];
      const res = catalog.computeCost(usages[i], { model, provider });
      if (res.priced) s += res.totalUsd;
    }
  }
  sink += s;
  return s;
}, ROUNDS * 1000);
const NAIVE_ROUNDS = 10;
const naive = measure('naive: linear scan + float arithmetic', () => {
  let s = 0;
  for (let r = 0; r < NAIVE_ROUNDS; r++) {
    for (let i = 0; i < 1000; i++) s += naiveCost(ids[i][0], usages[i]) ?? 0;
  }
  sink += s;
  return s;
}, NAIVE_ROUNDS * 1000);
console.log(`ratio engine / naive: ${(engine / naive).toFixed(1)}x (with totalUsd: ${(engineUsd / naive).toFixed(1)}x)`);

// Catalog load at start-up, in fresh processes (compiled dist/).
const dist = join(__dirname, '..', 'dist', 'index.js');
const script = `const t0=process.hrtime.bigint();const P=require(${JSON.stringify(dist)});const t1=process.hrtime.bigint();P.PriceCatalog.load();const t2=process.hrtime.bigint();process.stdout.write(JSON.stringify([Number(t1-t0)/1e6,Number(t2-t1)/1e6]))`;
const loads: number[] = [];
const requires: number[] = [];
for (let i = 0; i < 5; i++) {
  const [req, load] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as [number, number];
  requires.push(req);
  loads.push(load);
}
loads.sort((a, b) => a - b);
requires.sort((a, b) => a - b);
console.log(`catalog load (fresh process, median of 5): ${loads[2].toFixed(1)} ms (+ module require ${requires[2].toFixed(1)} ms); target <= 50 ms`);
if (sink === -1) console.log(sink);
