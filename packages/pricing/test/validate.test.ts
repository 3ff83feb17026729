import { join } from 'node:path';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { METER_NAMES, validateCatalogFile, validateCatalogObject } from '@llmobserve/pricing';

const data = (f: string): string => join(__dirname, '..', 'data', f);
const fx = (f: string): string => join(__dirname, 'fixtures', f);

describe('validateCatalogFile', () => {
  it('accepts the shipped catalogs', () => {
    expect(validateCatalogFile(data('curated.catalog.json'))).toEqual([]);
    expect(validateCatalogFile(data('litellm.catalog.json'))).toEqual([]);
  });

  it('reports every problem of a broken JSON file with its line', () => {
    const problems = validateCatalogFile(fx('broken.catalog.json'));
    const at = (line: number, field: string): string | undefined => problems.find((p) => p.line === line && p.field === field)?.problem;
    expect(at(5, 'entries[1].prices.input_token')).toMatch(/>= 0, got -1/);
    expect(at(6, 'entries[2].prices.input_per_million')).toMatch(/unknown unit/);
    expect(at(7, 'entries[3].provider')).toMatch(/required/);
    expect(at(8, 'entries[4].model')).toMatch(/duplicate of entries\[0\] \(line 4\)/);
    expect(at(9, 'entries[5].source')).toMatch(/required/);
    expect(at(9, 'entries[5].effective_from')).toMatch(/required/);
    expect(at(10, 'entries[6].prices.input_token')).toMatch(/only applies to time units/);
    expect(at(11, 'entries[7].tiers[1].above')).toMatch(/ascend/);
    expect(at(12, 'entries[8].effective_from')).toMatch(/YYYY-MM-DD/);
    expect(at(13, 'entries[9].prices.input_token')).toMatch(/at most 24 decimals/);
    expect(at(15, 'discounts[0].percent')).toMatch(/between 0 and 100/);
    expect(problems.every((p) => p.file === fx('broken.catalog.json'))).toBe(true);
  });

  it('reports YAML problems with lines, and syntax errors', () => {
    const p = validateCatalogFile(fx('broken.yaml'));
    expect(p).toEqual([expect.objectContaining({ line: 7, field: 'entries[0].prices.input_token' })]);
    const dir = mkdtempSync(join(tmpdir(), 'pricing-'));
    writeFileSync(join(dir, 'bad.json'), '{\n  "entries": [\n    { "provider": "a", }\n');
    const s = validateCatalogFile(join(dir, 'bad.json'));
    expect(s.length).toBeGreaterThan(0);
    expect(s[0].field).toBe('(syntax)');
    expect(s[0].line).toBeGreaterThanOrEqual(3);
    expect(validateCatalogFile(join(dir, 'missing.json'))[0].problem).toMatch(/cannot read/);
  });

  it('accepts a valid YAML overrides file', () => {
    expect(validateCatalogFile(fx('overrides.yaml'))).toEqual([]);
  });

  it('checks objects without positions', () => {
    expect(validateCatalogObject([], 'x')[0].problem).toMatch(/one object/);
    expect(validateCatalogObject({ format: 'v2', entries: [] }, 'x').map((p) => p.field)).toEqual(['format']);
    expect(validateCatalogObject({ stuff: 1, entries: [] }, 'x')[0].problem).toMatch(/unknown top-level/);
    const p = validateCatalogObject({ source: 's', entries: [{ provider: 'a', model: 'b', prices: {}, modifiers: { us: 'x' }, variant: { size: 'big', color: 'red' }, service_tiers: { turbo: {}, batch: { prices: { input_token: '1' }, extra: 1 } }, aliases: [1], effective_from: '2025-02-01', effective_until: '2025-01-01' }], azure_deployments: { d: '' }, discounts: [{ percent: 1 }, 5] }, 'x');
    const fields = p.map((x) => x.field);
    expect(fields).toEqual(expect.arrayContaining(['entries[0].modifiers.us', 'entries[0].variant.size', 'entries[0].variant.color', 'entries[0].service_tiers.turbo', 'entries[0].service_tiers.batch.extra', 'entries[0].aliases', 'entries[0].effective_until', 'azure_deployments.d', 'discounts[0]', 'discounts[1]']));
  });

  it('schema file lists exactly the engine meters', () => {
    const schema = JSON.parse(readFileSync(data('catalog.schema.json'), 'utf8')) as { $defs: { prices: { properties: Record<string, unknown> } } };
    expect(Object.keys(schema.$defs.prices.properties).sort()).toEqual([...METER_NAMES].sort());
  });
});
