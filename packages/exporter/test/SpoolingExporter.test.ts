import { diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, SpoolingExporter } from '@llmobserve/exporter';
import type { SpoolOptions } from '@llmobserve/exporter';
import { waitFor } from '../../../test/peers/process';
import { exportAsync, recordSpans } from './helpers';

type Mode = 'up' | 'down' | 'hang' | 'throw' | 'reject';

/** A backend stand-in: records what it accepted, fails or hangs on demand. */
class FakeBackend implements SpanExporter {
  mode: Mode = 'up';
  readonly accepted: ReadableSpan[][] = [];
  attempts = 0;
  shutDown = false;
  export(spans: ReadableSpan[], cb: (r: ExportResult) => void): void {
    this.attempts++;
    if (this.mode === 'throw') throw new Error('sync failure');
    if (this.mode === 'hang') return;
    setImmediate(() => {
      if (this.mode === 'up') {
        this.accepted.push(spans);
        cb({ code: ExportResultCode.SUCCESS });
      } else if (this.mode === 'reject') {
        cb({ code: ExportResultCode.FAILED, error: Object.assign(new Error('Unsupported Media Type'), { code: 415 }) });
      } else {
        cb({ code: ExportResultCode.FAILED, error: Object.assign(new Error('Service Unavailable'), { code: 503 }) });
      }
    });
  }
  names(): string[] {
    return this.accepted.flat().map(s => s.name);
  }
  async shutdown(): Promise<void> {
    this.shutDown = true;
  }
  async forceFlush(): Promise<void> {}
}

function batch(prefix: string, n: number): ReadableSpan[] {
  const r = recordSpans();
  for (let i = 0; i < n; i++) r.start(`${prefix}${i}`).end();
  return r.finished();
}

describe('SpoolingExporter', () => {
  let dir: string;
  const made: SpoolingExporter[] = [];
  const make = (inner: SpanExporter, o: Partial<SpoolOptions> = {}): SpoolingExporter => {
    const e = new SpoolingExporter(inner, { dir, fsync: 'never', retryInitialMillis: 10, retryMaxMillis: 40, exportTimeoutMillis: 2000, ...o });
    made.push(e);
    return e;
  };

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmobserve-spooling-'));
  });
  afterEach(async () => {
    await Promise.all(made.splice(0).map(e => e.shutdown()));
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes batches straight through while the backend is up', async () => {
    const backend = new FakeBackend();
    const e = make(backend);
    expect((await exportAsync(e, batch('a', 3))).code).toBe(ExportResultCode.SUCCESS);
    expect(backend.names()).toEqual(['a0', 'a1', 'a2']);
    expect(e.stats()).toMatchObject({ spooledSpans: 0, replayedSpans: 0, pendingSpans: 0 });
  });

  it('spools while the backend is down and replays everything in order when it returns', async () => {
    const backend = new FakeBackend();
    backend.mode = 'down';
    const e = make(backend);
    for (const p of ['a', 'b', 'c']) expect((await exportAsync(e, batch(p, 2))).code).toBe(ExportResultCode.SUCCESS);
    expect(e.stats().spooledSpans).toBe(6);
    const attemptsWhileDown = backend.attempts;
    backend.mode = 'up';
    await waitFor('replay', async () => e.stats().pendingSpans === 0 && backend.accepted.length > 0, 5000);
    expect(backend.names()).toEqual(['a0', 'a1', 'b0', 'b1', 'c0', 'c1']);
    expect(attemptsWhileDown).toBeGreaterThanOrEqual(1);
    expect(e.stats()).toMatchObject({ spooledSpans: 6, replayedSpans: 6, pendingSpans: 0 });
    // Back to the live path.
    await exportAsync(e, batch('d', 1));
    expect(backend.names().slice(-1)).toEqual(['d0']);
    expect(e.stats().spooledSpans).toBe(6);
  });

  it('appends behind the spool instead of overtaking it', async () => {
    const backend = new FakeBackend();
    backend.mode = 'down';
    const e = make(backend, { retryInitialMillis: 60_000, retryMaxMillis: 60_000 });
    await exportAsync(e, batch('old', 1));
    backend.mode = 'up';
    await exportAsync(e, batch('new', 1)); // must not be sent before 'old'
    expect(backend.names()).toEqual([]);
    await e.forceFlush();
    expect(backend.names()).toEqual(['old0', 'new0']);
  });

  it('treats a hanging export as a failure after exportTimeoutMillis', async () => {
    const backend = new FakeBackend();
    backend.mode = 'hang';
    const e = make(backend, { exportTimeoutMillis: 50, retryInitialMillis: 60_000, retryMaxMillis: 60_000 });
    expect((await exportAsync(e, batch('h', 2))).code).toBe(ExportResultCode.SUCCESS);
    expect(e.stats().spooledSpans).toBe(2);
  });

  it('treats an exporter that throws as a failure', async () => {
    const backend = new FakeBackend();
    backend.mode = 'throw';
    const e = make(backend, { retryInitialMillis: 60_000, retryMaxMillis: 60_000 });
    expect((await exportAsync(e, batch('t', 1))).code).toBe(ExportResultCode.SUCCESS);
    expect(e.stats().spooledSpans).toBe(1);
  });

  it('reports dropped spans once, as llmobserve.spool.dropped on the next successful export', async () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const backend = new FakeBackend();
    backend.mode = 'down';
    const e = make(backend, { maxBytes: 8192, segmentBytes: 2048, retryInitialMillis: 60_000, retryMaxMillis: 60_000 });
    for (let i = 0; i < 30; i++) await exportAsync(e, batch(`b${i}-`, 2));
    const dropped = e.stats().droppedSpans;
    expect(dropped).toBeGreaterThan(0);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/dropped \d+ spans/));
    backend.mode = 'up';
    await e.forceFlush();
    const carriers = backend.accepted.flat().filter(s => s.attributes['llmobserve.spool.dropped'] !== undefined);
    expect(carriers).toHaveLength(1);
    expect(carriers[0]!.attributes['llmobserve.spool.dropped']).toBe(dropped);
    expect(backend.accepted[0]![0]).toBe(carriers[0]);
    expect(backend.accepted.flat()).toHaveLength(60 - dropped);
    await exportAsync(e, batch('z', 1));
    expect(backend.accepted.flat().filter(s => s.attributes['llmobserve.spool.dropped'] !== undefined)).toHaveLength(1);
  });

  it('replays a spool left by a previous process at start', async () => {
    const down = new FakeBackend();
    down.mode = 'down';
    const first = make(down, { retryInitialMillis: 60_000, retryMaxMillis: 60_000 });
    await exportAsync(first, batch('p', 4));
    await first.shutdown();
    expect(down.shutDown).toBe(true);
    const up = new FakeBackend();
    const second = make(up);
    await waitFor('replay at start', async () => second.stats().pendingSpans === 0 && up.accepted.length > 0, 5000);
    expect(up.names()).toEqual(['p0', 'p1', 'p2', 'p3']);
  });

  it('shutdown makes a last delivery attempt when the backend is not known to be down', async () => {
    const down = new FakeBackend();
    down.mode = 'down';
    const first = make(down, { retryInitialMillis: 60_000, retryMaxMillis: 60_000 });
    await exportAsync(first, batch('s', 2));
    await first.shutdown();
    const up = new FakeBackend();
    const second = make(up);
    await second.shutdown(); // before the start-up replay timer fires
    expect(up.names()).toEqual(['s0', 's1']);
    expect(up.shutDown).toBe(true);
    expect(fs.readdirSync(dir).some(n => n.endsWith('.spool'))).toBe(false);
    expect((await exportAsync(second, batch('x', 1))).code).toBe(ExportResultCode.FAILED);
  });

  it('shutdown does not wait on a backend that is down; the spool stays on disk', async () => {
    const backend = new FakeBackend();
    backend.mode = 'down';
    const e = make(backend, { retryInitialMillis: 60_000, retryMaxMillis: 60_000 });
    await exportAsync(e, batch('k', 3));
    const attempts = backend.attempts;
    await e.shutdown();
    expect(backend.attempts).toBe(attempts);
    expect(fs.readdirSync(dir).some(n => n.endsWith('.spool'))).toBe(true);
  });

  it('backs off between replay attempts while the backend stays down', async () => {
    const backend = new FakeBackend();
    backend.mode = 'down';
    const e = make(backend, { retryInitialMillis: 5, retryMaxMillis: 20 });
    await exportAsync(e, batch('r', 1));
    await waitFor('several retries', async () => backend.attempts >= 4, 5000);
    expect(e.stats().pendingSpans).toBe(1);
  });

  it('does not spool a batch the backend refuses for good', async () => {
    jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const backend = new FakeBackend();
    backend.mode = 'reject';
    const e = make(backend);
    expect((await exportAsync(e, batch('bad', 2))).code).toBe(ExportResultCode.FAILED);
    expect(e.stats()).toMatchObject({ spooledSpans: 0, rejectedSpans: 2, pendingSpans: 0 });
    backend.mode = 'up';
    await exportAsync(e, batch('ok', 1));
    expect(backend.names()).toEqual(['ok0']);
  });

  it('removes a stored batch the backend refuses for good instead of blocking the spool on it', async () => {
    const warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
    const backend = new FakeBackend();
    backend.mode = 'down';
    const e = make(backend, { retryInitialMillis: 60_000, retryMaxMillis: 60_000, replayBatchSpans: 2 });
    await exportAsync(e, batch('poison', 2));
    await exportAsync(e, batch('good', 2));
    let calls = 0;
    backend.mode = 'up';
    const original = backend.export.bind(backend);
    backend.export = (spans, cb) => {
      if (calls++ === 0) return cb({ code: ExportResultCode.FAILED, error: Object.assign(new Error('Bad Request'), { code: 400 }) });
      original(spans, cb);
    };
    await e.forceFlush();
    expect(backend.names()).toEqual(['good0', 'good1']);
    expect(e.stats()).toMatchObject({ rejectedSpans: 2, pendingSpans: 0 });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/refused 2 stored spans for good/));
  });

  it('accepts an empty batch without touching the backend', async () => {
    const backend = new FakeBackend();
    const e = make(backend);
    expect((await exportAsync(e, [])).code).toBe(ExportResultCode.SUCCESS);
    expect(backend.attempts).toBe(0);
  });

  it.each<[string, Partial<SpoolOptions>, RegExp]>([
    ['unknown option', { colour: 1 } as never, /spool\.colour is not an option/],
    ['empty dir', { dir: '' }, /spool\.dir must be a directory path/],
    ['tiny maxBytes', { maxBytes: 100 }, /spool\.maxBytes must be an integer >= 4096, got 100/],
    ['segment above max', { maxBytes: 8192, segmentBytes: 9000 }, /spool\.segmentBytes must not exceed spool\.maxBytes/],
    ['fsync', { fsync: 'sometimes' as never }, /spool\.fsync must be "always" or "never", got "sometimes"/],
    ['retry order', { retryInitialMillis: 100, retryMaxMillis: 10 }, /spool\.retryMaxMillis must be >= spool\.retryInitialMillis/],
    ['timeout', { exportTimeoutMillis: 0 }, /spool\.exportTimeoutMillis/],
    ['replay batch', { replayBatchSpans: 1.5 }, /spool\.replayBatchSpans/],
  ])('rejects %s at set-up', (_name, options, message) => {
    expect(() => new SpoolingExporter(new FakeBackend(), { dir, ...options })).toThrow(ConfigError);
    expect(() => new SpoolingExporter(new FakeBackend(), { dir, ...options })).toThrow(message);
  });

  it('rejects a missing inner exporter or options', () => {
    expect(() => new SpoolingExporter(undefined as never, { dir })).toThrow(/SpoolingExporter\(inner\) must be a SpanExporter/);
    expect(() => new SpoolingExporter(new FakeBackend(), null as never)).toThrow(/spool must be an object/);
  });
});
