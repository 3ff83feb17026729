import { uuidv7, MAX_ID_LENGTH } from '@llmobserve/context';

/**
 * A request id we accept from a caller: 1 to 256 characters from
 * `A-Z a-z 0-9 - _ . : / + = @ ~` (UUIDs, ULIDs, base64, AWS and Heroku styles).
 * Anything else (spaces, commas from a joined duplicate header, control
 * characters) is refused and replaced.
 */
export function isValidRequestId(s: string): boolean {
  if (s.length === 0 || s.length > MAX_ID_LENGTH) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok =
      (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) ||
      c === 0x2d || c === 0x5f || c === 0x2e || c === 0x3a || c === 0x2f || c === 0x2b ||
      c === 0x3d || c === 0x40 || c === 0x7e;
    if (!ok) return false;
  }
  return true;
}

/** A new request id: a time-ordered UUID v7. */
export function newRequestId(): string {
  return uuidv7();
}
