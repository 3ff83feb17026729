import {
  ALPHABET_SIZE,
  OTHER_SYMBOL,
  matchLengthBounds,
  parsePattern,
  PatternNode,
  PatternSyntaxError,
  requiredSymbols,
} from './patternSyntax';

/** Upper bound of automaton states per pattern; a pattern that needs more is refused at set-up. */
export const MAX_DFA_STATES = 20_000;

const enum Kind {
  Set = 0,
  Split = 1,
  Match = 2,
}

/** Thompson NFA under construction. */
class Nfa {
  readonly kind: number[] = [];
  readonly sets: (Uint8Array | null)[] = [];
  readonly out1: number[] = [];
  readonly out2: number[] = [];

  add(kind: Kind, set: Uint8Array | null): number {
    this.kind.push(kind);
    this.sets.push(set);
    this.out1.push(-1);
    this.out2.push(-1);
    return this.kind.length - 1;
  }
}

/** A fragment: its entry state and the dangling exits (state, slot) to patch. */
interface Frag {
  start: number;
  outs: [number, 1 | 2][];
}

function patch(nfa: Nfa, outs: [number, 1 | 2][], to: number): void {
  for (const [s, slot] of outs) {
    if (slot === 1) nfa.out1[s] = to;
    else nfa.out2[s] = to;
  }
}

function build(nfa: Nfa, node: PatternNode): Frag {
  switch (node.t) {
    case 'set': {
      const s = nfa.add(Kind.Set, node.set);
      return { start: s, outs: [[s, 1]] };
    }
    case 'empty': {
      const s = nfa.add(Kind.Split, null);
      return { start: s, outs: [[s, 1]] };
    }
    case 'cat': {
      const frags = node.items.map((item) => build(nfa, item));
      for (let i = 1; i < frags.length; i++) patch(nfa, frags[i - 1].outs, frags[i].start);
      return { start: frags[0].start, outs: frags[frags.length - 1].outs };
    }
    case 'alt': {
      // A chain of splits: s1 -> (a | s2 -> (b | c)).
      const frags = node.items.map((n) => build(nfa, n));
      let tail = frags[frags.length - 1];
      const outs = [...tail.outs];
      for (let i = frags.length - 2; i >= 0; i--) {
        const s = nfa.add(Kind.Split, null);
        nfa.out1[s] = frags[i].start;
        nfa.out2[s] = tail.start;
        outs.push(...frags[i].outs);
        tail = { start: s, outs: [] };
      }
      return { start: tail.start, outs };
    }
    case 'rep': {
      // x{min,max}: min mandatory copies, then (max - min) nested optional copies,
      // or a loop when max is unbounded.
      const pieces: Frag[] = [];
      for (let i = 0; i < node.min; i++) pieces.push(build(nfa, node.node));
      let outs: [number, 1 | 2][] = [];
      if (node.max === Infinity) {
        const split = nfa.add(Kind.Split, null);
        const body = build(nfa, node.node);
        nfa.out1[split] = body.start;
        patch(nfa, body.outs, split);
        pieces.push({ start: split, outs: [[split, 2]] });
      } else if (node.max > node.min) {
        // Optional copies: split -> body -> split -> body ... each split may leave.
        const splits: number[] = [];
        let prevOuts: [number, 1 | 2][] = [];
        for (let i = node.min; i < node.max; i++) {
          const split = nfa.add(Kind.Split, null);
          const body = build(nfa, node.node);
          nfa.out1[split] = body.start;
          patch(nfa, prevOuts, split);
          splits.push(split);
          prevOuts = body.outs;
        }
        outs = [...prevOuts, ...splits.map((s): [number, 1 | 2] => [s, 2])];
        pieces.push({ start: splits[0], outs });
      }
      if (pieces.length === 0) {
        const s = nfa.add(Kind.Split, null);
        return { start: s, outs: [[s, 1]] };
      }
      for (let i = 1; i < pieces.length; i++) patch(nfa, pieces[i - 1].outs, pieces[i].start);
      return { start: pieces[0].start, outs: pieces[pieces.length - 1].outs };
    }
  }
}

/** A compiled pattern: a DFA over a compressed alphabet, run anchored at a start position. */
export class LinearMatcher {
  /** Symbol (0–128) → alphabet class. */
  readonly classOf: Uint8Array;
  /** Number of alphabet classes. */
  readonly classCount: number;
  /** Transition table: `table[state * classCount + class]`; state 0 is dead, 1 is the start. */
  readonly table: Int32Array;
  /** 1 when the state accepts. */
  readonly accepting: Uint8Array;
  /** Symbols a match can start with. */
  readonly firstSymbols: Uint8Array;
  /** Code units every match contains; a text lacking one cannot match. */
  readonly requiredChars: string[];
  /** Shortest match length. */
  readonly minLength: number;
  /** Longest match length (`Infinity` for unbounded patterns). */
  readonly maxLength: number;
  /** Number of DFA states (dead state included). */
  readonly stateCount: number;
  /** Whether the empty string matches (never useful; refused by the loader). */
  readonly matchesEmpty: boolean;
  /** Literal text every match starts with (case-sensitive patterns only), or `undefined`. */
  readonly literalPrefix: string | undefined;

  /**
   * Compiles `source` (see `patternSyntax.ts`). Throws {@link PatternSyntaxError}
   * on bad syntax and an Error when the automaton would exceed {@link MAX_DFA_STATES}.
   */
  constructor(readonly source: string, ignoreCase = false) {
    const ast = parsePattern(source, ignoreCase);
    const bounds = matchLengthBounds(ast);
    this.minLength = bounds.min;
    this.maxLength = bounds.max;
    this.requiredChars = [...requiredSymbols(ast)]
      .filter((c) => c !== OTHER_SYMBOL)
      .map((c) => String.fromCharCode(c));

    const nfa = new Nfa();
    const frag = build(nfa, ast);
    const match = nfa.add(Kind.Match, null);
    patch(nfa, frag.outs, match);

    // Alphabet compression: symbols with the same membership in every set share a class.
    const setStates: number[] = [];
    for (let s = 0; s < nfa.kind.length; s++) if (nfa.kind[s] === Kind.Set) setStates.push(s);
    const classOf = new Uint8Array(ALPHABET_SIZE);
    const sigToClass = new Map<string, number>();
    const classRep: number[] = [];
    for (let sym = 0; sym < ALPHABET_SIZE; sym++) {
      let sig = '';
      for (const s of setStates) sig += nfa.sets[s]?.[sym] ? '1' : '0';
      let cls = sigToClass.get(sig);
      if (cls === undefined) {
        cls = classRep.length;
        sigToClass.set(sig, cls);
        classRep.push(sym);
      }
      classOf[sym] = cls;
    }
    this.classOf = classOf;
    const k = classRep.length;
    this.classCount = k;

    // Subset construction.
    const closure = (seeds: number[]): number[] => {
      const seen = new Uint8Array(nfa.kind.length);
      const stack = [...seeds];
      const out: number[] = [];
      for (let s = stack.pop(); s !== undefined; s = stack.pop()) {
        if (s < 0 || seen[s]) continue;
        seen[s] = 1;
        if (nfa.kind[s] === Kind.Split) {
          stack.push(nfa.out2[s], nfa.out1[s]);
        } else {
          out.push(s);
        }
      }
      return out.sort((a, b) => a - b);
    };
    const keyToId = new Map<string, number>();
    const states: number[][] = [[]]; // 0 = dead
    keyToId.set('', 0);
    const start = closure([frag.start]);
    keyToId.set(start.join(','), 1);
    states.push(start);
    const rows: number[] = [];
    for (let id = 0; id < states.length; id++) {
      const members = states[id];
      for (let cls = 0; cls < k; cls++) {
        const sym = classRep[cls];
        const next: number[] = [];
        for (const s of members) {
          if (nfa.kind[s] === Kind.Set && nfa.sets[s]?.[sym]) next.push(nfa.out1[s]);
        }
        const target = next.length === 0 ? [] : closure(next);
        const key = target.join(',');
        let tid = keyToId.get(key);
        if (tid === undefined) {
          tid = states.length;
          if (tid >= MAX_DFA_STATES) {
            throw new Error(`pattern needs more than ${MAX_DFA_STATES} automaton states; simplify it or lower its repetition bounds`);
          }
          keyToId.set(key, tid);
          states.push(target);
        }
        rows.push(tid);
      }
    }
    this.stateCount = states.length;
    this.table = Int32Array.from(rows);
    this.accepting = new Uint8Array(states.length);
    for (let id = 0; id < states.length; id++) {
      if (states[id].includes(match)) this.accepting[id] = 1;
    }
    this.matchesEmpty = this.accepting[1] === 1;
    this.firstSymbols = new Uint8Array(ALPHABET_SIZE);
    for (let sym = 0; sym < ALPHABET_SIZE; sym++) {
      if (this.table[1 * k + classOf[sym]] !== 0) this.firstSymbols[sym] = 1;
    }
    let prefix = '';
    for (let q = 1; prefix.length < 16 && this.accepting[q] === 0; ) {
      let only = -1;
      for (let sym = 0; sym < ALPHABET_SIZE; sym++) {
        if (this.table[q * k + classOf[sym]] === 0) continue;
        if (only !== -1 || sym === OTHER_SYMBOL) {
          only = -2;
          break;
        }
        only = sym;
      }
      if (only < 0) break;
      prefix += String.fromCharCode(only);
      q = this.table[q * k + classOf[only]];
    }
    this.literalPrefix = prefix.length > 0 ? prefix : undefined;
  }
}

export { PatternSyntaxError };
