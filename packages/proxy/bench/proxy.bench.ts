/**
 * Proxy overhead on loopback against the mock provider, each server in its own process, runs alternating
 * between targets in one go:
 *   direct  — the mock itself
 *   proxy   — the LLMObserve proxy (spans, context, usage parsing, cost header, CostSpanProcessor, batch export)
 *   bare    — node:http + undici forwarder doing nothing else (the floor for a Node forwarder)
 * Prints added p50/p99 latency with 1 connection, req/s and forwarder CPU ms per request with 10 connections,
 * added time to first streamed byte, and the ratios. Every response is timed with hrtime (µs resolution).
 */
import { fork, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'undici';

const ROOT = join(__dirname, '..', '..', '..');
const SEQ_WARMUP = Number(process.env.BENCH_WARMUP ?? 3000);
const SEQ_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const SEQ_PER_ROUND = Number(process.env.BENCH_PER_ROUND ?? 400);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 3);
const LOAD_ROUNDS = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const CONNECTIONS = 10;
const ENCODING = process.env.BENCH_ENCODING ?? 'identity';

const CHAT = JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the world, briefly please.' }] });
const STREAM = JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'Stream a few words.' }] });
const HEADERS = {
  'content-type': 'application/json',
  authorization: 'Bearer sk-bench',
  'accept-encoding': ENCODING,
  'x-llmobserve-run-id': '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  'x-llmobserve-customer-id': 'bench-customer',
  'x-llmobserve-section-path': 'agent:bench/step:call',
};

interface Target {
  name: 'direct' | 'proxy' | 'bare';
  origin: string;
  path: string;
  child?: ChildProcess;
}

function startMock(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, 'packages/mock-llm/dist/cli.js'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ url: m[1], child });
    });
    child.once('exit', (c) => reject(new Error(`mock exited ${c}`)));
  });
}

function startServer(kind: 'proxy' | 'bare', upstream: string): Promise<{ url: string; child: ChildProcess }> {
  const child = fork(join(__dirname, 'server.ts'), [kind, upstream], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve({ url: m.url, child }));
    child.once('exit', (c) => reject(new Error(`${kind} exited ${c}`)));
  });
}

function cpuOf(child: ChildProcess): Promise<{ cpuMs: number; exported: number; priced: number }> {
  return new Promise((resolve) => {
    child.once('message', (m: { cpu: NodeJS.CpuUsage; exported: number; priced: number }) =>
      resolve({ cpuMs: (m.cpu.user + m.cpu.system) / 1000, exported: m.exported, priced: m.priced }),
    );
    child.send('cpu');
  });
}

/** One request; resolves to [total µs, first-body-byte µs, cost header]. */
async function once(client: Client, t: Target, body: string, extra: Record<string, string> = {}): Promise<[number, number, string | undefined]> {
  const start = process.hrtime.bigint();
  const res = await client.request({ path: t.path, method: 'POST', headers: { ...HEADERS, ...extra }, body });
  let first = 0n;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    if (first === 0n && chunk.length > 0) first = process.hrtime.bigint();
  }
  const end = process.hrtime.bigint();
  if (res.statusCode !== 200) throw new Error(`${t.name}: HTTP ${res.statusCode}`);
  const cost = res.headers['x-llmobserve-cost-usd'];
  const overhead = res.headers['x-llmobserve-overhead-ms'];
  if (typeof overhead === 'string') overheads.push(Number(overhead));
  return [Number(end - start) / 1000, Number(first - start) / 1000, Array.isArray(cost) ? cost[0] : cost];
}

/** X-LLMObserve-Overhead-Ms values the proxy reported (its own code's time on the request's path). */
const overheads: number[] = [];

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function sortNum(a: number[]): number[] {
  return [...a].sort((x, y) => x - y);
}

async function sequential(targets: Target[], body: string, extra: Record<string, string>, measure: 0 | 1): Promise<Map<string, number[]>> {
  const clients = new Map(targets.map((t) => [t.name, new Client(t.origin, { pipelining: 1, keepAliveTimeout: 30_000 })]));
  const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  for (const t of targets) for (let i = 0; i < SEQ_WARMUP / 4; i++) await once(clients.get(t.name)!, t, body, extra);
  // Targets alternate request by request, so each sees the same machine (other processes, CPU frequency).
  for (let r = 0; r < SEQ_ROUNDS; r++) {
    const order = r % 2 === 0 ? targets : [...targets].reverse();
    for (let i = 0; i < SEQ_PER_ROUND; i++) {
      for (const t of order) times.get(t.name)!.push((await once(clients.get(t.name)!, t, body, extra))[measure]);
    }
  }
  await Promise.all([...clients.values()].map((c) => c.close()));
  return times;
}

async function load(t: Target, seconds: number): Promise<{ rps: number; cpuMsPerReq: number | undefined }> {
  const clients = Array.from({ length: CONNECTIONS }, () => new Client(t.origin, { pipelining: 1, keepAliveTimeout: 30_000 }));
  const before = t.child ? await cpuOf(t.child) : undefined;
  const end = Date.now() + seconds * 1000;
  let done = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < end) {
        await once(c, t, CHAT);
        done++;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  const after = t.child ? await cpuOf(t.child) : undefined;
  await Promise.all(clients.map((c) => c.close()));
  return { rps: done / elapsed, cpuMsPerReq: before && after ? (after.cpuMs - before.cpuMs) / done : undefined };
}

function median(a: number[]): number {
  return sortNum(a)[Math.floor(a.length / 2)];
}

const f = (n: number, d = 3): string => n.toFixed(d);

async function main(): Promise<void> {
  const mock = await startMock();
  const proxy = await startServer('proxy', mock.url);
  const bare = await startServer('bare', mock.url);
  const targets: Target[] = [
    { name: 'direct', origin: mock.url, path: '/v1/chat/completions' },
    { name: 'proxy', origin: proxy.url, path: '/openai/v1/chat/completions', child: proxy.child },
    { name: 'bare', origin: bare.url, path: '/v1/chat/completions', child: bare.child },
  ];
  try {
    const probe = new Client(proxy.url);
    const [, , cost] = await once(probe, targets[1], CHAT);
    await probe.close();
    console.log(`proxy bench — Node ${process.version}, accept-encoding: ${ENCODING}, cost header on the proxy's answer: ${cost ?? 'MISSING'}`);
    console.log(`sequential: ${SEQ_ROUNDS * SEQ_PER_ROUND} requests per target, targets alternating request by request, 1 connection each`);

    const seq = await sequential(targets, CHAT, {}, 0);
    const s = new Map([...seq].map(([k, v]) => [k, sortNum(v)]));
    const d = s.get('direct')!;
    const row = (name: string): string => {
      const v = s.get(name)!;
      return `  ${name.padEnd(7)} p50 ${f(pct(v, 50) / 1000)} ms  p99 ${f(pct(v, 99) / 1000)} ms  added p50 ${f((pct(v, 50) - pct(d, 50)) / 1000)} ms  added p99 ${f((pct(v, 99) - pct(d, 99)) / 1000)} ms`;
    };
    console.log(`  direct  p50 ${f(pct(d, 50) / 1000)} ms  p99 ${f(pct(d, 99) / 1000)} ms`);
    console.log(row('proxy'));
    console.log(row('bare'));
    const oh = sortNum(overheads);
    console.log(`  proxy's own X-LLMObserve-Overhead-Ms: p50 ${f(pct(oh, 50))} ms  p99 ${f(pct(oh, 99))} ms`);

    console.log(`\nstream TTFB (first body byte), ${SEQ_ROUNDS * SEQ_PER_ROUND} streams per target, alternating:`);
    const ttfb = await sequential(targets, STREAM, { 'x-mock-output-tokens': '16' }, 1);
    const td = sortNum(ttfb.get('direct')!);
    console.log(`  direct  p50 ${f(pct(td, 50) / 1000)} ms  p99 ${f(pct(td, 99) / 1000)} ms`);
    for (const name of ['proxy', 'bare']) {
      const tp = sortNum(ttfb.get(name)!);
      console.log(`  ${name.padEnd(7)} p50 ${f(pct(tp, 50) / 1000)} ms  p99 ${f(pct(tp, 99) / 1000)} ms  added p50 ${f((pct(tp, 50) - pct(td, 50)) / 1000)} ms  added p99 ${f((pct(tp, 99) - pct(td, 99)) / 1000)} ms`);
    }

    console.log(`\nthroughput: ${CONNECTIONS} connections, ${LOAD_ROUNDS} alternating rounds x ${LOAD_SECONDS} s per target`);
    const rps = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    const cpu = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    for (const t of targets) await load(t, 1);
    for (let r = 0; r < LOAD_ROUNDS; r++) {
      for (const t of r % 2 === 0 ? targets : [...targets].reverse()) {
        const x = await load(t, LOAD_SECONDS);
        rps.get(t.name)!.push(x.rps);
        if (x.cpuMsPerReq !== undefined) cpu.get(t.name)!.push(x.cpuMsPerReq);
      }
    }
    for (const t of targets) {
      const c = cpu.get(t.name)!;
      console.log(`  ${t.name.padEnd(7)} ${median(rps.get(t.name)!).toFixed(0).padStart(6)} req/s${c.length ? `  forwarder CPU ${f(median(c))} ms/request` : ''}`);
    }
    const pc = median(cpu.get('proxy')!);
    const bc = median(cpu.get('bare')!);
    const spans = await cpuOf(proxy.child);
    console.log('\nratios:');
    console.log(`  proxy CPU / bare forwarder CPU          ${f(pc / bc, 2)}x   (+${f(pc - bc)} ms/request for spans, context, parsing, cost)`);
    console.log(`  proxy req/s / direct req/s              ${f(median(rps.get('proxy')!) / median(rps.get('direct')!), 2)}`);
    console.log(`  proxy req/s / Portkey's ~570 req/s      ${f(median(rps.get('proxy')!) / 570, 1)}x   (issue's figure, same machine)`);
    console.log(`  Portkey's 1.9 ms CPU / proxy CPU        ${f(1.9 / pc, 1)}x`);
    console.log(`  spans exported by the proxy: ${spans.exported}, with a cost: ${spans.priced}`);
  } finally {
    for (const c of [proxy.child, bare.child, mock.child]) c.kill('SIGTERM');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
