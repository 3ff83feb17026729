import {
  LLMOBSERVE_BAGGAGE_PREFIX,
  LLMOBSERVE_HEADER_PREFIX,
  REQUEST_HEADERS_NOT_FORWARDED,
  RESPONSE_HEADERS_NOT_FORWARDED,
} from './constants';

/** Header names listed in a `Connection` header (hop-by-hop by declaration), lower-case; undefined when none. */
function connectionTokens(connection: string | undefined): Set<string> | undefined {
  if (connection === undefined || connection === '') return undefined;
  let set: Set<string> | undefined;
  for (const raw of connection.split(',')) {
    const t = raw.trim().toLowerCase();
    if (t === '' || t === 'keep-alive' || t === 'close') continue;
    (set ??= new Set()).add(t);
  }
  return set;
}

/**
 * Removes the LLMObserve entries (`llmobserve.*`) from a W3C `baggage` header and keeps every other
 * list-member byte for byte. Returns undefined when nothing is left.
 */
export function stripOurBaggage(value: string): string | undefined {
  if (value.indexOf(LLMOBSERVE_BAGGAGE_PREFIX) < 0) return value;
  let out: string | undefined;
  for (const member of value.split(',')) {
    const eq = member.indexOf('=');
    const key = (eq < 0 ? member : member.slice(0, eq)).trim();
    if (key.startsWith(LLMOBSERVE_BAGGAGE_PREFIX) || key === '') continue;
    out = out === undefined ? member.trim() : `${out},${member.trim()}`;
  }
  return out;
}

/**
 * The headers sent upstream, as a flat `[name, value, …]` list in the order received, names as the
 * client spelled them. Left out: hop-by-hop headers and those the `Connection` header lists, `Host` and
 * `Content-Length` (the forwarder sets them), `Expect`, `Proxy-Authorization` (the proxy's own key), every
 * `X-LLMObserve-*` header, and the `llmobserve.*` baggage entries. Everything else — the caller's
 * `Authorization`, `x-api-key`, `Accept-Encoding` — passes untouched. A `traceparent` is replaced by
 * `traceparent` (the proxy span's), when given.
 */
export function upstreamRequestHeaders(rawHeaders: readonly string[], connection: string | undefined, traceparent: string | undefined): string[] {
  const listed = connectionTokens(connection);
  const out: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    const lower = name.toLowerCase();
    if (REQUEST_HEADERS_NOT_FORWARDED.has(lower) || lower.startsWith(LLMOBSERVE_HEADER_PREFIX)) continue;
    if (listed !== undefined && listed.has(lower)) continue;
    let value = rawHeaders[i + 1];
    if (lower === 'traceparent') {
      if (traceparent !== undefined) value = traceparent;
    } else if (lower === 'baggage') {
      const kept = stripOurBaggage(value);
      if (kept === undefined) continue;
      value = kept;
    }
    out.push(name, value);
  }
  return out;
}

/**
 * The upstream's response headers as a flat `[name, value, …]` list for `writeHead`, raw bytes kept
 * (latin1), hop-by-hop headers left out. `contentLength` receives the upstream's `Content-Length`.
 */
export function downstreamResponseHeaders(raw: ReadonlyArray<Buffer | string>): { headers: string[]; contentLength: number | undefined } {
  const out: string[] = [];
  let contentLength: number | undefined;
  let listed: Set<string> | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toString('latin1');
    const lower = name.toLowerCase();
    const value = raw[i + 1].toString('latin1');
    if (RESPONSE_HEADERS_NOT_FORWARDED.has(lower)) {
      if (lower === 'connection') listed = connectionTokens(value);
      continue;
    }
    if (lower === 'content-length') contentLength = Number(value);
    out.push(name, value);
  }
  if (listed === undefined) return { headers: out, contentLength };
  // Rare: the upstream declared more hop-by-hop headers in its Connection header.
  const kept: string[] = [];
  for (let i = 0; i < out.length; i += 2) if (!listed.has(out[i].toLowerCase())) kept.push(out[i], out[i + 1]);
  return { headers: kept, contentLength };
}
