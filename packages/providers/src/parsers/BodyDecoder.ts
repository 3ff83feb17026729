import { constants as zlibConstants } from 'node:zlib';
import { BrotliDecompress, Gunzip, Inflate, InflateRaw } from 'minizlib';
import type { ZlibOptions } from 'minizlib';
import { DECODE_BATCH_BYTES, MAX_INFLATE_RATIO_BYTES } from '../constants';

type Inflater = Gunzip | Inflate | InflateRaw | BrotliDecompress;
type Kind = 'gzip' | 'deflate' | 'deflate-raw' | 'br';

/**
 * An inflater with its listeners attached once: a decoder borrows it by setting `onData`/`onError`,
 * so taking one from the pool adds and removes no listeners.
 */
interface Slot {
  readonly z: Inflater;
  readonly kind: Kind;
  /** Where compressed input is gathered while batching (made on first use, kept with the inflater). */
  batch: Buffer | undefined;
  onData: ((d: Buffer) => void) | undefined;
  onError: ((err: unknown) => void) | undefined;
}

/** Inflaters kept for reuse per kind: making one costs far more than decoding a small body. */
const POOL_SIZE = 8;
const pool: Record<Kind, Slot[]> = { gzip: [], deflate: [], 'deflate-raw': [], br: [] };

function opts(): ZlibOptions {
  // Passed through to Node's zlib: one compressed chunk may not expand beyond this (a bomb guard).
  return { maxOutputLength: MAX_INFLATE_RATIO_BYTES } as unknown as ZlibOptions;
}

function create(kind: Kind): Inflater {
  switch (kind) {
    case 'gzip':
      return new Gunzip(opts());
    case 'deflate':
      return new Inflate(opts());
    case 'deflate-raw':
      return new InflateRaw(opts());
    case 'br':
      return new BrotliDecompress(opts());
  }
}

function acquire(kind: Kind): Slot {
  const pooled = pool[kind].pop();
  if (pooled !== undefined) return pooled;
  const slot: Slot = { z: create(kind), kind, batch: undefined, onData: undefined, onError: undefined };
  slot.z.on('data', (d: Buffer) => slot.onData?.(d));
  slot.z.on('error', (err: unknown) => slot.onError?.(err));
  return slot;
}

/**
 * Decodes a `content-encoding` (gzip, deflate, br) on the side, synchronously and chunk by chunk, so a
 * capture below `fetch` sees the same bytes the caller does. It uses minizlib (Node's zlib binding
 * driven synchronously, the way npm's own tar does) because Node's public zlib API is either
 * asynchronous or whole-body only, and the parser must give its result the moment the body ends.
 */
export class BodyDecoder {
  private slot: Slot | undefined;
  private finished = false;
  private readonly onData = (d: Buffer): void => {
    if (this.error === undefined) this.sink(d);
  };
  private readonly onError = (err: unknown): void => {
    const e = err as { code?: unknown; message?: unknown };
    const tooLarge = e.code === 'ERR_BUFFER_TOO_LARGE' || (typeof e.message === 'string' && /too large|maxOutputLength/i.test(e.message));
    this.error ??= tooLarge ? 'too_large' : 'decode_error';
  };
  private pending: Uint8Array | undefined; // first byte of a deflate body, until its second arrives
  private batched = 0;
  /**
   * When true, compressed input is gathered (copied, up to {@link DECODE_BATCH_BYTES}) and inflated a
   * batch at a time, instead of chunk by chunk; {@link BodyDecoder.drain} and `end()` inflate what is
   * gathered. Set it once decoded bytes are no longer needed the moment they arrive.
   */
  batching = false;
  private readonly kind: 'identity' | 'gzip' | 'deflate' | 'br' | 'unsupported';
  /** Set when the body could not be decoded. */
  error: 'decode_error' | 'too_large' | undefined;

  constructor(
    encoding: string | undefined,
    private readonly sink: (buf: Uint8Array) => void,
  ) {
    const e = (encoding ?? '').trim().toLowerCase();
    if (e === '' || e === 'identity') this.kind = 'identity';
    else if (e === 'gzip' || e === 'x-gzip') this.kind = 'gzip';
    else if (e === 'deflate') this.kind = 'deflate';
    else if (e === 'br') this.kind = 'br';
    else {
      this.kind = 'unsupported';
      this.error = 'decode_error';
    }
  }

  private attach(kind: Kind): void {
    const slot = acquire(kind);
    slot.onData = this.onData;
    slot.onError = this.onError;
    this.slot = slot;
  }

  write(chunk: Uint8Array): void {
    if (this.error !== undefined || this.finished || chunk.length === 0) return;
    if (this.kind === 'identity') {
      this.sink(chunk);
      return;
    }
    if (this.kind === 'deflate' && this.slot === undefined) {
      // "deflate" is zlib-wrapped per RFC 9110, but some servers send raw deflate: the header tells.
      const bytes = this.pending !== undefined ? Buffer.concat([this.pending, chunk]) : chunk;
      if (bytes.length < 2) {
        this.pending = Uint8Array.prototype.slice.call(bytes) as Uint8Array;
        return;
      }
      this.pending = undefined;
      const zlibWrapped = (bytes[0] & 0x0f) === 8 && ((bytes[0] << 8) | bytes[1]) % 31 === 0;
      this.attach(zlibWrapped ? 'deflate' : 'deflate-raw');
      chunk = bytes;
    }
    // The inflater is taken at the first compressed byte: a body never seen (HEAD, 204, a transport that
    // did not show it) takes none and so cannot spoil one.
    if (this.slot === undefined && (this.kind === 'gzip' || this.kind === 'br')) this.attach(this.kind);
    const slot = this.slot as Slot;
    if (this.batching && chunk.length < DECODE_BATCH_BYTES) {
      if (this.batched + chunk.length > DECODE_BATCH_BYTES) this.drain();
      const batch = (slot.batch ??= Buffer.allocUnsafe(DECODE_BATCH_BYTES));
      batch.set(chunk, this.batched);
      this.batched += chunk.length;
      return;
    }
    this.drain();
    this.inflate(slot, Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
  }

  /** Inflates the compressed input gathered while batching, if any. */
  drain(): void {
    const n = this.batched;
    const slot = this.slot;
    if (n === 0 || slot === undefined || slot.batch === undefined) return;
    this.batched = 0;
    if (this.error === undefined) this.inflate(slot, slot.batch.subarray(0, n));
  }

  private inflate(slot: Slot, input: Buffer): void {
    try {
      // Synchronous: zlib has consumed all of `input` when this returns, so a batch buffer can be refilled.
      slot.z.write(input);
    } catch {
      this.error ??= 'decode_error';
    }
  }

  /** Flushes what is left; sets `error` when the compressed body was cut. Releases the inflater. */
  end(): void {
    if (this.finished) return;
    if (this.kind === 'identity' || this.kind === 'unsupported' || this.error !== undefined) {
      this.release();
      return;
    }
    this.drain();
    const slot = this.slot;
    if (slot === undefined) {
      // Nothing compressed arrived (or only the first byte of a deflate body, which is cut).
      if (this.pending !== undefined) this.error = 'decode_error';
      this.finished = true;
      return;
    }
    if (this.error === undefined) {
      try {
        // A finishing flush rather than end(): the inflater stays usable for the next body.
        slot.z.flush(slot.kind === 'br' ? zlibConstants.BROTLI_OPERATION_FINISH : zlibConstants.Z_FINISH);
      } catch {
        this.error ??= 'decode_error';
      }
    }
    this.release();
  }

  /**
   * Gives the inflater back for reuse (reset) unless it failed; the decoder takes no more input. Call
   * it when a body is abandoned; `end()` calls it itself.
   */
  release(): void {
    this.finished = true;
    const slot = this.slot;
    if (slot === undefined) return;
    this.slot = undefined;
    slot.onData = undefined;
    slot.onError = undefined;
    const z = slot.z;
    if (this.error !== undefined || z.sawError || pool[slot.kind].length >= POOL_SIZE) {
      z.close();
      return;
    }
    try {
      z.reset();
      pool[slot.kind].push(slot);
    } catch {
      z.close();
    }
  }
}
