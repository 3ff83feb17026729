import {
  MAX_ID_LENGTH,
  MAX_SECTION_DEPTH,
  MAX_SECTION_NAME_LENGTH,
  MAX_SECTION_PATH_LENGTH,
  SECTION_SEPARATOR,
} from './constants';

/**
 * True when `s` holds no control character (C0, DEL, C1), no line or paragraph
 * separator and no lone surrogate: such a string is safe in a header once
 * percent-encoded, in a log line and in a span attribute.
 */
export function isCleanText(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029) return false;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = s.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      return false;
    }
  }
  return true;
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

/**
 * Parses a serialised section path (`agent:research/step:planning`). The whole
 * path is refused (`undefined`) when it is longer than 1 KiB, deeper than 32
 * levels or has an invalid level; an empty string is the empty path.
 */
export function parseSectionPath(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
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
