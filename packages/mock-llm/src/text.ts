import { COMPLETION_WORDS, PROMPT_TEXT_KEYS } from './constants';

/** Number of whitespace-separated words in `s`. */
export function countWords(s: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const space = c === 32 || (c >= 9 && c <= 13) || c === 0xa0;
    if (space) {
      inWord = false;
    } else if (!inWord) {
      inWord = true;
      n++;
    }
  }
  return n;
}

/**
 * The mock's "tokenizer": the number of words in every string found under a
 * prompt-text key (`content`, `text`, `input`, `system`, `instructions`,
 * `prompt`) anywhere in the request body, including arrays of strings and
 * nested content parts. Image URLs, tool schemas and other fields do not count.
 */
export function countPromptWords(body: unknown): number {
  return walk(body, false);
}

function walk(value: unknown, counted: boolean): number {
  if (typeof value === 'string') {
    return counted ? countWords(value) : 0;
  }
  if (Array.isArray(value)) {
    let n = 0;
    for (const v of value) n += walk(v, counted);
    return n;
  }
  if (value !== null && typeof value === 'object') {
    let n = 0;
    for (const [k, v] of Object.entries(value)) {
      n += walk(v, PROMPT_TEXT_KEYS.has(k));
    }
    return n;
  }
  return 0;
}

/**
 * The `count` completion words, split into deltas of `perChunk` words; the
 * first delta has no leading space, the others start with one, so joining the
 * deltas gives the completion text.
 */
export function completionDeltas(count: number, perChunk: number): string[] {
  return Array.from(completionDeltaStream(count, perChunk));
}

/** Lazily yields the deltas of {@link completionDeltas}, for very long outputs. */
export function* completionDeltaStream(count: number, perChunk: number): Generator<string> {
  let current = '';
  let inChunk = 0;
  for (let i = 0; i < count; i++) {
    const word = COMPLETION_WORDS[i % COMPLETION_WORDS.length];
    current += i === 0 ? word : ` ${word}`;
    inChunk++;
    if (inChunk === perChunk) {
      yield current;
      current = '';
      inChunk = 0;
    }
  }
  if (inChunk > 0) yield current;
}

/** The whole completion text of `count` words. */
export function completionText(count: number): string {
  return completionDeltas(count, Math.max(1, count)).join('');
}
