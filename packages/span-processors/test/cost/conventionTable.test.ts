import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataFileError, loadConventionTable, parseConventionTable, USAGE_FIELDS } from '@llmobserve/span-processors';
import { CONVENTION_FIELDS } from '../../src/cost/conventionTable';

function problems(text: string): string {
  try {
    parseConventionTable(text, 'c.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(DataFileError);
    return (err as DataFileError).problems.join('\n');
  }
  throw new Error('expected the table to be refused');
}

const ok = (conv: string): string => `version: 1\ncostParts: {prompt: [input], completion: [output]}\nconventions:\n${conv}`;

describe('usage conventions table', () => {
  it('loads the bundled table with every convention the issue names', () => {
    const t = loadConventionTable();
    expect(t.conventions.map((c) => c.name)).toEqual(['llmobserve', 'vercel-ai', 'openinference', 'genai', 'openllmetry-legacy']);
    expect(t.promptParts.has('cachedInput')).toBe(true);
    expect(t.completionParts.has('reasoning')).toBe(true);
    // A convention may read every field through its prefix alone.
    expect(parseConventionTable(ok('- name: x\n  detect: [a]\n  usagePrefix: my.'), 'c.yaml').conventions[0].usagePrefix?.prefix).toBe('my.');
  });

  it.each([
    ['- name: x\n  detect: [a]\n  fields: {inputTokens: [a]}\n- name: x\n  detect: [b]\n  fields: {inputTokens: [b]}', /c\.yaml:7: conventions\[1\]\.name "x" is a duplicate/],
    ['- name: X\n  detect: [a]\n  fields: {inputTokens: [a]}', /c\.yaml:4: conventions\[0\]\.name must be a lower-case name, got "X"/],
    ['- name: x\n  detect: []\n  fields: {inputTokens: [a]}', /c\.yaml:5: convention "x"\.detect must list at least one attribute key/],
    ['- name: x\n  detect: [a]\n  fields: {tokens: [a]}', /c\.yaml:6: convention "x"\.fields: unknown Usage field "tokens"/],
    ['- name: x\n  detect: [a]\n  fields: {inputTokens: []}', /c\.yaml:6: convention "x"\.fields\.inputTokens must be a non-empty list/],
    ['- name: x\n  detect: [a]\n  fields: {inputTokens: [{key: a}]}', /c\.yaml:6: convention "x"\.fields\.inputTokens\[0\] must be an attribute key or \{ key, json: \[path\] \}/],
    ['- name: x\n  detect: [a]\n  fields: {inputTokens: [a]}\n  providerFormat: weird', /c\.yaml:7: convention "x"\.providerFormat must be "plain" or "dotted"/],
    ['- name: x\n  detect: [a]\n  fields: {inputTokens: [a]}\n  aggregate: {key: k}', /c\.yaml:7: convention "x"\.aggregate needs "key" and exactly one of in, notIn, notEndsWith/],
    ['- name: x\n  detect: [a]\n  fields: {inputTokens: [a]}\n  variants:\n    - inputExcludes: [reasoningTokens]', /c\.yaml:8: convention "x"\.variants\[0\]\.inputExcludes: "reasoningTokens" is not one of/],
    ['- name: x\n  detect: [a]\n  fields: {inputTokens: [a]}\n  variants:\n    - when: {model: [a]}', /c\.yaml:8: convention "x"\.variants\[0\]\.when: unknown field "model"/],
    ['- name: x\n  detect: [a]\n  fields: {inputTokens: [a]}\n  colour: red', /c\.yaml:7: conventions\[0\]: unknown field "colour"/],
    ['- just text', /c\.yaml:4: conventions\[0\] must be a mapping/],
    ['- name: x\n  detect: [a]\n  usagePrefix: my.usage', /c\.yaml:6: convention "x"\.usagePrefix must be an attribute prefix ending in "\."/],
    ['- name: x\n  detect: [a]', /c\.yaml:4: convention "x"\.fields must map Usage fields/],
    ['- name: x\n  detect: [a]\n  fields: [a]\n  usagePrefix: my.', /c\.yaml:6: convention "x"\.fields must map Usage fields/],
    ['- name: x\n  detect: [a]\n  usagePrefix: my.\n  variants:\n    - within: {tokens: [a]}', /c\.yaml:8: convention "x"\.variants\[0\]\.within: unknown Usage field "tokens"/],
    ['- name: x\n  detect: [a]\n  usagePrefix: my.\n  variants:\n    - within: [a]', /c\.yaml:8: convention "x"\.variants\[0\]\.within must map/],
  ])('refuses %j with FILE:LINE', (conv, message) => {
    expect(problems(ok(conv))).toMatch(message);
  });

  it.each([
    ['version: 2\ncostParts: {prompt: [a], completion: [b]}\nconventions: []', /c\.yaml:1: version must be 1/],
    ['version: 1\ncostParts: {prompt: [a], completion: [b]}\nconventions: []', /c\.yaml:3: conventions must be a non-empty list/],
    ['version: 1\nconventions: [{name: x, detect: [a], fields: {inputTokens: [a]}}]', /c\.yaml:1: costParts must be a mapping/],
    ['version: 1\ncostParts: {prompt: [input], completion: [input]}\nconventions: [{name: x, detect: [a], fields: {inputTokens: [a]}}]', /"input" is listed as both prompt and completion/],
    ['version: 1\ncostParts: {prompt: [input]}\nconventions: [{name: x, detect: [a], fields: {inputTokens: [a]}}]', /c\.yaml:2: costParts\.completion is required/],
    ['[1, 2]', /c\.yaml:1: the file must be a mapping/],
    ['{"version": 1,', /c\.yaml:\d+: /],
  ])('refuses the file %j', (text, message) => {
    expect(problems(text)).toMatch(message);
  });

  it('keeps the validator and the JSON schema in step', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'data', 'usage-conventions.schema.json'), 'utf8')) as {
      properties: { conventions: { items: { properties: Record<string, { propertyNames?: { enum: string[] } }> } } };
    };
    const props = schema.properties.conventions.items.properties;
    expect(Object.keys(props).sort()).toEqual([...CONVENTION_FIELDS].sort());
    expect(props.fields.propertyNames?.enum.sort()).toEqual([...USAGE_FIELDS].sort());
  });
});
