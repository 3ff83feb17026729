import { BrotliDecompress, Gunzip, Inflate, InflateRaw } from 'minizlib';
import type { ZlibOptions } from 'minizlib';
import { MAX_INFLATE_RATIO_BYTES } from '../constants';

type Inflater = Gunzip | Inflate | InflateRaw | BrotliDecompress;

/**
 * Decodes a `content-encoding` (gzip, deflate, br) on the side, synchronously and chunk by chunk, so a
 * capture below `fetch` sees the same bytes the caller does. It uses minizlib (Node's zlib binding
 * driven synchronously, the way npm's own tar does) because Node's public zlib API is either
 * asynchronous or whole-body only, and the parser must give its result the moment the body ends.
 */
export class BodyDecoder {
  private inflater: Inflater | undefined;
  private pending: Uint8Array | undefined; // first byte of a deflate body, until its second arrives
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
    if (this.kind === 'gzip') this.attach(new Gunzip(this.opts()));
    else if (this.kind === 'br') this.attach(new BrotliDecompress(this.opts()));
  }

  private opts(): ZlibOptions {
    // Passed through to Node's zlib: one compressed chunk may not expand beyond this (a bomb guard).
    return { maxOutputLength: MAX_INFLATE_RATIO_BYTES } as unknown as ZlibOptions;
  }

  private attach(z: Inflater): void {
    this.inflater = z;
    z.on('data', (d: Buffer) => {
      if (this.error === undefined) this.sink(d);
    });
    z.on('error', (err: unknown) => {
      const e = err as { code?: unknown; message?: unknown };
      const tooLarge = e.code === 'ERR_BUFFER_TOO_LARGE' || (typeof e.message === 'string' && /too large|maxOutputLength/i.test(e.message));
      this.error ??= tooLarge ? 'too_large' : 'decode_error';
    });
  }

  write(chunk: Uint8Array): void {
    if (this.error !== undefined || chunk.length === 0) return;
    if (this.kind === 'identity') {
      this.sink(chunk);
      return;
    }
    if (this.kind === 'deflate' && this.inflater === undefined) {
      // "deflate" is zlib-wrapped per RFC 9110, but some servers send raw deflate: the header tells.
      const bytes = this.pending !== undefined ? Buffer.concat([this.pending, chunk]) : chunk;
      if (bytes.length < 2) {
        this.pending = Uint8Array.prototype.slice.call(bytes) as Uint8Array;
        return;
      }
      this.pending = undefined;
      const zlibWrapped = (bytes[0] & 0x0f) === 8 && ((bytes[0] << 8) | bytes[1]) % 31 === 0;
      this.attach(zlibWrapped ? new Inflate(this.opts()) : new InflateRaw(this.opts()));
      chunk = bytes;
    }
    try {
      (this.inflater as Inflater).write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    } catch {
      this.error ??= 'decode_error';
    }
  }

  /** Flushes what is left; sets `error` when the compressed body was cut. */
  end(): void {
    if (this.kind === 'identity' || this.kind === 'unsupported' || this.error !== undefined) return;
    if (this.inflater === undefined) {
      if (this.pending !== undefined) this.error = 'decode_error';
      return;
    }
    try {
      this.inflater.end();
    } catch {
      this.error ??= 'decode_error';
    }
  }
}
