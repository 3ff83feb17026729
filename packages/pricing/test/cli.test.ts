import { join } from 'node:path';
import { runPricingCli } from '@llmobserve/pricing';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runPricingCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}
const fx = (f: string): string => join(__dirname, 'fixtures', f);

describe('llmobserve price / prices', () => {
  it('prints the breakdown', async () => {
    const r = await run('price', 'gpt-4o', '--input', '1000', '--cached-input', '200', '--output', '500', '--reasoning', '100');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^gpt-4o \(openai\)/);
    expect(r.out).toMatch(/input\s+800 × \$0\.0000025\s+\$0\.002/);
    expect(r.out).toMatch(/cachedInput\s+200 × \$0\.00000125\s+\$0\.00025/);
    expect(r.out).toMatch(/total\s+\$0\.00725$/m);
  });

  it('prints the result object with --json, money as decimal strings', async () => {
    const r = await run('price', 'claude-sonnet-4-5', '--provider', 'anthropic', '--input=250000', '--output', '10', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { priced: boolean; totalUsd: string; tierAbove: number; parts: Record<string, { usd: string }> };
    expect(j).toEqual(expect.objectContaining({ priced: true, totalUsd: '1.500225', tierAbove: 200000 }));
    expect(j.parts.input.usd).toBe('1.5');
  });

  it('covers non-token units, tiers and dates', async () => {
    expect((await run('price', 'card-payment-us', '--provider', 'stripe', '--amount', '100', '--transactions', '1')).out).toMatch(/total\s+\$3\.2$/m);
    expect((await run('price', 'gpt-4o', '--input', '1000', '--at', '2024-06-01')).out).toMatch(/total\s+\$0\.005$/m);
    expect((await run('price', 'gpt-4o', '--input', '1000', '--tier', 'batch')).out).toMatch(/service tier: batch/);
    expect((await run('price', 'gpt-image-1', '--images', '1', '--image-size', '1024x1024', '--image-quality', 'low')).out).toMatch(/total\s+\$0\.011$/m);
    expect((await run('price', 'tts-1', '--characters', '100')).code).toBe(0);
    expect((await run('price', 'whisper-1', '--seconds', '60')).out).toMatch(/\$0\.006$/m);
    expect((await run('price', 'serverless-standard', '--provider', 'pinecone', '--read-units', '1000000')).out).toMatch(/total\s+\$16$/m);
    expect((await run('price', 'gpt-4o', '--input', '1000', '--overrides', fx('overrides.yaml'), '--at', '2026-06-01')).out).toMatch(/\$0\.002$/m);
  });

  it('exits 2 with the closest ids for an unknown model', async () => {
    const r = await run('price', 'gpt-4oo', '--input', '1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown_model/);
    expect(r.err).toMatch(/closest known ids: gpt-4o/);
    const j = await run('price', 'gpt-4oo', '--json');
    expect(j.code).toBe(2);
    expect(JSON.parse(j.out)).toEqual(expect.objectContaining({ priced: false, reason: 'unknown_model' }));
  });

  it('exits 1 for a missing rate or bad usage', async () => {
    expect((await run('price', 'gpt-4o', '--characters', '10')).code).toBe(1);
    expect((await run('price', 'gpt-4o', '--input', '10', '--tier', 'turbo')).code).toBe(1);
  });

  it('exits 64 on bad arguments', async () => {
    expect((await run('price')).code).toBe(64);
    expect((await run('price', 'gpt-4o', '--input', 'abc')).code).toBe(64);
    expect((await run('price', 'gpt-4o', '--input')).code).toBe(64);
    expect((await run('price', 'gpt-4o', '--bogus', '1')).code).toBe(64);
    expect((await run('price', 'gpt-4o', '--at', 'soon')).code).toBe(64);
    expect((await run('prices', 'delete')).code).toBe(64);
    expect((await run()).code).toBe(64);
    expect((await run('prices', 'validate')).code).toBe(64);
    expect((await run('prices', 'list', 'extra')).code).toBe(64);
    const h = await run('--help');
    expect(h.code).toBe(0);
    expect(h.out).toMatch(/usage:/);
  });

  it('lists prices, optionally by provider and as JSON', async () => {
    const r = await run('prices', 'list', '--provider', 'stripe');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/stripe\tstripe\/card-payment-us from 2020-01-01\ttransaction=\$0\.3 transaction_percent=\$2\.9/);
    const o = await run('prices', 'list', '--provider', 'openai');
    expect(o.out).toMatch(/openai\tgpt-4o\tinput_token=\$2\.5\/1M cached_input_token=\$1\.25\/1M output_token=\$10\/1M/);
    expect(o.out).toMatch(/\[1024x1024 high\]/);
    const j = await run('prices', 'list', '--provider', 'pinecone', '--json');
    expect((JSON.parse(j.out) as unknown[]).length).toBe(2);
  });

  it('validates files: FILE:LINE: field: problem and exit 1', async () => {
    const bad = await run('prices', 'validate', fx('broken.catalog.json'));
    expect(bad.code).toBe(1);
    expect(bad.out.split('\n')).toContain(`${fx('broken.catalog.json')}:5: entries[1].prices.input_token: must be >= 0, got -1`);
    const ok = await run('prices', 'validate', fx('overrides.yaml'));
    expect(ok.code).toBe(0);
    expect(ok.err).toMatch(/ok$/);
  });
});
