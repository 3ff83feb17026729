import { MAX_EVENTSTREAM_MESSAGE_BYTES } from '../constants';
import { crc32 } from './crc32';

/** Receives what an {@link EventStreamParser} finds. */
export interface EventStreamHandler {
  /** One message: its `:message-type`, `:event-type` (or `:exception-type`) and payload bytes. */
  onMessage(messageType: string, eventType: string, payload: Uint8Array): void;
}

const PRELUDE = 12;
const MIN_MESSAGE = 16; // prelude + message CRC

/**
 * An incremental AWS event-stream decoder (`application/vnd.amazon.eventstream`, Bedrock's
 * ConverseStream and InvokeModelWithResponseStream): 4-byte total length, 4-byte headers length,
 * prelude CRC-32, headers, payload, message CRC-32, all big-endian. Both CRCs are checked; a mismatch
 * stops decoding (the framing cannot be trusted after it). Messages above a bound are skipped, not kept.
 */
export class EventStreamParser {
  private readonly prelude = new Uint8Array(PRELUDE);
  private preludeLen = 0;
  private message: Uint8Array | undefined;
  private messageLen = 0;
  private total = 0;
  private skipLeft = 0;
  /** `decode_error` (bad CRC or length) or `too_large` (a message was skipped). */
  error: 'decode_error' | 'too_large' | undefined;
  private failed = false;

  constructor(
    private readonly handler: EventStreamHandler,
    private readonly maxMessageBytes = MAX_EVENTSTREAM_MESSAGE_BYTES,
  ) {}

  /** True between messages. */
  get idle(): boolean {
    return this.preludeLen === 0 && this.message === undefined && this.skipLeft === 0;
  }

  write(buf: Uint8Array): void {
    let i = 0;
    while (i < buf.length && !this.failed) {
      if (this.skipLeft > 0) {
        const n = Math.min(this.skipLeft, buf.length - i);
        this.skipLeft -= n;
        i += n;
        continue;
      }
      if (this.message === undefined) {
        const n = Math.min(PRELUDE - this.preludeLen, buf.length - i);
        this.prelude.set(buf.subarray(i, i + n), this.preludeLen);
        this.preludeLen += n;
        i += n;
        if (this.preludeLen < PRELUDE) return;
        this.startMessage();
        continue;
      }
      const n = Math.min(this.total - this.messageLen, buf.length - i);
      this.message.set(buf.subarray(i, i + n), this.messageLen);
      this.messageLen += n;
      i += n;
      if (this.messageLen === this.total) this.finishMessage();
    }
  }

  private fail(): void {
    this.error = 'decode_error';
    this.failed = true;
    this.message = undefined;
  }

  private startMessage(): void {
    const p = this.prelude;
    const view = new DataView(p.buffer, p.byteOffset, PRELUDE);
    const total = view.getUint32(0);
    const headersLen = view.getUint32(4);
    if (crc32(p.subarray(0, 8)) !== view.getUint32(8) || total < MIN_MESSAGE || headersLen > total - MIN_MESSAGE) {
      this.fail();
      return;
    }
    this.preludeLen = 0;
    if (total > this.maxMessageBytes) {
      this.error ??= 'too_large';
      this.skipLeft = total - PRELUDE;
      return;
    }
    this.total = total;
    this.message = new Uint8Array(total);
    this.message.set(p, 0);
    this.messageLen = PRELUDE;
  }

  private finishMessage(): void {
    const m = this.message as Uint8Array;
    this.message = undefined;
    const view = new DataView(m.buffer, m.byteOffset, m.length);
    if (crc32(m.subarray(0, m.length - 4)) !== view.getUint32(m.length - 4)) {
      this.fail();
      return;
    }
    const headersLen = view.getUint32(4);
    const headers = this.readHeaders(m, view, PRELUDE, PRELUDE + headersLen);
    if (headers === undefined) {
      this.fail();
      return;
    }
    const payload = m.subarray(PRELUDE + headersLen, m.length - 4);
    try {
      this.handler.onMessage(
        headers[':message-type'] ?? 'event',
        headers[':event-type'] ?? headers[':exception-type'] ?? headers[':error-code'] ?? '',
        payload,
      );
    } catch {
      // A consumer's error must not stop decoding.
    }
  }

  /** Reads the string headers (other value types are skipped by their sizes). */
  private readHeaders(m: Uint8Array, view: DataView, start: number, end: number): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    let i = start;
    while (i < end) {
      const nameLen = m[i++];
      if (i + nameLen + 1 > end) return undefined;
      const name = Buffer.from(m.buffer, m.byteOffset + i, nameLen).toString('utf8');
      i += nameLen;
      const type = m[i++];
      let size: number;
      switch (type) {
        case 0:
        case 1:
          size = 0;
          break;
        case 2:
          size = 1;
          break;
        case 3:
          size = 2;
          break;
        case 4:
          size = 4;
          break;
        case 5:
        case 8:
          size = 8;
          break;
        case 9:
          size = 16;
          break;
        case 6:
        case 7: {
          if (i + 2 > end) return undefined;
          const len = view.getUint16(i);
          i += 2;
          if (i + len > end) return undefined;
          if (type === 7) out[name] = Buffer.from(m.buffer, m.byteOffset + i, len).toString('utf8');
          i += len;
          continue;
        }
        default:
          return undefined;
      }
      i += size;
      if (i > end) return undefined;
    }
    return out;
  }
}

/** Encodes one event-stream message with string headers (used by tests, benches and mock servers). */
export function encodeEventStreamMessage(headers: Record<string, string>, payload: Uint8Array): Buffer {
  const hs: Buffer[] = [];
  for (const [k, v] of Object.entries(headers)) {
    const name = Buffer.from(k, 'utf8');
    const value = Buffer.from(v, 'utf8');
    const h = Buffer.alloc(1 + name.length + 1 + 2 + value.length);
    h[0] = name.length;
    name.copy(h, 1);
    h[1 + name.length] = 7;
    h.writeUInt16BE(value.length, 2 + name.length);
    value.copy(h, 4 + name.length);
    hs.push(h);
  }
  const headerBuf = Buffer.concat(hs);
  const total = PRELUDE + headerBuf.length + payload.length + 4;
  const out = Buffer.alloc(total);
  out.writeUInt32BE(total, 0);
  out.writeUInt32BE(headerBuf.length, 4);
  out.writeUInt32BE(crc32(out.subarray(0, 8)), 8);
  headerBuf.copy(out, PRELUDE);
  Buffer.from(payload.buffer, payload.byteOffset, payload.length).copy(out, PRELUDE + headerBuf.length);
  out.writeUInt32BE(crc32(out.subarray(0, total - 4)), total - 4);
  return out;
}
