import { formatUsd, MONEY_SCALE, PriceCatalog, toUsdNumber, type CostResult, type Usage } from '@llmobserve/pricing';
import { divRoundHalfEven, formatPicoUsd } from '../src/money';

// The engine derives `usd` figures and exact strings from whole pico-dollar numbers where it can;
// these must equal the conversions of the exact bigint amounts, bit for bit.
const PICO = MONEY_SCALE / 10n ** 12n;
const referenceUsd = (amount: bigint): number => Number(divRoundHalfEven(amount, PICO)) / 1e12;

function expectConsistent(r: CostResult): void {
  if (!r.priced) throw new Error(`${r.reason}: ${r.detail}`);
  expect(Object.is(r.totalUsd, referenceUsd(r.total))).toBe(true);
  expect(r.totalUsdExact).toBe(formatUsd(r.total));
  let sum = 0n;
  for (const part of Object.values(r.parts)) {
    expect(Object.is(part.usd, referenceUsd(part.amount))).toBe(true);
    expect(part.usdExact).toBe(formatUsd(part.amount));
    sum += part.amount;
  }
  expect(sum).toBe(r.total);
}

describe('fast money conversions', () => {
  it.each([0n, 1n, -1n, PICO, PICO - 1n, PICO + 1n, PICO / 2n, 3n * PICO / 2n, -PICO, 123456789n * PICO, 2n ** 53n * PICO, 2n ** 60n * PICO + 7n, 10n ** 40n])(
    'toUsdNumber(%s) is the rounded exact quotient',
    (amount) => {
      expect(Object.is(toUsdNumber(amount), referenceUsd(amount))).toBe(true);
    },
  );

  it.each([0, 1, 10, 1e12, 1e12 + 1, 999_999_999_999, 5e11, 123_456_789_012_345, Number.MAX_SAFE_INTEGER])('formatPicoUsd(%s) is formatUsd of the same amount', (pico) => {
    expect(formatPicoUsd(pico)).toBe(formatUsd(BigInt(pico) * PICO));
  });
});

describe('priced results', () => {
  const cat = PriceCatalog.load();
  const usages: Usage[] = [
    { inputTokens: 1200, cachedInputTokens: 512, outputTokens: 300, reasoningTokens: 64 },
    { inputTokens: 250_000, outputTokens: 40_000 },
    { inputTokens: 0, outputTokens: 0 },
    { inputTokens: 1, outputTokens: 1, audioInputTokens: 1 },
    { inputTokens: 2 ** 40, outputTokens: 2 ** 40 },
  ];
  it.each(['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gpt-5'])('%s: usd figures and strings match the exact amounts', (model) => {
    for (const usage of usages) expectConsistent(cat.computeCost(usage, { model }));
  });

  it('per-second prices and fractional quantities (no whole pico-dollar rate) convert the same way', () => {
    const c = PriceCatalog.load({ includeLitellm: false, includeCurated: false });
    c.registerPrice({ provider: 'acme', model: 'speech', source: 'test', prices: { second: { usd: '0.36', per: 'hour' }, input_token: '0.0000000000001' } });
    expectConsistent(c.computeCost({ seconds: 7.25, inputTokens: 3 }, { model: 'speech', provider: 'acme' }));
  });

  it('a discount set after a first call applies to the next call', () => {
    const c = PriceCatalog.load();
    const before = c.computeCost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'gpt-4o' });
    c.setDiscount({ provider: 'openai', percent: 12.5 });
    const after = c.computeCost({ inputTokens: 1000, outputTokens: 1000 }, { model: 'gpt-4o' });
    if (!before.priced || !after.priced) throw new Error('gpt-4o should be priced');
    expect(after.discountPercent).toBe('12.5');
    expect(after.total * 8n).toBe(before.total * 7n);
    expectConsistent(after);
  });

  it('a price registered after a first call applies to the next call', () => {
    const c = PriceCatalog.load({ includeLitellm: false, includeCurated: false });
    c.registerPrice({ provider: 'acme', model: 'm', source: 'a', prices: { input_token: '0.000001' } });
    const first = c.computeCost({ inputTokens: 10 }, { model: 'm', provider: 'acme' });
    expect(first.priced && first.totalUsdExact).toBe('0.00001');
    expect(first.priced && first.pricingVersion).toBe(c.version);
    c.registerPrice({ provider: 'acme', model: 'm', source: 'b', prices: { input_token: '0.000002' } });
    const r = c.computeCost({ inputTokens: 10 }, { model: 'm', provider: 'acme' });
    expect(r.priced && r.totalUsdExact).toBe('0.00002');
    expect(r.priced && r.pricingVersion).toBe(c.version);
  });

  it('reads the clock only when a price has a validity window, and then prices at the current time', () => {
    const c = PriceCatalog.load({ includeLitellm: false, includeCurated: false });
    c.registerPrice({ provider: 'acme', model: 'w', source: 'old', effective_from: '2000-01-01', prices: { input_token: '0.000001' } });
    c.registerPrice({ provider: 'acme', model: 'w', source: 'new', effective_from: '2001-01-01', prices: { input_token: '0.000003' } });
    const now = c.computeCost({ inputTokens: 1 }, { model: 'w', provider: 'acme' });
    const then = c.computeCost({ inputTokens: 1 }, { model: 'w', provider: 'acme', at: '2000-06-01' });
    expect(now.priced && now.totalUsdExact).toBe('0.000003');
    expect(then.priced && then.totalUsdExact).toBe('0.000001');
  });
});
