import { diag } from '@opentelemetry/api';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../ConfigError';
import type { SpoolFsyncPolicy } from '../types';
import {
  HEADER_LENGTH,
  MAGIC_LENGTH,
  RECORD_SPANS,
  SEGMENT_MAGIC,
  checksumMatches,
  decodeHeader,
  encodeHeader,
} from './record';

/** Validated options of a {@link FileSpool}. */
export interface FileSpoolOptions {
  readonly dir: string;
  readonly maxBytes: number;
  readonly segmentBytes: number;
  readonly fsync: SpoolFsyncPolicy;
}

/** A place in the spool: segment number and byte offset. */
export interface SpoolPosition {
  readonly seq: number;
  readonly offset: number;
}

/** One record read back from the spool. */
export interface SpoolRecord {
  readonly type: number;
  readonly spanCount: number;
  readonly payload: Buffer;
}

/** Records read from the head of the spool; `end` is what to commit once they are delivered. */
export interface SpoolBatch {
  readonly records: SpoolRecord[];
  readonly spanCount: number;
  readonly end: SpoolPosition;
}

/** What an append did. */
export interface AppendResult {
  /** False when the batch alone is larger than `maxBytes` and was dropped. */
  readonly stored: boolean;
  /** Spans dropped (oldest first, plus this batch when not stored) to respect `maxBytes`. */
  readonly droppedSpans: number;
}

interface Segment {
  readonly seq: number;
  readonly file: string;
  size: number;
}

const SEGMENT_PATTERN = /^seg-(\d{12})\.spool$/;
const CURSOR_FILE = 'cursor.json';
const LOCK_FILE = 'lock';
const openDirs = new Set<string>();

function segmentName(seq: number): string {
  return `seg-${String(seq).padStart(12, '0')}.spool`;
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * An append-only, checksummed, size-capped file spool of span batches (the
 * record format is described in `record.ts`).
 *
 * Segments `seg-<n>.spool` are written in order; `cursor.json` holds the head
 * position and the count of dropped spans not yet reported. Delivered segments
 * are deleted. When an append would pass `maxBytes`, whole segments are dropped
 * from the head (oldest first) and their spans counted.
 *
 * Durability: with `fsync: 'always'` each append is `fdatasync`ed (and the
 * directory after a new segment is created) before it resolves, so a stored
 * batch survives a kernel crash or power loss; with `'never'` it survives a
 * process crash (kill -9) only, the OS writes it back later. The cursor is not
 * fsynced: after a power loss a delivered batch may be replayed once more
 * (at-least-once delivery).
 *
 * One process per directory: a `lock` file with the owner's pid is taken at
 * open; a lock whose pid is dead (a crashed process) is taken over.
 */
export class FileSpool {
  readonly options: FileSpoolOptions;
  private readonly segments: Segment[] = [];
  private cursor: SpoolPosition;
  private unreportedDropped = 0;
  private totalDropped = 0;
  private pendingSpanCount = 0;
  private appendFd: fs.promises.FileHandle | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private readonly lockPath: string;
  private readonly realDir: string;

  /** Opens (and recovers) the spool synchronously; throws {@link ConfigError} for an unusable directory. */
  constructor(options: FileSpoolOptions) {
    this.options = options;
    try {
      fs.mkdirSync(options.dir, { recursive: true });
      fs.accessSync(options.dir, fs.constants.W_OK | fs.constants.R_OK);
    } catch (err) {
      throw new ConfigError('spool.dir', options.dir, `must be a writable directory (${(err as Error).message})`);
    }
    this.realDir = fs.realpathSync(options.dir);
    this.lockPath = path.join(this.realDir, LOCK_FILE);
    this.takeLock();
    try {
      this.cursor = { seq: 0, offset: MAGIC_LENGTH };
      this.recover();
    } catch (err) {
      this.releaseLockSync();
      throw err;
    }
  }

  /** True when every stored record has been committed. */
  get isEmpty(): boolean {
    return this.headIsAtTail();
  }

  /** Spans stored and not yet committed. */
  get pendingSpans(): number {
    return this.pendingSpanCount;
  }

  /** Bytes the spool occupies on disk. */
  get sizeBytes(): number {
    let total = 0;
    for (const s of this.segments) total += s.size;
    return total;
  }

  /** Dropped spans not yet reported on an export (persisted across restarts). */
  get droppedUnreported(): number {
    return this.unreportedDropped;
  }

  /** Spans dropped since this spool was opened. */
  get droppedTotal(): number {
    return this.totalDropped;
  }

  /** Marks `count` dropped spans as reported (they went out on an export's attribute). */
  acknowledgeDropped(count: number): Promise<void> {
    return this.serial(async () => {
      this.unreportedDropped = Math.max(0, this.unreportedDropped - count);
      await this.writeCursor();
    });
  }

  /** Appends one span batch. Resolves once it is written (and fsynced under `'always'`). */
  append(payload: Uint8Array, spanCount: number): Promise<AppendResult> {
    return this.serial(() => this.appendNow(payload, spanCount));
  }

  /** Reads records from the head, up to `maxSpans` spans (at least one record). */
  readBatch(maxSpans: number): Promise<SpoolBatch> {
    return this.serial(() => this.readNow(maxSpans));
  }

  /** Records that everything before `end` was delivered; deletes finished segments. */
  commit(end: SpoolPosition, spanCount: number): Promise<void> {
    return this.serial(() => this.commitNow(end, spanCount));
  }

  /** Closes files and releases the lock. Stored records stay for the next process. */
  close(): Promise<void> {
    return this.serial(async () => {
      if (this.closed) return;
      this.closed = true;
      await this.closeAppendFd();
      await this.writeCursor();
      this.releaseLockSync();
    });
  }

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error(`spool ${this.options.dir} is closed`);
      return op();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  // ---- set-up -------------------------------------------------------------------------------

  private takeLock(): void {
    if (openDirs.has(this.realDir)) {
      throw new ConfigError('spool.dir', this.options.dir, 'is already open in this process; give each exporter its own spool directory');
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        fs.writeFileSync(this.lockPath, String(process.pid), { flag: 'wx' });
        openDirs.add(this.realDir);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
          throw new ConfigError('spool.dir', this.options.dir, `must be a writable directory (${(err as Error).message})`);
        }
      }
      const owner = Number.parseInt(fs.readFileSync(this.lockPath, 'utf8'), 10);
      if (Number.isSafeInteger(owner) && owner !== process.pid && pidIsAlive(owner)) {
        throw new ConfigError('spool.dir', this.options.dir, `is in use by process ${owner}; give each process its own spool directory`);
      }
      diag.info(`llmobserve spool: taking over the lock of ${this.options.dir} from exited process ${owner}`);
      fs.rmSync(this.lockPath, { force: true });
    }
    throw new ConfigError('spool.dir', this.options.dir, 'could not be locked (another process keeps re-creating the lock)');
  }

  private releaseLockSync(): void {
    openDirs.delete(this.realDir);
    try {
      if (fs.readFileSync(this.lockPath, 'utf8') === String(process.pid)) fs.rmSync(this.lockPath, { force: true });
    } catch {
      // already gone
    }
  }

  private recover(): void {
    const names = fs.readdirSync(this.realDir).filter(n => SEGMENT_PATTERN.test(n)).sort();
    for (const name of names) {
      const seq = Number(name.slice('seg-'.length, 'seg-'.length + 12));
      const file = path.join(this.realDir, name);
      this.segments.push({ seq, file, size: fs.statSync(file).size });
    }
    const saved = this.readCursor();
    this.unreportedDropped = saved?.dropped ?? 0;
    // Drop segments before the cursor (delivered, deletion interrupted).
    while (saved !== undefined && this.segments.length > 0 && this.segments[0].seq < saved.seq) {
      const delivered = this.segments.shift();
      if (delivered !== undefined) fs.rmSync(delivered.file, { force: true });
    }
    const head = this.segments[0];
    this.cursor =
      head === undefined
        ? { seq: saved?.seq ?? 0, offset: MAGIC_LENGTH }
        : { seq: head.seq, offset: saved !== undefined && saved.seq === head.seq ? Math.max(saved.offset, MAGIC_LENGTH) : MAGIC_LENGTH };
    for (let i = 0; i < this.segments.length; i++) {
      const last = i === this.segments.length - 1;
      const segment = this.segments[i];
      const start = segment.seq === this.cursor.seq ? this.cursor.offset : MAGIC_LENGTH;
      this.pendingSpanCount += this.scanSegment(segment, start, last);
    }
  }

  /**
   * Walks a segment's records from `start`, counting spans. In the newest
   * segment every checksum is verified and a torn tail (crash mid-write) is cut
   * off; older segments were complete when rotated, so only headers are read and
   * checksums are checked at replay.
   */
  private scanSegment(segment: Segment, start: number, verify: boolean): number {
    const fd = fs.openSync(segment.file, 'r+');
    try {
      const magic = Buffer.alloc(MAGIC_LENGTH);
      if (segment.size < MAGIC_LENGTH || fs.readSync(fd, magic, 0, MAGIC_LENGTH, 0) !== MAGIC_LENGTH || !magic.equals(SEGMENT_MAGIC)) {
        if (!verify) {
          diag.warn(`llmobserve spool: ${segment.file} is not a spool segment; skipped`);
          segment.size = MAGIC_LENGTH;
          return 0;
        }
        // A newest segment whose magic never made it to disk: start it afresh.
        fs.ftruncateSync(fd, 0);
        fs.writeSync(fd, SEGMENT_MAGIC, 0, MAGIC_LENGTH, 0);
        segment.size = MAGIC_LENGTH;
        return 0;
      }
      let offset = start;
      let spans = 0;
      const header = Buffer.alloc(HEADER_LENGTH);
      while (offset < segment.size) {
        const valid = this.validRecordAt(fd, segment.size, offset, header, verify);
        if (valid === undefined) {
          if (verify) {
            diag.warn(`llmobserve spool: cut ${segment.size - offset} bytes of an incomplete record at the end of ${segment.file} (crash mid-write); earlier records are intact`);
            fs.ftruncateSync(fd, offset);
            segment.size = offset;
          } else {
            diag.warn(`llmobserve spool: damaged record in ${segment.file} at ${offset}; the rest of that segment is skipped`);
          }
          break;
        }
        spans += valid.spanCount;
        offset += HEADER_LENGTH + valid.payloadLength;
      }
      return spans;
    } finally {
      fs.closeSync(fd);
    }
  }

  private validRecordAt(
    fd: number,
    size: number,
    offset: number,
    header: Buffer,
    verify: boolean,
  ): { spanCount: number; payloadLength: number } | undefined {
    if (offset + HEADER_LENGTH > size) return undefined;
    fs.readSync(fd, header, 0, HEADER_LENGTH, offset);
    const decoded = decodeHeader(header);
    if (decoded === undefined || offset + HEADER_LENGTH + decoded.payloadLength > size) return undefined;
    if (verify) {
      const payload = Buffer.alloc(decoded.payloadLength);
      fs.readSync(fd, payload, 0, decoded.payloadLength, offset + HEADER_LENGTH);
      if (!checksumMatches(header, payload)) return undefined;
    }
    return { spanCount: decoded.type === RECORD_SPANS ? decoded.spanCount : 0, payloadLength: decoded.payloadLength };
  }

  private readCursor(): { seq: number; offset: number; dropped: number } | undefined {
    try {
      const raw = JSON.parse(fs.readFileSync(path.join(this.realDir, CURSOR_FILE), 'utf8')) as Record<string, unknown>;
      const seq = raw.seq;
      const offset = raw.offset;
      const dropped = raw.dropped;
      if (typeof seq === 'number' && typeof offset === 'number' && Number.isSafeInteger(seq) && Number.isSafeInteger(offset)) {
        return { seq, offset, dropped: typeof dropped === 'number' && dropped > 0 ? dropped : 0 };
      }
    } catch {
      // missing or unreadable: start from the first segment
    }
    return undefined;
  }

  // ---- operations (run one at a time through `serial`) ---------------------------------------

  private async writeCursor(): Promise<void> {
    const file = path.join(this.realDir, CURSOR_FILE);
    const tmp = `${file}.tmp`;
    await fs.promises.writeFile(tmp, JSON.stringify({ seq: this.cursor.seq, offset: this.cursor.offset, dropped: this.unreportedDropped }));
    await fs.promises.rename(tmp, file);
  }

  private headIsAtTail(): boolean {
    const last = this.segments[this.segments.length - 1];
    if (last === undefined) return true;
    return this.segments.length === 1 && this.cursor.seq === last.seq && this.cursor.offset >= last.size;
  }

  private async closeAppendFd(): Promise<void> {
    const fd = this.appendFd;
    this.appendFd = undefined;
    if (fd !== undefined) await fd.close();
  }

  private async newSegment(): Promise<Segment> {
    await this.closeAppendFd();
    const last = this.segments[this.segments.length - 1];
    const seq = last === undefined ? Math.max(this.cursor.seq, 0) : last.seq + 1;
    const file = path.join(this.realDir, segmentName(seq));
    // Append mode: every write lands at the end, whatever a positioned read did.
    const fd = await fs.promises.open(file, 'ax');
    await fd.write(SEGMENT_MAGIC, 0, MAGIC_LENGTH);
    if (this.options.fsync === 'always') {
      await fd.datasync();
      await this.syncDir();
    }
    this.appendFd = fd;
    const segment: Segment = { seq, file, size: MAGIC_LENGTH };
    this.segments.push(segment);
    if (this.segments.length === 1) this.cursor = { seq, offset: MAGIC_LENGTH };
    return segment;
  }

  private async syncDir(): Promise<void> {
    let dirFd: fs.promises.FileHandle | undefined;
    try {
      dirFd = await fs.promises.open(this.realDir, 'r');
      await dirFd.sync();
    } catch {
      // some file systems cannot fsync a directory; the data itself is synced
    } finally {
      await dirFd?.close();
    }
  }

  private async activeSegment(): Promise<Segment> {
    const last = this.segments[this.segments.length - 1];
    if (last === undefined) return this.newSegment();
    if (this.appendFd === undefined) this.appendFd = await fs.promises.open(last.file, 'a');
    return last;
  }

  private countSpans(segment: Segment, start: number): number {
    let fd: number | undefined;
    try {
      fd = fs.openSync(segment.file, 'r');
      const header = Buffer.alloc(HEADER_LENGTH);
      let offset = start;
      let spans = 0;
      while (offset + HEADER_LENGTH <= segment.size) {
        fs.readSync(fd, header, 0, HEADER_LENGTH, offset);
        const decoded = decodeHeader(header);
        if (decoded === undefined) break;
        if (decoded.type === RECORD_SPANS) spans += decoded.spanCount;
        offset += HEADER_LENGTH + decoded.payloadLength;
      }
      return spans;
    } catch {
      return 0;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }

  private async dropOldest(): Promise<number> {
    const oldest = this.segments.shift();
    if (oldest === undefined) return 0;
    const start = oldest.seq === this.cursor.seq ? this.cursor.offset : MAGIC_LENGTH;
    const spans = this.countSpans(oldest, start);
    await fs.promises.rm(oldest.file, { force: true });
    const next = this.segments[0];
    this.cursor = { seq: next === undefined ? oldest.seq + 1 : next.seq, offset: MAGIC_LENGTH };
    this.pendingSpanCount = Math.max(0, this.pendingSpanCount - spans);
    return spans;
  }

  private recordDropped(spans: number, why: string): void {
    if (spans === 0) return;
    this.unreportedDropped += spans;
    this.totalDropped += spans;
    diag.warn(`llmobserve spool: dropped ${spans} spans ${why} (spool.maxBytes=${this.options.maxBytes}); reported as llmobserve.spool.dropped on the next export`);
  }

  private async appendNow(payload: Uint8Array, spanCount: number): Promise<AppendResult> {
    const size = HEADER_LENGTH + payload.length;
    if (MAGIC_LENGTH + size > this.options.maxBytes) {
      this.recordDropped(spanCount, 'of a batch larger than the whole spool');
      await this.writeCursor();
      return { stored: false, droppedSpans: spanCount };
    }
    let segment = await this.activeSegment();
    if (segment.size > MAGIC_LENGTH && segment.size + size > this.options.segmentBytes) segment = await this.newSegment();
    let dropped = 0;
    while (this.sizeBytes + size > this.options.maxBytes) {
      if (this.segments.length === 1) segment = await this.newSegment();
      dropped += await this.dropOldest();
    }
    if (dropped > 0) {
      this.recordDropped(dropped, 'oldest first to stay under the size cap');
      await this.writeCursor();
    }
    const header = encodeHeader(RECORD_SPANS, spanCount, payload);
    const fd = this.appendFd;
    if (fd === undefined) throw new Error('spool segment is not open for append');
    await fd.writev([header, payload]);
    if (this.options.fsync === 'always') await fd.datasync();
    segment.size += size;
    this.pendingSpanCount += spanCount;
    return { stored: true, droppedSpans: dropped };
  }

  private async readNow(maxSpans: number): Promise<SpoolBatch> {
    const records: SpoolRecord[] = [];
    let spanCount = 0;
    let pos = this.cursor;
    let index = this.segments.findIndex(s => s.seq === pos.seq);
    if (index < 0 && this.segments.length > 0) {
      index = 0;
      pos = { seq: this.segments[0].seq, offset: MAGIC_LENGTH };
    }
    let handle: fs.promises.FileHandle | undefined;
    let handleSeq = -1;
    const header = Buffer.alloc(HEADER_LENGTH);
    try {
      while (index >= 0 && index < this.segments.length) {
        const segment = this.segments[index];
        if (pos.offset >= segment.size) {
          if (index === this.segments.length - 1) break;
          index++;
          pos = { seq: this.segments[index].seq, offset: MAGIC_LENGTH };
          continue;
        }
        if (handle === undefined || handleSeq !== segment.seq) {
          await handle?.close();
          handle = await fs.promises.open(segment.file, 'r');
          handleSeq = segment.seq;
        }
        const { bytesRead } = await handle.read(header, 0, HEADER_LENGTH, pos.offset);
        const decoded = bytesRead === HEADER_LENGTH ? decodeHeader(header) : undefined;
        let payload: Buffer | undefined;
        if (decoded !== undefined && pos.offset + HEADER_LENGTH + decoded.payloadLength <= segment.size) {
          payload = Buffer.allocUnsafe(decoded.payloadLength);
          const read = await handle.read(payload, 0, decoded.payloadLength, pos.offset + HEADER_LENGTH);
          if (read.bytesRead !== decoded.payloadLength || !checksumMatches(header, payload)) payload = undefined;
        }
        if (decoded === undefined || payload === undefined) {
          diag.warn(`llmobserve spool: damaged record in ${segment.file} at ${pos.offset}; the rest of that segment is skipped`);
          pos = { seq: segment.seq, offset: segment.size };
          continue;
        }
        if (records.length > 0 && spanCount + decoded.spanCount > maxSpans) break;
        if (decoded.type === RECORD_SPANS) {
          records.push({ type: decoded.type, spanCount: decoded.spanCount, payload });
          spanCount += decoded.spanCount;
        }
        pos = { seq: segment.seq, offset: pos.offset + HEADER_LENGTH + decoded.payloadLength };
      }
    } finally {
      await handle?.close();
    }
    return { records, spanCount, end: pos };
  }

  private async commitNow(end: SpoolPosition, spanCount: number): Promise<void> {
    // A drop (size cap) may already have moved the head past `end`.
    if (end.seq < this.cursor.seq || (end.seq === this.cursor.seq && end.offset <= this.cursor.offset)) {
      return;
    }
    this.cursor = end;
    this.pendingSpanCount = Math.max(0, this.pendingSpanCount - spanCount);
    while (this.segments.length > 1 && this.segments[0].seq < end.seq) {
      const delivered = this.segments.shift();
      if (delivered !== undefined) await fs.promises.rm(delivered.file, { force: true });
    }
    if (this.headIsAtTail() && this.segments.length > 0) {
      // Everything delivered: start the next outage with a fresh segment.
      const last = this.segments[0];
      this.segments.length = 0;
      await this.closeAppendFd();
      await fs.promises.rm(last.file, { force: true });
      this.cursor = { seq: last.seq + 1, offset: MAGIC_LENGTH };
      this.pendingSpanCount = 0;
    }
    await this.writeCursor();
  }
}
