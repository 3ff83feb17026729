import { context, diag } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ConfigError } from './ConfigError';
import { LLMOBSERVE_ATTRIBUTES } from './constants';
import { copySpan } from './spanCopy';
import { FileSpool } from './spool/FileSpool';
import { MAGIC_LENGTH, HEADER_LENGTH } from './spool/record';
import { decodeSpans, encodeSpans } from './spool/spanCodec';
import type { SpoolOptions } from './types';

/** Counters of a {@link SpoolingExporter}, for tests, benchmarks and health checks. */
export interface SpoolStats {
  /** Spans written to the spool since start. */
  readonly spooledSpans: number;
  /** Spans delivered from the spool since start. */
  readonly replayedSpans: number;
  /** Spans dropped (size cap) since start. */
  readonly droppedSpans: number;
  /** Spans the backend refused for good (HTTP 400, 413, 415, 422): not spooled, or removed from the spool. */
  readonly rejectedSpans: number;
  /** Spans waiting in the spool. */
  readonly pendingSpans: number;
  /** Bytes the spool occupies on disk. */
  readonly pendingBytes: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const MAX_SEGMENT_BYTES = 4 * 1024 * 1024;
const MIN_MAX_BYTES = 4096;
const KNOWN = new Set([
  'dir',
  'maxBytes',
  'segmentBytes',
  'fsync',
  'retryInitialMillis',
  'retryMaxMillis',
  'exportTimeoutMillis',
  'replayBatchSpans',
]);

function positive(field: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new ConfigError(field, value, `must be an integer >= ${min}`);
  }
  return value;
}

/**
 * HTTP statuses that say "this payload will never be accepted": retrying it
 * would block the spool behind it forever. 401/403/404 are not here: they are
 * usually configuration, fixed by a restart, and the spool keeps the data until then.
 */
const PERMANENT_HTTP_STATUS: ReadonlySet<number> = new Set([400, 413, 415, 422]);

function isPermanent(result: ExportResult): boolean {
  const code = (result.error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' && PERMANENT_HTTP_STATUS.has(code);
}

function failed(message: string): ExportResult {
  return { code: ExportResultCode.FAILED, error: new Error(message) };
}

/**
 * A `SpanExporter` that never loses a batch to an outage: when the wrapped
 * exporter fails or takes longer than `exportTimeoutMillis`, the batch is
 * appended to a durable disk spool ({@link FileSpool}) and reported as
 * exported. While the spool holds anything, new batches are appended behind it
 * and a single replay loop sends the oldest first, backing off (doubling from
 * `retryInitialMillis` to `retryMaxMillis`) while the backend stays down. A
 * spool left by a previous process is replayed at start.
 *
 * A batch the backend refuses for good (HTTP 400, 413, 415, 422) is not
 * retried: it would block everything behind it; it is counted in
 * `stats().rejectedSpans` and logged.
 *
 * When the size cap forces the oldest batches out, the count is logged through
 * `diag` and carried as `llmobserve.spool.dropped` on the first span of the next
 * successful export. Delivery is at-least-once: a batch whose export timed out
 * here but reached the backend later is sent again from the spool.
 */
export class SpoolingExporter implements SpanExporter {
  private readonly inner: SpanExporter;
  private readonly spool: FileSpool;
  private readonly retryInitial: number;
  private readonly retryMax: number;
  private readonly exportTimeout: number;
  private readonly replayBatchSpans: number;
  private retryDelay: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private draining: Promise<void> | undefined;
  private backlog: boolean;
  private stopped = false;
  /** True after a failed export, until one succeeds: shutdown then skips its last attempt. */
  private failing = false;
  private spooled = 0;
  private replayed = 0;
  private rejected = 0;

  /**
   * @param inner the exporter that talks to the backend
   * @param options spool directory and limits; throws {@link ConfigError} on a bad value
   */
  constructor(inner: SpanExporter, options: SpoolOptions) {
    if (inner === null || typeof inner !== 'object' || typeof inner.export !== 'function') {
      throw new ConfigError('SpoolingExporter(inner)', inner, 'must be a SpanExporter');
    }
    if (options === null || typeof options !== 'object') {
      throw new ConfigError('spool', options, 'must be an object such as { dir: "/var/spool/llmobserve" }');
    }
    for (const key of Object.keys(options)) {
      if (!KNOWN.has(key)) throw new ConfigError(`spool.${key}`, (options as unknown as Record<string, unknown>)[key], `is not an option (known: ${[...KNOWN].join(', ')})`);
    }
    if (typeof options.dir !== 'string' || options.dir.trim() === '') {
      throw new ConfigError('spool.dir', options.dir, 'must be a directory path');
    }
    const maxBytes = positive('spool.maxBytes', options.maxBytes, DEFAULT_MAX_BYTES, MIN_MAX_BYTES);
    const segmentBytes = positive(
      'spool.segmentBytes',
      options.segmentBytes,
      Math.max(MAGIC_LENGTH + HEADER_LENGTH + 1, Math.min(MAX_SEGMENT_BYTES, Math.floor(maxBytes / 4))),
      MAGIC_LENGTH + HEADER_LENGTH + 1,
    );
    if (segmentBytes > maxBytes) throw new ConfigError('spool.segmentBytes', segmentBytes, `must not exceed spool.maxBytes (${maxBytes})`);
    const fsync = options.fsync ?? 'always';
    if (fsync !== 'always' && fsync !== 'never') throw new ConfigError('spool.fsync', fsync, 'must be "always" or "never"');
    this.retryInitial = positive('spool.retryInitialMillis', options.retryInitialMillis, 1000);
    this.retryMax = positive('spool.retryMaxMillis', options.retryMaxMillis, 30_000);
    if (this.retryMax < this.retryInitial) {
      throw new ConfigError('spool.retryMaxMillis', this.retryMax, `must be >= spool.retryInitialMillis (${this.retryInitial})`);
    }
    this.exportTimeout = positive('spool.exportTimeoutMillis', options.exportTimeoutMillis, 15_000);
    this.replayBatchSpans = positive('spool.replayBatchSpans', options.replayBatchSpans, 512);
    this.inner = inner;
    this.retryDelay = this.retryInitial;
    this.spool = new FileSpool({ dir: options.dir, maxBytes, segmentBytes, fsync });
    this.backlog = !this.spool.isEmpty;
    if (this.backlog) {
      diag.info(`llmobserve spool: ${this.spool.pendingSpans} spans left by a previous run in ${options.dir}; replaying`);
      this.schedule(0);
    }
  }

  /** Counters since start (plus what the spool held at start). */
  stats(): SpoolStats {
    return {
      spooledSpans: this.spooled,
      replayedSpans: this.replayed,
      droppedSpans: this.spool.droppedTotal,
      rejectedSpans: this.rejected,
      pendingSpans: this.spool.pendingSpans,
      pendingBytes: this.spool.sizeBytes,
    };
  }

  /** Exports live, or appends behind the spool while it holds anything. Never throws. */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.stopped) {
      resultCallback(failed('SpoolingExporter is shut down'));
      return;
    }
    if (spans.length === 0) {
      resultCallback({ code: ExportResultCode.SUCCESS });
      return;
    }
    if (this.backlog) {
      this.store(spans, resultCallback);
      return;
    }
    const dropped = this.spool.droppedUnreported;
    void this.send(spans, dropped).then(result => {
      if (result.code === ExportResultCode.SUCCESS) {
        this.failing = false;
        if (dropped > 0) void this.spool.acknowledgeDropped(dropped).catch(() => undefined);
        resultCallback(result);
        return;
      }
      if (isPermanent(result)) {
        this.rejected += spans.length;
        diag.warn(`llmobserve spool: the backend refused ${spans.length} spans for good (${result.error?.message ?? ''}); not spooled`);
        resultCallback(result);
        return;
      }
      diag.debug(`llmobserve spool: export failed (${result.error?.message ?? 'unknown error'}); spooling ${spans.length} spans`);
      this.backlog = true;
      this.failing = true;
      this.store(spans, resultCallback);
    });
  }

  /** Tries to deliver the spool once (without waiting out a backend outage), then flushes the inner exporter. */
  async forceFlush(): Promise<void> {
    if (!this.stopped && this.backlog) await this.drain();
    await this.inner.forceFlush?.();
  }

  /**
   * Makes a last delivery attempt unless the backend is known to be failing,
   * closes the spool (what is left stays on disk for the next start) and shuts
   * the inner exporter down.
   */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.clearTimer();
    if (this.backlog && !this.failing) await this.drain();
    this.stopped = true;
    this.clearTimer();
    await this.draining;
    await this.spool.close().catch(err => diag.warn(`llmobserve spool: close failed: ${(err as Error).message}`));
    await this.inner.shutdown();
  }

  private store(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let payload: Uint8Array;
    try {
      payload = encodeSpans(spans);
    } catch (err) {
      resultCallback({ code: ExportResultCode.FAILED, error: err as Error });
      return;
    }
    this.spool.append(payload, spans.length).then(
      result => {
        if (result.stored) this.spooled += spans.length;
        resultCallback(result.stored ? { code: ExportResultCode.SUCCESS } : failed('batch is larger than spool.maxBytes'));
        if (this.retryTimer === undefined && this.draining === undefined) this.schedule(this.retryDelay);
      },
      (err: Error) => {
        diag.warn(`llmobserve spool: could not store ${spans.length} spans: ${err.message}`);
        resultCallback({ code: ExportResultCode.FAILED, error: err });
      },
    );
  }

  private send(spans: ReadableSpan[], dropped: number): Promise<ExportResult> {
    const batch =
      dropped > 0
        ? [copySpan(spans[0], { attributes: { ...spans[0].attributes, [LLMOBSERVE_ATTRIBUTES.spoolDropped]: dropped } }), ...spans.slice(1)]
        : spans;
    return new Promise(resolve => {
      let settled = false;
      const finish = (result: ExportResult): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => finish(failed(`export took longer than spool.exportTimeoutMillis (${this.exportTimeout} ms)`)), this.exportTimeout);
      timer.unref();
      try {
        // Our own HTTP calls must not be traced (replay runs outside the BatchSpanProcessor's suppression).
        context.with(suppressTracing(context.active()), () => this.inner.export(batch, finish));
      } catch (err) {
        finish({ code: ExportResultCode.FAILED, error: err as Error });
      }
    });
  }

  private clearTimer(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  private schedule(delay: number): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.drain();
    }, delay);
    this.retryTimer.unref();
  }

  private drain(): Promise<void> {
    if (this.draining === undefined) {
      this.draining = this.drainLoop().finally(() => {
        this.draining = undefined;
      });
    }
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    let idle = 0;
    try {
      while (!this.stopped) {
        const batch = await this.spool.readBatch(this.replayBatchSpans);
        if (batch.records.length === 0) {
          await this.spool.commit(batch.end, 0);
          if (this.spool.isEmpty) {
            this.backlog = false;
            return;
          }
          // Only damaged or empty segments ahead; a second empty pass means appends are racing us.
          if (++idle > 2) {
            this.schedule(this.retryDelay);
            return;
          }
          continue;
        }
        idle = 0;
        let spans: ReadableSpan[] = [];
        try {
          for (const record of batch.records) spans = spans.concat(decodeSpans(record.payload));
        } catch (err) {
          diag.warn(`llmobserve spool: a stored batch could not be decoded (${(err as Error).message}); skipped`);
          await this.spool.commit(batch.end, batch.spanCount);
          continue;
        }
        const dropped = this.spool.droppedUnreported;
        const result = await this.send(spans, dropped);
        if (result.code !== ExportResultCode.SUCCESS && isPermanent(result)) {
          this.rejected += batch.spanCount;
          diag.warn(`llmobserve spool: the backend refused ${batch.spanCount} stored spans for good (${result.error?.message ?? ''}); removed from the spool`);
          await this.spool.commit(batch.end, batch.spanCount);
          continue;
        }
        if (result.code !== ExportResultCode.SUCCESS) {
          this.failing = true;
          diag.debug(`llmobserve spool: replay failed (${result.error?.message ?? 'unknown error'}); retrying in ${this.retryDelay} ms`);
          this.schedule(this.retryDelay);
          this.retryDelay = Math.min(this.retryDelay * 2, this.retryMax);
          return;
        }
        this.retryDelay = this.retryInitial;
        this.failing = false;
        this.replayed += batch.spanCount;
        await this.spool.commit(batch.end, batch.spanCount);
        if (dropped > 0) await this.spool.acknowledgeDropped(dropped);
      }
    } catch (err) {
      if (!this.stopped) {
        diag.warn(`llmobserve spool: replay error: ${(err as Error).message}`);
        this.schedule(this.retryDelay);
      }
    }
  }
}
