import type { IncomingMessage, ServerResponse } from 'node:http';
import { defaultTextMapGetter, ROOT_CONTEXT, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import type { Attributes, Span, TextMapPropagator, Tracer } from '@opentelemetry/api';
import { createResponseParser, inspectRequestBody, wireFormatFor } from '@llmobserve/providers';
import type { EndpointMatch, ParseResult, RequestInfo, ResponseParser, ResponseParserOptions } from '@llmobserve/providers';
import { parseResultAttributes } from '@llmobserve/instrumentation';
import type { ResponseEnding } from '@llmobserve/instrumentation';
import type { Dispatcher } from 'undici';
import type { ResolvedProxyConfig } from './config';
import { ATTR, COST_HEADER, OVERHEAD_HEADER } from './constants';
import { costUsd } from './cost';
import { sendError } from './errors';
import { downstreamResponseHeaders, upstreamRequestHeaders } from './headers';
import type { Router, RouteTarget } from './Router';
import type { CostFunction } from './types';

/** What every exchange of one proxy shares. */
export interface ProxyCore {
  readonly cfg: ResolvedProxyConfig;
  readonly router: Router;
  readonly agent: Dispatcher;
  readonly tracer: Tracer;
  readonly propagator: TextMapPropagator;
  readonly computeCost: CostFunction;
  /** Called once when the exchange is over (response finished or connection gone). */
  done(exchange: Exchange): void;
}

/** The abort reason given to undici when the client went away. */
class ClientGoneError extends Error {
  override readonly name = 'ClientGoneError';
}

/** The abort reason given to undici when the proxy cuts the exchange (shutdown, stalled client). */
class ProxyAbortError extends Error {
  override readonly name = 'ProxyAbortError';
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function round3(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** `00-<trace>-<span>-<flags>` for the proxy span, keeping the caller's Level-2 `random` flag. */
function traceparentFor(span: Span, incoming: string): string {
  const sc = span.spanContext();
  const callerFlags = Number.parseInt(incoming.slice(-2), 16);
  const flags = (sc.traceFlags & 0xff) | (Number.isNaN(callerFlags) ? 0 : callerFlags & 0x02);
  return `00-${sc.traceId}-${sc.spanId}-${flags < 16 ? '0' : ''}${flags.toString(16)}`;
}

type Mode = 'request' | 'waiting' | 'buffer' | 'stream' | 'over';

/**
 * One proxied request: reads the client's body (bounded), opens the span in the caller's trace,
 * forwards to the upstream through the pooled undici agent, and passes the response back — buffered
 * when it is a small non-streamed JSON answer (so the cost fits in a header), otherwise chunk by chunk as
 * it arrives with backpressure — while the shared provider parser reads usage on the side. Implements
 * undici's controller-style dispatch handler.
 */
export class Exchange implements Dispatcher.DispatchHandler {
  private mode: Mode = 'request';
  private chunks: Buffer[] = [];
  private size = 0;
  private bodyEndAt = 0;
  private dispatchedAt = 0;
  private preMs = 0;
  private postMs = 0;
  private span: Span | undefined;
  private body: Buffer | undefined;
  private match: EndpointMatch | undefined;
  private info: RequestInfo | undefined;
  private parser: ResponseParser | undefined;
  private makeParser: (() => ResponseParser) | undefined;
  private controller: Dispatcher.DispatchController | undefined;
  private status = 0;
  private headers: string[] = [];
  private costTrailer = false;
  private wrote = false;
  private clientGone = false;
  private finished = false;
  private stallTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly core: ProxyCore,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly target: RouteTarget,
    private readonly t0: number,
  ) {}

  /** Starts reading the request; the upstream call follows once the body is in. */
  start(): void {
    const req = this.req;
    this.res.once('close', () => this.onResponseClose());
    if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) {
      this.bodyEndAt = this.t0;
      this.forward(undefined);
      return;
    }
    req.on('data', (chunk: Buffer) => this.onBody(chunk));
    req.once('end', () => this.onBodyEnd());
    req.setTimeout(this.core.cfg.idleTimeoutMs, () => this.onUploadStalled());
  }

  private onBody(chunk: Buffer): void {
    if (this.mode !== 'request') return;
    this.size += chunk.length;
    if (this.size > this.core.cfg.maxBodyBytes) {
      this.mode = 'over';
      this.chunks = [];
      sendError(this.res, 413, 'body_too_large', `request body exceeds the proxy's limit of ${this.core.cfg.maxBodyBytes} bytes`, undefined, true);
      return;
    }
    this.chunks.push(chunk);
  }

  private onBodyEnd(): void {
    this.req.setTimeout(0);
    if (this.mode !== 'request') return;
    this.bodyEndAt = performance.now();
    const c = this.chunks;
    this.chunks = [];
    this.forward(c.length === 0 ? undefined : c.length === 1 ? c[0] : Buffer.concat(c, this.size));
  }

  private onUploadStalled(): void {
    if (this.mode !== 'request') return;
    this.mode = 'over';
    sendError(this.res, 408, 'request_timeout', `no request body data for ${this.core.cfg.idleTimeoutMs} ms`, undefined, true);
    this.req.socket.destroySoon();
  }

  /**
   * Calls the upstream, and opens the span. Without a caller `traceparent` (nothing upstream needs the
   * span's id) the request goes out first and the span is made while the upstream works, so span start,
   * context extraction and request inspection stay off the latency path.
   */
  private forward(body: Buffer | undefined): void {
    const req = this.req;
    const target = this.target;
    this.body = body;
    const incomingTp = first(req.headers.traceparent);
    const tp = incomingTp !== undefined ? traceparentFor(this.ensureSpan(), incomingTp) : undefined;
    const headers = upstreamRequestHeaders(req.rawHeaders, first(req.headers.connection), tp);
    this.mode = 'waiting';
    this.dispatchedAt = performance.now();
    this.preMs = this.dispatchedAt - this.bodyEndAt;
    try {
      this.core.agent.dispatch({ origin: target.origin, path: target.path, method: (req.method ?? 'GET') as Dispatcher.HttpMethod, headers, body: body ?? null }, this);
    } catch (err) {
      this.upstreamFailed(err as Error);
    }
    this.ensureSpan();
  }

  /** Opens the proxy span in the caller's trace (once), with what the route and request body say. */
  private ensureSpan(): Span {
    if (this.span !== undefined) return this.span;
    const core = this.core;
    const req = this.req;
    const target = this.target;
    const method = req.method ?? 'GET';
    const ctx = core.propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
    const match = core.router.match(target, method);
    this.match = match;
    const provider = match?.provider ?? target.provider;
    let model: string | undefined;
    if (match !== undefined) {
      this.info = inspectRequestBody(match, this.body);
      model = this.info.model;
    }
    this.body = undefined;
    const qs = target.path.indexOf('?');
    const attributes: Attributes = {
      [ATTR.httpMethod]: method,
      [ATTR.serverAddress]: target.hostname,
      [ATTR.serverPort]: target.port,
      [ATTR.urlPath]: qs < 0 ? target.path : target.path.slice(0, qs),
      [ATTR.proxyRoute]: target.via,
    };
    if (provider !== undefined) attributes[ATTR.providerName] = provider;
    if (match !== undefined) attributes[ATTR.operationName] = match.operation;
    if (model !== undefined) attributes[ATTR.requestModel] = model;
    const name = match !== undefined ? `${match.operation}${model !== undefined ? ' ' + model : ''}` : `${method} ${target.hostname}`;
    this.span = core.tracer.startSpan(name, { kind: SpanKind.CLIENT, startTime: this.t0, attributes }, ctx);
    return this.span;
  }

  /** undici: the request is about to be sent. */
  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.clientGone) controller.abort(new ClientGoneError('client went away'));
  }

  /** undici: status and headers arrived. */
  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    if (statusCode < 200 || this.mode !== 'waiting') return;
    const at = performance.now();
    this.ensureSpan();
    this.status = statusCode;
    const down = downstreamResponseHeaders((controller.rawHeaders ?? []) as Array<Buffer | string>);
    this.headers = down.headers;
    const match = this.match;
    const contentType = first(headers['content-type']);
    let stream = true;
    if (match !== undefined) {
      const wire = wireFormatFor(match.wireFormat, contentType);
      stream = wire === 'sse' || wire === 'aws-eventstream' || this.info?.stream === true;
    }
    const cfg = this.core.cfg;
    const bufferable =
      match !== undefined &&
      cfg.costHeaders &&
      !stream &&
      this.req.method !== 'HEAD' &&
      (down.contentLength === undefined || down.contentLength <= cfg.maxBufferedResponseBytes);
    if (bufferable) {
      this.mode = 'buffer';
    } else {
      this.mode = 'stream';
      if (cfg.costHeaders) {
        this.costTrailer =
          match !== undefined && down.contentLength === undefined && this.req.httpVersion === '1.1' && /\btrailers\b/i.test(first(this.req.headers.te) ?? '');
        if (this.costTrailer) this.headers.push('Trailer', COST_HEADER);
        this.postMs = performance.now() - at;
        this.headers.push(OVERHEAD_HEADER, (this.preMs + this.postMs).toFixed(3));
      }
      this.writeHead();
      // Headers go out with the first chunk when it came in the same read, else right after it: one write
      // instead of two, and a stream's headers never wait for its first event.
      process.nextTick(() => {
        if (!this.wrote && !this.res.destroyed) this.res.flushHeaders();
      });
    }
    if (match !== undefined) {
      // Made on first use, after the first chunk went out: its set-up (a decompressor) stays off the first byte's path.
      const options: ResponseParserOptions = { statusCode, contentType, contentEncoding: first(headers['content-encoding']), headers, request: this.info };
      this.makeParser = () => createResponseParser(match, options);
    }
  }

  /** The response parser, made on first use. */
  private responseParser(): ResponseParser | undefined {
    if (this.parser === undefined && this.makeParser !== undefined) {
      this.parser = this.makeParser();
      this.makeParser = undefined;
    }
    return this.parser;
  }

  private writeHead(): void {
    const res = this.res;
    res.sendDate = false;
    res.writeHead(this.status, this.headers);
  }

  /** undici: a body chunk arrived, exactly as on the wire (possibly compressed). */
  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.mode === 'buffer') {
      this.chunks.push(chunk);
      this.size += chunk.length;
      if (this.size > this.core.cfg.maxBufferedResponseBytes) this.spill();
    } else if (this.mode === 'stream') {
      // The bytes go out first; the parser reads them after.
      this.wrote = true;
      if (!this.res.write(chunk)) {
        controller.pause();
        this.res.once('drain', () => this.onDrain());
        this.stallTimer = setTimeout(() => this.cut('client stopped reading'), this.core.cfg.idleTimeoutMs);
      }
    } else {
      return;
    }
    this.responseParser()?.write(chunk);
  }

  private onDrain(): void {
    if (this.stallTimer !== undefined) clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.controller?.resume();
  }

  /** A response too big to hold: send what is held and pass the rest through (no cost header). */
  private spill(): void {
    this.mode = 'stream';
    this.headers.push(OVERHEAD_HEADER, this.preMs.toFixed(3));
    this.writeHead();
    for (const c of this.chunks) this.res.write(c);
    this.chunks = [];
  }

  /** undici: the body ended. */
  onResponseEnd(): void {
    if (this.mode !== 'buffer' && this.mode !== 'stream') return;
    const endAt = performance.now();
    const result = this.responseParser()?.end();
    const cost = result !== undefined ? costUsd(this.core.computeCost, result.usage, this.match?.provider, result.model ?? this.info?.model) : undefined;
    const res = this.res;
    if (this.mode === 'buffer') {
      if (cost !== undefined) this.headers.push(COST_HEADER, cost);
      this.postMs = performance.now() - endAt;
      this.headers.push(OVERHEAD_HEADER, (this.preMs + this.postMs).toFixed(3));
      this.writeHead();
      const c = this.chunks;
      this.chunks = [];
      res.end(c.length === 0 ? undefined : c.length === 1 ? c[0] : Buffer.concat(c, this.size));
    } else {
      if (this.costTrailer && cost !== undefined) res.addTrailers({ [COST_HEADER]: cost });
      res.end();
    }
    this.mode = 'over';
    this.endSpan(result, 'complete', undefined);
  }

  /** undici: the upstream call failed (connect, timeout, reset, or our own abort). */
  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    this.upstreamFailed(err);
  }

  private upstreamFailed(err: Error): void {
    if (this.stallTimer !== undefined) clearTimeout(this.stallTimer);
    const mode = this.mode;
    if (mode === 'over') return;
    this.mode = 'over';
    this.ensureSpan();
    if (this.clientGone || err instanceof ClientGoneError) {
      this.endSpan(this.responseParser()?.abort(), 'aborted', undefined);
      return;
    }
    if (err instanceof ProxyAbortError) {
      this.res.destroy();
      this.endSpan(this.responseParser()?.abort(), 'aborted', err);
      return;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (mode === 'stream') {
      // Headers are out: pass the cut on, as the client would have seen it without the proxy.
      const result = this.responseParser()?.end();
      this.res.destroy();
      this.endSpan(result, 'failed', err);
      return;
    }
    const timeout = code !== undefined && TIMEOUT_CODES.has(code);
    const where = `${this.target.hostname}:${this.target.port}`;
    if (timeout) sendError(this.res, 504, 'upstream_timeout', `upstream ${where} did not answer in time (${code})`);
    else sendError(this.res, 502, 'upstream_error', `upstream ${where} failed: ${code ?? err.name}`);
    this.status = timeout ? 504 : 502;
    this.endSpan(this.responseParser()?.end(), 'failed', err);
  }

  private onResponseClose(): void {
    if (this.stallTimer !== undefined) clearTimeout(this.stallTimer);
    if (!this.res.writableFinished && this.mode !== 'over') {
      this.clientGone = true;
      if (this.mode === 'request') {
        this.mode = 'over';
      } else if (this.controller !== undefined) {
        this.controller.abort(new ClientGoneError('client went away'));
      }
      if (this.mode === 'over' && this.span === undefined) this.finish();
      return;
    }
    if (this.span === undefined || this.mode === 'over') this.finish();
  }

  /** Cuts the exchange (shutdown past its grace, or a client that stopped reading). */
  cut(reason: string): void {
    if (this.mode === 'over' || this.mode === 'request') {
      this.mode = 'over';
      this.res.destroy();
      return;
    }
    if (this.controller !== undefined) {
      this.controller.abort(new ProxyAbortError(reason));
      return;
    }
    // Not on a socket yet: make onRequestStart abort it, and end here.
    this.clientGone = true;
    this.mode = 'over';
    this.res.destroy();
    this.endSpan(undefined, 'aborted', new ProxyAbortError(reason));
  }

  private endSpan(result: ParseResult | undefined, how: ResponseEnding, err: Error | undefined): void {
    const span = this.span;
    if (span !== undefined) {
      if (result !== undefined) span.setAttributes(parseResultAttributes(result, how, this.t0));
      if (this.status !== 0) span.setAttribute(ATTR.httpStatus, this.status);
      span.setAttribute(ATTR.proxyOverheadMs, round3(this.preMs + this.postMs));
      if (err !== undefined) {
        span.setAttribute(ATTR.errorType, (err as NodeJS.ErrnoException).code ?? err.name);
        span.setStatus({ code: SpanStatusCode.ERROR, message: err.message.slice(0, 200) });
      } else if (this.status >= 400) {
        span.setAttribute(ATTR.errorType, String(this.status));
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    }
    this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.core.done(this);
  }
}
