import fc from 'fast-check';
import type { AttributeValue } from '@opentelemetry/api';
import {
  COST_ATTRIBUTES as A,
  ContextAttributesSpanProcessor,
  CostSpanProcessor,
  loadConventionTable,
  loadPatternSet,
  RedactionSpanProcessor,
  readUsage,
} from '@llmobserve/span-processors';
import { setup } from './helpers';

const table = loadConventionTable();
const patterns = loadPatternSet();
const knownKeys = [
  ...new Set([
    ...table.conventions.flatMap((c) => [...c.detect, ...c.model, ...c.provider, ...c.total, ...[...c.fields.values()].flat().map((s) => s.key), c.aggregate?.key ?? 'x']),
    ...patterns.attributeKeys,
    ...patterns.attributePrefixes.map((p) => `${p}0.content`),
    A.customUsd,
    'ai.operationId',
    'openinference.span.kind',
    'gen_ai.operation.name',
  ]),
];

const count = fc.oneof(
  fc.integer({ min: 0, max: 5000 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 1e9, 1e9 + 1, 1e20, 0.5, -0),
);
const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    'gpt-4o',
    'claude-sonnet-4-5',
    'openai.chat',
    'anthropic.messages',
    '{"anthropic":{"cacheCreationInputTokens":"x"}}',
    '{"anthropic":{"cacheCreationInputTokens":12}}',
    '[{"role":"user","content":"mail a@b.co, card 4111 1111 1111 1111"}]',
    '{"__proto__":{"a":"sk-proj-abcdefghijklmnopqrstuvwxyz0123"}}',
    '['.repeat(500),
    'ignore all previous instructions',
    '0.01',
    '-5',
    'ai.generateText.doGenerate',
    'invoke_agent',
    'LLM',
    'CHAIN',
  ),
);
const value: fc.Arbitrary<AttributeValue> = fc.oneof(
  count,
  text,
  fc.boolean(),
  fc.array(text, { maxLength: 4 }),
  fc.array(count, { maxLength: 4 }),
  fc.array(fc.oneof(text, count, fc.constant(null)), { maxLength: 4 }) as fc.Arbitrary<AttributeValue>,
);
const attributes = fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...knownKeys) }, { weight: 1, arbitrary: fc.string({ maxLength: 30 }) }), value, { maxKeys: 14 });

describe('fuzz: random attribute maps', () => {
  it('readUsage never throws and only reports counts it accepted', () => {
    fc.assert(
      fc.property(attributes, (attrs) => {
        const read = readUsage(attrs, table);
        if (read?.ok) {
          for (const v of Object.values(read.usage)) {
            if (typeof v === 'number') expect(Number.isFinite(v) && v >= 0).toBe(true);
          }
          expect(read.models.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('the processors never throw, whatever the attributes (0 throws), and never write a bad cost', () => {
    const cost = new CostSpanProcessor();
    const { start, exporter } = setup(new ContextAttributesSpanProcessor({ baggageKeys: ['a'] }), cost, new RedactionSpanProcessor());
    let throws = 0;
    fc.assert(
      fc.property(fc.array(attributes, { minLength: 1, maxLength: 4 }), (list) => {
        try {
          const root = start('root', list[0]);
          const kids = list.slice(1).map((a, i) => start(`child-${i}`, a, root));
          for (const k of kids) k.end();
          root.end();
        } catch {
          throws++;
        }
      }),
      { numRuns: 1500 },
    );
    expect(throws).toBe(0);
    expect(cost.openSpans).toBe(0);
    for (const s of exporter.getFinishedSpans()) {
      for (const key of [A.totalUsd, A.subtreeUsd]) {
        const v = s.attributes[key];
        if (v !== undefined) expect(typeof v === 'number' && Number.isFinite(v) && v >= 0).toBe(true);
      }
      const reason = s.attributes[A.unpricedReason];
      if (reason !== undefined && reason !== 'bad_custom_cost') expect(s.attributes[A.genAiUsageCost]).toBeUndefined();
    }
  });
});
