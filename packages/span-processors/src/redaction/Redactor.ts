import { AhoCorasick } from './AhoCorasick';
import type { LinearMatcher } from './LinearMatcher';
import type { CompiledPattern, CompiledPatternSet } from './types';

const OTHER = 128;
const IS_WORD = new Uint8Array(129);
for (let c = 0; c < 128; c++) {
  IS_WORD[c] = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f ? 1 : 0;
}

function isWordAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return c < 128 && IS_WORD[c] === 1;
}

/** One structural (PII) finding in a text. */
export interface PiiFinding {
  readonly start: number;
  readonly end: number;
  /** Marker kind, e.g. `email`. */
  readonly kind: string;
  /** Pattern name in the data file. */
  readonly pattern: string;
}

/** Result of {@link Redactor.redact}. */
export interface RedactionResult {
  /** The text with every PII finding replaced by `[REDACTED:<kind>]` (the input itself when nothing was found). */
  readonly text: string;
  /** Marker kinds found, in order of first appearance. */
  readonly piiKinds: readonly string[];
  /** Names of the injection patterns that fired. */
  readonly injections: readonly string[];
}

/** The marker that replaces a PII finding of `kind`. */
export function redactionMarker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

/** Patterns whose matches are at most this long run without the memo (their runs are bounded by it). */
const MEMO_ABOVE_LENGTH = 64;

/** Above this length the memo buffers are allocated per call instead of kept. */
const KEEP_BUFFERS_UP_TO = 1 << 20;

/**
 * Finds PII and injection phrases in text in time linear in its length.
 *
 * - Structural patterns run as DFAs anchored at candidate starts: positions
 *   whose character can begin a match and that are not inside a word. One pass
 *   over the text lists the candidates of every pattern (patterns with a
 *   literal prefix such as `sk-` find theirs with `indexOf`; patterns missing a
 *   required character such as `@` are skipped). A match is the longest one
 *   that ends at a word end and passes the pattern's check (Luhn, IBAN mod-97,
 *   …). A memo of (automaton state, position) pairs known to lead nowhere stops
 *   a later run the moment it reaches one, so overlapping candidate runs do
 *   not re-read the same text.
 * - Literal phrases of every pattern run in one Aho-Corasick pass.
 *
 * Findings of different patterns are merged leftmost-longest without overlap.
 * Keeps scratch buffers: one instance per processor, not shared between threads.
 */
export class Redactor {
  private readonly structural: CompiledPattern[];
  /** Indexes (into `structural`) of the patterns whose candidates come from the shared pass. */
  private readonly scanned: number[] = [];
  /** Per symbol: bit k set when `scanned[k]` can start with it. */
  private readonly startMask = new Uint32Array(129);
  private readonly phrases: AhoCorasick | undefined;
  private readonly phrasePattern: CompiledPattern[] = [];
  private memoState = new Int32Array(1024);
  private memoEpoch = new Int32Array(1024);
  private epoch = 0;
  private ends = new Int32Array(64);
  private candidates: Int32Array[] = [];
  /** DFA transitions taken since construction: a work counter for the linear-time tests. */
  steps = 0;

  constructor(readonly patterns: CompiledPatternSet) {
    this.structural = patterns.patterns.filter((p) => p.matcher !== undefined);
    this.structural.forEach((p, idx) => {
      const m = p.matcher as LinearMatcher;
      if (m.literalPrefix !== undefined || this.scanned.length >= 32) return;
      const bit = 1 << this.scanned.length;
      this.scanned.push(idx);
      this.candidates.push(new Int32Array(256));
      for (let sym = 0; sym < 129; sym++) if (m.firstSymbols[sym] === 1) this.startMask[sym] |= bit;
    });
    const list: [string, number][] = [];
    for (const p of patterns.patterns) {
      if (!p.phrases) continue;
      const idx = this.phrasePattern.length;
      this.phrasePattern.push(p);
      for (const phrase of p.phrases) list.push([phrase, idx]);
    }
    this.phrases = list.length > 0 ? new AhoCorasick(list) : undefined;
  }

  /** All findings in `text`: PII (merged, non-overlapping, in order) and the injection patterns that fired. */
  scan(text: string): { pii: PiiFinding[]; injections: string[] } {
    const raw: { start: number; end: number; order: number; p: CompiledPattern }[] = [];
    const injections = new Set<string>();
    const counts = this.collectCandidates(text);
    let k = 0;
    for (let order = 0; order < this.structural.length; order++) {
      const p = this.structural[order];
      const before = raw.length;
      const report = (start: number, end: number): void => {
        raw.push({ start, end, order, p });
      };
      if (this.scanned[k] === order) {
        if (counts[k] > 0) this.runPattern(p, text, this.candidates[k], counts[k], report);
        k++;
      } else {
        this.runPattern(p, text, undefined, 0, report);
      }
      if (p.type === 'INJECTION_ATTEMPT' && raw.length > before) {
        injections.add(p.name);
        raw.length = before;
      }
    }
    if (this.phrases) {
      const base = this.structural.length;
      this.phrases.scan(text, (m) => {
        const p = this.phrasePattern[m.id];
        if (p.type === 'INJECTION_ATTEMPT') injections.add(p.name);
        else raw.push({ start: m.start, end: m.end, order: base + m.id, p });
        return false;
      });
    }
    // Do not keep huge candidate buffers alive after one big text.
    for (let c = 0; c < this.candidates.length; c++) {
      if (this.candidates[c].length > KEEP_BUFFERS_UP_TO) this.candidates[c] = new Int32Array(256);
    }
    if (raw.length > 1) raw.sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);
    const pii: PiiFinding[] = [];
    let covered = 0;
    for (const r of raw) {
      if (r.start < covered) continue;
      pii.push({ start: r.start, end: r.end, kind: r.p.kind, pattern: r.p.name });
      covered = r.end;
    }
    return { pii, injections: [...injections] };
  }

  /** Replaces each PII finding of `text` by its marker; see {@link RedactionResult}. */
  redact(text: string): RedactionResult {
    const { pii, injections } = this.scan(text);
    if (pii.length === 0) return { text, piiKinds: [], injections };
    let out = '';
    let last = 0;
    const kinds: string[] = [];
    for (const f of pii) {
      out += text.slice(last, f.start) + redactionMarker(f.kind);
      last = f.end;
      if (!kinds.includes(f.kind)) kinds.push(f.kind);
    }
    out += text.slice(last);
    return { text: out, piiKinds: kinds, injections };
  }

  /** One pass: candidate starts of every scanned pattern; returns their counts. */
  private collectCandidates(text: string): Int32Array {
    const n = text.length;
    const counts = new Int32Array(this.scanned.length);
    let active = 0;
    for (let k = 0; k < this.scanned.length; k++) {
      const m = this.structural[this.scanned[k]].matcher as LinearMatcher;
      if (n < m.minLength || m.requiredChars.some((ch) => text.indexOf(ch) === -1)) continue;
      active |= 1 << k;
    }
    if (active === 0) return counts;
    const { startMask, candidates } = this;
    let prevWord = false;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      const sym = c < 128 ? c : OTHER;
      const word = IS_WORD[sym] === 1;
      let mask = startMask[sym] & active;
      if (mask !== 0 && !(word && prevWord)) {
        for (let k = 0; mask !== 0; k++, mask >>>= 1) {
          if ((mask & 1) === 0) continue;
          let buf = candidates[k];
          if (counts[k] === buf.length) {
            const bigger = new Int32Array(buf.length * 2);
            bigger.set(buf);
            buf = candidates[k] = bigger;
          }
          buf[counts[k]++] = i;
        }
      }
      prevWord = word;
    }
    return counts;
  }

  private buffers(n: number): { state: Int32Array; epoch: Int32Array } {
    if (n + 1 > KEEP_BUFFERS_UP_TO) {
      return { state: new Int32Array(n + 1), epoch: new Int32Array(n + 1) };
    }
    if (this.memoState.length < n + 1) {
      let size = this.memoState.length;
      while (size < n + 1) size *= 2;
      this.memoState = new Int32Array(size);
      this.memoEpoch = new Int32Array(size);
      this.epoch = 0;
    }
    return { state: this.memoState, epoch: this.memoEpoch };
  }

  private nextEpoch(memoEpoch: Int32Array): number {
    if (this.epoch >= 0x7ffffff0) {
      memoEpoch.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  /**
   * Runs one structural pattern over `text`, reporting non-overlapping matches in
   * order. Candidate starts come from `cands` (the shared pass) or, for a pattern
   * with a literal prefix, from `indexOf`.
   */
  private runPattern(
    p: CompiledPattern,
    text: string,
    cands: Int32Array | undefined,
    candCount: number,
    report: (start: number, end: number) => void,
  ): void {
    const m = p.matcher;
    const n = text.length;
    if (m === undefined || n < m.minLength) return;
    if (cands === undefined) {
      for (const ch of m.requiredChars) if (text.indexOf(ch) === -1) return;
    }
    const { state: memoState, epoch: memoEpoch } = this.buffers(n);
    const epoch = this.nextEpoch(memoEpoch);
    const { table, classOf, accepting, firstSymbols } = m;
    const k = m.classCount;
    const prefix = m.literalPrefix;
    const check = p.check;
    // Runs of a pattern with a short maximum length are short anyway; the memo pays off for the others.
    const memo = m.maxLength > MEMO_ABOVE_LENGTH;
    let steps = 0;
    let next = 0; // first position a new match may start at
    let ci = 0;
    for (;;) {
      let i: number;
      if (cands !== undefined) {
        if (ci >= candCount) break;
        i = cands[ci++];
        if (i < next) continue;
      } else {
        i = prefix !== undefined ? text.indexOf(prefix, next) : next;
        if (i < 0 || i >= n) break;
        next = i + 1;
        const c = text.charCodeAt(i);
        if (firstSymbols[c < 128 ? c : OTHER] === 0 || (isWordAt(text, i) && i > 0 && isWordAt(text, i - 1))) continue;
      }
      // Anchored DFA run from i, recording every accepting end.
      let q = 1;
      let j = i;
      let nEnds = 0;
      let lastAccept = i;
      while (j < n) {
        if (memo) {
          if (memoEpoch[j] === epoch && memoState[j] === q) break;
          memoEpoch[j] = epoch;
          memoState[j] = q;
        }
        const cj = text.charCodeAt(j);
        q = table[q * k + classOf[cj < 128 ? cj : OTHER]];
        steps++;
        if (q === 0) break;
        j++;
        if (accepting[q] === 1) {
          if (nEnds === this.ends.length) {
            const bigger = new Int32Array(this.ends.length * 2);
            bigger.set(this.ends);
            this.ends = bigger;
          }
          this.ends[nEnds++] = j;
          lastAccept = j;
        }
      }
      // (state, position) pairs before the last accepting end do lead somewhere: unmark them.
      if (memo) for (let x = i; x < lastAccept; x++) if (memoEpoch[x] === epoch) memoEpoch[x] = 0;
      let matched = -1;
      let answer: ((end: number) => boolean) | undefined;
      for (let e = nEnds - 1; e >= 0; e--) {
        const end = this.ends[e];
        if (end < n && isWordAt(text, end - 1) && isWordAt(text, end)) continue;
        if (check !== undefined) {
          if (answer === undefined && check.batch !== undefined && e > 0) answer = check.batch(text, i, end);
          if (!(answer !== undefined ? answer(end) : check(text, i, end))) continue;
        }
        matched = end;
        break;
      }
      if (matched > i) {
        report(i, matched);
        next = matched;
      } else if (cands === undefined) {
        next = i + 1;
      }
    }
    this.steps += steps;
  }
}
