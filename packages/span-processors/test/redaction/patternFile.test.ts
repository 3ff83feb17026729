import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataFileError } from '../../src/dataFile';
import { DEFAULT_PATTERN_FILE, loadPatternSet, parsePatternSet, PATTERN_FIELDS } from '../../src/redaction/patternFile';

function problems(text: string, file = 'p.yaml'): string[] {
  try {
    parsePatternSet(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return [...(err as DataFileError).problems];
  }
  throw new Error('expected the file to be refused');
}

describe('redaction pattern files', () => {
  it('loads the bundled file: unique names, both types, every regex compiled', () => {
    const set = loadPatternSet();
    expect(set.file).toBe(DEFAULT_PATTERN_FILE);
    const names = set.patterns.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(set.patterns.map((p) => p.type))).toEqual(new Set(['PII_STRUCTURAL', 'INJECTION_ATTEMPT']));
    for (const p of set.patterns) expect(p.matcher !== undefined || (p.phrases?.length ?? 0) > 0).toBe(true);
    expect(set.attributeKeys).toContain('gen_ai.input.messages');
    expect(set.attributePrefixes).toContain('llm.input_messages.');
  });

  it('reads JSON as well as YAML', () => {
    const set = parsePatternSet(JSON.stringify({ version: 1, patterns: [{ name: 'x', type: 'PII_STRUCTURAL', regex: 'x[0-9]{3}' }] }), 'p.json');
    expect(set.patterns[0].matcher?.source).toBe('x[0-9]{3}');
    expect(set.attributeKeys).toEqual([]);
  });

  it('reports each problem with FILE:LINE', () => {
    const text = [
      'version: 1', //                                   1
      'patterns:', //                                    2
      '  - name: email', //                              3
      '    type: PII_STRUCTURAL', //                     4
      "    regex: '[a-z]+@[a-z]+'", //                   5
      '  - name: email', //                              6  duplicate
      '    type: PII', //                                7  bad type
      "    regex: '(a|b'", //                            8  does not compile
      '  - name: Bad-Name', //                           9  bad name
      '    type: INJECTION_ATTEMPT', //                  10
      "    regex: 'a*'", //                              11 matches empty
      '    check: crc32', //                             12 unknown check
      '  - name: phr', //                                13
      '    type: INJECTION_ATTEMPT', //                  14
      '    phrases: [ignore all, "  "]', //              15 blank phrase
      '    colour: red', //                              16 unknown field
      '  - name: phr2', //                               17
      '    type: INJECTION_ATTEMPT', //                  18
      '    phrases:', //                                 19
      '      - IGNORE   ALL', //                         20 duplicate phrase
      '  - name: nothing', //                            21
      '    type: PII_STRUCTURAL', //                     22 no regex/phrases
      '  - name: both', //                               23
      '    type: PII_STRUCTURAL', //                     24
      "    regex: 'x'", //                               25
      '    phrases: [y]', //                             26 both
      '  - just a string', //                            27
    ].join('\n');
    const list = problems(text);
    const expectAt = (line: number, re: RegExp): void => {
      expect(list.filter((m) => m.startsWith(`p.yaml:${line}: `) && re.test(m))).toHaveLength(1);
    };
    expectAt(6, /"email" is a duplicate \(first on line 3\)/);
    expectAt(7, /type must be PII_STRUCTURAL or INJECTION_ATTEMPT, got "PII"/);
    expectAt(8, /does not compile: missing '\)'/);
    expectAt(9, /name "Bad-Name" must match/);
    expectAt(11, /matches the empty string/);
    expectAt(12, /unknown check "crc32"/);
    expectAt(15, /phrase "  " is blank/);
    expectAt(16, /unknown field "colour"/);
    expectAt(20, /duplicates one of pattern "phr"/);
    expectAt(21, /needs "regex" or "phrases"/);
    expectAt(26, /has both "regex" and "phrases"/);
    expectAt(27, /must be a mapping/);
    expect(list).toHaveLength(12);
  });

  it.each([
    ['version: 2\npatterns: [{name: a, type: PII_STRUCTURAL, regex: a}]', /p\.yaml:1: version must be 1, got 2/],
    ['version: 1\npatterns: []', /p\.yaml:2: patterns must be a non-empty list/],
    ['version: 1', /p\.yaml:1: patterns must be a non-empty list, got nothing/],
    ['- a\n- b', /p\.yaml:1: the file must be a mapping/],
    ['version: 1\nversion: 1\npatterns: []', /p\.yaml:\d: Map keys must be unique/],
    ['version: 1\npatterns:\n  - name: [x\n', /p\.yaml:\d+: /],
    ['version: 1\nextra: 1\npatterns: [{name: a, type: PII_STRUCTURAL, regex: a}]', /p\.yaml:2: top level: unknown field "extra"/],
    ['version: 1\nattributes: [a]\npatterns: [{name: a, type: PII_STRUCTURAL, regex: a}]', /p\.yaml:2: attributes must be a mapping/],
    ['version: 1\nattributes:\n  keys: [1]\npatterns: [{name: a, type: PII_STRUCTURAL, regex: a}]', /p\.yaml:3: attributes\.keys: every entry must be a non-empty string, got 1/],
    ['version: 1\nattributes:\n  prefixes: x\npatterns: [{name: a, type: PII_STRUCTURAL, regex: a}]', /p\.yaml:3: attributes\.prefixes must be a list of strings/],
    ['version: 1\npatterns:\n  - name: a\n    type: PII_STRUCTURAL\n    regex: a\n    ignoreCase: yes please', /p\.yaml:6: pattern "a": ignoreCase must be true or false/],
    ['version: 1\npatterns:\n  - name: a\n    type: PII_STRUCTURAL\n    phrases: [x]\n    ignoreCase: true', /p\.yaml:6: pattern "a": ignoreCase applies to regex only/],
    ['version: 1\npatterns:\n  - name: a\n    type: PII_STRUCTURAL\n    phrases: [x]\n    check: luhn', /p\.yaml:6: pattern "a": check applies to regex patterns only/],
    ['version: 1\npatterns:\n  - name: a\n    type: PII_STRUCTURAL\n    phrases: []', /p\.yaml:5: pattern "a": phrases is empty/],
    ['version: 1\npatterns:\n  - type: PII_STRUCTURAL\n    regex: a', /p\.yaml:3: patterns\[0\]: missing field "name"/],
    ['version: 1\npatterns:\n  - name: a\n    regex: a', /p\.yaml:3: pattern "a": missing field "type"/],
    ['version: 1\npatterns:\n  - name: 7\n    type: PII_STRUCTURAL\n    regex: a', /p\.yaml:3: patterns\[0\]\.name must be a string, got 7/],
    ['version: 1\npatterns:\n  - name: a\n    kind: Email\n    type: PII_STRUCTURAL\n    regex: a', /p\.yaml:4: pattern "a": kind "Email" must match/],
    ['version: 1\npatterns:\n  - name: a\n    type: PII_STRUCTURAL\n    regex: "(a|b){0,30}a(a|b){20}"', /p\.yaml:5: pattern "a": regex .* does not compile: pattern needs more than 20000 automaton states/],
  ])('refuses %j', (text, message) => {
    expect(problems(text).join('\n')).toMatch(message);
  });

  it('names the file when it cannot be read, and reads a file from disk', () => {
    expect(() => loadPatternSet('/nonexistent/patterns.yaml')).toThrow(/\/nonexistent\/patterns\.yaml:1: cannot read the file/);
    const dir = mkdtempSync(join(tmpdir(), 'llmo-pat-'));
    const file = join(dir, 'mine.yaml');
    writeFileSync(file, 'version: 1\npatterns:\n  - name: a\n    type: PII_STRUCTURAL\n    regex: "(a"\n');
    expect(() => loadPatternSet(file)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:5: pattern "a": regex`));
  });

  it('keeps the validator and the JSON schema in step', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'data', 'redaction-patterns.schema.json'), 'utf8')) as {
      properties: { patterns: { items: { properties: Record<string, unknown>; properties_: never } } };
    };
    expect(Object.keys(schema.properties.patterns.items.properties).sort()).toEqual([...PATTERN_FIELDS].sort());
    const checkEnum = (schema.properties.patterns.items.properties.check as { enum: string[] }).enum;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { CHECKS } = require('../../src/redaction/checks') as { CHECKS: Record<string, unknown> };
    expect(checkEnum.sort()).toEqual(Object.keys(CHECKS).sort());
  });
});
