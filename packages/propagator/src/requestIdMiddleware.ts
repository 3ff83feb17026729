import type { IncomingMessage, ServerResponse } from 'node:http';
import { context as contextApi, trace } from '@opentelemetry/api';
import { getState, updateState } from '@llmobserve/context';
import { REQUEST_ID_HEADER } from './constants';
import { isValidRequestId, newRequestId } from './requestId';

/** The request object after {@link requestIdMiddleware}: `req.requestId` is set. */
export interface RequestWithId extends IncomingMessage {
  requestId?: string;
}

/** Options of {@link requestIdMiddleware}. */
export interface RequestIdMiddlewareOptions {
  /** Response header to echo the id in. Default `X-Request-Id`. */
  responseHeader?: string;
}

/**
 * Express/Connect-style middleware (also usable around a bare node:http handler):
 * takes the request id the propagator extracted (or the `X-Request-Id` header, or
 * a new UUID v7), echoes it on the response, sets `req.requestId`, marks the
 * server span with `llmobserve.request_id` and runs the rest of the handler in a
 * context where `getRequestId()` returns it, so every log line can carry it.
 */
export function requestIdMiddleware(
  options: RequestIdMiddlewareOptions = {},
): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const responseHeader = options.responseHeader ?? 'X-Request-Id';
  if (typeof responseHeader !== 'string' || !/^[A-Za-z0-9-]+$/.test(responseHeader)) {
    throw new TypeError(`requestIdMiddleware: responseHeader must be a header name, got ${JSON.stringify(responseHeader)}`);
  }
  return (req, res, next) => {
    const active = contextApi.active();
    let id = getState(active).requestId;
    if (id === undefined || !isValidRequestId(id)) {
      const raw = req.headers[REQUEST_ID_HEADER];
      const header = typeof raw === 'string' ? raw.trim() : undefined;
      id = header !== undefined && isValidRequestId(header) ? header : newRequestId();
    }
    (req as RequestWithId).requestId = id;
    if (!res.headersSent) res.setHeader(responseHeader, id);
    trace.getSpan(active)?.setAttribute('llmobserve.request_id', id);
    contextApi.with(updateState(active, { requestId: id }), () => next());
  };
}
