import { createHash, type Hash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import * as zlib from 'node:zlib';
import { ENCODING_PREFERENCE } from './constants';

/** A content coding the mock can answer with. */
export type Encoding = 'identity' | 'gzip' | 'br' | 'deflate';

const KNOWN: ReadonlySet<string> = new Set(['identity', 'gzip', 'br', 'deflate']);

/**
 * Picks the response coding: a forced one (`x-mock-encoding`) wins; otherwise
 * the first of br, gzip, deflate that `Accept-Encoding` allows (q > 0, or `*`).
 */
export function negotiateEncoding(acceptEncoding: string | undefined, forced: string | undefined, enabled: boolean): Encoding {
  if (forced !== undefined && KNOWN.has(forced)) return forced as Encoding;
  if (!enabled || !acceptEncoding) return 'identity';
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    let q = 1;
    for (const p of params) {
      const [k, v] = p.trim().split('=');
      if (k === 'q') q = Number.parseFloat(v);
    }
    if (name) accepted.set(name, Number.isFinite(q) ? q : 0);
  }
  for (const enc of ENCODING_PREFERENCE) {
    const q = accepted.get(enc) ?? accepted.get('*');
    if (q !== undefined && q > 0) return enc as Encoding;
  }
  return 'identity';
}

/** Compresses a whole body at once. */
export function compressSync(encoding: Encoding, body: Buffer): Buffer {
  switch (encoding) {
    case 'gzip':
      return zlib.gzipSync(body);
    case 'br':
      return zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
    case 'deflate':
      return zlib.deflateSync(body);
    default:
      return body;
  }
}

function createCompressor(encoding: Encoding): zlib.Gzip | zlib.BrotliCompress | zlib.Deflate | undefined {
  switch (encoding) {
    case 'gzip':
      return zlib.createGzip();
    case 'br':
      return zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } });
    case 'deflate':
      return zlib.createDeflate();
    default:
      return undefined;
  }
}

/** Byte counts and hashes of what was written, before and after compression. */
export class WriteTally {
  private readonly body: Hash = createHash('sha256');
  private readonly wire: Hash = createHash('sha256');
  private sealed: { bodySha256: string; wireSha256: string } | undefined;
  bodyBytes = 0;
  wireBytes = 0;
  events = 0;

  addBody(b: Buffer): void {
    if (this.sealed) return;
    this.body.update(b);
    this.bodyBytes += b.length;
  }

  /** Bytes handed to the socket. After {@link digest} (the response closed) nothing more counts. */
  addWire(b: Buffer): void {
    if (this.sealed) return;
    this.wire.update(b);
    this.wireBytes += b.length;
  }

  digest(): { bodySha256: string; wireSha256: string } {
    this.sealed ??= { bodySha256: this.body.digest('hex'), wireSha256: this.wire.digest('hex') };
    return this.sealed;
  }
}

function toBuffer(e: string | Uint8Array): Buffer {
  return typeof e === 'string' ? Buffer.from(e, 'utf8') : Buffer.from(e.buffer, e.byteOffset, e.byteLength);
}

/** Resolves when `res` can take more data or has closed. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Options of {@link writeEvents}. */
export interface StreamWriteOptions {
  encoding: Encoding;
  delayMs: number;
  /** Stop and cut the connection after this many events. */
  cutAfter?: number;
}

/** How a streamed answer ended. */
export type StreamEnd = 'complete' | 'cut' | 'client-gone';

const YIELD_EVERY = 32;

/**
 * Writes events one by one, flushing the compressor after each (as real
 * providers do), honouring back-pressure. When `cutAfter` is reached the
 * socket is ended without the terminating chunk, so the client sees a
 * truncated body.
 */
export async function writeEvents(
  res: ServerResponse,
  events: Iterable<string | Uint8Array>,
  options: StreamWriteOptions,
  tally: WriteTally,
): Promise<StreamEnd> {
  const z = createCompressor(options.encoding);
  const out = (b: Buffer): void => {
    if (res.destroyed) return;
    tally.addWire(b);
    res.write(b);
  };
  if (z) z.on('data', out);
  const gone = (): boolean => {
    if (!res.destroyed && !res.writableEnded) return false;
    z?.destroy();
    return true;
  };

  for (const e of events) {
    if (gone()) return 'client-gone';
    if (options.cutAfter !== undefined && tally.events >= options.cutAfter) {
      return cut(res, z);
    }
    const b = toBuffer(e);
    tally.addBody(b);
    tally.events++;
    if (z) {
      z.write(b);
      await new Promise<void>((resolve) => z.flush(() => resolve()));
    } else {
      out(b);
    }
    if (res.writableNeedDrain) await drained(res);
    if (options.delayMs > 0) await sleep(options.delayMs);
    else if (tally.events % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  if (gone()) return 'client-gone';
  if (options.cutAfter !== undefined && tally.events >= options.cutAfter) return cut(res, z);
  if (z) {
    await new Promise<void>((resolve) => {
      z.once('end', resolve);
      z.end();
    });
  }
  res.end();
  return 'complete';
}

function cut(res: ServerResponse, z: zlib.Gzip | zlib.BrotliCompress | zlib.Deflate | undefined): 'cut' {
  z?.removeAllListeners('data');
  z?.destroy();
  const socket = res.socket;
  // End the TCP stream after what was written so far: no terminating chunk, no more data.
  socket?.end();
  setTimeout(() => socket?.destroy(), 1000).unref();
  return 'cut';
}

/** Writes a whole JSON answer, compressed, with its Content-Length. */
export function writeJson(res: ServerResponse, body: Buffer, encoding: Encoding, tally: WriteTally): void {
  tally.addBody(body);
  const wire = compressSync(encoding, body);
  tally.addWire(wire);
  res.setHeader('content-length', String(wire.length));
  res.end(wire);
}
