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

/** Key names looked for, indexed by their last byte: most keys of an event are ruled out by one compare. */
type KeyTable = ReadonlyArray<readonly Uint8Array[] | undefined>;

function keyTable(...names: Uint8Array[]): KeyTable {
  const table: Uint8Array[][] = [];
  for (const name of names) (table[name[name.length - 1]] ??= []).push(name);
  return table;
}

/** The name in `table` that ends at `nameEnd` (within `[start, …)`), if any. */
function keyAt(data: Buffer, nameEnd: number, start: number, table: KeyTable): Uint8Array | undefined {
  const names = table[data[nameEnd - 1]];
  if (names === undefined) return undefined;
  for (const name of names) if (nameEndsAt(data, nameEnd, name, start)) return name;
  return undefined;
}

const OPENAI_CHAT_KEYS = keyTable(USAGE, FINISH_REASON, ERROR, X_GROQ);
const RESPONSES_KEYS = keyTable(RESPONSE, ERROR, OBJECT);
const ANTHROPIC_KEYS = keyTable(USAGE, ERROR);

/** A non-null `usage` or `finish_reason` (a JSON value starting with `n` is `null`), or any `error` / Groq `x_groq` key. */
function openaiChatNotText(data: Buffer, nameEnd: number, value: number, start: number, end: number): boolean {
  const key = keyAt(data, nameEnd, start, OPENAI_CHAT_KEYS);
  if (key === undefined) return false;
  return key === ERROR || key === X_GROQ || (value < end && data[value] !== N);
}

function responsesNotText(data: Buffer, nameEnd: number, _value: number, start: number): boolean {
  return keyAt(data, nameEnd, start, RESPONSES_KEYS) !== undefined;
}

function anthropicNotText(data: Buffer, nameEnd: number, _value: number, start: number): boolean {
  return keyAt(data, nameEnd, start, ANTHROPIC_KEYS) !== undefined;
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
