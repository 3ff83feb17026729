/**
 * Parser for the pattern language of the redaction data file: a subset of
 * regular-expression syntax that compiles to a deterministic automaton, so a
 * match can never backtrack.
 *
 * Supported: literals, `.`, `\d \D \w \W \s \S`, escapes of punctuation,
 * `\t \n \r \f \v \xHH`, classes `[a-z0-9._-]` and `[^...]`, groups `( )` and
 * `(?: )`, alternation `|`, and the quantifiers `? * + {n} {n,} {n,m}`
 * (m ≤ 1024). Refused with a message: anchors, back-references, look-around,
 * lazy/possessive quantifiers, `\b` (word boundaries are implied at both ends
 * of every match) and non-ASCII literals (patterns describe ASCII shapes;
 * non-ASCII text is matched by negated classes and `.` only).
 */

/** Symbols 0–127 are ASCII code units; {@link OTHER_SYMBOL} stands for every other code unit. */
export const OTHER_SYMBOL = 128;
/** Size of the pattern alphabet. */
export const ALPHABET_SIZE = 129;
/** Largest repetition bound accepted in `{n,m}`. */
export const MAX_REPEAT = 1024;

/** A node of the parsed pattern. */
export type PatternNode =
  | { readonly t: 'set'; readonly set: Uint8Array }
  | { readonly t: 'cat'; readonly items: readonly PatternNode[] }
  | { readonly t: 'alt'; readonly items: readonly PatternNode[] }
  | { readonly t: 'rep'; readonly node: PatternNode; readonly min: number; readonly max: number }
  | { readonly t: 'empty' };

/** A syntax error, with the 1-based column in the pattern source. */
export class PatternSyntaxError extends Error {
  constructor(message: string, readonly column: number) {
    super(`${message} (column ${column})`);
    this.name = 'PatternSyntaxError';
  }
}

const UNBOUNDED = Infinity;

function emptySet(): Uint8Array {
  return new Uint8Array(ALPHABET_SIZE);
}

function addRange(set: Uint8Array, lo: number, hi: number): void {
  for (let c = lo; c <= hi; c++) set[c] = 1;
}

function classSet(letter: string): Uint8Array {
  const s = emptySet();
  switch (letter.toLowerCase()) {
    case 'd':
      addRange(s, 0x30, 0x39);
      break;
    case 'w':
      addRange(s, 0x30, 0x39);
      addRange(s, 0x41, 0x5a);
      addRange(s, 0x61, 0x7a);
      s[0x5f] = 1;
      break;
    default: // 's'
      for (const c of [0x20, 0x09, 0x0a, 0x0b, 0x0c, 0x0d]) s[c] = 1;
      break;
  }
  if (letter !== letter.toLowerCase()) {
    for (let c = 0; c < ALPHABET_SIZE; c++) s[c] = s[c] ? 0 : 1;
  }
  return s;
}

function foldCase(set: Uint8Array): void {
  for (let c = 0x41; c <= 0x5a; c++) {
    if (set[c] || set[c + 0x20]) {
      set[c] = 1;
      set[c + 0x20] = 1;
    }
  }
}

class Parser {
  private pos = 0;

  constructor(private readonly src: string, private readonly ignoreCase: boolean) {}

  parse(): PatternNode {
    if (this.src.length === 0) throw new PatternSyntaxError('empty pattern', 1);
    const node = this.alternation();
    if (this.pos < this.src.length) {
      throw new PatternSyntaxError(`unbalanced ')'`, this.pos + 1);
    }
    return node;
  }

  private fail(message: string, at = this.pos): never {
    throw new PatternSyntaxError(message, at + 1);
  }

  private alternation(): PatternNode {
    const items = [this.concatenation()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      items.push(this.concatenation());
    }
    return items.length === 1 ? items[0] : { t: 'alt', items };
  }

  private concatenation(): PatternNode {
    const items: PatternNode[] = [];
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      items.push(this.repetition());
    }
    if (items.length === 0) return { t: 'empty' };
    return items.length === 1 ? items[0] : { t: 'cat', items };
  }

  private repetition(): PatternNode {
    let node = this.atom();
    for (;;) {
      const c = this.src[this.pos];
      const at = this.pos;
      let min: number;
      let max: number;
      if (c === '?') {
        this.pos++;
        [min, max] = [0, 1];
      } else if (c === '*') {
        this.pos++;
        [min, max] = [0, UNBOUNDED];
      } else if (c === '+') {
        this.pos++;
        [min, max] = [1, UNBOUNDED];
      } else if (c === '{') {
        [min, max] = this.braces();
      } else {
        return node;
      }
      const next = this.src[this.pos];
      if (next === '?' || next === '+') {
        this.fail(`lazy or possessive quantifier '${c}${next}' is not supported (matching is always longest, without backtracking)`);
      }
      if (node.t === 'rep') this.fail('nested quantifier: wrap the inner repetition in a group', at);
      node = { t: 'rep', node, min, max };
    }
  }

  private braces(): [number, number] {
    const start = this.pos;
    const m = /^\{(\d{1,5})(,(\d{0,5}))?\}/.exec(this.src.slice(this.pos, this.pos + 13));
    if (!m) this.fail(`malformed repetition (expected {n}, {n,} or {n,m})`, start);
    this.pos += m[0].length;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? UNBOUNDED : Number(m[3]);
    if (max < min) this.fail(`repetition {${min},${max}}: maximum is below minimum`, start);
    if (min > MAX_REPEAT || (max !== UNBOUNDED && max > MAX_REPEAT)) {
      this.fail(`repetition bound above ${MAX_REPEAT}`, start);
    }
    return [min, max];
  }

  private atom(): PatternNode {
    const at = this.pos;
    const c = this.src[this.pos];
    switch (c) {
      case '(': {
        this.pos++;
        if (this.src[this.pos] === '?') {
          if (this.src[this.pos + 1] !== ':') this.fail('look-around and named groups are not supported', at);
          this.pos += 2;
        }
        const inner = this.alternation();
        if (this.src[this.pos] !== ')') this.fail(`missing ')'`, at);
        this.pos++;
        return inner;
      }
      case '[':
        return this.charClass();
      case '.': {
        this.pos++;
        const s = emptySet();
        s.fill(1);
        s[0x0a] = 0;
        s[0x0d] = 0;
        return { t: 'set', set: s };
      }
      case '^':
      case '$':
        this.fail(`anchor '${c}' is not supported (word boundaries are implied at both ends of a match)`);
      case '*':
      case '+':
      case '?':
      case '{':
        this.fail(`quantifier '${c}' has nothing to repeat`);
      case '\\':
        return { t: 'set', set: this.escape(false) };
      default:
        this.pos++;
        return { t: 'set', set: this.literal(c, at) };
    }
  }

  private literal(c: string, at: number): Uint8Array {
    const code = c.charCodeAt(0);
    if (code >= 0x80) this.fail(`non-ASCII literal '${c}': patterns are ASCII-only`, at);
    const s = emptySet();
    s[code] = 1;
    if (this.ignoreCase) foldCase(s);
    return s;
  }

  /** Parses an escape at `pos` (which holds the backslash). */
  private escape(inClass: boolean): Uint8Array {
    const at = this.pos;
    const c = this.src[this.pos + 1];
    if (c === undefined) this.fail('pattern ends with a backslash', at);
    this.pos += 2;
    if ('dDwWsS'.includes(c)) return classSet(c);
    const simple: Record<string, number> = { t: 0x09, n: 0x0a, r: 0x0d, f: 0x0c, v: 0x0b };
    if (c in simple) {
      const s = emptySet();
      s[simple[c]] = 1;
      return s;
    }
    if (c === 'x') {
      const hex = this.src.slice(this.pos, this.pos + 2);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('\\x needs two hex digits', at);
      this.pos += 2;
      const code = parseInt(hex, 16);
      if (code >= 0x80) this.fail('\\x escapes above 7F are not supported: patterns are ASCII-only', at);
      const s = emptySet();
      s[code] = 1;
      if (this.ignoreCase) foldCase(s);
      return s;
    }
    if (c === 'b' && !inClass) this.fail('\\b is not supported: word boundaries are implied at both ends of a match', at);
    if (/[A-Za-z0-9]/.test(c)) this.fail(`unknown escape '\\${c}'`, at);
    return this.literal(c, at);
  }

  private charClass(): PatternNode {
    const at = this.pos;
    this.pos++;
    let negate = false;
    if (this.src[this.pos] === '^') {
      negate = true;
      this.pos++;
    }
    const set = emptySet();
    let first = true;
    for (;;) {
      if (this.pos >= this.src.length) this.fail(`missing ']'`, at);
      const c = this.src[this.pos];
      if (c === ']' && !first) break;
      first = false;
      const itemAt = this.pos;
      let lo: Uint8Array;
      let loCode = -1;
      if (c === '\\') {
        lo = this.escape(true);
        const only = singleCode(lo, this.ignoreCase);
        if (only !== undefined) loCode = only;
      } else {
        this.pos++;
        lo = this.literal(c, itemAt);
        loCode = c.charCodeAt(0);
      }
      if (this.src[this.pos] === '-' && this.src[this.pos + 1] !== ']' && this.pos + 1 < this.src.length) {
        this.pos++;
        const hiAt = this.pos;
        let hiCode: number | undefined;
        if (this.src[this.pos] === '\\') {
          hiCode = singleCode(this.escape(true), this.ignoreCase);
        } else {
          const h = this.src[this.pos];
          this.pos++;
          this.literal(h, hiAt);
          hiCode = h.charCodeAt(0);
        }
        if (loCode < 0 || hiCode === undefined) this.fail('a class shorthand cannot bound a range', itemAt);
        if (hiCode < loCode) this.fail('range out of order', itemAt);
        addRange(set, loCode, hiCode);
      } else {
        for (let k = 0; k < ALPHABET_SIZE; k++) if (lo[k]) set[k] = 1;
      }
    }
    this.pos++;
    if (this.ignoreCase) foldCase(set);
    if (negate) for (let k = 0; k < ALPHABET_SIZE; k++) set[k] = set[k] ? 0 : 1;
    if (!set.includes(1)) this.fail('class matches nothing', at);
    return { t: 'set', set };
  }
}

function singleCode(set: Uint8Array, ignoreCase: boolean): number | undefined {
  let found: number | undefined;
  for (let c = 0; c < ALPHABET_SIZE; c++) {
    if (!set[c]) continue;
    if (found !== undefined) {
      // Case folding puts both cases in the set; keep the first as the range end.
      if (ignoreCase && (c - found === 0x20)) continue;
      return undefined;
    }
    found = c;
  }
  return found;
}

/** Parses `source`; throws {@link PatternSyntaxError} on anything outside the supported subset. */
export function parsePattern(source: string, ignoreCase = false): PatternNode {
  return new Parser(source, ignoreCase).parse();
}

/** Shortest and longest match length of `node` (longest may be `Infinity`). */
export function matchLengthBounds(node: PatternNode): { min: number; max: number } {
  switch (node.t) {
    case 'set':
      return { min: 1, max: 1 };
    case 'empty':
      return { min: 0, max: 0 };
    case 'cat': {
      let min = 0;
      let max = 0;
      for (const item of node.items) {
        const b = matchLengthBounds(item);
        min += b.min;
        max += b.max;
      }
      return { min, max };
    }
    case 'alt': {
      let min = Infinity;
      let max = 0;
      for (const item of node.items) {
        const b = matchLengthBounds(item);
        min = Math.min(min, b.min);
        max = Math.max(max, b.max);
      }
      return { min, max };
    }
    case 'rep': {
      const b = matchLengthBounds(node.node);
      return { min: b.min * node.min, max: node.max === 0 ? 0 : b.max * node.max };
    }
  }
}

/**
 * Symbols that every match contains (a symbol is "required" when it is the only
 * member of a set that every match passes through). Used to skip a pattern for
 * texts that lack one of them, e.g. an e-mail pattern for a text without `@`.
 */
export function requiredSymbols(node: PatternNode): Set<number> {
  switch (node.t) {
    case 'set': {
      let only = -1;
      for (let c = 0; c < ALPHABET_SIZE; c++) {
        if (!node.set[c]) continue;
        if (only !== -1) return new Set();
        only = c;
      }
      return new Set([only]);
    }
    case 'empty':
      return new Set();
    case 'cat': {
      const out = new Set<number>();
      for (const item of node.items) for (const c of requiredSymbols(item)) out.add(c);
      return out;
    }
    case 'alt': {
      let acc: Set<number> | undefined;
      for (const item of node.items) {
        const r = requiredSymbols(item);
        acc = acc === undefined ? r : new Set([...acc].filter((c) => r.has(c)));
      }
      return acc ?? new Set();
    }
    case 'rep':
      return node.min > 0 ? requiredSymbols(node.node) : new Set();
  }
}
