import {
  MAX_ID_LENGTH,
  MAX_SECTION_DEPTH,
  MAX_SECTION_NAME_LENGTH,
  MAX_SECTION_PATH_LENGTH,
  SECTION_SEPARATOR,
} from './constants';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * True when `s` holds no control character (C0, DEL, C1), no line or paragraph
 * separator and no lone surrogate: such a string is safe in a header once
 * percent-encoded, in a log line and in a span attribute.
 */
export function isCleanText(s: string): boolean {
  return !CONTROL.test(s) && s.isWellFormed();
}

/**
 * Validates a run, customer or request id: a string of 1 to 256 characters after
 * trimming, with no control characters. Returns the trimmed id, or `undefined`.
 */
export function sanitizeId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s.length === 0 || s.length > MAX_ID_LENGTH) return undefined;
  return isCleanText(s) ? s : undefined;
}

/**
 * Validates one section name: like an id, and without the path separator `/`.
 * Returns the trimmed name, or `undefined`.
 */
export function sanitizeSectionName(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const s = value.trim();
  if (s.length === 0 || s.length > MAX_SECTION_NAME_LENGTH) return undefined;
  if (s.includes(SECTION_SEPARATOR)) return undefined;
  return isCleanText(s) ? s : undefined;
}

const pathCache = new Map<string, readonly string[] | null>();
const PATH_CACHE_SIZE = 512;

/**
 * Parses a serialised section path (`agent:research/step:planning`). The whole
 * path is refused (`undefined`) when it is longer than 1 KiB, deeper than 32
 * levels or has an invalid level; an empty string is the empty path. The result
 * is frozen and memoised (a workflow has few distinct paths; the memo is bounded).
 */
export function parseSectionPath(value: unknown): readonly string[] | undefined {
  if (typeof value !== 'string') return undefined;
  const hit = pathCache.get(value);
  if (hit !== undefined) return hit ?? undefined;
  const parsed = parsePathUncached(value);
  if (pathCache.size >= PATH_CACHE_SIZE) pathCache.clear();
  pathCache.set(value, parsed === undefined ? null : Object.freeze(parsed));
  return parsed;
}

function parsePathUncached(value: string): string[] | undefined {
  if (value.length > MAX_SECTION_PATH_LENGTH) return undefined;
  if (value.trim().length === 0) return [];
  const parts = value.split(SECTION_SEPARATOR);
  if (parts.length > MAX_SECTION_DEPTH) return undefined;
  const out: string[] = [];
  for (const part of parts) {
    const name = sanitizeSectionName(part);
    if (name === undefined) return undefined;
    out.push(name);
  }
  return out;
}

/** Serialises a section path; the inverse of {@link parseSectionPath}. */
export function formatSectionPath(path: readonly string[]): string {
  return path.join(SECTION_SEPARATOR);
}

/**
 * True when `path` can be pushed one more level and still serialise within the
 * depth and length limits.
 */
export function canPushSection(path: readonly string[], name: string): boolean {
  if (path.length >= MAX_SECTION_DEPTH) return false;
  let len = name.length;
  for (const p of path) len += p.length + 1;
  return len <= MAX_SECTION_PATH_LENGTH;
}
