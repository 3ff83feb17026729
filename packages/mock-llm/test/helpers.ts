import { createHash } from 'node:crypto';
import * as http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Bytes exactly as received (still compressed). */
  raw: Buffer;
  error?: Error;
}

/** POST with node:http, so the bytes are the wire bytes (no decompression). */
export function rawPost(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const data = typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks) }));
      res.on('error', (error) => resolve({ status: res.statusCode ?? 0, headers: res.headers, raw: Buffer.concat(chunks), error }));
    });
    req.on('error', reject);
    req.end(data);
  });
}

/** POST with global fetch (which decompresses); returns status, headers and text. */
export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export function sha256(b: string | Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** Splits SSE text into events: { event?, data } (LF or CRLF). */
export function sseEvents(text: string): Array<{ event?: string; data: string }> {
  return text
    .split(/\r?\n\r?\n/)
    .filter((block) => block.trim().length > 0)
    .map((block) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data.push(line.slice(6));
      }
      return { event, data: data.join('\n') };
    });
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test helper over arbitrary provider JSON
export type AnyJson = any;
