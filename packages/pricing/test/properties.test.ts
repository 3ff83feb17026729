import fc from 'fast-check';
import { getDefaultCatalog, type PricedCost, type Usage } from '@llmobserve/pricing';

const cat = getDefaultCatalog();
function cost(model: string, u: Usage, provider?: string): bigint {
  const r = cat.computeCost(u, { model, provider });
  if (!r.priced) throw new Error(`${r.reason}: ${r.detail}`);
  return (r as PricedCost).total;
}
function add(a: Usage, b: Usage): Usage {
  const out: Record<string, number> = {};
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) out[k] = ((a as Record<string, number>)[k] ?? 0) + ((b as Record<string, number>)[k] ?? 0);
  return out as Usage;
}

// A usage whose subsets fit in its totals.
const tokenUsage = (maxInput: number): fc.Arbitrary<Usage> =>
  fc
    .record({ input: fc.integer({ min: 0, max: maxInput }), cachedPart: fc.double({ min: 0, max: 1, noNaN: true }), writePart: fc.double({ min: 0, max: 1, noNaN: true }), output: fc.integer({ min: 0, max: 50_000 }), reasonPart: fc.double({ min: 0, max: 1, noNaN: true }) })
    .map(({ input, cachedPart, writePart, output, reasonPart }) => {
      const cached = Math.floor(input * cachedPart * 0.5);
      const write = Math.floor((input - cached) * writePart * 0.5);
      return { inputTokens: input, cachedInputTokens: cached, cacheWriteTokens: write, outputTokens: output, reasoningTokens: Math.floor(output * reasonPart) };
    });

const MODELS: Array<[string, string | undefined, number]> = [
  ['claude-sonnet-4-5', 'anthropic', 200_000],
  ['gemini-2.5-pro', 'gcp.gemini', 200_000],
  ['gpt-5.4', 'openai', 272_000],
  ['gpt-4o', 'openai', Number.POSITIVE_INFINITY],
  ['deepseek-chat', 'deepseek', Number.POSITIVE_INFINITY],
];

describe('cost properties', () => {
  it('zero usage costs zero for every catalog entry', () => {
    const ids = cat.list().map((e) => e.id);
    fc.assert(
      fc.property(fc.constantFrom(...ids), (id) => {
        const r = cat.computeCost({ inputTokens: 0, outputTokens: 0 }, { model: id, at: '2026-11-01' });
        return !r.priced || r.total === 0n;
      }),
      { numRuns: 500 },
    );
  });

  it.each(MODELS)('%s: monotone in every count within a tier', (model, provider, threshold) => {
    const max = Math.min(threshold, 1_000_000);
    fc.assert(
      fc.property(tokenUsage(max), fc.constantFrom('inputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'outputTokens', 'reasoningTokens'), fc.integer({ min: 1, max: 1000 }), (u, field, d) => {
        const bigger: Usage = { ...u, [field]: ((u as Record<string, number>)[field] ?? 0) + d };
        // keep the totals consistent and inside the tier
        if (field === 'cachedInputTokens' || field === 'cacheWriteTokens') bigger.inputTokens = (u.inputTokens ?? 0) + d;
        if (field === 'reasoningTokens') bigger.outputTokens = (u.outputTokens ?? 0) + d;
        if ((bigger.inputTokens ?? 0) > max) return true;
        return cost(model, bigger, provider) >= cost(model, u, provider);
      }),
    );
  });

  it.each(MODELS)('%s: additive over calls within a tier', (model, provider, threshold) => {
    const half = Math.floor(Math.min(threshold, 1_000_000) / 2);
    fc.assert(fc.property(tokenUsage(half), tokenUsage(half), (a, b) => cost(model, a, provider) + cost(model, b, provider) === cost(model, add(a, b), provider)));
  });

  it('crossing a tier threshold is where additivity breaks', () => {
    // Two calls of 150k prompt tokens each are billed at the base rate; one call of 300k moves
    // the whole request to the >200k rate, so the sum of parts is less than the whole.
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 0, max: 10_000 }), (a, b, out) => {
        const ua = { inputTokens: a, outputTokens: out };
        const ub = { inputTokens: b, outputTokens: out };
        const sep = cost('claude-sonnet-4-5', ua, 'anthropic') + cost('claude-sonnet-4-5', ub, 'anthropic');
        const joint = cost('claude-sonnet-4-5', add(ua, ub), 'anthropic');
        return a + b > 200_000 ? joint > sep : joint === sep;
      }),
    );
    const r = cat.computeCost({ inputTokens: 300_000 }, { model: 'claude-sonnet-4-5', provider: 'anthropic' });
    expect(r.priced && r.totalUsdExact).toBe('1.8'); // 300k × $6/M, not 300k × $3/M
  });

  it('summing a million costs gives the same exact total in any order (floats do not)', () => {
    const amounts: bigint[] = [];
    const floats: number[] = [];
    const models = ['gpt-4o', 'claude-sonnet-4-5', 'gemini/gemini-2.5-flash', 'deepseek-chat', 'gpt-4o-mini'];
    let seed = 7;
    for (let i = 0; i < 1_000_000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const r = cat.computeCost({ inputTokens: seed % 5000, outputTokens: (seed >> 8) % 700 }, { model: models[i % models.length] });
      if (!r.priced) throw new Error(r.detail);
      amounts.push(r.total);
      floats.push(r.totalUsd);
    }
    const fwd = amounts.reduce((s, x) => s + x, 0n);
    const rev = [...amounts].reverse().reduce((s, x) => s + x, 0n);
    const sorted = [...amounts].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)).reduce((s, x) => s + x, 0n);
    expect(rev).toBe(fwd);
    expect(sorted).toBe(fwd);
    const ff = floats.reduce((s, x) => s + x, 0);
    const fr = [...floats].reverse().reduce((s, x) => s + x, 0);
    // binary floats drift with the order; the exact total does not
    expect(ff === fr && ff === Number(fwd) / 1e24).toBe(false);
  });
});
