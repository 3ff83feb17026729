import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatUsd, getDefaultCatalog, MONEY_SCALE, parseUsd, type MeterName, type Usage } from '@llmobserve/pricing';

const repo = join(__dirname, '..', '..', '..');
const dataFile = (f: string): string => join(__dirname, '..', 'data', f);

const METER_USAGE: Record<MeterName, Usage> = {
  input_token: { inputTokens: 10 },
  cached_input_token: { cachedInputTokens: 1 },
  cache_write_token: { cacheWriteTokens: 1 },
  cache_write_1h_token: { cacheWrite1hTokens: 1 },
  audio_input_token: { audioInputTokens: 2 },
  cached_audio_input_token: { cachedAudioInputTokens: 1, cachedInputTokens: 1, audioInputTokens: 2 },
  image_input_token: { imageInputTokens: 1 },
  output_token: { outputTokens: 5 },
  reasoning_token: { reasoningTokens: 1 },
  audio_output_token: { audioOutputTokens: 1 },
  image_output_token: { imageOutputTokens: 1 },
  video_output_token: { videoOutputTokens: 1 },
  citation_token: { citationTokens: 1 },
  input_character: { characters: 10 },
  output_character: { outputCharacters: 10 },
  second: { seconds: 2 },
  output_second: { outputSeconds: 2 },
  audio_input_second: { audioInputSeconds: 2 },
  video_input_second: { videoInputSeconds: 2 },
  image: { images: 1 },
  input_image: { inputImages: 1 },
  pixel: { pixels: 100 },
  request: { requests: 1 },
  web_search_low: { webSearchRequests: 1, searchContextSize: 'low' },
  web_search_medium: { webSearchRequests: 1 },
  web_search_high: { webSearchRequests: 1, searchContextSize: 'high' },
  page: { pages: 1 },
  annotation_page: { annotationPages: 1 },
  credit: { credits: 1 },
  session: { sessions: 1 },
  operation: { operations: 1 },
  read_unit: { readUnits: 1 },
  write_unit: { writeUnits: 1 },
  vector_dimension_month: { vectorDimensionMonths: 1 },
  data_written_gib: { dataWrittenGiB: 1 },
  data_returned_gib: { dataReturnedGiB: 1 },
  message: { messages: 1 },
  minute: { minutes: 1 },
  transaction: { transactions: 1 },
  transaction_percent: { transactionAmountUsd: '10.00' },
};

describe('the whole catalog', () => {
  const cat = getDefaultCatalog();
  const all = cat.list();

  it('prices every entry of every layer, with every meter it lists and every service tier', () => {
    const failures: string[] = [];
    let priced = 0;
    for (const { id, entry, provider } of all) {
      const at = entry.effective_from ?? '2026-11-01';
      for (const tier of [undefined, ...Object.keys(entry.service_tiers ?? {})]) {
        const prices = tier ? { ...entry.prices, ...entry.service_tiers?.[tier as 'batch']?.prices } : entry.prices;
        const usage: Usage = { serviceTier: tier, imageSize: entry.variant?.size, imageQuality: entry.variant?.quality, imageSteps: entry.variant?.steps };
        for (const m of Object.keys(prices) as MeterName[]) Object.assign(usage, METER_USAGE[m]);
        const r = cat.computeCost(usage, { model: id, provider: id.includes('/') || entry.id ? undefined : provider, at });
        if (!r.priced) failures.push(`${provider} ${id} ${tier ?? ''}: ${r.reason} ${r.detail}`);
        else priced++;
        const z = cat.computeCost({}, { model: id, at });
        if (z.priced && z.total !== 0n) failures.push(`${id}: zero usage costs ${z.totalUsdExact}`);
      }
    }
    expect(failures).toEqual([]);
    expect(priced).toBeGreaterThan(2900);
  });

  it('has every LiteLLM entry with a cost field, priced or listed as unpriced upstream', () => {
    const lite = JSON.parse(readFileSync(dataFile('litellm.catalog.json'), 'utf8')) as { stats: { upstream_entries: number }; entries: Array<{ id: string; aliases?: string[] }>; unpriced_upstream: unknown[] };
    const keys = lite.entries.length + lite.entries.reduce((n, e) => n + (e.aliases ?? []).filter((a) => a.includes('/') || a === e.id).length, 0);
    expect(lite.entries.length).toBeGreaterThanOrEqual(2879);
    expect(keys + lite.unpriced_upstream.length).toBeGreaterThanOrEqual(lite.stats.upstream_entries - 60);
  });

  it('MONEY_SCALE (1e-24 USD) represents every catalog price exactly', () => {
    expect(MONEY_SCALE).toBe(10n ** 24n);
    let n = 0;
    const check = (v: unknown): void => {
      if (typeof v === 'string') {
        const norm = v.includes('.') ? v.replace(/0+$/, '').replace(/\.$/, '') : v;
        expect(formatUsd(parseUsd(v))).toBe(norm);
        n++;
      } else if (v && typeof v === 'object' && 'usd' in v) check(String((v as { usd: unknown }).usd));
    };
    for (const f of ['litellm.catalog.json', 'curated.catalog.json']) {
      const file = JSON.parse(readFileSync(dataFile(f), 'utf8')) as { entries: Array<{ prices: Record<string, unknown>; tiers?: Array<{ prices: Record<string, unknown> }>; service_tiers?: Record<string, { prices: Record<string, unknown>; tiers?: Array<{ prices: Record<string, unknown> }> }> }> };
      for (const e of file.entries) {
        const tables = [e.prices, ...(e.tiers ?? []).map((t) => t.prices)];
        for (const s of Object.values(e.service_tiers ?? {})) tables.push(s.prices, ...(s.tiers ?? []).map((t) => t.prices));
        for (const t of tables) for (const v of Object.values(t)) check(v);
      }
    }
    expect(n).toBeGreaterThan(8000);
  });

  it('is reproduced byte for byte by the generator', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'catalog-')), 'litellm.catalog.json');
    execFileSync(process.execPath, [join(repo, 'scripts', 'generate-price-catalog.mjs')], { env: { ...process.env, LLMOBSERVE_CATALOG_OUT: out }, stdio: 'pipe' });
    expect(readFileSync(out, 'utf8') === readFileSync(dataFile('litellm.catalog.json'), 'utf8')).toBe(true);
  });
});
