import {
  formatSectionPath,
  isCleanText,
  parseSectionPath,
  sanitizeId,
  sanitizeSectionName,
  MAX_SECTION_DEPTH,
} from '@llmobserve/context';

describe('sanitizeId', () => {
  it.each([
    ['run-42', 'run-42'],
    ['  padded  ', 'padded'],
    ['café ☕ 東京', 'café ☕ 東京'],
    ['a'.repeat(256), 'a'.repeat(256)],
    ['with space and + / , ; =', 'with space and + / , ; ='],
  ])('accepts %j', (input, expected) => {
    expect(sanitizeId(input)).toBe(expected);
  });

  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['a'.repeat(257), 'too long'],
    ['bad\r\ninjected: yes', 'CR/LF'],
    ['tab\there', 'tab'],
    ['nul\u0000', 'NUL'],
    ['del\u007f', 'DEL'],
    ['c1\u0085', 'C1 control'],
    ['line\u2028sep', 'line separator'],
    ['lone\ud800', 'lone high surrogate'],
    ['lone\udc00x', 'lone low surrogate'],
  ])('refuses %j (%s)', (input) => {
    expect(sanitizeId(input)).toBeUndefined();
  });

  it.each([[42], [null], [undefined], [['a']], [{}]])('refuses non-strings: %j', (input) => {
    expect(sanitizeId(input)).toBeUndefined();
  });
});

describe('isCleanText', () => {
  it('accepts a surrogate pair and refuses a reversed one', () => {
    expect(isCleanText('😀')).toBe(true);
    expect(isCleanText('\ude00\ud83d')).toBe(false);
  });
});

describe('section names and paths', () => {
  it('refuses a name with the separator', () => {
    expect(sanitizeSectionName('a/b')).toBeUndefined();
    expect(sanitizeSectionName('agent:research')).toBe('agent:research');
  });

  it('parses and formats a path', () => {
    const p = parseSectionPath('agent:research/step:planning/tool:openai');
    expect(p).toEqual(['agent:research', 'step:planning', 'tool:openai']);
    expect(formatSectionPath(p!)).toBe('agent:research/step:planning/tool:openai');
  });

  it('treats a blank path as empty', () => {
    expect(parseSectionPath('')).toEqual([]);
    expect(parseSectionPath('  ')).toEqual([]);
  });

  it('refuses paths over the limits or with a bad level', () => {
    expect(parseSectionPath(Array(MAX_SECTION_DEPTH + 1).fill('s').join('/'))).toBeUndefined();
    expect(parseSectionPath(Array(MAX_SECTION_DEPTH).fill('s').join('/'))).toHaveLength(MAX_SECTION_DEPTH);
    expect(parseSectionPath('x'.repeat(1025))).toBeUndefined();
    expect(parseSectionPath('a//b')).toBeUndefined();
    expect(parseSectionPath('a/\n/b')).toBeUndefined();
    expect(parseSectionPath(7)).toBeUndefined();
  });
});
