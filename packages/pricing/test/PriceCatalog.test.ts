import { join } from 'node:path';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { computeCost, getDefaultCatalog, PriceCatalog, setDefaultCatalog, type CostResult } from '@llmobserve/pricing';
import { fmt, times, usd } from './helpers/decimal';

const fx = (f: string): string => join(__dirname, 'fixtures', f);
const total = (r: CostResult): string => {
  if (!r.priced) throw new Error(`${r.reason}: ${r.detail}`);
  return r.totalUsdExact;
};

describe('model resolution', () => {
  const cat = getDefaultCatalog();
  it.each([
    ['gpt-4o', undefined, 'gpt-4o', 'exact'],
    ['GPT-4o', 'OpenAI', 'gpt-4o', 'exact'],
    ['mistral_ai/mistral-large-latest', undefined, 'mistral/mistral-large-latest', 'provider_prefix'],
    ['openai/gpt-4o', undefined, 'gpt-4o', 'exact'],
    ['gemini/gemini-2.5-pro', undefined, 'gemini/gemini-2.5-pro', 'exact'],
    ['gemini-2.5-pro', 'gcp.gemini', 'gemini/gemini-2.5-pro', 'exact'],
    ['gemini-2.5-pro', 'gcp.vertex_ai', 'gemini-2.5-pro', 'exact'],
    ['us.anthropic.claude-3-5-sonnet-20240620-v1:0', 'aws.bedrock', 'us.anthropic.claude-3-5-sonnet-20240620-v1:0', 'exact'],
    ['bedrock/converse/eu.anthropic.claude-3-5-sonnet-20240620-v1:0', undefined, 'eu.anthropic.claude-3-5-sonnet-20240620-v1:0', 'bedrock'],
    ['jp.anthropic.claude-3-5-sonnet-20240620-v1:0', 'aws.bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 'bedrock'],
    ['anthropic.claude-3-5-sonnet-20240620', 'aws.bedrock', 'anthropic.claude-3-5-sonnet-20240620-v1:0', 'bedrock'],
    ['gpt-5-mini-2099-01-01', 'openai', 'gpt-5-mini', 'snapshot_family'],
    ['serverless-standard', 'pinecone', 'pinecone/serverless-standard', 'exact'],
  ])('%s (provider %s) → %s via %s', (model, provider, id, via) => {
    const r = cat.resolve(model, provider);
    expect(r).toEqual(expect.objectContaining({ found: true, id, via }));
  });

  it('keeps its resolution cache bounded however many provider names it sees', () => {
    const fresh = PriceCatalog.load();
    for (let i = 0; i < 1000; i++) expect(fresh.resolve('gpt-4o', `provider-${i}`)).toEqual(expect.objectContaining({ found: true, id: 'gpt-4o' }));
    expect((fresh as unknown as { cache: Map<string, unknown> }).cache.size).toBeLessThanOrEqual(256);
    expect(fresh.resolve('gpt-4o', 'openai')).toEqual(expect.objectContaining({ found: true, id: 'gpt-4o', via: 'exact' }));
  });

  it('does not fall back to a family whose snapshots have different prices', () => {
    // gpt-4o-2024-05-13 costs $5/$15 but gpt-4o $2.50/$10: an unknown gpt-4o snapshot stays unpriced
    const r = cat.resolve('gpt-4o-2099-01-01', 'openai');
    expect(r.found).toBe(false);
    if (!r.found) {
      expect(r.reason).toBe('unknown_model');
      expect(r.closest).toContain('gpt-4o');
    }
  });

  it('reports unknown models with the closest ids', () => {
    const r = computeCost({ inputTokens: 1 }, { model: 'gtp-4o' });
    expect(r).toEqual(expect.objectContaining({ priced: false, reason: 'unknown_model' }));
    if (!r.priced) expect(r.closest?.[0]).toBe('gpt-4o');
    const p = computeCost({ inputTokens: 1 }, { model: 'nonexistent-model-x', provider: 'pinecone' });
    expect(p.priced).toBe(false);
    expect(cat.resolve('', undefined).found).toBe(false);
    expect(computeCost({}, { model: '' }).priced).toBe(false);
  });

  it('treats models listed upstream without prices as missing_rate', () => {
    const r = computeCost({ inputTokens: 1 }, { model: 'dashscope/qwen3-30b-a3b' });
    expect(r).toEqual(expect.objectContaining({ priced: false, reason: 'missing_rate' }));
  });

  it('maps Azure deployments through a user mapping', () => {
    const c = PriceCatalog.load({ azureDeployments: { 'Prod-GPT4o': 'gpt-4o' } });
    expect(c.resolve('prod-gpt4o', 'azure.ai.openai')).toEqual(expect.objectContaining({ found: true, id: 'azure/gpt-4o', via: 'azure_deployment' }));
    expect(c.resolve('azure/prod-gpt4o')).toEqual(expect.objectContaining({ found: true, provider: 'azure' }));
    expect(getDefaultCatalog().resolve('prod-gpt4o', 'azure').found).toBe(false);
    expect(() => c.setAzureDeployment('', 'x')).toThrow(/non-empty/);
  });

  it('lists entries and providers', () => {
    expect(cat.list('pinecone').map((e) => e.model).sort()).toEqual(['serverless-enterprise', 'serverless-standard']);
    expect(cat.providers()).toEqual(expect.arrayContaining(['openai', 'stripe', 'twilio']));
    expect(cat.list().length).toBeGreaterThan(2900);
  });
});

describe('unpriced results', () => {
  it('missing rate for a unit the model does not price', () => {
    const r = computeCost({ characters: 100 }, { model: 'gpt-4o' });
    expect(r).toEqual(expect.objectContaining({ priced: false, reason: 'missing_rate' }));
    expect(computeCost({ inputTokens: 1, cacheWrite1hTokens: 1 }, { model: 'gpt-4o' }).priced).toBe(false);
    expect(computeCost({ inputTokens: 1, serviceTier: 'flex' }, { model: 'gpt-4o' })).toEqual(expect.objectContaining({ reason: 'missing_rate' }));
  });

  it.each([
    [{ inputTokens: -1 }],
    [{ inputTokens: 1.5 }],
    [{ inputTokens: 10, cachedInputTokens: 11 }],
    [{ outputTokens: 10, reasoningTokens: 11 }],
    [{ seconds: Number.NaN }],
    [{ cachedInputTokens: 1, cachedAudioInputTokens: 2 }],
    [{ audioInputTokens: 1, cachedAudioInputTokens: 2 }],
    [{ inputTokens: 10, serviceTier: 'turbo' }],
    [{ transactionAmountUsd: '-1' }],
    [{ transactionAmountUsd: '1e3' }],
  ])('bad usage %j', (usage) => {
    expect(computeCost(usage, { model: 'gpt-4o' })).toEqual(expect.objectContaining({ priced: false, reason: 'bad_usage' }));
  });

  it('bad at / non-object usage / variant ambiguity', () => {
    expect(computeCost({ inputTokens: 1 }, { model: 'gpt-4o', at: 'not a date' })).toEqual(expect.objectContaining({ reason: 'bad_usage' }));
    expect(computeCost(null as unknown as object, { model: 'gpt-4o' })).toEqual(expect.objectContaining({ reason: 'bad_usage' }));
    expect(computeCost({ images: 1, imageSize: '1024x1024' }, { model: 'dall-e-3' })).toEqual(expect.objectContaining({ reason: 'missing_rate' }));
    expect(computeCost({ inputTokens: 1 }, { model: 'gpt-4o', at: '2001-01-01' })).toEqual(expect.objectContaining({ priced: true }));
    expect(computeCost({ readUnits: 1 }, { model: 'serverless-standard', provider: 'pinecone', at: '2001-01-01' })).toEqual(expect.objectContaining({ reason: 'missing_rate' }));
  });
});

describe('overrides, registered prices, discounts', () => {
  it('applies the documented precedence: registered > overrides > curated > litellm', () => {
    const c = PriceCatalog.load({ overrides: fx('overrides.yaml') });
    const u = { inputTokens: 1000, outputTokens: 1000 };
    // overrides file from 2026-01-01; before that the catalog price applies
    expect(total(c.computeCost(u, { model: 'gpt-4o', at: '2026-02-01' }))).toBe(fmt(times('0.000002', 1000) + times('0.000008', 1000)));
    expect(total(c.computeCost(u, { model: 'gpt-4o', at: '2025-02-01' }))).toBe(fmt(times('0.0000025', 1000) + times('0.00001', 1000)));
    c.registerPrice({ provider: 'openai', model: 'gpt-4o', prices: { input_token: '0.000001', output_token: '0.000001' } });
    const r = c.computeCost(u, { model: 'gpt-4o', at: '2026-02-01' });
    expect(total(r)).toBe(fmt(times('0.000001', 2000)));
    expect(r.priced && r.priceSource).toBe('registered');
    expect(c.version).toMatch(/^litellm-.*\+curated-.*\+overrides\.overrides\.yaml@[0-9a-f]{8}\+registered\.1$/);
    // a second registration of the same key replaces the first
    c.registerPrice({ provider: 'openai', model: 'gpt-4o', prices: { input_token: '0.000003', output_token: '0' } });
    expect(total(c.computeCost({ inputTokens: 1 }, { model: 'gpt-4o' }))).toBe('0.000003');
    // custom model from the overrides file
    expect(total(c.computeCost(u, { model: 'custom-llm', provider: 'acme' }))).toBe(fmt(times('0.000001', 1000) + times('0.000002', 1000)));
    // Azure deployment from the overrides file
    expect(c.resolve('prod-4o-mini', 'azure')).toEqual(expect.objectContaining({ found: true, id: 'azure/gpt-4o-mini' }));
  });

  it('applies discounts: model-specific beats provider-wide, no stacking', () => {
    const c = PriceCatalog.load({ overrides: fx('overrides.yaml') });
    const r = c.computeCost({ inputTokens: 1000 }, { model: 'claude-opus-4-1', provider: 'anthropic' });
    expect(total(r)).toBe(fmt((times('0.000015', 1000) * 75n) / 100n));
    expect(r.priced && r.discountPercent).toBe('25');
    expect(total(c.computeCost({ inputTokens: 1000 }, { model: 'claude-sonnet-4-5', provider: 'anthropic' }))).toBe(fmt((times('0.000003', 1000) * 90n) / 100n));
    c.setDiscount({ model: 'gpt-4o-mini', percent: '12.5' });
    expect(total(c.computeCost({ inputTokens: 1000 }, { model: 'gpt-4o-mini' }))).toBe(fmt((times('0.00000015', 1000) * 875n) / 1000n));
    expect(() => c.setDiscount({ provider: 'x', percent: 101 })).toThrow(/between 0 and 100/);
    expect(() => c.setDiscount({ percent: 1 })).toThrow(/provider/);
  });

  it('is loud at set-up about bad overrides and bad registered prices', () => {
    expect(() => PriceCatalog.load({ overrides: fx('broken.yaml') })).toThrow(/broken\.yaml:7: entries\[0\]\.prices\.input_token: must be a plain decimal/);
    expect(() => PriceCatalog.load({ overrides: fx('nope.yaml') })).toThrow(/cannot read/);
    const c = PriceCatalog.load();
    expect(() => c.registerPrice({ provider: 'x', model: 'y', prices: { input_token: '-2' } })).toThrow(/registerPrice: prices\.input_token: must be >= 0, got -2/);
  });

  it('loads overrides given as JSON and several files, later wins', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pricing-ovr-'));
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    writeFileSync(a, JSON.stringify({ entries: [{ provider: 'acme', model: 'm', effective_from: '2020-01-01', source: 'a', prices: { request: '1' } }] }));
    writeFileSync(b, JSON.stringify({ entries: [{ provider: 'acme', model: 'm', effective_from: '2020-01-01', source: 'b', prices: { request: '2' } }] }));
    const c = PriceCatalog.load({ overrides: [a, b], discounts: [{ provider: 'acme', percent: 50 }], includeLitellm: false });
    expect(total(c.computeCost({ requests: 1 }, { model: 'm', provider: 'acme' }))).toBe('1');
    expect(c.computeCost({ inputTokens: 1 }, { model: 'gpt-4o' }).priced).toBe(false);
  });

  it('setDefaultCatalog swaps the process-wide catalog', () => {
    const before = getDefaultCatalog();
    const c = PriceCatalog.load({ includeLitellm: false, includeCurated: false });
    setDefaultCatalog(c);
    expect(computeCost({ inputTokens: 1 }, { model: 'gpt-4o' }).priced).toBe(false);
    setDefaultCatalog(before);
    expect(computeCost({ inputTokens: 1 }, { model: 'gpt-4o' }).priced).toBe(true);
  });

  it('serialises results with money as decimal strings', () => {
    const r = computeCost({ inputTokens: 1000, outputTokens: 10 }, { model: 'gpt-4o' });
    const j = JSON.parse(JSON.stringify(r)) as { totalUsd: string; parts: { input: { usd: string } } };
    expect(j.totalUsd).toBe(fmt(times('0.0000025', 1000) + times('0.00001', 10)));
    expect(j.parts.input.usd).toBe(fmt(usd('0.0025')));
    expect(r.priced && r.totalUsd).toBe(0.0026);
    expect(r.priced && r.parts.input?.usd).toBe(0.0025);
  });
});
