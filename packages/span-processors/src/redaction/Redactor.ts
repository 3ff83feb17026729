import { AhoCorasick } from './AhoCorasick';
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

/** Above this length the memo buffers are allocated per call instead of kept. */
const KEEP_BUFFERS_UP_TO = 1 << 20;

/**
 * Finds PII and injection phrases in text in time linear in its length.
 *
 * - Structural patterns run as DFAs anchored at candidate starts (positions
 *   whose character can begin a match and that are not inside a word). A match
 *   is the longest one that ends at a word end and passes the pattern's check
 *   (Luhn, IBAN mod-97, …). A memo of (automaton state, position) pairs known
 *   to lead nowhere stops a later run the moment it reaches one, so overlapping
 *   candidate runs do not re-read the same text.
 * - Literal phrases of every pattern run in one Aho-Corasick pass.
 *
 * Findings of different patterns are merged leftmost-longest without overlap.
 * Not safe for concurrent use from several threads (it keeps scratch buffers);
 * each processor owns its own instance.
 */
export class Redactor {
  private readonly structural: CompiledPattern[];
  private readonly phrases: AhoCorasick | undefined;
  private readonly phrasePattern: CompiledPattern[] = [];
  private memoState = new Int32Array(1024);
  private memoEpoch = new Int32Array(1024);
  private epoch = 0;
  private ends = new Int32Array(64);
  /** DFA transitions taken since construction: a work counter for the linear-time tests. */
  steps = 0;

  constructor(readonly patterns: CompiledPatternSet) {
    this.structural = patterns.patterns.filter((p) => p.matcher !== undefined);
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
    for (let order = 0; order < this.structural.length; order++) {
      const p = this.structural[order];
      const before = raw.length;
      this.runPattern(p, text, (start, end) => raw.push({ start, end, order, p }));
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
    raw.sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);
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

  /** Runs one structural pattern over `text`, reporting non-overlapping matches in order. */
  private runPattern(p: CompiledPattern, text: string, report: (start: number, end: number) => void): void {
    const m = p.matcher;
    const n = text.length;
    if (m === undefined) return;
    if (n < m.minLength) return;
    for (const ch of m.requiredChars) if (text.indexOf(ch) === -1) return;
    const { state: memoState, epoch: memoEpoch } = this.buffers(n);
    const epoch = this.nextEpoch(memoEpoch);
    const { table, classOf, accepting, firstSymbols } = m;
    const k = m.classCount;
    const prefix = m.literalPrefix;
    const check = p.check;
    let steps = 0;
    let i = 0;
    while (i < n) {
      if (prefix !== undefined) {
        i = text.indexOf(prefix, i);
        if (i < 0) break;
      }
      const c = text.charCodeAt(i);
      const sym = c < 128 ? c : OTHER;
      if (firstSymbols[sym] === 0 || (IS_WORD[sym] === 1 && i > 0 && isWordAt(text, i - 1))) {
        i++;
        continue;
      }
      // Anchored DFA run from i, recording every accepting end.
      let q = 1;
      let j = i;
      let nEnds = 0;
      let lastAccept = i;
      while (j < n) {
        if (memoEpoch[j] === epoch && memoState[j] === q) break;
        memoEpoch[j] = epoch;
        memoState[j] = q;
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
      // (state, position) pairs at or before the last accepting end do lead somewhere: unmark them.
      for (let x = i; x < lastAccept; x++) if (memoEpoch[x] === epoch) memoEpoch[x] = 0;
      let matched = -1;
      for (let e = nEnds - 1; e >= 0; e--) {
        const end = this.ends[e];
        if (end < n && isWordAt(text, end - 1) && isWordAt(text, end)) continue;
        if (check !== undefined && !check(text, i, end)) continue;
        matched = end;
        break;
      }
      if (matched > i) {
        report(i, matched);
        i = matched;
      } else {
        i++;
      }
    }
    this.steps += steps;
  }
}
