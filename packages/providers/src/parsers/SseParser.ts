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
}

const LINE_START = 0;
const FIELD = 1;
const VALUE_START = 2;
const VALUE = 3;
const SKIP = 4;

const F_DATA = 1;
const F_EVENT = 2;
const F_OTHER = 3;

const LF = new Uint8Array([0x0a]);

function indexOfLF(buf: Uint8Array, from: number): number {
  return Buffer.prototype.indexOf.call(buf, 0x0a, from) as number;
}

function indexOfCR(buf: Uint8Array): number {
  return Buffer.prototype.indexOf.call(buf, 0x0d, 0) as number;
}
const DONE = '[DONE]';

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
  // Event data: views into the current chunk, copied at the end of write() if still pending.
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

  write(buf: Uint8Array): void {
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
        if (c === 0x3a /* : */) {
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

  private valueBytes(buf: Uint8Array, start: number, end: number): void {
    if (this.field === F_DATA) this.append(buf.subarray(start, end));
    else if (this.field === F_EVENT && this.eventType.length < MAX_SSE_EVENT_TYPE) {
      this.eventType += Buffer.from(buf.buffer, buf.byteOffset + start, Math.min(end - start, MAX_SSE_EVENT_TYPE)).toString('utf8');
    }
  }

  private dataLineStart(): void {
    if (this.dataLines++ > 0) this.append(LF);
  }

  private append(bytes: Uint8Array): void {
    if (this.streaming) {
      (this.json as JsonStreamParser).write(bytes);
      return;
    }
    if (this.size + bytes.length > this.maxBufferBytes) {
      this.json ??= new JsonStreamParser((v) => this.handler.onEvent(v, this.currentType()), this.maxBufferBytes);
      this.json.reset();
      this.streaming = true;
      for (const p of this.parts) this.json.write(p);
      this.parts = [];
      this.owned = 0;
      this.size = 0;
      this.json.write(bytes);
      return;
    }
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  /** Copies event data still pending at the end of a chunk: the caller may reuse its buffer. */
  private ownPending(): void {
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
      const parts = this.parts;
      const text =
        parts.length === 1
          ? Buffer.from(parts[0].buffer, parts[0].byteOffset, parts[0].length).toString('utf8')
          : Buffer.concat(parts, this.size).toString('utf8');
      if (text === DONE) this.handler.onDone();
      else {
        let value: unknown;
        let ok = true;
        try {
          value = JSON.parse(text);
        } catch {
          ok = false;
        }
        if (ok) this.handler.onEvent(value, type);
        else this.handler.onMalformed(this.ending ? 'truncated' : 'malformed_json');
      }
    }
    this.parts = [];
    this.owned = 0;
    this.size = 0;
    this.dataLines = 0;
    this.eventType = '';
    this.eventTypeSet = false;
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
