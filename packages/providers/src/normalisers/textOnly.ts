/**
 * Tests that tell, without parsing it, that a streamed event can hold nothing but output text (a
 * delta). Such events are skipped once the text is no longer needed (see `Collector.wantsText`);
 * everything else (ids, models, finish reasons, usage, errors) is always parsed.
 *
 * A test sees the event's data as a latin1 string of its raw bytes (cheap to make, and every byte a
 * JSON key is made of maps to itself; UTF-8 sequences of other characters never produce ASCII). It may
 * answer "not text-only" for a text event (which is then parsed: slower, still right) but must never
 * answer "text-only" for an event that carries anything else. JSON keys are matched as their quoted
 * bytes: inside a JSON string a quote is escaped, so `"usage"` followed by a colon is a key. Keys
 * written with `\u` escapes (which no provider sends) would not be seen.
 */

/** Says whether an event's data (its bytes as latin1) can only carry output text. */
export type TextOnlyEvent = (latin1: string, eventType: string | undefined) => boolean;

// The patterns match a key by its name and closing quote only (`usage"` also matches `"xusage"`, which
// merely gets that event parsed): starting at a letter rather than at the frequent `"` is twice as fast.
/** A non-null `usage` or `finish_reason` (a JSON value starting with `n` is `null`), or any `error` / Groq `x_groq` key. */
const OPENAI_CHAT_NOT_TEXT = /(?:usage|_reason)"\s*:\s*[^\sn]|(?:error|x_groq)"\s*:/;
const RESPONSES_NOT_TEXT = /(?:response|error|object)"\s*:/;
/** The event's own (first) `type` key says `content_block_delta`. */
const ANTHROPIC_DELTA = /^\s*\{\s*"type"\s*:\s*"content_block_delta"/;
const ANTHROPIC_NOT_TEXT = /(?:usage|error)"\s*:/;

/** Chat Completions chunks: text-only unless they carry a non-null `usage` or `finish_reason`, or an `error` or `x_groq` key. */
export const openaiChatTextOnly: TextOnlyEvent = (data) => !OPENAI_CHAT_NOT_TEXT.test(data);

/** Responses API: `*.delta` events (by their `event:` line) that hold no `response`, `error` or `object` key. */
export const openaiResponsesTextOnly: TextOnlyEvent = (data, eventType) =>
  eventType !== undefined && eventType.endsWith('.delta') && !RESPONSES_NOT_TEXT.test(data);

/**
 * Anthropic Messages: `content_block_delta` events, by their `event:` line and by the data's own
 * first `type` key (which the normaliser trusts over the event line), with no `usage` or `error`.
 */
export const anthropicTextOnly: TextOnlyEvent = (data, eventType) =>
  eventType === 'content_block_delta' && ANTHROPIC_DELTA.test(data) && !ANTHROPIC_NOT_TEXT.test(data);
