/**
 * Plumbing shared by the demo services: listen on a free 127.0.0.1 port, tell
 * the runner where (one line on stdout), read JSON bodies, and stop when the
 * runner goes away (its end of our stdin closes) so no service outlives it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import { READY_PREFIX } from '../constants';

/** Reads a JSON request body (at most 1 MiB). */
export function readJson(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > 1024 * 1024) {
        reject(new Error('request body larger than 1 MiB'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        reject(err);
      }
    });
    req.on('error', reject);
  });
}

/**
 * Names the incoming request's server span (traced by the zero-code entry) after
 * its route, as web framework instrumentations do: `POST /v1/chat`, not `POST`.
 */
export function nameServerSpan(method: string, route: string): void {
  const span = trace.getActiveSpan();
  span?.setAttribute(ATTR_HTTP_ROUTE, route);
  span?.updateName(`${method} ${route}`);
}

/** Sends a JSON answer. */
export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Serves `handler` on a free port of 127.0.0.1 and prints the ready line. A
 * handler failure answers 500 instead of crashing the service.
 */
export function serve(name: string, handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): http.Server {
  const server = http.createServer((req, res) => {
    handler(req, res).catch((err: unknown) => {
      process.stderr.write(`${name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      if (!res.headersSent) sendJson(res, 500, { error: String(err) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`${READY_PREFIX}http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
  watchParent();
  return server;
}

/**
 * SIGTERM ourselves when the runner's end of stdin closes (it exited, even by
 * SIGKILL): the zero-code entry then flushes spans and exits.
 */
export function watchParent(): void {
  process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
  process.stdin.resume();
}

/** A required environment variable; exits the service naming it when missing. */
export function requireEnv(service: string, name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') {
    process.stderr.write(`${service}: ${name} is not set (the demo runner sets it)\n`);
    process.exit(2);
  }
  return value;
}
