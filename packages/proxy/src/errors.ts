import type { ServerResponse } from 'node:http';
import { LINGER_MS } from './constants';

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
  if (close) {
    headers.connection = 'close';
    lingerOnClose(res);
  }
  res.writeHead(status, headers);
  res.end(text);
}

/**
 * A "lingering close" (RFC 9112 §9.6): when the answer is sent before the request body was read, closing
 * at once would reset the connection while the client is still sending, and the reset can destroy the
 * answer before the client reads it. So the proxy half-closes (FIN), keeps discarding what arrives for at
 * most {@link LINGER_MS}, and only then closes.
 */
function lingerOnClose(res: ServerResponse): void {
  const socket = res.socket;
  if (socket === null) return;
  socket.destroySoon = function lingeringDestroySoon(this: typeof socket): void {
    this.end();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('close', () => clearTimeout(timer));
  };
}
