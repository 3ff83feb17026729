import type { Usage } from '@llmobserve/pricing';
import { Collector } from './Collector';
import {
  BEDROCK_INPUT_TOKENS_HEADER,
  BEDROCK_OUTPUT_TOKENS_HEADER,
  CHARACTER_COUNT_HEADERS,
  DEFAULT_MAX_BUFFER_BYTES,
  DEFAULT_MAX_CONTENT_CHARS,
  RESPONSE_ID_HEADERS,
} from './constants';
import type { Normaliser } from './normalisers';
import { NORMALISERS, TEXT_ONLY_EVENTS } from './normalisers';
import { openaiChat } from './normalisers/openai';
import { BodyDecoder } from './parsers/BodyDecoder';
import { EventStreamParser } from './parsers/EventStreamParser';
import { JsonStreamParser } from './parsers/JsonStreamParser';
import { SseParser } from './parsers/SseParser';
import type { EndpointMatch, ParseResult, ResponseParser, ResponseParserOptions, WireFormat } from './types';

/** The wire format the response's content-type announces, else the endpoint's expected one. */
export function wireFormatFor(expected: WireFormat, contentType: string | undefined): WireFormat {
  if (contentType === undefined || contentType === '') return expected;
  const ct = contentType.toLowerCase();
  if (ct.startsWith('text/event-stream')) return 'sse';
  if (ct.startsWith('application/vnd.amazon.eventstream')) return 'aws-eventstream';
  if (ct.includes('json')) return 'json';
  if (ct.startsWith('audio/') || ct.startsWith('image/') || ct.startsWith('video/') || ct.startsWith('application/octet-stream') || ct.startsWith('text/plain') || ct.startsWith('text/html')) {
    return 'binary';
  }
  return expected;
}

function header(headers: ResponseParserOptions['headers'], name: string): string | undefined {
  const v = headers?.[name];
  return Array.isArray(v) ? v[0] : v;
}

function headerCount(headers: ResponseParserOptions['headers'], name: string): number | undefined {
  const v = header(headers, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

class Parser implements ResponseParser {
  private readonly now: () => number;
  private readonly maxBuf: number;
  private readonly wire: WireFormat;
  private readonly stream: boolean;
  private readonly normalise: Normaliser;
  private readonly c: Collector;
  private readonly decoder: BodyDecoder;
  private readonly httpError: string | undefined;
  private sse: SseParser | undefined;
  private es: EventStreamParser | undefined;
  private json: JsonStreamParser | undefined;
  private jsonParts: Uint8Array[] = [];
  private jsonSize = 0;
  private jsonError: string | undefined;
  private malformed = 0;
  private bodyBytes = 0;
  private firstChunkAt: number | undefined;
  private internalError = false;
  private result: ParseResult | undefined;
  private readonly estimatorMode: 'exact' | 'sample';
  /** Byte length of the SSE event being handled (0 for events too large to buffer). */
  private eventBytes = 0;

  constructor(
    private readonly match: EndpointMatch,
    private readonly options: ResponseParserOptions,
  ) {
    this.now = options.now ?? (() => performance.now());
    this.maxBuf = Math.max(1024, options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES);
    this.wire = wireFormatFor(match.wireFormat, options.contentType);
    const req = options.request;
    this.stream = this.wire === 'sse' || this.wire === 'aws-eventstream' || req?.stream === true || match.wireFormat === 'sse';
    this.normalise = NORMALISERS[match.schema] ?? openaiChat;
    // A stream that will carry no usage is counted exactly as it goes; otherwise text is only sampled,
    // for the case where the stream is cut before its usage arrives.
    this.estimatorMode =
      match.schema === 'openai.chat' && match.streamUsage !== 'always' && req?.stream === true && req.includeUsage !== true ? 'exact' : 'sample';
    const maxContent = options.recordContent === true ? (options.maxContentChars ?? DEFAULT_MAX_CONTENT_CHARS) : 0;
    this.c = new Collector(this.now, maxContent, this.estimatorMode, req?.model ?? match.model);
    if (options.statusCode >= 400 || options.statusCode < 100 || !Number.isInteger(options.statusCode)) this.httpError = `http_${options.statusCode}`;
    this.decoder = new BodyDecoder(options.contentEncoding, (b) => this.onDecoded(b));
    // A body that is not a stream is read when it ends: its compressed input is inflated in batches.
    this.decoder.batching = !this.stream;
    if (this.httpError !== undefined) return;
    if (this.wire === 'sse') {
      const textOnly = TEXT_ONLY_EVENTS[match.schema];
      this.sse = new SseParser(
        {
          onEvent: (v, t) => this.onSseEvent(v, t),
          onDone: () => {
            this.c.complete = true;
          },
          onMalformed: (reason) => {
            // A last event cut by the end of the body is a truncation, not malformed JSON.
            if (reason !== 'truncated') this.malformed++;
          },
          // Once text no longer matters, events that can only carry text are not parsed at all.
          wants: (data, start, end, type) => {
            this.eventBytes = end - start;
            const c = this.c;
            if (textOnly === undefined || c.wantsText || c.model === undefined || c.responseId === undefined) return true;
            return !textOnly(data, start, end, type);
          },
          onSkipped: (bytes) => this.c.estimator.skipped(bytes),
        },
        this.maxBuf,
      );
    } else if (this.wire === 'aws-eventstream') {
      this.es = new EventStreamParser({ onMessage: (m, t, p) => this.onEventStreamMessage(m, t, p) });
    }
  }

  private onSseEvent(v: unknown, type: string | undefined): void {
    const c = this.c;
    const chars = c.estimator.characters;
    this.normalise(v, type, c);
    if (this.eventBytes > 0 && c.estimator.characters > chars) c.estimator.textEvent(this.eventBytes);
    this.eventBytes = 0;
  }

  write(chunk: Uint8Array): void {
    if (this.result !== undefined || this.internalError) return;
    try {
      if (chunk.length === 0) return;
      this.firstChunkAt ??= this.now();
      const decoder = this.decoder;
      // Once a stream's first token is seen, nothing needs its decoded bytes the moment they arrive.
      if (!decoder.batching && this.c.firstTokenAt !== undefined) decoder.batching = true;
      decoder.write(chunk);
    } catch {
      this.internalError = true;
    }
  }

  private onDecoded(b: Uint8Array): void {
    this.bodyBytes += b.length;
    if (this.httpError !== undefined) return;
    switch (this.wire) {
      case 'sse':
        (this.sse as SseParser).write(b);
        return;
      case 'aws-eventstream':
        (this.es as EventStreamParser).write(b);
        return;
      case 'json':
        this.jsonWrite(b);
        return;
      default:
        return;
    }
  }

  private jsonWrite(b: Uint8Array): void {
    if (this.json !== undefined) {
      this.json.write(b);
      return;
    }
    if (this.jsonSize + b.length > this.maxBuf) {
      // Too big to keep: from here on parse incrementally, keeping only a pruned copy.
      this.json = new JsonStreamParser((v) => this.normalise(v, undefined, this.c), this.maxBuf);
      for (const p of this.jsonParts) this.json.write(p);
      this.jsonParts = [];
      this.json.write(b);
      return;
    }
    // The chunk may be reused by its owner once write() returns: keep a copy.
    this.jsonParts.push(Uint8Array.prototype.slice.call(b) as Uint8Array);
    this.jsonSize += b.length;
  }

  private jsonEnd(): void {
    if (this.json === undefined) {
      if (this.jsonSize === 0) {
        this.jsonError = 'empty';
        return;
      }
      const first = this.jsonParts[0];
      const buf = this.jsonParts.length === 1 ? Buffer.from(first.buffer, first.byteOffset, first.length) : Buffer.concat(this.jsonParts, this.jsonSize);
      this.jsonParts = [];
      let value: unknown;
      try {
        value = JSON.parse(buf.toString('utf8'));
      } catch {
        // Not one JSON value: NDJSON, concatenated values, or malformed. The incremental parser tells which.
        this.json = new JsonStreamParser((v) => this.normalise(v, undefined, this.c), this.maxBuf);
        this.json.write(buf);
        this.jsonEnd();
        return;
      }
      if (Array.isArray(value)) for (const el of value) this.normalise(el, undefined, this.c);
      else this.normalise(value, undefined, this.c);
      this.c.complete = true;
      return;
    }
    const r = this.json.end();
    if (r === 'ok') this.c.complete = true;
    else if (r === 'incomplete') this.jsonError = 'truncated';
    else this.jsonError = 'malformed_json';
  }

  private onEventStreamMessage(messageType: string, eventType: string, payload: Uint8Array): void {
    if (messageType !== 'event') {
      this.c.fail('stream_error');
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.length).toString('utf8'));
    } catch {
      this.malformed++;
      return;
    }
    if (this.match.schema === 'bedrock.invoke') {
      const bytes = (value as { bytes?: unknown } | null)?.bytes;
      if (typeof bytes !== 'string') return;
      try {
        value = JSON.parse(Buffer.from(bytes, 'base64').toString('utf8'));
      } catch {
        this.malformed++;
        return;
      }
    }
    this.normalise(value, eventType, this.c);
  }

  end(): ParseResult {
    return this.finish(false);
  }

  abort(): ParseResult {
    return this.finish(true);
  }

  private finish(aborted: boolean): ParseResult {
    if (this.result !== undefined) return this.result;
    const result: ParseResult = { stream: this.stream, bodyBytes: 0 };
    try {
      this.finishInto(result, aborted);
    } catch {
      result.error = 'parser_error';
      delete result.usage;
    }
    result.bodyBytes = this.bodyBytes;
    this.result = result;
    try {
      this.decoder.release();
    } catch {
      // Nothing to release then.
    }
    return result;
  }

  private finishInto(r: ParseResult, aborted: boolean): void {
    const c = this.c;
    const opts = this.options;
    if (aborted && !this.internalError) {
      // What was received before the caller gave up is read too.
      this.decoder.drain();
    } else if (!this.internalError) {
      this.decoder.end();
      if (this.httpError === undefined) {
        if (this.sse !== undefined) this.sse.end();
        else if (this.wire === 'json') this.jsonEnd();
        else if (this.wire === 'binary') c.complete = true;
      }
    }
    if (this.firstChunkAt !== undefined) r.firstChunkAt = this.firstChunkAt;
    const model = c.model ?? opts.request?.model ?? this.match.model;
    if (model !== undefined) r.model = model;
    let id = c.responseId;
    for (let i = 0; id === undefined && i < RESPONSE_ID_HEADERS.length; i++) id = header(opts.headers, RESPONSE_ID_HEADERS[i]);
    if (id !== undefined) r.responseId = id;
    if (c.finishReasons.length > 0) r.finishReasons = [...c.finishReasons];
    if (this.stream && c.firstTokenAt !== undefined) r.firstTokenAt = c.firstTokenAt;
    const text = c.completionText;
    if (text !== undefined) r.completionText = text;
    if (aborted) r.aborted = true;

    if (this.httpError !== undefined) {
      r.error = this.httpError;
      return;
    }
    this.fillFromOutside();
    const decodeError = this.decoder.error ?? (this.es?.error === 'decode_error' ? 'decode_error' : undefined);
    if (this.internalError) return this.fail(r, 'parser_error');
    if (decodeError !== undefined) return this.fail(r, decodeError);
    if (aborted) {
      this.abortedUsage(r);
      return;
    }
    if (this.jsonError === 'malformed_json' || this.jsonError === 'empty') return this.fail(r, 'malformed_json');
    if (c.streamError !== undefined) return this.fail(r, c.streamError);
    if (!c.complete || this.jsonError === 'truncated' || (this.es !== undefined && !this.es.idle)) {
      return this.fail(r, c.usage === undefined && this.malformed > 0 ? 'malformed_json' : 'truncated_stream');
    }
    if (c.usage !== undefined) {
      r.usage = c.usage;
      return;
    }
    if (this.malformed > 0) return this.fail(r, 'malformed_json');
    if (this.es?.error === 'too_large') return this.fail(r, 'too_large');
    if (this.stream && this.estimatorMode === 'exact' && c.estimator.characters > 0) {
      r.usage = this.estimate();
      r.estimated = true;
      return;
    }
    r.error = 'no_usage';
  }

  /** Counts providers report outside the body: character headers, Bedrock token headers, the request text. */
  private fillFromOutside(): void {
    const c = this.c;
    const h = this.options.headers;
    if (this.match.schema === 'characters' || this.match.schema === 'openai.speech') {
      let chars: number | undefined;
      for (const name of CHARACTER_COUNT_HEADERS) chars ??= headerCount(h, name);
      chars ??= this.options.request?.inputCharacters;
      if (chars !== undefined) c.fillUsage({ characters: chars });
    } else if (this.match.schema === 'bedrock.invoke' && this.wire === 'json') {
      c.fillUsage({ inputTokens: headerCount(h, BEDROCK_INPUT_TOKENS_HEADER), outputTokens: headerCount(h, BEDROCK_OUTPUT_TOKENS_HEADER) });
    }
  }

  private estimate(): Usage {
    const u: Usage = { outputTokens: this.c.estimator.count() };
    const input = this.options.request?.estimatedInputTokens;
    if (input !== undefined) u.inputTokens = input;
    return u;
  }

  /** A stream the caller abandoned: the usage seen so far, with output estimated from the text where missing. */
  private abortedUsage(r: ParseResult): void {
    const c = this.c;
    const seen = c.usage;
    if (c.complete && seen !== undefined) {
      r.usage = seen;
      return;
    }
    const estimatedOutput = c.estimator.count();
    if (seen === undefined && estimatedOutput === 0) {
      r.error = 'no_usage';
      return;
    }
    const u: Usage = { ...(seen ?? {}) };
    if (u.inputTokens === undefined && this.options.request?.estimatedInputTokens !== undefined) u.inputTokens = this.options.request.estimatedInputTokens;
    if (estimatedOutput > (u.outputTokens ?? 0)) {
      u.outputTokens = estimatedOutput;
      r.estimated = true;
    }
    r.usage = u;
  }

  private fail(r: ParseResult, reason: string): void {
    r.error = reason;
    if (this.c.usage !== undefined) r.partialUsage = this.c.usage;
  }
}

/** A parser for requests that could not even be set up: it counts bytes and reports the reason. */
class InertParser implements ResponseParser {
  private bytes = 0;
  constructor(private readonly reason: string) {}
  write(chunk: Uint8Array): void {
    this.bytes += chunk?.length ?? 0;
  }
  end(): ParseResult {
    return { stream: false, bodyBytes: this.bytes, error: this.reason };
  }
  abort(): ParseResult {
    return this.end();
  }
}

/**
 * Creates an incremental parser for one provider response. Feed it the body chunks as they pass, in
 * order and unchanged (compressed if the response is); call `end()` when the body ends or `abort()` when
 * the caller abandons it. It never throws, keeps at most `maxBufferBytes` beyond the event being
 * parsed, counts binary bodies without keeping them, and decodes gzip/deflate/br on the side.
 */
export function createResponseParser(match: EndpointMatch, options: ResponseParserOptions): ResponseParser {
  try {
    return new Parser(match, options);
  } catch {
    return new InertParser('parser_error');
  }
}
