/**
 * Tests that tell, without decoding or parsing it, that a streamed event can hold nothing but output
 * text (a delta). Such events are skipped once the text is no longer needed (see `Collector.wantsText`);
 * everything else (ids, models, finish reasons, usage, errors) is always parsed.
 *
 * A test reads the event's raw bytes in place (no string is made, so skipping allocates nothing). It may
 * answer "not text-only" for a text event (which is then parsed: slower, still right) but must never
 * answer "text-only" for an event that carries anything else. Keys are found at their colons: the bytes
 * before a `:` (spaces allowed) must be a quote preceded by the key's name. Inside a JSON string a quote
 * is escaped, so that quote closes a key; a name is matched by its end only (`usage` also matches
 * `"xusage"`, which merely gets the event parsed). Keys written with `\u` escapes, which no provider
 * sends, would not be seen.
 */

import { isJsonWhitespace } from '../parsers/jsonBytes';

/** Says whether the bytes `data[start..end)` of an event can only carry output text. */
export type TextOnlyEvent = (data: Buffer, start: number, end: number, eventType: string | undefined) => boolean;

const COLON = 0x3a;
const QUOTE = 0x22;
const N = 0x6e;

const bytes = (s: string): Uint8Array => Buffer.from(s, 'latin1');
const USAGE = bytes('usage');
const FINISH_REASON = bytes('finish_reason');
const ERROR = bytes('error');
const X_GROQ = bytes('x_groq');
const RESPONSE = bytes('response');
const OBJECT = bytes('object');
const TYPE = bytes('type');
const CONTENT_BLOCK_DELTA = bytes('"content_block_delta"');

/** True when `data[from - name.length .. from)` is `name`, within `[lo, …)`. */
function nameEndsAt(data: Buffer, from: number, name: Uint8Array, lo: number): boolean {
  const n = name.length;
  if (from - n < lo) return false;
  for (let k = 0, at = from - n; k < n; k++, at++) if (data[at] !== name[k]) return false;
  return true;
}

/**
 * Visits every key of the event (at its colon): `visit` gets the index just past the key's name, that
 * of its value's first byte, and the event's range; the scan stops when it returns true.
 */
function someKey(data: Buffer, start: number, end: number, visit: (data: Buffer, nameEnd: number, value: number, start: number, end: number) => boolean): boolean {
  for (let colon = data.indexOf(COLON, start); colon >= 0 && colon < end; colon = data.indexOf(COLON, colon + 1)) {
    let q = colon - 1;
    while (q >= start && isJsonWhitespace(data[q])) q--;
    if (q < start || data[q] !== QUOTE) continue;
    let v = colon + 1;
    while (v < end && isJsonWhitespace(data[v])) v++;
    if (visit(data, q, v, start, end)) return true;
  }
  return false;
}

// Keys are told apart by their last letter first, so most keys of an event cost one byte compare.
const LAST_E = 0x65; // usage, response
const LAST_N = 0x6e; // finish_reason
const LAST_Q = 0x71; // x_groq
const LAST_R = 0x72; // error
const LAST_T = 0x74; // object

/** A non-null `usage` or `finish_reason` (a JSON value starting with `n` is `null`), or any `error` / Groq `x_groq` key. */
function openaiChatNotText(data: Buffer, nameEnd: number, value: number, start: number, end: number): boolean {
  switch (data[nameEnd - 1]) {
    case LAST_R:
      return nameEndsAt(data, nameEnd, ERROR, start);
    case LAST_Q:
      return nameEndsAt(data, nameEnd, X_GROQ, start);
    case LAST_E:
      return nameEndsAt(data, nameEnd, USAGE, start) && value < end && data[value] !== N;
    case LAST_N:
      return nameEndsAt(data, nameEnd, FINISH_REASON, start) && value < end && data[value] !== N;
    default:
      return false;
  }
}

function responsesNotText(data: Buffer, nameEnd: number, _value: number, start: number): boolean {
  switch (data[nameEnd - 1]) {
    case LAST_E:
      return nameEndsAt(data, nameEnd, RESPONSE, start);
    case LAST_R:
      return nameEndsAt(data, nameEnd, ERROR, start);
    case LAST_T:
      return nameEndsAt(data, nameEnd, OBJECT, start);
    default:
      return false;
  }
}

function anthropicNotText(data: Buffer, nameEnd: number, _value: number, start: number): boolean {
  switch (data[nameEnd - 1]) {
    case LAST_E:
      return nameEndsAt(data, nameEnd, USAGE, start);
    case LAST_R:
      return nameEndsAt(data, nameEnd, ERROR, start);
    default:
      return false;
  }
}

/** Chat Completions chunks: text-only unless they carry a non-null `usage` or `finish_reason`, or an `error` or `x_groq` key. */
export const openaiChatTextOnly: TextOnlyEvent = (data, start, end) => !someKey(data, start, end, openaiChatNotText);

/** Responses API: `*.delta` events (by their `event:` line) that hold no `response`, `error` or `object` key. */
export const openaiResponsesTextOnly: TextOnlyEvent = (data, start, end, eventType) =>
  eventType !== undefined && eventType.endsWith('.delta') && !someKey(data, start, end, responsesNotText);

/** True when the event's first key is `type` with the value `"content_block_delta"`. */
function firstKeyIsDeltaType(data: Buffer, start: number, end: number): boolean {
  let first = true;
  let ok = false;
  someKey(data, start, end, (d, nameEnd, value) => {
    if (!first) return true;
    first = false;
    ok = nameEndsAt(d, nameEnd, TYPE, start) && d[nameEnd - TYPE.length - 1] === QUOTE && d.indexOf(CONTENT_BLOCK_DELTA, value) === value;
    return true;
  });
  return ok;
}

/**
 * Anthropic Messages: `content_block_delta` events, by their `event:` line and by the data's own
 * first key, `type` (which the normaliser trusts over the event line), with no `usage` or `error`.
 */
export const anthropicTextOnly: TextOnlyEvent = (data, start, end, eventType) =>
  eventType === 'content_block_delta' && firstKeyIsDeltaType(data, start, end) && !someKey(data, start, end, anthropicNotText);
