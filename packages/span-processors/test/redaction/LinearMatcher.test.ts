import fc from 'fast-check';
import { LinearMatcher, MAX_DFA_STATES } from '../../src/redaction/LinearMatcher';
import { parsePattern, PatternSyntaxError } from '../../src/redaction/patternSyntax';

/** Runs the DFA anchored over the whole string. */
function fullMatch(m: LinearMatcher, s: string): boolean {
  let q = 1;
  for (let i = 0; i < s.length && q !== 0; i++) {
    const c = s.charCodeAt(i);
    q = m.table[q * m.classCount + m.classOf[c < 128 ? c : 128]];
  }
  return q !== 0 && m.accepting[q] === 1;
}

describe('LinearMatcher semantics agree with JavaScript RegExp (full match)', () => {
  const patterns: [string, boolean][] = [
    ['a(b|c)*d', false],
    ['(ab|a)(bc|c)?', false],
    ['[a-c]{2,4}x?', false],
    ['(a|b){0,3}c', false],
    ['x(y?z){1,3}', false],
    ['[^abc]+', false],
    ['\\d{3}[- ]?\\d{2}', false],
    ['(?:a|ab)(?:c|bcd)(?:d*)', false],
    ['A[bc]{2}', true],
    ['(a|b)*a(a|b){3}', false],
    ['\\w+@\\w+\\.[a-z]{2,3}', false],
    ['a{0,2}|b{2,}', false],
    ['\\x41\\.\\s\\S\\W', false],
  ];
  const alphabet = fc.constantFrom('a', 'b', 'c', 'd', 'x', 'y', 'z', 'A', 'B', 'C', '1', '2', '-', ' ', '@', '.', '_', 'é', '\n');
  it.each(patterns)('%s (ignoreCase %s)', (src, ignoreCase) => {
    const m = new LinearMatcher(src, ignoreCase);
    const re = new RegExp(`^(?:${src})$`, ignoreCase ? 'i' : '');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }), (chars) => {
        const s = chars.join('');
        expect(fullMatch(m, s)).toBe(re.test(s));
      }),
      { numRuns: 800 },
    );
  });
});

describe('LinearMatcher metadata', () => {
  it('reports bounds, required characters, a literal prefix and first symbols', () => {
    const m = new LinearMatcher('sk-[a-z]{3,5}@x');
    expect(m.minLength).toBe(8);
    expect(m.maxLength).toBe(10);
    expect(m.literalPrefix).toBe('sk-');
    expect(m.requiredChars.sort()).toEqual(['-', '@', 'k', 's', 'x']);
    expect(m.firstSymbols['s'.charCodeAt(0)]).toBe(1);
    expect(m.firstSymbols['k'.charCodeAt(0)]).toBe(0);
    expect(new LinearMatcher('a+').maxLength).toBe(Infinity);
    expect(new LinearMatcher('a|b').literalPrefix).toBeUndefined();
    expect(new LinearMatcher('ab?').requiredChars).toEqual(['a']);
    expect(new LinearMatcher('(ab|ac)').requiredChars).toEqual(['a']);
    expect(new LinearMatcher('a?').matchesEmpty).toBe(true);
    expect(new LinearMatcher('a{0}b').minLength).toBe(1);
  });

  it('refuses patterns whose automaton would be too large', () => {
    expect(() => new LinearMatcher('(a|b){0,30}a(a|b){20}')).toThrow(new RegExp(`more than ${MAX_DFA_STATES}`));
  });
});

describe('pattern syntax errors name the column', () => {
  const bad: [string, RegExp][] = [
    ['', /empty pattern/],
    ['^abc', /anchor '\^'/],
    ['abc$', /anchor '\$'/],
    ['(?=a)', /look-around/],
    ['(?<n>a)', /look-around/],
    ['a*?', /lazy or possessive/],
    ['a++', /lazy or possessive/],
    ['a{2}{3}', /nested quantifier/],
    ['a{3,1}', /below minimum/],
    ['a{2000}', /above 1024/],
    ['a{,3}', /malformed repetition/],
    ['*a', /nothing to repeat/],
    ['(ab', /missing '\)'/],
    ['ab)', /unbalanced/],
    ['[ab', /missing '\]'/],
    ['[z-a]', /out of order/],
    ['[\\d-z]', /cannot bound a range/],
    ['\\bword', /\\b is not supported/],
    ['\\1', /unknown escape/],
    ['\\q', /unknown escape/],
    ['\\x4', /two hex digits/],
    ['\\xff', /ASCII-only/],
    ['café', /non-ASCII literal/],
    ['a\\', /ends with a backslash/],
    ['[^\\x00-\\x7f\\W\\w]', /matches nothing/],
  ];
  it.each(bad)('%j', (src, message) => {
    expect(() => parsePattern(src)).toThrow(PatternSyntaxError);
    expect(() => parsePattern(src)).toThrow(message);
    try {
      parsePattern(src);
    } catch (err) {
      expect((err as PatternSyntaxError).column).toBeGreaterThanOrEqual(1);
      expect((err as Error).message).toMatch(/\(column \d+\)$/);
    }
  });

  it('accepts escapes, classes with escapes and case folding', () => {
    const m = new LinearMatcher('[\\x41-\\x43\\-_]\\t\\n\\r\\f\\v\\.', true);
    expect(fullMatch(m, 'b\t\n\r\f\v.')).toBe(true);
    expect(fullMatch(m, '-\t\n\r\f\v.')).toBe(true);
    expect(fullMatch(m, 'd\t\n\r\f\v.')).toBe(false);
    expect(fullMatch(new LinearMatcher('.'), '\n')).toBe(false);
    expect(fullMatch(new LinearMatcher('.'), 'é')).toBe(true);
    expect(fullMatch(new LinearMatcher('[^a]'), 'é')).toBe(true);
    expect(fullMatch(new LinearMatcher('a|'), '')).toBe(true);
  });
});
