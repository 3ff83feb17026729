/**
 * Aho-Corasick automaton over literal phrases, compiled to a full transition
 * table, so a scan reads each code unit of the text once whatever the number of
 * phrases (one table lookup per character, no backtracking).
 *
 * Matching is case-insensitive for ASCII letters and treats any run of
 * whitespace as one space, so `Ignore   previous\ninstructions` matches the
 * phrase `ignore previous instructions`. A phrase that starts (ends) with a
 * word character only matches at a word start (end): `select` does not fire
 * inside `preselected`.
 */

const SPACE = 0x20;

function isWs(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0;
}

function isWordCode(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

function fold(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** Normalises a phrase the way the scanner normalises text: ASCII lower case, whitespace runs → one space, trimmed. */
export function normalizePhrase(phrase: string): string {
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < phrase.length; i++) {
    const c = phrase.charCodeAt(i);
    if (isWs(c)) {
      pendingSpace = out.length > 0;
      continue;
    }
    if (pendingSpace) out += ' ';
    pendingSpace = false;
    out += String.fromCharCode(c >= 0x80 ? c : fold(c));
  }
  return out;
}

interface PhraseInfo {
  readonly id: number;
  readonly length: number;
  readonly wordStart: boolean;
  readonly wordEnd: boolean;
}

/** A match reported by {@link AhoCorasick.scan}: phrase id and bounds in the original text. */
export interface PhraseMatch {
  id: number;
  start: number;
  end: number;
}

/** Multi-phrase matcher; see the file comment. */
export class AhoCorasick {
  private readonly classOf = new Uint16Array(0x10000);
  private readonly classCount: number;
  private readonly table: Int32Array;
  private readonly outputs: (readonly PhraseInfo[] | undefined)[];
  private readonly maxLength: number;
  /** Number of automaton states. */
  readonly stateCount: number;

  /**
   * @param phrases `[text, id]` pairs; texts are normalised with {@link normalizePhrase}.
   *   Empty phrases are refused.
   */
  constructor(phrases: readonly (readonly [string, number])[]) {
    const goto: Map<number, number>[] = [new Map()];
    const out: PhraseInfo[][] = [[]];
    const symbols = new Map<number, number>(); // code unit -> class (1-based; 0 = not in any phrase)
    let maxLength = 0;
    for (const [raw, id] of phrases) {
      const p = normalizePhrase(raw);
      if (p.length === 0) throw new Error(`empty phrase for id ${id}`);
      maxLength = Math.max(maxLength, p.length);
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        if (!symbols.has(c)) symbols.set(c, symbols.size + 1);
        let next = goto[s].get(c);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[s].set(c, next);
        }
        s = next;
      }
      out[s].push({
        id,
        length: p.length,
        wordStart: isWordCode(p.charCodeAt(0)),
        wordEnd: isWordCode(p.charCodeAt(p.length - 1)),
      });
    }
    this.maxLength = maxLength;
    for (const [c, cls] of symbols) {
      this.classOf[c] = cls;
      // Upper-case ASCII letters in the text fold onto the lower-case class.
      if (c >= 0x61 && c <= 0x7a) this.classOf[c - 0x20] = cls;
    }
    const k = symbols.size + 1;
    this.classCount = k;
    const n = goto.length;
    this.stateCount = n;
    const table = new Int32Array(n * k);
    const fail = new Int32Array(n);
    const outputs: PhraseInfo[][] = out.map((o) => o.slice());
    // Breadth-first: complete the transition function with failure links.
    const queue: number[] = [];
    for (const [c, s] of goto[0]) {
      table[symbols.get(c) ?? 0] = s;
      fail[s] = 0;
      queue.push(s);
    }
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi];
      const f = fail[s];
      if (outputs[f].length > 0) outputs[s].push(...outputs[f]);
      for (let cls = 0; cls < k; cls++) table[s * k + cls] = table[f * k + cls];
      for (const [c, t] of goto[s]) {
        const cls = symbols.get(c) ?? 0;
        fail[t] = table[f * k + cls];
        table[s * k + cls] = t;
        queue.push(t);
      }
    }
    this.table = table;
    this.outputs = outputs.map((o) => (o.length > 0 ? o : undefined));
  }

  /**
   * Scans `text`; calls `onMatch` for every phrase occurrence that respects the
   * word rule. Stops early when `onMatch` returns `true`.
   */
  scan(text: string, onMatch: (m: PhraseMatch) => boolean): void {
    const { classOf, table, outputs } = this;
    const k = this.classCount;
    // Ring buffer: original index of each of the last `maxLength` normalised characters.
    const ringSize = this.maxLength + 1;
    const ring = new Int32Array(ringSize);
    let emitted = 0;
    let s = 0;
    let lastWasSpace = true; // leading whitespace is dropped
    const n = text.length;
    for (let i = 0; i < n; i++) {
      let c = text.charCodeAt(i);
      if (isWs(c)) {
        if (lastWasSpace) continue;
        lastWasSpace = true;
        c = SPACE;
      } else {
        lastWasSpace = false;
      }
      ring[emitted % ringSize] = i;
      emitted++;
      s = table[s * k + classOf[c]];
      const o = outputs[s];
      if (o === undefined) continue;
      for (const p of o) {
        const start = ring[(emitted - p.length) % ringSize];
        if (p.wordStart && start > 0 && isWordCode(text.charCodeAt(start - 1))) continue;
        if (p.wordEnd && i + 1 < n && isWordCode(text.charCodeAt(i + 1))) continue;
        if (onMatch({ id: p.id, start, end: i + 1 }) === true) return;
      }
    }
  }
}
