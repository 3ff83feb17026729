import { MAX_SSE_EVENT_TYPE, MAX_SSE_FIELD_NAME } from '../constants';
import { JsonStreamParser } from './JsonStreamParser';

/** Receives what an {@link SseParser} finds. */
export interface SseHandler {
  /** One event's `data`, parsed as JSON, with its `event:` type. */
  onEvent(value: unknown, eventType: string | undefined): void;
  /** The OpenAI-style `data: [DONE]` terminator. */
  onDone(): void;
  /** An event whose data was not JSON (`truncated` when it is the last event, cut by the end of the stream). */
  onMalformed(reason: 'malformed_json' | 'too_deep' | 'truncated'): void;
  /**
   * Asked before an event's data (`data[start..end)`, undecoded) is decoded and parsed: return false to
   * skip the event (it is then
   * reported to {@link SseHandler.onSkipped} with its size and never parsed). Events larger than the
   * parser's buffer bound are always parsed.
   */
  wants?(data: Buffer, start: number, end: number, eventType: string | undefined): boolean;
  /** An event {@link SseHandler.wants} declined, with the byte length of its data. */
  onSkipped?(bytes: number): void;
}

const LINE_START = 0;
const FIELD = 1;
const VALUE_START = 2;
const VALUE = 3;
const SKIP = 4;

const F_DATA = 1;
const F_EVENT = 2;
const F_OTHER = 3;

const LF = Buffer.from([0x0a]);

function indexOfLF(buf: Buffer, from: number): number {
  return buf.indexOf(0x0a, from);
}

function indexOfCR(buf: Buffer): number {
  return buf.indexOf(0x0d, 0);
}
const DONE = '[DONE]';
const DONE_BYTES = Buffer.from(DONE);

/** True when `buf[i..]` starts with `data:` (the field nearly every event line carries). */
function startsWithData(buf: Uint8Array, i: number): boolean {
  return i + 5 <= buf.length && buf[i] === 0x64 && buf[i + 1] === 0x61 && buf[i + 2] === 0x74 && buf[i + 3] === 0x61 && buf[i + 4] === 0x3a;
}

/**
 * An incremental Server-Sent Events parser (WHATWG HTML "event stream interpretation"): LF, CRLF and CR
 * line ends, comments, multi-line `data:`, a UTF-8 BOM, events split across chunks at any byte.
 *
 * Each event's data is handed on as JSON. Data up to `maxBufferBytes` is kept as-is and parsed with
 * `JSON.parse`; a larger event (a Responses API `response.completed` with a long output) switches to the
 * incremental {@link JsonStreamParser}, so no event is ever buffered whole beyond that bound.
 */
export class SseParser {
  private state = LINE_START;
  private crPending = false;
  private bomChecked = false;
  private field = 0;
  private fieldName = '';
  private eventType = '';
  private eventTypeSet = false;
  // Event data. The common case, data within one chunk, is held as a range of that chunk (`seg*`) with
  // no view allocated; otherwise as views in `parts`. Both are copied at the end of write() if pending.
  private segBuf: Buffer | undefined;
  private segStart = 0;
  private segEnd = 0;
  private parts: Uint8Array[] = [];
  private owned = 0;
  private size = 0;
  private dataLines = 0;
  private json: JsonStreamParser | undefined;
  private streaming = false;
  private ending = false;
  /** Events dispatched so far. */
  events = 0;

  constructor(
    private readonly handler: SseHandler,
    private readonly maxBufferBytes: number,
  ) {}

  write(chunk: Uint8Array): void {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    let i = 0;
    const n = buf.length;
    if (!this.bomChecked && n > 0) {
      // Checked on the first three bytes only when they arrive together; a BOM split across chunks is rare
      // enough that its bytes simply make the first line an unknown field.
      this.bomChecked = true;
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    }
    if (this.crPending && i < n) {
      this.crPending = false;
      if (buf[i] === 0x0a) i++;
    }
    const hasCR = indexOfCR(buf) >= 0;
    while (i < n) {
      const state = this.state;
      if (state === VALUE || state === SKIP) {
        const start = i;
        if (!hasCR) {
          // Common case: LF line ends only; let the native search find them.
          const lf = indexOfLF(buf, i);
          i = lf < 0 ? n : lf;
        } else {
          while (i < n) {
            const c = buf[i];
            if (c === 0x0a || c === 0x0d) break;
            i++;
          }
        }
        if (state === VALUE && i > start) this.valueBytes(buf, start, i);
        if (i === n) break;
        i = this.lineEnd(buf, i);
        continue;
      }
      const c = buf[i];
      if (c === 0x0a || c === 0x0d) {
        i = this.lineEnd(buf, i);
        continue;
      }
      if (state === LINE_START) {
        if (c === 0x64 && startsWithData(buf, i)) {
          // Fast path for `data:` lines: no field name to build character by character.
          this.field = F_DATA;
          this.dataLineStart();
          this.state = VALUE_START;
          i += 4; // and the i++ below: past the colon
        } else if (c === 0x3a /* : */) {
          this.state = SKIP; // comment
        } else {
          this.fieldName = String.fromCharCode(c);
          this.state = FIELD;
        }
        i++;
      } else if (state === FIELD) {
        if (c === 0x3a) {
          this.startValue();
          this.state = VALUE_START;
        } else if (this.fieldName.length < MAX_SSE_FIELD_NAME) {
          this.fieldName += String.fromCharCode(c);
        } else {
          this.state = SKIP;
        }
        i++;
      } else {
        // VALUE_START: one optional space after the colon.
        this.state = VALUE;
        if (c === 0x20) i++;
      }
    }
    this.ownPending();
  }

  private startValue(): void {
    const name = this.fieldName;
    this.field = name === 'data' ? F_DATA : name === 'event' ? F_EVENT : F_OTHER;
    if (this.field === F_DATA) this.dataLineStart();
    else if (this.field === F_EVENT) {
      this.eventType = '';
      this.eventTypeSet = true;
    }
  }

  /** Handles a line end at `buf[i]` (CR or LF); returns the index after it. */
  private lineEnd(buf: Uint8Array, i: number): number {
    const c = buf[i];
    i++;
    if (c === 0x0d) {
      if (i < buf.length) {
        if (buf[i] === 0x0a) i++;
      } else {
        this.crPending = true;
      }
    }
    const state = this.state;
    if (state === LINE_START) {
      this.dispatch();
    } else if (state === FIELD) {
      // A line with no colon: the whole line is the field name, the value is empty.
      if (this.fieldName === 'data') this.dataLineStart();
      else if (this.fieldName === 'event') {
        this.eventType = '';
        this.eventTypeSet = true;
      }
    }
    this.state = LINE_START;
    return i;
  }

  private valueBytes(buf: Buffer, start: number, end: number): void {
    if (this.field === F_DATA) this.append(buf, start, end);
    else if (this.field === F_EVENT && this.eventType.length < MAX_SSE_EVENT_TYPE) {
      this.eventType += buf.toString('utf8', start, Math.min(end, start + MAX_SSE_EVENT_TYPE));
    }
  }

  private dataLineStart(): void {
    if (this.dataLines++ > 0) this.append(LF, 0, 1);
  }

  /** Moves a pending range into `parts` as a view. */
  private flushSegment(): void {
    const seg = this.segBuf;
    if (seg === undefined) return;
    this.parts.push(seg.subarray(this.segStart, this.segEnd));
    this.segBuf = undefined;
  }

  private append(buf: Buffer, start: number, end: number): void {
    const n = end - start;
    if (this.streaming) {
      (this.json as JsonStreamParser).write(buf.subarray(start, end));
      return;
    }
    if (this.size + n > this.maxBufferBytes) {
      this.flushSegment();
      this.json ??= new JsonStreamParser((v) => this.handler.onEvent(v, this.currentType()), this.maxBufferBytes);
      this.json.reset();
      this.streaming = true;
      for (const p of this.parts) this.json.write(p);
      this.parts = [];
      this.owned = 0;
      this.size = 0;
      this.json.write(buf.subarray(start, end));
      return;
    }
    this.size += n;
    if (this.segBuf === undefined && this.parts.length === 0 && buf !== LF) {
      this.segBuf = buf;
      this.segStart = start;
      this.segEnd = end;
      return;
    }
    this.flushSegment();
    this.parts.push(buf === LF ? LF : buf.subarray(start, end));
  }

  /** Copies event data still pending at the end of a chunk: the caller may reuse its buffer. */
  private ownPending(): void {
    const seg = this.segBuf;
    if (seg !== undefined) {
      // A copy (not a view): the caller may reuse its buffer once write() returns.
      this.parts.push(Buffer.from(seg.subarray(this.segStart, this.segEnd)));
      this.segBuf = undefined;
    }
    for (let k = this.owned; k < this.parts.length; k++) {
      const p = this.parts[k];
      if (p !== LF) this.parts[k] = Uint8Array.prototype.slice.call(p) as Uint8Array;
    }
    this.owned = this.parts.length;
  }

  private currentType(): string | undefined {
    return this.eventTypeSet ? this.eventType : undefined;
  }

  private dispatch(): void {
    if (this.dataLines === 0) {
      this.eventType = '';
      this.eventTypeSet = false;
      return;
    }
    this.events++;
    const type = this.currentType();
    if (this.streaming) {
      const json = this.json as JsonStreamParser;
      const r = json.end();
      if (r !== 'ok' || json.values === 0) this.handler.onMalformed(this.ending ? 'truncated' : r === 'too_deep' ? 'too_deep' : 'malformed_json');
      this.streaming = false;
    } else {
      const seg = this.segBuf;
      if (seg !== undefined && this.parts.length === 0) {
        this.parseData(seg, this.segStart, this.segEnd, type);
      } else {
        this.flushSegment();
        const parts = this.parts;
        const data = parts.length === 1 ? parts[0] : Buffer.concat(parts, this.size);
        this.parseData(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.length), 0, data.length, type);
      }
    }
    this.segBuf = undefined;
    if (this.parts.length > 0) this.parts = [];
    this.owned = 0;
    this.size = 0;
    this.dataLines = 0;
    this.eventType = '';
    this.eventTypeSet = false;
  }

  private parseData(data: Buffer, start: number, end: number, type: string | undefined): void {
    const handler = this.handler;
    const n = end - start;
    if (n === DONE_BYTES.length && data[start] === 0x5b /* [ */ && data.compare(DONE_BYTES, 0, n, start, end) === 0) {
      handler.onDone();
      return;
    }
    if (handler.wants !== undefined && !handler.wants(data, start, end, type)) {
      handler.onSkipped?.(n);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data.toString('utf8', start, end));
    } catch {
      handler.onMalformed(this.ending ? 'truncated' : 'malformed_json');
      return;
    }
    handler.onEvent(value, type);
  }

  /**
   * Ends the stream. An event left without its closing blank line is still dispatched (some servers
   * omit it on the last event).
   */
  end(): void {
    this.ending = true;
    if (this.state === VALUE || this.state === FIELD || this.state === VALUE_START) this.lineEnd(LF, 0);
    this.dispatch();
  }
}
