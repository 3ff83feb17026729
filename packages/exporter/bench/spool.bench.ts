/**
 * Spool throughput: writing batches while the backend is down (fsync 'always'
 * vs 'never'), replaying them into a no-op sink (the spool's own read + decode
 * cost) and into a real Jaeger, against exporting the same spans live. Also the
 * record encoding we chose (OTLP/JSON) against OTLP/protobuf.
 * Run: npm run bench -w @llmobserve/exporter
 */
import { ExportResultCode } from '@opentelemetry/core';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpoolingExporter, jaeger } from '@llmobserve/exporter';
import type { SpoolFsyncPolicy } from '@llmobserve/exporter';
import { startJaeger } from '../../../test/peers/jaeger';
import { exportAll, fmt, makeSpans, median } from './common';

const SPANS = 20_000;

const down: SpanExporter = {
  export: (_s, cb) => cb({ code: ExportResultCode.FAILED, error: new Error('down') }),
  shutdown: async () => undefined,
};
const sink: SpanExporter = {
  export: (_s, cb) => cb({ code: ExportResultCode.SUCCESS }),
  shutdown: async () => undefined,
};

async function fill(dir: string, spans: ReadableSpan[], fsync: SpoolFsyncPolicy): Promise<number> {
  const spool = new SpoolingExporter(down, { dir, fsync, maxBytes: 1 << 30, retryInitialMillis: 3_600_000, retryMaxMillis: 3_600_000 });
  const ms = await exportAll(spool, spans);
  await spool.shutdown();
  return ms;
}

async function drain(dir: string, inner: SpanExporter): Promise<number> {
  const start = process.hrtime.bigint();
  const spool = new SpoolingExporter(inner, { dir, retryInitialMillis: 1, retryMaxMillis: 10, replayBatchSpans: 512 });
  while (spool.stats().pendingSpans > 0) await new Promise(r => setTimeout(r, 1));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  await spool.shutdown();
  return ms;
}

function dirSize(dir: string): number {
  return fs.readdirSync(dir).reduce((n, f) => n + fs.statSync(path.join(dir, f)).size, 0);
}

async function main(): Promise<void> {
  const spans = makeSpans(SPANS);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llmobserve-spool-bench-'));
  const mkdir = (name: string): string => fs.mkdtempSync(path.join(root, `${name}-`));
  try {
    // Encoding of a record: what we store (JSON) vs the alternative (protobuf).
    const batch = spans.slice(0, 512);
    const once = (f: () => unknown): number => {
      const t = process.hrtime.bigint();
      for (let i = 0; i < 40; i++) f();
      return Number(process.hrtime.bigint() - t) / 1e6 / 40;
    };
    const json = (): unknown => JsonTraceSerializer.serializeRequest(batch);
    const proto = (): unknown => ProtobufTraceSerializer.serializeRequest(batch);
    for (let w = 0; w < 5; w++) {
      once(json);
      once(proto);
    }
    const jsonRuns: number[] = [];
    const protoRuns: number[] = [];
    for (let r = 0; r < 7; r++) {
      jsonRuns.push(once(json));
      protoRuns.push(once(proto));
    }
    const jsonMs = median(jsonRuns);
    const protoMs = median(protoRuns);
    console.log(
      `record encoding, 512 spans: OTLP/JSON ${jsonMs.toFixed(2)} ms (${fmt(512 / (jsonMs / 1000))} spans/s), ` +
        `protobuf ${protoMs.toFixed(2)} ms (${fmt(512 / (protoMs / 1000))} spans/s); JSON/protobuf time ${(jsonMs / protoMs).toFixed(2)}x`,
    );

    const write: Record<string, number> = {};
    let filled = '';
    for (const fsync of ['never', 'always'] as const) {
      const times: number[] = [];
      for (let r = 0; r < 3; r++) {
        const dir = mkdir(`write-${fsync}`);
        times.push(await fill(dir, spans, fsync));
        if (fsync === 'always' && r === 0) filled = dir;
        else fs.rmSync(dir, { recursive: true, force: true });
      }
      write[fsync] = SPANS / (median(times) / 1000);
      console.log(`spool write, fsync=${fsync.padEnd(6)}: ${fmt(write[fsync]!)} spans/s (median of 3 x ${fmt(SPANS)} spans in 512-span batches)`);
    }
    console.log(`fsync never/always write ratio: ${(write.never! / write.always!).toFixed(2)}x`);
    const bytes = dirSize(filled);
    console.log(`spool size: ${fmt(bytes / SPANS)} B/span (${(bytes / 1048576).toFixed(1)} MiB for ${fmt(SPANS)} spans)`);

    // Replay into a no-op sink: the spool's own cost (read, checksum, decode, commit).
    const copies = [0, 1, 2].map(i => {
      const dir = mkdir(`replay-${i}`);
      for (const f of fs.readdirSync(filled)) if (f !== 'lock') fs.copyFileSync(path.join(filled, f), path.join(dir, f));
      return dir;
    });
    const replayTimes: number[] = [];
    for (const dir of copies) replayTimes.push(await drain(dir, sink));
    const replaySink = SPANS / (median(replayTimes) / 1000);
    console.log(`spool replay into a no-op sink: ${fmt(replaySink)} spans/s (${(bytes / 1048576 / (median(replayTimes) / 1000)).toFixed(1)} MiB/s)`);

    // Replay into a real Jaeger over protobuf vs exporting the same spans live.
    const peer = await startJaeger();
    try {
      const live = jaeger({ endpoint: peer.otlpBaseUrl }, {});
      await exportAll(live, spans.slice(0, 2048));
      const liveRate = SPANS / (median([await exportAll(live, spans), await exportAll(live, spans), await exportAll(live, spans)]) / 1000);
      await live.shutdown();
      const replayed: number[] = [];
      for (let i = 0; i < 3; i++) {
        const dir = mkdir(`replay-jaeger-${i}`);
        for (const f of fs.readdirSync(filled)) if (f !== 'lock') fs.copyFileSync(path.join(filled, f), path.join(dir, f));
        const inner = jaeger({ endpoint: peer.otlpBaseUrl }, {});
        replayed.push(await drain(dir, inner));
      }
      const replayRate = SPANS / (median(replayed) / 1000);
      console.log(`spool replay into Jaeger ${peer.version} (protobuf): ${fmt(replayRate)} spans/s; live export: ${fmt(liveRate)} spans/s; replay/live ${(replayRate / liveRate).toFixed(2)}x`);
    } finally {
      await peer.stop();
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
