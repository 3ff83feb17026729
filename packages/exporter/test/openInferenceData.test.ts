import { OPENINFERENCE_DATA_FILE, loadOpenInferenceTable, validateOpenInferenceTable } from '@llmobserve/exporter';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const raw = (): Record<string, unknown> => JSON.parse(fs.readFileSync(OPENINFERENCE_DATA_FILE, 'utf8')) as Record<string, unknown>;

describe('data/openinference.json', () => {
  it('validates and covers the section prefixes the brief names', () => {
    const table = loadOpenInferenceTable();
    expect(table.sectionKinds.get('agent')).toBe('AGENT');
    expect(table.sectionKinds.get('step')).toBe('CHAIN');
    expect(table.sectionKinds.get('tool')).toBe('TOOL');
    expect(table.providers.get('openai')).toEqual({ provider: 'openai', system: 'openai' });
    expect(table.cost).toContainEqual(['llmobserve.cost.total_usd', 'llm.cost.total']);
    expect(loadOpenInferenceTable()).toBe(table); // loaded once
  });

  it('agrees with its JSON schema on the allowed span kinds', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(path.dirname(OPENINFERENCE_DATA_FILE), 'openinference.schema.json'), 'utf8')) as {
      $defs: { spanKind: { enum: string[] } };
    };
    for (const kind of schema.$defs.spanKind.enum) {
      expect(() => validateOpenInferenceTable({ ...raw(), defaultSectionKind: kind })).not.toThrow();
    }
    expect(() => validateOpenInferenceTable({ ...raw(), defaultSectionKind: 'SPAN' })).toThrow(/defaultSectionKind must be one of/);
  });

  it.each<[string, (d: Record<string, unknown>) => void, RegExp]>([
    ['unknown top-level field', d => (d.extra = 1), /extra is not a known field/],
    ['bad kind', d => ((d.sectionKinds as Record<string, unknown>).tool = 'TOOLS'), /sectionKinds\.tool must be one of .* got "TOOLS"/],
    ['bad prefix', d => ((d.sectionKinds as Record<string, unknown>)['Bad-Prefix'] = 'TOOL'), /sectionKinds\.Bad-Prefix key must match/],
    ['provider without provider', d => ((d.providers as Record<string, unknown>).x = { system: 'x' }), /providers\.x\.provider must match/],
    ['provider with extra field', d => ((d.providers as Record<string, unknown>).x = { provider: 'x', color: 'red' }), /providers\.x\.color is not a known field/],
    ['provider bad system', d => ((d.providers as Record<string, unknown>).x = { provider: 'x', system: 'X Y' }), /providers\.x\.system must match/],
    ['provider not an object', d => ((d.providers as Record<string, unknown>).x = 'x'), /providers\.x must be an object/],
    ['cost key', d => ((d.cost as Record<string, unknown>)['llmobserve.cost.total'] = 'llm.cost.total'), /cost\.llmobserve\.cost\.total key must be/],
    ['cost target', d => ((d.cost as Record<string, unknown>)['llmobserve.cost.total_usd'] = 'cost'), /must be an llm\.cost\.\* attribute, got "cost"/],
    ['missing sections', d => delete d.sectionKinds, /sectionKinds must be an object/],
    ['missing providers', d => delete d.providers, /providers must be an object/],
    ['missing cost', d => delete d.cost, /cost must be an object/],
  ])('rejects %s, naming the field', (_name, mutate, message) => {
    const data = raw();
    mutate(data);
    expect(() => validateOpenInferenceTable(data, 'openinference.json')).toThrow(message);
    expect(() => validateOpenInferenceTable(data, 'openinference.json')).toThrow(/^openinference\.json: /);
  });

  it('rejects a non-object file', () => {
    expect(() => validateOpenInferenceTable([])).toThrow(/top level must be an object/);
  });

  it('loads a table from another file', () => {
    const file = path.join(os.tmpdir(), `oi-${process.pid}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...raw(), defaultSectionKind: 'AGENT' }));
    try {
      expect(loadOpenInferenceTable(file).defaultSectionKind).toBe('AGENT');
    } finally {
      fs.rmSync(file);
    }
  });
});
