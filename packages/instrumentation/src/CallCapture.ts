import {
  createResponseParser,
  inspectRequestBody,
  type EndpointMatch,
  type ParseResult,
  type RequestInfo,
  type ResponseParser,
} from '@llmobserve/providers';
import { diag, type Attributes, type Span } from '@opentelemetry/api';
import { assignDefined, headerValue } from './attributes';
import { parseResultAttributes, type ResponseEnding } from './parseResultAttributes';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_LLMOBSERVE_STREAM,
  ATTR_LLMOBSERVE_USAGE_ERROR,
} from './constants';
import { inputMessagesJson, outputMessagesJson } from './content';

/** Resolved options every capture shares. */
export interface CaptureSettings {
  maxBufferBytes: number;
  maxRequestBodyBytes: number;
  maxContentChars: number;
  recordContent: boolean;
  now: () => number;
}

const NO_BODY_STATUS: ReadonlySet<number> = new Set([204, 304]);

/** What the request body tells beyond the URL: the model it names (else the URL's) and whether it asked for a stream. */
function requestBodyAttributes(match: EndpointMatch, info: RequestInfo): Attributes {
  const attrs: Attributes = {};
  assignDefined(attrs, ATTR_GEN_AI_REQUEST_MODEL, info.model ?? match.model);
  attrs[ATTR_LLMOBSERVE_STREAM] = info.stream;
  return attrs;
}

/** Attributes known before the request goes out (visible to samplers where the transport allows). */
export function startAttributes(match: EndpointMatch, info: RequestInfo | undefined): Attributes {
  const attrs: Attributes = {
    [ATTR_GEN_AI_PROVIDER_NAME]: match.provider,
    [ATTR_GEN_AI_OPERATION_NAME]: match.operation,
  };
  if (info !== undefined) return Object.assign(attrs, requestBodyAttributes(match, info));
  assignDefined(attrs, ATTR_GEN_AI_REQUEST_MODEL, match.model);
  return attrs;
}

/**
 * One provider call being observed, whatever the transport: the request body
 * is inspected once, response chunks are fed to the provider's incremental
 * parser as they pass, and the result is written to the client span before
 * the span ends. Every method is fail-open: an error inside is logged through
 * `diag` and the capture stops; nothing reaches the caller.
 */
export class CallCapture {
  /** What the request body says (model, stream, include_usage). */
  info: RequestInfo | undefined;
  /** The client span; set once the transport has started it. */
  span: Span | undefined;
  /** The span was started with {@link startAttributes} of this call's match (provider and operation are on it). */
  startAttributesOnSpan = false;
  private parser: ResponseParser | undefined;
  private statusCode = 0;
  private expectBody = true;
  private chunks = 0;
  private done = false;
  private inputMessages: string | undefined;
  private requestChunks: Buffer[] | undefined = [];
  private requestBytes = 0;
  private requestTooLarge = false;

  constructor(
    readonly match: EndpointMatch,
    private readonly settings: CaptureSettings,
    readonly startedAt: number,
    /** HTTP method of the request (a HEAD answer has no body). */
    readonly method?: string,
  ) {}

  /** Whether the call's outcome has been written to the span (or the capture gave up). */
  get finished(): boolean {
    return this.done;
  }

  /**
   * One chunk of the request body as it is sent. A copy is kept (the sender
   * may reuse its buffer) up to `maxRequestBodyBytes`; beyond that the body is
   * not inspected and the model comes from the response.
   */
  addRequestChunk(chunk: string | Uint8Array, encoding?: BufferEncoding): void {
    const kept = this.requestChunks;
    if (kept === undefined || this.done || this.requestTooLarge) return;
    this.guard('request chunk', () => {
      const b = typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : Buffer.from(chunk);
      this.requestBytes += b.length;
      if (this.requestBytes > this.settings.maxRequestBodyBytes) {
        this.requestTooLarge = true;
        kept.length = 0;
      } else {
        kept.push(b);
      }
    });
  }

  /** The request body has been sent: inspect it (model, stream, include_usage) and annotate the span. */
  requestSent(): void {
    const kept = this.requestChunks;
    if (kept === undefined || this.done) return;
    this.requestChunks = undefined;
    this.guard('request body', () => {
      const body = this.requestTooLarge || kept.length === 0 ? undefined : kept.length === 1 ? kept[0] : Buffer.concat(kept);
      const info = inspectRequestBody(this.match, body);
      this.info = info;
      // A span that started with the call's provider and operation gets only what the body adds.
      this.span?.setAttributes(this.startAttributesOnSpan ? requestBodyAttributes(this.match, info) : startAttributes(this.match, info));
      if (this.settings.recordContent && body !== undefined) {
        this.inputMessages = inputMessagesJson(body.toString('utf8'), this.settings.maxContentChars);
      }
    });
  }

  /** Response status and headers (lower-case names) arrived: start the parser. */
  onResponse(statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    // A server may answer before the body is fully sent (e.g. an early 429): inspect what was sent.
    this.requestSent();
    this.guard('response headers', () => {
      this.statusCode = statusCode;
      const length = headerValue(headers, 'content-length');
      this.expectBody = !(NO_BODY_STATUS.has(statusCode) || this.method === 'HEAD' || length === '0');
      this.parser = createResponseParser(this.match, {
        statusCode,
        contentType: headerValue(headers, 'content-type'),
        contentEncoding: headerValue(headers, 'content-encoding'),
        headers,
        request: this.info,
        maxBufferBytes: this.settings.maxBufferBytes,
        recordContent: this.settings.recordContent,
        maxContentChars: this.settings.maxContentChars,
        now: this.settings.now,
      });
    });
  }

  /** One response body chunk, exactly as received (possibly compressed). Never modified, never kept. */
  onChunk(chunk: Uint8Array): void {
    const parser = this.parser;
    if (this.done || parser === undefined) return;
    this.chunks++;
    // Hot path: no closure per chunk.
    try {
      parser.write(chunk);
    } catch (err) {
      this.stop('response chunk', err);
    }
  }

  /** The body ended normally. */
  finish(): void {
    this.end('complete');
  }

  /** The caller abandoned the call (abort signal, cancelled reader, destroyed response). */
  abort(): void {
    this.end('aborted');
  }

  /** The connection failed or was cut before the body was complete. */
  fail(): void {
    this.end('failed');
  }

  private end(how: ResponseEnding): void {
    if (this.done) return;
    this.guard('result', () => {
      this.done = true;
      const parser = this.parser;
      this.parser = undefined;
      const span = this.span;
      if (span === undefined) return;
      if (parser === undefined) {
        span.setAttribute(ATTR_LLMOBSERVE_USAGE_ERROR, how === 'aborted' ? 'aborted' : 'no_response');
        return;
      }
      const result = how === 'aborted' ? parser.abort() : parser.end();
      span.setAttributes(this.toAttributes(result, how));
    });
  }

  private toAttributes(r: ParseResult, how: ResponseEnding): Attributes {
    // Nothing was seen of a body that should be there: the transport did not let us observe it.
    const bodyMissing = how === 'complete' && this.chunks === 0 && this.expectBody && this.statusCode < 400;
    const attrs = parseResultAttributes(r, how, this.startedAt, {
      streamRequested: this.info?.stream === true,
      ...(bodyMissing ? { error: 'body_not_observed' } : {}),
    });
    if (this.settings.recordContent) {
      assignDefined(attrs, ATTR_GEN_AI_INPUT_MESSAGES, this.inputMessages);
      if (r.completionText !== undefined) attrs[ATTR_GEN_AI_OUTPUT_MESSAGES] = outputMessagesJson(r.completionText, r.finishReasons?.[0]);
    }
    return attrs;
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.stop(what, err);
    }
  }

  private stop(what: string, err: unknown): void {
    this.done = true;
    this.parser = undefined;
    diag.debug(`llmobserve: capture of ${this.match.provider} ${this.match.operation} stopped at ${what}: ${String(err)}`);
  }
}
