import { TRACE_FLAG_RANDOM, TRACE_FLAG_SAMPLED } from './constants';

/** A parsed `traceparent`. */
export interface TraceParent {
  traceId: string;
  spanId: string;
  /** The flags of the header, already restricted to the ones we understand. */
  traceFlags: number;
}

const HEX32 = /^[0-9a-f]{32}$/;
const HEX16 = /^[0-9a-f]{16}$/;
const ZERO32 = '0'.repeat(32);
const ZERO16 = '0'.repeat(16);

function lowerHexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function hexByte(s: string, at: number): number {
  const hi = lowerHexDigit(s.charCodeAt(at));
  const lo = lowerHexDigit(s.charCodeAt(at + 1));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

/**
 * Parses a `traceparent` header per W3C Trace Context Level 2
 * (https://www.w3.org/TR/trace-context-2/#traceparent-header).
 *
 * Version `00` must be exactly 55 characters. A higher version (not `ff`) is
 * parsed by its first 55 characters, which must be followed by `-` or nothing.
 * Trace and parent ids are lower-case hex and not all zeros. Only the `sampled`
 * and `random` flags are kept.
 */
export function parseTraceParent(header: string): TraceParent | undefined {
  const s = header.trim();
  if (s.length < 55) return undefined;
  const version = hexByte(s, 0);
  if (version < 0 || version === 0xff) return undefined;
  if (version === 0 && s.length !== 55) return undefined;
  if (s.length > 55 && s.charCodeAt(55) !== 0x2d) return undefined;
  if (s.charCodeAt(2) !== 0x2d || s.charCodeAt(35) !== 0x2d || s.charCodeAt(52) !== 0x2d) return undefined;
  const traceId = s.slice(3, 35);
  const spanId = s.slice(36, 52);
  if (!isValidTraceIdHex(traceId) || !isValidSpanIdHex(spanId)) return undefined;
  const flags = hexByte(s, 53);
  if (flags < 0) return undefined;
  return {
    traceId,
    spanId,
    traceFlags: flags & (TRACE_FLAG_SAMPLED | TRACE_FLAG_RANDOM),
  };
}

const FLAG_HEX = ['00', '01', '02', '03'];

/** Formats a version-00 `traceparent`. */
export function formatTraceParent(traceId: string, spanId: string, traceFlags: number): string {
  return '00-' + traceId + '-' + spanId + '-' + FLAG_HEX[traceFlags & 3];
}

/** True for a 16-character lower-case hex span id that is not all zeros. */
export function isValidSpanIdHex(s: string): boolean {
  return HEX16.test(s) && s !== ZERO16;
}

/** True for a 32-character lower-case hex trace id that is not all zeros. */
export function isValidTraceIdHex(s: string): boolean {
  return HEX32.test(s) && s !== ZERO32;
}
