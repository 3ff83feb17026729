import { isJsonWhitespace } from './parsers/jsonBytes';
import { countTokens } from './tokens';
import type { ChatMessage, EndpointMatch, RequestInfo } from './types';

/** Request bodies above this are not parsed for capture (base64 media); the URL still gives stream-ness. */
const MAX_INSPECT_BYTES = 8 * 1024 * 1024;

function parseBody(body: string | Uint8Array | undefined): Record<string, unknown> | undefined {
  if (body === undefined || body === null) return undefined;
  const size = typeof body === 'string' ? body.length : body.byteLength;
  if (size === 0 || size > MAX_INSPECT_BYTES) return undefined;
  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  let i = 0;
  while (i < text.length && isJsonWhitespace(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 123 /* { */) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

/**
 * Reads what capture needs from a request body: model, whether a stream was asked for, OpenAI's
 * `stream_options.include_usage`, the text length of speech requests, and, only for an OpenAI-style
 * stream that will carry no usage, an offline estimate of the prompt's tokens. Never throws.
 */
export function inspectRequestBody(match: EndpointMatch, body: string | Uint8Array | undefined): RequestInfo {
  const urlStream = match.wireFormat === 'sse' || match.wireFormat === 'aws-eventstream';
  const info: RequestInfo = { stream: urlStream };
  try {
    if (match.model !== undefined) info.model = match.model;
    const b = parseBody(body);
    if (b === undefined) return info;
    if (typeof b.model === 'string' && b.model.length > 0) info.model = b.model.slice(0, 256);
    if (b.stream === true) info.stream = true;
    const so = b.stream_options;
    if (typeof so === 'object' && so !== null && (so as { include_usage?: unknown }).include_usage === true) info.includeUsage = true;
    if (match.schema === 'characters' || match.schema === 'openai.speech') {
      const text = typeof b.text === 'string' ? b.text : typeof b.input === 'string' ? b.input : undefined;
      if (text !== undefined) info.inputCharacters = codePoints(text);
    }
    if (match.schema === 'openai.chat' && match.streamUsage !== 'always' && info.stream && info.includeUsage !== true) {
      if (Array.isArray(b.messages)) info.estimatedInputTokens = countTokens(b.messages as ChatMessage[], { model: info.model });
      else if (typeof b.prompt === 'string') info.estimatedInputTokens = countTokens(b.prompt, { model: info.model });
    }
  } catch {
    // Fail open: what was read so far stands.
  }
  return info;
}

/**
 * For an OpenAI-style streaming request to a provider that sends stream usage only on request, returns
 * the body with `stream_options.include_usage: true` so the final chunk carries the real usage.
 * Returns undefined (send the body unchanged) when not applicable: not a streaming chat/completions
 * request, a provider that sends usage anyway, the option already set, or a body that is not JSON.
 * When `stream_options` is absent, the option is inserted after the opening brace and every other byte
 * is kept; otherwise the body is re-serialised. NOTE: this changes what the caller sends; it is opt-in.
 */
export function addIncludeUsage(match: EndpointMatch, body: string): string | undefined {
  try {
    if (match.schema !== 'openai.chat' || match.streamUsage === 'always' || typeof body !== 'string') return undefined;
    const b = parseBody(body);
    if (b === undefined || b.stream !== true) return undefined;
    const so = b.stream_options;
    if (so === undefined) {
      const brace = body.indexOf('{');
      const rest = body.slice(brace + 1);
      const empty = rest.trim().startsWith('}');
      return body.slice(0, brace + 1) + '"stream_options":{"include_usage":true}' + (empty ? '' : ',') + rest;
    }
    if (so !== null && typeof so !== 'object') return undefined;
    if ((so as { include_usage?: unknown } | null)?.include_usage === true) return undefined;
    b.stream_options = { ...(so ?? {}), include_usage: true };
    return JSON.stringify(b);
  } catch {
    return undefined;
  }
}
