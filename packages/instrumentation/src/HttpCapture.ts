import { ClientRequest, IncomingMessage, type RequestOptions, type ServerResponse } from 'node:http';
import { errorMonitor } from 'node:events';
import type { ProviderRegistry } from '@llmobserve/providers';
import { diag, type Attributes, type Span } from '@opentelemetry/api';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import { CallCapture, startAttributes, type CaptureSettings } from './CallCapture';

/** Settings of {@link HttpCapture}. */
export interface HttpCaptureSettings extends CaptureSettings {
  providerCallsOnly: boolean;
}

/** URL of an outgoing request from its options, as instrumentation-http sees them before the request exists. */
export function optionsUrl(o: RequestOptions): string {
  const protocol = o.protocol ?? 'http:';
  const host = o.hostname ?? o.host ?? 'localhost';
  const port = o.port !== undefined && o.port !== null && o.port !== '' ? `:${String(o.port)}` : '';
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${protocol}//${h}${port}${o.path ?? '/'}`;
}

/** URL of a ClientRequest: the Host header Node sets (host[:port]) and the path. */
export function clientRequestUrl(req: ClientRequest): string {
  const hostHeader = req.getHeader('host');
  const host = typeof hostHeader === 'string' ? hostHeader : req.host;
  return `${req.protocol}//${host}${req.path}`;
}

type WriteFn = (this: ClientRequest, ...args: unknown[]) => unknown;
type PushFn = (this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding) => boolean;
type DestroyFn = (this: unknown, ...args: unknown[]) => unknown;

/** Passes a `write`/`end` argument to the capture (which copies what it keeps); other types are ignored. */
function tee(c: CallCapture, chunk: unknown, encoding: unknown): void {
  if (typeof chunk === 'string') c.addRequestChunk(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
  else if (chunk instanceof Uint8Array) c.addRequestChunk(chunk);
}

/**
 * Capture for node:http / node:https clients (node-fetch, axios, the `openai`
 * v4 SDK's Node path), on top of `@opentelemetry/instrumentation-http`.
 *
 * The request body is teed from `write`/`end` (bounded by
 * `maxRequestBodyBytes`, arguments passed through unchanged). Response chunks
 * are observed by wrapping the response's `push`, which Node calls with each
 * body chunk as it arrives; adding a `data` listener instead would switch the
 * stream to flowing mode and could lose data for a caller that attaches its
 * reader later. The result is written when the body is complete (`push(null)`,
 * before `end` reaches the instrumentation), when the caller destroys the
 * request or response (aborted, usage so far), or when the connection closes
 * early (truncated).
 */
export class HttpCapture {
  private readonly calls = new WeakMap<Span, CallCapture>();

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly settings: HttpCaptureSettings,
  ) {}

  /** Hooks for the http instrumentation; the user's own hooks run after ours. */
  hooks(user: HttpInstrumentationConfig = {}): HttpInstrumentationConfig {
    return {
      disableIncomingRequestInstrumentation: true,
      ...user,
      ignoreOutgoingRequestHook: (options: RequestOptions): boolean => {
        let ignore = false;
        if (this.settings.providerCallsOnly) {
          try {
            ignore = this.registry.match(optionsUrl(options), options.method ?? 'GET') === undefined;
          } catch (err) {
            diag.debug(`llmobserve: ignoreOutgoingRequestHook: ${String(err)}`);
          }
        }
        return ignore || user.ignoreOutgoingRequestHook?.(options) === true;
      },
      startOutgoingSpanHook: (options: RequestOptions): Attributes => {
        let attrs: Attributes = {};
        try {
          const match = this.registry.match(optionsUrl(options), options.method ?? 'GET');
          if (match) attrs = startAttributes(match, undefined);
        } catch (err) {
          diag.debug(`llmobserve: startOutgoingSpanHook: ${String(err)}`);
        }
        return { ...attrs, ...user.startOutgoingSpanHook?.(options) };
      },
      requestHook: (span: Span, request: ClientRequest | IncomingMessage): void => {
        try {
          if (request instanceof ClientRequest) this.onRequest(span, request);
        } catch (err) {
          diag.debug(`llmobserve: http requestHook: ${String(err)}`);
        }
        user.requestHook?.(span, request);
      },
      responseHook: (span: Span, response: IncomingMessage | ServerResponse): void => {
        try {
          const c = this.calls.get(span);
          if (c && response instanceof IncomingMessage) this.onResponse(c, response);
        } catch (err) {
          diag.debug(`llmobserve: http responseHook: ${String(err)}`);
        }
        user.responseHook?.(span, response);
      },
    };
  }

  private onRequest(span: Span, req: ClientRequest): void {
    if (!span.isRecording()) return;
    const match = this.registry.match(clientRequestUrl(req), req.method);
    if (!match) return;
    const c = new CallCapture(match, this.settings, this.settings.now(), req.method);
    c.span = span;
    this.calls.set(span, c);
    this.teeRequestBody(req, c);

    const origDestroy = req.destroy as unknown as DestroyFn;
    req.destroy = function (this: ClientRequest, ...args: unknown[]) {
      // A destroy from the caller (abort signal, req.abort(), req.destroy()) before the body is complete.
      if (!c.finished) c.abort();
      return origDestroy.apply(this, args);
    } as ClientRequest['destroy'];
    // Registered before instrumentation-http's own listeners, so the result is on the span before it ends.
    req.on('close', () => {
      if (!c.finished) c.fail();
    });
    req.on(errorMonitor, () => {
      if (!c.finished) c.fail();
    });
  }

  private teeRequestBody(req: ClientRequest, c: CallCapture): void {
    const origWrite = req.write as unknown as WriteFn;
    const origEnd = req.end as unknown as WriteFn;
    req.write = function (this: ClientRequest, ...args: unknown[]) {
      tee(c, args[0], args[1]);
      return origWrite.apply(this, args);
    } as ClientRequest['write'];
    req.end = function (this: ClientRequest, ...args: unknown[]) {
      if (typeof args[0] !== 'function') tee(c, args[0], args[1]);
      c.requestSent();
      return origEnd.apply(this, args);
    } as ClientRequest['end'];
  }

  private onResponse(c: CallCapture, res: IncomingMessage): void {
    c.onResponse(res.statusCode ?? 0, res.headers);
    const origPush = res.push as PushFn;
    res.push = function (this: IncomingMessage, chunk: unknown, encoding?: BufferEncoding): boolean {
      try {
        if (chunk === null) c.finish();
        else {
          const b = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : chunk instanceof Uint8Array ? chunk : undefined;
          if (b) c.onChunk(b);
        }
      } catch (err) {
        diag.debug(`llmobserve: response chunk: ${String(err)}`);
      }
      return origPush.call(this, chunk, encoding);
    } as IncomingMessage['push'];
    const origDestroy = res.destroy as unknown as DestroyFn;
    res.destroy = function (this: IncomingMessage, ...args: unknown[]) {
      // Node itself destroys the response when the socket closes early; only a live socket means the caller did.
      if (!c.finished && this.socket && !this.socket.destroyed) c.abort();
      return origDestroy.apply(this, args);
    } as IncomingMessage['destroy'];
    res.on(errorMonitor, () => {
      if (!c.finished) c.fail();
    });
    res.on('close', () => {
      if (!c.finished) c.fail();
    });
  }
}
