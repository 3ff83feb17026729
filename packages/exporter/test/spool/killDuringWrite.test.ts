/**
 * kill -9 in the middle of spool writes never damages earlier records.
 * Needs the compiled package: `npm test` builds it; by hand run `npx tsc -b` first.
 */
import { diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpoolingExporter } from '@llmobserve/exporter';
import { waitFor } from '../../../../test/peers/process';

const CHILD = path.join(__dirname, '..', 'fixtures', 'spoolChild.js');
const DIST = path.join(__dirname, '..', '..', 'dist', 'index.js');

async function killNow(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) throw new Error(`child exited on its own (${child.exitCode ?? child.signalCode})`);
  const exited = new Promise(resolve => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

class Collector implements SpanExporter {
  readonly spans: ReadableSpan[] = [];
  export(spans: ReadableSpan[], cb: (r: { code: number }) => void): void {
    this.spans.push(...spans);
    cb({ code: ExportResultCode.SUCCESS });
  }
  async shutdown(): Promise<void> {}
}

describe('spool under kill -9', () => {
  beforeAll(() => {
    if (!fs.existsSync(DIST)) throw new Error(`${DIST} is missing: run \`npx tsc -b\` (npm test does) before this test`);
  });

  it('cuts the half-written record and keeps every earlier one when killed between the two halves of a write', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmobserve-tear-'));
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    try {
      const child = spawn(process.execPath, [CHILD, 'write-then-tear', dir, '500', '6'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      await waitFor('the child to stop mid-write', async () => out.includes('mid-write'), 30_000, () => `${out}\n${err}`);
      await killNow(child);
      expect(out.split('\n').filter(l => l.startsWith('stored'))).toHaveLength(6);
      const segment = fs.readdirSync(dir).find(n => n.endsWith('.spool'))!;
      const tornSize = fs.statSync(path.join(dir, segment)).size;

      const collector = new Collector();
      const replay = new SpoolingExporter(collector, { dir, fsync: 'never', retryInitialMillis: 10, retryMaxMillis: 10, replayBatchSpans: 4000 });
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/cut \d+ bytes of an incomplete record .*earlier records are intact/));
      expect(replay.stats().pendingSpans).toBe(3000);
      await waitFor('replay', async () => replay.stats().pendingSpans === 0 && collector.spans.length > 0, 30_000);
      await replay.shutdown();
      expect(collector.spans.map(s => s.name)).toEqual(Array.from({ length: 3000 }, (_, k) => `b${Math.floor(k / 500)}-${k % 500}`));
      expect(tornSize).toBeGreaterThan(0);
    } finally {
      warn.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it.each([1, 2, 3])('keeps every acknowledged batch, in order, when killed mid-write (run %i)', async run => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `llmobserve-kill-${run}-`));
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    try {
      // ~1.2 MB per batch: each append takes long enough that the kill usually lands inside one.
      const child = spawn(process.execPath, [CHILD, 'write-forever', dir, '2000'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const target = 3 + run * 2;
      await waitFor(`${target} stored batches`, async () => out.split('\n').filter(l => l.startsWith('stored')).length >= target, 30_000, () => err);
      await killNow(child);
      const acknowledged = out.split('\n').filter(l => l.startsWith('stored')).length;

      const collector = new Collector();
      const replay = new SpoolingExporter(collector, { dir, fsync: 'never', retryInitialMillis: 10, retryMaxMillis: 10, replayBatchSpans: 4000 });
      await waitFor('replay', async () => replay.stats().pendingSpans === 0 && collector.spans.length > 0, 30_000);
      await replay.shutdown();

      const names = collector.spans.map(s => s.name);
      const batches = names.length / 2000;
      expect(Number.isInteger(batches)).toBe(true);
      // Every acknowledged batch is there; at most one more (written, killed before its ack).
      expect(batches).toBeGreaterThanOrEqual(acknowledged);
      expect(batches).toBeLessThanOrEqual(acknowledged + 1);
      expect(names).toEqual(Array.from({ length: names.length }, (_, k) => `b${Math.floor(k / 2000)}-${k % 2000}`));
      expect(collector.spans.every(s => s.attributes.pad === 'p'.repeat(400))).toBe(true);
      const torn = warn.mock.calls.some(c => /incomplete record/.test(String(c[0])));
      console.log(`kill -9 run ${run}: ${acknowledged} batches acknowledged, ${batches} recovered, torn tail cut: ${torn}`);
    } finally {
      warn.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
