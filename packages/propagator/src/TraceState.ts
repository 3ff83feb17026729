import type { TraceState as ApiTraceState } from '@opentelemetry/api';
import { MAX_TRACE_STATE_MEMBERS } from './constants';

function isKeyChar(c: number): boolean {
  // lcalpha / DIGIT / "_" / "-" / "*" / "/"
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d || c === 0x2a || c === 0x2f;
}

function isLcAlpha(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * W3C Trace Context Level 2 tracestate key:
 * `simple-key = lcalpha 0*255(lcalpha / DIGIT / "_" / "-" / "*" / "/")` or
 * `multi-tenant-key = tenant-id "@" system-id`, with
 * `tenant-id = (lcalpha / DIGIT) 0*240(…)` and `system-id = lcalpha 0*13(…)`.
 */
export function isValidTraceStateKey(key: string): boolean {
  const at = key.indexOf('@');
  if (at === -1) {
    if (key.length < 1 || key.length > 256 || !isLcAlpha(key.charCodeAt(0))) return false;
    for (let i = 1; i < key.length; i++) if (!isKeyChar(key.charCodeAt(i))) return false;
    return true;
  }
  const tenantLen = at;
  const systemLen = key.length - at - 1;
  if (tenantLen < 1 || tenantLen > 241 || systemLen < 1 || systemLen > 14) return false;
  const t0 = key.charCodeAt(0);
  if (!isLcAlpha(t0) && !isDigit(t0)) return false;
  for (let i = 1; i < at; i++) if (!isKeyChar(key.charCodeAt(i))) return false;
  if (!isLcAlpha(key.charCodeAt(at + 1))) return false;
  for (let i = at + 2; i < key.length; i++) if (!isKeyChar(key.charCodeAt(i))) return false;
  return true;
}

/**
 * Tracestate value: `0*255(chr) nblk-chr`, `chr = %x20 / nblk-chr`,
 * `nblk-chr = %x21-2B / %x2D-3C / %x3E-7E` (no `,` and no `=`).
 */
export function isValidTraceStateValue(value: string): boolean {
  if (value.length < 1 || value.length > 256) return false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x20 && i < value.length - 1) continue;
    if (c < 0x21 || c > 0x7e || c === 0x2c || c === 0x3d) return false;
  }
  return true;
}

/**
 * An immutable tracestate that follows W3C Trace Context Level 2
 * (https://www.w3.org/TR/trace-context-2/#tracestate-header). Unlike the OTel
 * JS core implementation it refuses, as a whole, a header with an invalid key
 * (`foo@`, over-long keys), an invalid value, a duplicate key or more than 32
 * list-members, as the specification requires.
 */
export class TraceState implements ApiTraceState {
  private constructor(private readonly members: ReadonlyArray<readonly [string, string]>) {}

  /** Parses a tracestate header; `undefined` when any part of it is invalid. */
  static parse(header: string): TraceState | undefined {
    const members: Array<readonly [string, string]> = [];
    const seen = new Set<string>();
    for (const raw of header.split(',')) {
      const item = raw.trim();
      if (item.length === 0) continue;
      const eq = item.indexOf('=');
      if (eq <= 0) return undefined;
      const key = item.slice(0, eq);
      const value = item.slice(eq + 1);
      if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return undefined;
      if (seen.has(key)) return undefined;
      seen.add(key);
      members.push([key, value]);
      if (members.length > MAX_TRACE_STATE_MEMBERS) return undefined;
    }
    return new TraceState(members);
  }

  /** An empty tracestate. */
  static empty(): TraceState {
    return new TraceState([]);
  }

  set(key: string, value: string): TraceState {
    if (!isValidTraceStateKey(key) || !isValidTraceStateValue(value)) return this;
    const rest = this.members.filter(([k]) => k !== key);
    const next: Array<readonly [string, string]> = [[key, value], ...rest];
    return new TraceState(next.slice(0, MAX_TRACE_STATE_MEMBERS));
  }

  unset(key: string): TraceState {
    return new TraceState(this.members.filter(([k]) => k !== key));
  }

  get(key: string): string | undefined {
    for (const [k, v] of this.members) if (k === key) return v;
    return undefined;
  }

  serialize(): string {
    let out = '';
    for (const [k, v] of this.members) out += (out.length === 0 ? '' : ',') + k + '=' + v;
    return out;
  }
}
