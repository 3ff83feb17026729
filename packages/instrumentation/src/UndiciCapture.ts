import * as dc from 'node:diagnostics_channel';
import { RESPONSE_HEADERS_READ, type ProviderRegistry } from '@llmobserve/providers';
import { diag, type Attributes, type Span } from '@opentelemetry/api';
import type { UndiciInstrumentationConfig, UndiciRequest, UndiciResponse } from '@opentelemetry/instrumentation-undici';
import { rawHeaderPicker } from './attributes';
import { CallCapture, startAttributes, type CaptureSettings } from './CallCapture';
import { CHANNEL_BODY_CHUNK, CHANNEL_BODY_CHUNK_SENT, CHANNEL_BODY_SENT, CHANNEL_ERROR, CHANNEL_TRAILERS } from './constants';

/** Settings of {@link UndiciCapture}. */
export interface UndiciCaptureSettings extends CaptureSettings {
  providerCallsOnly: boolean;
}

/** The response headers the capture reads: the parser's, and the length that tells an empty body. */
const readResponseHeaders = rawHeaderPicker([...RESPONSE_HEADERS_READ, 'content-length']);

interface ChannelMessage {
  request: object;
  chunk?: Uint8Array | string;
  error?: unknown;
}

/**
 * Whether a request error means the caller gave up (abort signal, cancelled
 * body reader, timeout signal, a custom abort reason) rather than the
 * connection failing (undici `UND_ERR_*` and socket errors carry a `code`).
 */
export function isCallerAbort(error: unknown): boolean {
  if (!(error instanceof Error)) return true;
  const code = (error as { code?: unknown }).code;
  if (error.name === 'AbortError' || error.name === 'TimeoutError' || code === 'UND_ERR_ABORTED') return true;
  return typeof code !== 'string';
}

/**
 * Capture for global `fetch` and undici, on top of
 * `@opentelemetry/instrumentation-undici`: its hooks give the span and the
 * response headers; undici's diagnostics channels give the request body as it
 * is sent (`bodyChunkSent`, `bodySent`; fetch bodies reach undici as streams,
 * so this is where they can be read without consuming them) and the response
 * body as it arrives (`bodyChunkReceived`). Our `trailers` and `error`
 * subscribers are subscribed before the instrumentation's, so the result is
 * on the span before the instrumentation ends it.
 */
export class UndiciCapture {
  private readonly calls = new WeakMap<object, CallCapture | null>();
  private subscribed = false;

  constructor(
    private readonly registry: ProviderRegistry,
    private readonly settings: UndiciCaptureSettings,
  ) {}

  /** Runs `fn` with the capture of the message's request; a subscriber must never throw (Node would raise it as uncaught). */
  private on(what: string, fn: (c: CallCapture, m: ChannelMessage) => void): (message: unknown) => void {
    return (message: unknown): void => {
      try {
        const m = message as ChannelMessage;
        const c = this.calls.get(m.request);
        if (c) fn(c, m);
      } catch (err) {
        diag.debug(`llmobserve: ${what}: ${String(err)}`);
      }
    };
  }

  private readonly onChunkSent = this.on('request chunk', (c, m) => {
    if (m.chunk !== undefined) c.addRequestChunk(m.chunk);
  });

  private readonly onBodySent = this.on('request sent', (c) => c.requestSent());

  private readonly onChunk = this.on('response chunk', (c, m) => {
    if (m.chunk !== undefined && typeof m.chunk !== 'string') c.onChunk(m.chunk);
  });

  private readonly onTrailers = this.on('trailers', (c, m) => {
    this.calls.delete(m.request);
    c.finish();
  });

  private readonly onError = this.on('request error', (c, m) => {
    this.calls.delete(m.request);
    if (isCallerAbort(m.error)) c.abort();
    else c.fail();
  });

  private readonly subscriptions: ReadonlyArray<[string, (message: unknown) => void]> = [
    [CHANNEL_BODY_CHUNK_SENT, this.onChunkSent],
    [CHANNEL_BODY_SENT, this.onBodySent],
    [CHANNEL_BODY_CHUNK, this.onChunk],
    [CHANNEL_TRAILERS, this.onTrailers],
    [CHANNEL_ERROR, this.onError],
  ];

  /**
   * Subscribes to undici's channels. Call before the undici instrumentation
   * subscribes: subscribers run in subscription order.
   */
  subscribe(): void {
    if (this.subscribed) return;
    for (const [name, fn] of this.subscriptions) dc.subscribe(name, fn);
    this.subscribed = true;
  }

  /** Undoes {@link subscribe}. */
  unsubscribe(): void {
    if (!this.subscribed) return;
    for (const [name, fn] of this.subscriptions) dc.unsubscribe(name, fn);
    this.subscribed = false;
  }

  /** The capture for a request, created on first sight (null: not a provider call). */
  private captureFor(request: UndiciRequest): CallCapture | null {
    let c = this.calls.get(request);
    if (c !== undefined) return c;
    const match = this.registry.match(request.origin + request.path, request.method);
    c = match ? new CallCapture(match, this.settings, this.settings.now(), request.method) : null;
    this.calls.set(request, c);
    return c;
  }

  /** Hooks for the undici instrumentation; the user's own hooks run after ours. */
  hooks(user: UndiciInstrumentationConfig = {}): UndiciInstrumentationConfig {
    return {
      ...user,
      ignoreRequestHook: (request: UndiciRequest): boolean => {
        let ignore = false;
        if (this.settings.providerCallsOnly) {
          try {
            ignore = this.captureFor(request) === null;
          } catch (err) {
            diag.debug(`llmobserve: ignoreRequestHook: ${String(err)}`);
          }
        }
        return ignore || user.ignoreRequestHook?.(request) === true;
      },
      startSpanHook: (request: UndiciRequest): Attributes => {
        let attrs: Attributes = {};
        let c: CallCapture | null = null;
        try {
          c = this.captureFor(request);
          // Visible to samplers: provider, operation, and the model when the URL names it.
          if (c) attrs = startAttributes(c.match, undefined);
        } catch (err) {
          diag.debug(`llmobserve: startSpanHook: ${String(err)}`);
        }
        let userAttrs: Attributes | undefined;
        try {
          userAttrs = user.startSpanHook?.(request);
        } catch (err) {
          // Caught here rather than by the instrumentation, which would drop our attributes with the user's.
          diag.error('llmobserve: the configured undici startSpanHook threw', err);
        }
        // The span starts with the call's provider and operation (or the user's values for them).
        if (c) c.startAttributesOnSpan = true;
        return { ...attrs, ...userAttrs };
      },
      requestHook: (span: Span, request: UndiciRequest): void => {
        try {
          const c = this.calls.get(request);
          if (c) {
            // Sampled out or suppressed: nothing to write to, so parse nothing.
            if (span.isRecording()) c.span = span;
            else this.calls.set(request, null);
          }
        } catch (err) {
          diag.debug(`llmobserve: requestHook: ${String(err)}`);
        }
        user.requestHook?.(span, request);
      },
      responseHook: (span: Span, info: { request: UndiciRequest; response: UndiciResponse }): void => {
        try {
          const c = this.calls.get(info.request);
          if (c) c.onResponse(info.response.statusCode, readResponseHeaders(info.response.headers));
        } catch (err) {
          diag.debug(`llmobserve: responseHook: ${String(err)}`);
        }
        user.responseHook?.(span, info);
      },
    };
  }
}
