import type { ServerResponse } from 'node:http';

/** The JSON error body the proxy answers with: `{ "error": { "type", "message", "host"? } }`. */
export interface ProxyErrorBody {
  error: { type: string; message: string; host?: string };
}

/**
 * Answers with a JSON error, unless the response has started (then the connection is cut, since a
 * status can no longer be sent). `close` ends the connection after the answer (the request body was
 * not read, so the connection cannot be reused).
 */
export function sendError(res: ServerResponse, status: number, type: string, message: string, host?: string, close = false): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body: ProxyErrorBody = { error: { type, message } };
  if (host !== undefined) body.error.host = host;
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) };
  if (close) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}
