import { MAX_JSON_DEPTH, MAX_KEPT_STRING_BYTES, USAGE_KEYS } from '../constants';
import { isJsonWhitespace } from './jsonBytes';

// Parser states.
const VALUE = 0; // expecting a value
const AFTER_VALUE = 1; // expecting ',' or a closing bracket (or, at top level, another value)
const KEY_OR_END = 2; // just after '{'
const KEY = 3; // after ',' in an object
const COLON = 4;
const VALUE_OR_END = 5; // just after '['
const STRING = 6;
const STRING_ESC = 7;
const STRING_U = 8;
const NUMBER = 9;
const LITERAL = 10;
const FAILED = 11;

const TRUE = [0x74, 0x72, 0x75, 0x65];
const FALSE = [0x66, 0x61, 0x6c, 0x73, 0x65];
const NULL = [0x6e, 0x75, 0x6c, 0x6c];

interface Frame {
  isArray: boolean;
  /** The container being built, or undefined when it is not kept. */
  value: Record<string, unknown> | unknown[] | undefined;
  /** Pending key (objects). */
  key: string | undefined;
  /** Under a usage key: kept even when the budget is spent. */
  protected: boolean;
  /** Top-level array whose elements are emitted one by one (Gemini's streamed JSON array). */
  emitChildren: boolean;
}

function isNumberByte(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x65 || c === 0x45;
}

function isHex(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

/**
 * An incremental JSON parser for bodies too large to buffer. It accepts one or more top-level values
 * (a body, NDJSON, or concatenated JSON) and hands each completed value to `onValue`; a top-level
 * array is unwrapped and its elements handed over one by one.
 *
 * It keeps a pruned copy of each value: strings are cut at {@link MAX_KEPT_STRING_BYTES}, numbers inside
 * arrays (embedding vectors) are dropped, and once `budget` bytes are kept only values under usage keys
 * ({@link USAGE_KEYS}) are. Memory is therefore bounded by the budget whatever the body's size.
 */
export class JsonStreamParser {
  private state = VALUE;
  private readonly stack: Frame[] = [];
  private budgetLeft: number;
  private readonly strBuf = new Uint8Array(MAX_KEPT_STRING_BYTES + 8);
  private strLen = 0;
  private strKeep = false;
  private strIsKey = false;
  private strHasEscape = false;
  private strTruncated = false;
  private uCount = 0;
  private num = '';
  private literal: number[] = TRUE;
  private literalPos = 0;
  private literalValue: unknown = undefined;
  /** Reason the input was rejected, once it was. */
  error: 'malformed_json' | 'too_deep' | undefined;
  /** Top-level values completed so far. */
  values = 0;

  constructor(
    private readonly onValue: (value: unknown) => void,
    private readonly budget: number,
  ) {
    this.budgetLeft = budget;
  }

  /** Forgets everything (used between SSE events). */
  reset(): void {
    this.state = VALUE;
    this.stack.length = 0;
    this.budgetLeft = this.budget;
    this.error = undefined;
    this.values = 0;
  }

  /** True when no value is open: the input so far is complete. */
  get idle(): boolean {
    return this.stack.length === 0 && (this.state === VALUE || this.state === AFTER_VALUE);
  }

  private failWith(reason: 'malformed_json' | 'too_deep'): void {
    this.error = reason;
    this.state = FAILED;
    this.stack.length = 0;
  }

  /** Feeds bytes `buf[start, end)`. */
  write(buf: Uint8Array, start = 0, end = buf.length): void {
    let i = start;
    while (i < end) {
      switch (this.state) {
        case FAILED:
          return;
        case STRING: {
          const runStart = i;
          let c = 0;
          while (i < end) {
            c = buf[i];
            if (c === 0x22 || c === 0x5c || c < 0x20) break;
            i++;
          }
          if (i > runStart) this.keepStringBytes(buf, runStart, i);
          if (i === end) break;
          if (c === 0x22) {
            i++;
            this.closeString();
          } else if (c === 0x5c) {
            // Escapes are kept whole or not at all, so a cut string still decodes.
            if (this.strLen + 6 > MAX_KEPT_STRING_BYTES) this.stopKeeping();
            this.keepByte(c);
            this.strHasEscape = true;
            this.state = STRING_ESC;
            i++;
          } else {
            this.failWith('malformed_json');
          }
          break;
        }
        case STRING_ESC: {
          const c = buf[i++];
          if (c === 0x75) {
            this.uCount = 0;
            this.state = STRING_U;
          } else if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) {
            this.state = STRING;
          } else {
            this.failWith('malformed_json');
            break;
          }
          this.keepByte(c);
          break;
        }
        case STRING_U: {
          const c = buf[i++];
          if (!isHex(c)) {
            this.failWith('malformed_json');
            break;
          }
          this.keepByte(c);
          if (++this.uCount === 4) this.state = STRING;
          break;
        }
        case NUMBER: {
          const c = buf[i];
          if (isNumberByte(c)) {
            if (this.num.length < 64) this.num += String.fromCharCode(c);
            i++;
          } else {
            this.closeNumber();
          }
          break;
        }
        case LITERAL: {
          const c = buf[i];
          if (c !== this.literal[this.literalPos]) {
            this.failWith('malformed_json');
            break;
          }
          i++;
          if (++this.literalPos === this.literal.length) {
            this.state = AFTER_VALUE;
            this.completeValue(this.literalValue, true);
          }
          break;
        }
        default:
          i = this.structural(buf, i, end);
      }
    }
  }

  /** Handles whitespace and structural bytes; returns the next index. */
  private structural(buf: Uint8Array, i: number, end: number): number {
    while (i < end && isJsonWhitespace(buf[i])) i++;
    if (i === end) return i;
    const c = buf[i];
    switch (this.state) {
      case VALUE:
      case VALUE_OR_END:
        if (c === 0x5d /* ] */ && this.state === VALUE_OR_END) {
          this.closeContainer(true);
          return i + 1;
        }
        return this.startValue(c, i);
      case AFTER_VALUE: {
        const top = this.stack[this.stack.length - 1];
        if (top === undefined) {
          // Another top-level value (NDJSON, concatenated JSON).
          this.state = VALUE;
          return i;
        }
        if (c === 0x2c /* , */) {
          this.state = top.isArray ? VALUE : KEY;
          return i + 1;
        }
        if ((c === 0x5d && top.isArray) || (c === 0x7d && !top.isArray)) {
          this.closeContainer(top.isArray);
          return i + 1;
        }
        this.failWith('malformed_json');
        return i;
      }
      case KEY_OR_END:
      case KEY:
        if (c === 0x7d /* } */ && this.state === KEY_OR_END) {
          this.closeContainer(false);
          return i + 1;
        }
        if (c !== 0x22) {
          this.failWith('malformed_json');
          return i;
        }
        this.startString(true, true);
        return i + 1;
      case COLON:
        if (c !== 0x3a) {
          this.failWith('malformed_json');
          return i;
        }
        this.state = VALUE;
        return i + 1;
    }
    return i;
  }

  private parent(): Frame | undefined {
    return this.stack[this.stack.length - 1];
  }

  /** Whether a scalar (or container) completing here should be kept. */
  private keepHere(isNumber: boolean): boolean {
    const p = this.parent();
    if (p === undefined) return true;
    if (p.emitChildren) return true;
    if (p.value === undefined) return false;
    if (p.protected) return true;
    if (p.isArray && isNumber) return false;
    if (p.key !== undefined && USAGE_KEYS.has(p.key)) return true;
    return this.budgetLeft > 0;
  }

  private startValue(c: number, i: number): number {
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (this.stack.length >= MAX_JSON_DEPTH) {
        this.failWith('too_deep');
        return i;
      }
      const isArray = c === 0x5b;
      const p = this.parent();
      if (p === undefined || p.emitChildren) this.budgetLeft = this.budget;
      const keep = this.keepHere(false);
      const prot = p !== undefined && (p.protected || (p.key !== undefined && USAGE_KEYS.has(p.key)));
      this.stack.push({
        isArray,
        value: keep ? (isArray ? [] : {}) : undefined,
        key: undefined,
        protected: prot,
        emitChildren: isArray && p === undefined,
      });
      if (keep) this.budgetLeft -= 16;
      this.state = isArray ? VALUE_OR_END : KEY_OR_END;
      return i + 1;
    }
    if (c === 0x22) {
      this.startString(false, this.keepHere(false));
      return i + 1;
    }
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      this.num = '';
      this.state = NUMBER;
      return i;
    }
    if (c === 0x74) this.startLiteral(TRUE, true);
    else if (c === 0x66) this.startLiteral(FALSE, false);
    else if (c === 0x6e) this.startLiteral(NULL, null);
    else {
      this.failWith('malformed_json');
      return i;
    }
    return i;
  }

  private startLiteral(bytes: number[], value: unknown): void {
    this.literal = bytes;
    this.literalPos = 0;
    this.literalValue = value;
    this.state = LITERAL;
  }

  private startString(isKey: boolean, keep: boolean): void {
    this.state = STRING;
    this.strIsKey = isKey;
    this.strKeep = keep;
    this.strLen = 0;
    this.strHasEscape = false;
    this.strTruncated = false;
  }

  private stopKeeping(): void {
    this.strTruncated = true;
  }

  private keepByte(c: number): void {
    if (!this.strKeep || this.strTruncated) return;
    if (this.strLen < MAX_KEPT_STRING_BYTES) this.strBuf[this.strLen++] = c;
    else this.strTruncated = true;
  }

  private keepStringBytes(buf: Uint8Array, from: number, to: number): void {
    if (!this.strKeep || this.strTruncated) return;
    const room = MAX_KEPT_STRING_BYTES - this.strLen;
    const n = Math.min(room, to - from);
    this.strBuf.set(buf.subarray(from, from + n), this.strLen);
    this.strLen += n;
    if (n < to - from) this.strTruncated = true;
  }

  private decodeString(): string | undefined {
    let raw = Buffer.from(this.strBuf.buffer, this.strBuf.byteOffset, this.strLen).toString('utf8');
    if (!this.strHasEscape) return raw;
    // A cut can leave a dangling escape: the escape sequences themselves were kept whole.
    if (raw.endsWith('\\') && !raw.endsWith('\\\\')) raw = raw.slice(0, -1);
    try {
      return JSON.parse('"' + raw + '"') as string;
    } catch {
      return undefined;
    }
  }

  private closeString(): void {
    if (this.strIsKey) {
      const top = this.parent() as Frame;
      top.key = this.decodeString() ?? '';
      this.state = COLON;
      return;
    }
    this.state = AFTER_VALUE;
    if (!this.strKeep) {
      this.completeValue(undefined, false);
      return;
    }
    const s = this.decodeString();
    this.budgetLeft -= this.strLen + 8;
    this.completeValue(s, s !== undefined);
  }

  private closeNumber(): void {
    this.state = AFTER_VALUE;
    const n = Number(this.num);
    if (this.num === '' || this.num === '-' || Number.isNaN(n)) {
      this.failWith('malformed_json');
      return;
    }
    const keep = this.keepHere(true);
    if (keep) this.budgetLeft -= 8;
    this.completeValue(n, keep);
  }

  private closeContainer(isArray: boolean): void {
    const frame = this.stack.pop() as Frame;
    if (frame.isArray !== isArray) {
      this.failWith('malformed_json');
      return;
    }
    this.state = AFTER_VALUE;
    if (frame.emitChildren) {
      this.values++;
      return;
    }
    this.completeValue(frame.value, frame.value !== undefined);
  }

  private completeValue(value: unknown, keep: boolean): void {
    const p = this.parent();
    if (p === undefined || p.emitChildren) {
      this.values++;
      this.safeEmit(value);
      return;
    }
    if (keep && p.value !== undefined) {
      if (p.isArray) (p.value as unknown[]).push(value);
      else if (p.key !== undefined && p.key !== '__proto__') {
        (p.value as Record<string, unknown>)[p.key] = value;
        this.budgetLeft -= p.key.length;
      }
    }
    p.key = undefined;
  }

  private safeEmit(value: unknown): void {
    try {
      this.onValue(value);
    } catch {
      // A consumer's error must not break parsing.
    }
  }

  /**
   * Ends the input. A number still open at the end completes; anything else open means the input was cut.
   * @returns `ok`, `incomplete` (cut mid-value) or the error reason.
   */
  end(): 'ok' | 'incomplete' | 'malformed_json' | 'too_deep' {
    if (this.state === NUMBER && this.stack.length === 0) this.closeNumber();
    if (this.error !== undefined) return this.error;
    return this.idle ? 'ok' : 'incomplete';
  }
}
