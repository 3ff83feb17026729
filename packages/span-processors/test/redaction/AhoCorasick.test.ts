import { AhoCorasick, normalizePhrase, PhraseMatch } from '../../src/redaction/AhoCorasick';

function all(ac: AhoCorasick, text: string): PhraseMatch[] {
  const out: PhraseMatch[] = [];
  ac.scan(text, (m) => {
    out.push(m);
    return false;
  });
  return out;
}

describe('AhoCorasick', () => {
  const ac = new AhoCorasick([
    ['he', 0],
    ['she', 1],
    ['his', 2],
    ['hers', 3],
    ['ignore previous   instructions', 4],
    ["' or 1=1", 5],
    ['Café', 6],
  ]);

  it('finds overlapping phrases, each at its position in the original text', () => {
    const text = 'ushers';
    // "he" alone is inside the word "ushers": the word rule keeps only whole words, none here.
    expect(all(ac, text)).toEqual([]);
    expect(all(ac, 'she he hers').map((m) => [m.id, text.length && m.start, m.end])).toEqual([
      [1, 0, 3],
      [0, 4, 6],
      [3, 7, 11],
    ]);
  });

  it('ignores ASCII case and collapses whitespace runs', () => {
    const m = all(ac, 'Please IGNORE  previous\n\tinstructions now');
    expect(m).toEqual([{ id: 4, start: 7, end: 37 }]);
    expect('Please IGNORE  previous\n\tinstructions now'.slice(7, 37)).toBe('IGNORE  previous\n\tinstructions');
  });

  it('applies the word rule only to word characters at the phrase edges', () => {
    expect(all(ac, "name='' or 1=1").map((m) => m.id)).toEqual([5]);
    expect(all(ac, "x' or 1=1").map((m) => m.id)).toEqual([5]);
    expect(all(ac, "' or 1=10").map((m) => m.id)).toEqual([]);
  });

  it('matches non-ASCII phrases as lower-cased at build time', () => {
    expect(all(ac, 'un café noir').map((m) => m.id)).toEqual([6]);
  });

  it('stops when the callback returns true', () => {
    let n = 0;
    ac.scan('he he he', () => ++n === 2);
    expect(n).toBe(2);
  });

  it('normalises phrases and refuses blank ones', () => {
    expect(normalizePhrase('  Ignore \n ALL  ')).toBe('ignore all');
    expect(() => new AhoCorasick([['   ', 0]])).toThrow(/empty phrase/);
  });

  it('reads each character once: work does not depend on the number of phrases', () => {
    const many = new AhoCorasick(Array.from({ length: 2000 }, (_, i) => [`phrase number ${i} here`, i] as const));
    expect(many.stateCount).toBeGreaterThan(2000);
    expect(all(many, 'x phrase number 1999 here y').map((m) => m.id)).toEqual([1999]);
  });
});
