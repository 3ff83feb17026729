import type { Attributes } from '@opentelemetry/api';
import { loadConventionTable, parseConventionTable, readUsage } from '@llmobserve/span-processors';

// readUsage plans each conventions table once (keys, fields and variants as arrays); these check
// that a process using several tables gets each table's own reading, in any order.
const shipped = loadConventionTable();
const custom = parseConventionTable(
  JSON.stringify({
    version: 1,
    conventions: [
      {
        name: 'acme',
        detect: ['acme.tokens.in', 'gen_ai.usage.input_tokens'],
        model: ['acme.model'],
        provider: ['acme.vendor'],
        fields: { inputTokens: ['acme.tokens.in', 'gen_ai.usage.input_tokens'], outputTokens: ['acme.tokens.out'] },
        total: [],
      },
    ],
    costParts: { prompt: ['input'], completion: ['output'] },
  }),
);

const genai: Attributes = { 'gen_ai.request.model': 'gpt-4o', 'gen_ai.usage.input_tokens': 10, 'gen_ai.usage.output_tokens': 5 };
const acme: Attributes = { 'acme.model': 'm1', 'acme.vendor': 'Acme', 'acme.tokens.in': 7, 'acme.tokens.out': 3 };

describe('readUsage with several tables', () => {
  it('reads each table with its own conventions, alternating between them', () => {
    for (let round = 0; round < 3; round++) {
      expect(readUsage(genai, shipped)).toEqual(expect.objectContaining({ ok: true, convention: 'genai', usage: { inputTokens: 10, outputTokens: 5 } }));
      expect(readUsage(acme, custom)).toEqual(expect.objectContaining({ ok: true, convention: 'acme', models: ['m1'], provider: 'acme', usage: { inputTokens: 7, outputTokens: 3 } }));
      // The GenAI input key is a detect key of the custom table too; without its model the custom
      // convention reports a missing model, the shipped table never sees acme keys.
      expect(readUsage(genai, custom)).toEqual(expect.objectContaining({ ok: false, convention: 'acme', reason: 'missing_model' }));
      expect(readUsage(acme, shipped)).toBeUndefined();
    }
  });

  it("reads only the attributes' own keys (span attributes are own data properties)", () => {
    const inherited = Object.create(genai) as Attributes;
    expect(readUsage(inherited, shipped)).toBeUndefined();
    expect(readUsage({ ...inherited, ...genai }, shipped)).toEqual(expect.objectContaining({ ok: true, convention: 'genai' }));
  });
});
