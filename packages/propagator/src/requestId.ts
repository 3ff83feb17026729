import { uuidv7, MAX_ID_LENGTH } from '@llmobserve/context';

/**
 * A request id we accept from a caller: 1 to 256 characters from
 * `A-Z a-z 0-9 - _ . : / + = @ ~` (UUIDs, ULIDs, base64, AWS and Heroku styles).
 * Anything else (spaces, commas from a joined duplicate header, control
 * characters) is refused and replaced.
 */
const REQUEST_ID = /^[A-Za-z0-9\-_.:/+=@~]+$/;

export function isValidRequestId(s: string): boolean {
  return s.length <= MAX_ID_LENGTH && REQUEST_ID.test(s);
}

/** A new request id: a time-ordered UUID v7. */
export function newRequestId(): string {
  return uuidv7();
}
