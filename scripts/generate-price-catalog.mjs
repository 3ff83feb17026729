#!/usr/bin/env node
// Generates packages/pricing/data/litellm.catalog.json from the LiteLLM price table in
// ../shared/reference/ (or the file given as the first argument). Re-runnable and deterministic:
// the same input gives byte-identical output. Run: node scripts/generate-price-catalog.mjs [SOURCE.json]
//
// What it does, per LiteLLM entry:
//  - key -> (provider, model, variant): the provider is `litellm_provider`; the route prefix
//    (`gemini/`, `vertex_ai/`, `azure/` ...) and image size/quality/steps segments are split off.
//  - every cost field -> a price meter (USD per unit, exact decimal string); `_above_<N>k_tokens`
//    fields -> long-context tiers; `_priority` / `_flex` / `_batches` -> service tiers;
//    `tiered_pricing` ranges -> tiers; region/speed multipliers -> modifiers.
//  - entries without any cost field are listed in `unpriced_upstream` (known model, no price).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = process.env.LLMOBSERVE_CATALOG_OUT ?? join(repoRoot, 'packages/pricing/data/litellm.catalog.json');

// Provenance of the reference files we know (see ../shared/reference/README.md), by sha256.
const KNOWN_SOURCES = {
  '4c6858bb791bd06e91e767670a58e088190f19579d11785217aa418edfd4fe51': {
    upstream: 'https://github.com/BerriAI/litellm/blob/main/model_prices_and_context_window.json',
    upstream_state: 'litellm main at 2026-07-24T18:23:43Z',
    via: 'RoCry/llm-api-price sync commit 8442b939a6ead479f7995b5d74d8dce488bd0966, re-serialized (values unchanged)',
    commit: '8442b939a6ead479f7995b5d74d8dce488bd0966',
    date: '2026-07-24T18:23:43Z',
  },
  b3ebfedddd6ada7970e0c14616e2c78a35126a7b93d315033616c1fa7631d20a: {
    upstream: 'https://github.com/BerriAI/litellm/blob/667b9122e089a1972304540df6fd19f342b0e82a/model_prices_and_context_window.json',
    upstream_state: 'litellm commit 667b9122e089a1972304540df6fd19f342b0e82a',
    via: 'byte-for-byte copy',
    commit: '667b9122e089a1972304540df6fd19f342b0e82a',
    date: '2026-01-25T05:21:28Z',
  },
};

const LICENSE_NOTICE = 'MIT License. Copyright (c) 2023 Berri AI. The price data is derived from BerriAI/litellm; see packages/pricing/NOTICE for the full licence text.';

/** The newest reference file: the dated one with the latest date in its name, else the plain copy. */
function defaultSource() {
  const dir = process.env.LLMOBSERVE_REFERENCE_DIR ?? resolve(repoRoot, '..', 'shared', 'reference');
  const files = readdirSync(dir).filter((f) => /^litellm-model-prices.*\.json$/.test(f));
  const dated = files.map((f) => ({ f, d: /(\d{4}-\d{2}-\d{2})/.exec(f)?.[1] ?? '0000-00-00' }));
  dated.sort((a, b) => (a.d < b.d ? 1 : a.d > b.d ? -1 : a.f.localeCompare(b.f)));
  if (dated.length === 0) throw new Error(`no litellm-model-prices*.json in ${dir}`);
  return join(dir, dated[0].f);
}

/**
 * A JSON number as an exact plain decimal string. Values whose shortest repr has more than 15
 * significant digits are float noise from upstream arithmetic (0.0000029999900000000002 for
 * 42.857 DBU x $0.07); they are rounded to 15 significant digits and counted in the header.
 */
let noisyCount = 0;
function dec(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Error(`not a number: ${x}`);
  const short = Number(x.toPrecision(15));
  if (short !== x) noisyCount++;
  return plain(short);
}
function plain(n) {
  const s = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([-+]\d+))?$/.exec(s);
  if (!m) throw new Error(`cannot format ${s}`);
  const [, sign, int, frac = '', expS] = m;
  const exp = expS ? Number(expS) : 0;
  let digits = int + frac;
  let point = int.length + exp;
  if (point <= 0) { digits = '0'.repeat(1 - point) + digits; point = 1; }
  if (point > digits.length) digits = digits + '0'.repeat(point - digits.length);
  let ip = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  let fp = digits.slice(point).replace(/0+$/, '');
  return sign + ip + (fp ? '.' + fp : '');
}
function mulDec(a, intFactor) {
  // exact decimal string x integer
  const [ip, fp = ''] = a.split('.');
  const v = BigInt(ip + fp) * BigInt(intFactor);
  const s = v.toString().padStart(fp.length + 1, '0');
  const head = s.slice(0, s.length - fp.length);
  const tail = s.slice(s.length - fp.length).replace(/0+$/, '');
  return tail ? `${head}.${tail}` : head;
}

// LiteLLM base field -> our meter. Fields handled specially are listed in SPECIAL.
const BASE = {
  input_cost_per_token: 'input_token',
  output_cost_per_token: 'output_token',
  cache_read_input_token_cost: 'cached_input_token',
  input_cost_per_token_cache_hit: 'cached_input_token',
  cache_creation_input_token_cost: 'cache_write_token',
  cache_creation_input_token_cost_above_1hr: 'cache_write_1h_token',
  input_cost_per_audio_token: 'audio_input_token',
  cache_read_input_audio_token_cost: 'cached_audio_input_token',
  cache_creation_input_audio_token_cost: 'cached_audio_input_token',
  output_cost_per_audio_token: 'audio_output_token',
  output_cost_per_reasoning_token: 'reasoning_token',
  input_cost_per_image_token: 'image_input_token',
  output_cost_per_image_token: 'image_output_token',
  output_cost_per_video_token: 'video_output_token',
  citation_cost_per_token: 'citation_token',
  input_cost_per_character: 'input_character',
  output_cost_per_character: 'output_character',
  input_cost_per_audio_per_second: 'audio_input_second',
  input_cost_per_video_per_second: 'video_input_second',
  input_cost_per_request: 'request',
  input_cost_per_query: 'request',
  ocr_cost_per_page: 'page',
  annotation_cost_per_page: 'annotation_page',
  ocr_cost_per_credit: 'credit',
  code_interpreter_cost_per_session: 'session',
  // special: combined into `second`, `image`, `input_image`, `pixel` below
  input_cost_per_second: '$input_second',
  output_cost_per_second: '$output_second',
  output_cost_per_video_per_second: '$output_second',
  input_cost_per_image: '$input_image',
  output_cost_per_image: '$output_image',
  input_cost_per_pixel: '$input_pixel',
  output_cost_per_pixel: '$output_pixel',
};
// When two LiteLLM fields map to one meter, the first one listed here wins.
const PREFERRED = {
  cached_input_token: ['cache_read_input_token_cost', 'input_cost_per_token_cache_hit'],
  cached_audio_input_token: ['cache_read_input_audio_token_cost', 'cache_creation_input_audio_token_cost'],
  request: ['input_cost_per_request', 'input_cost_per_query'],
};
// Cost fields we do not turn into meters, with the reason (recorded in the header).
const IGNORED = {
  input_dbu_cost_per_token: 'Databricks DBUs, not USD; the same entries carry USD per-token prices',
  output_dbu_cost_per_token: 'Databricks DBUs, not USD; the same entries carry USD per-token prices',
  input_cost_per_video_per_second_above_8s_interval: 'per-interval video embedding price; the base per-second price is kept',
  input_cost_per_video_per_second_above_15s_interval: 'per-interval video embedding price; the base per-second price is kept',
  output_cost_per_second_1080p: '1080p video surcharge; the base per-second price is kept',
};
const SERVICE = { priority: 'priority', flex: 'flex', batches: 'batch' };
const SIZE_RE = /^(\d+-x-\d+|max-x-max)$/;
const QUALITY = new Set(['low', 'medium', 'high', 'standard', 'hd', 'auto']);
const STEPS_RE = /^(\d+|max)-steps$/;

function parseField(name) {
  let rest = name;
  let service;
  const sm = /_(priority|flex|batches)$/.exec(rest);
  if (sm) { service = SERVICE[sm[1]]; rest = rest.slice(0, -sm[0].length); }
  let above;
  const tm = /_above_(\d+)k_tokens$/.exec(rest);
  if (tm) { above = Number(tm[1]) * 1000; rest = rest.slice(0, -tm[0].length); }
  return { base: rest, above, service };
}

function routePrefixes(provider) {
  const p = new Set([provider, provider.replace(/_/g, '-')]);
  const dash = provider.indexOf('-');
  if (dash > 0) p.add(provider.slice(0, dash));
  if (provider === 'azure_text') p.add('azure');
  if (provider.startsWith('text-completion-')) p.add(provider.slice('text-completion-'.length));
  if (provider === 'bedrock_converse') p.add('bedrock');
  return p;
}

function splitVariant(segs, variant) {
  while (segs.length > 1) {
    const s = segs[0];
    if (SIZE_RE.test(s)) { variant.size = s === 'max-x-max' ? 'max' : s.replace('-x-', 'x'); segs.shift(); continue; }
    if (QUALITY.has(s) && SIZE_RE.test(segs[1] ?? '')) { variant.quality = s; segs.shift(); continue; }
    if (STEPS_RE.test(s)) { variant.steps = s.replace('-steps', ''); segs.shift(); continue; }
    break;
  }
}

function parseKey(key, provider) {
  const variant = {};
  const segs = key.split('/');
  splitVariant(segs, variant);
  if (segs.length > 1 && routePrefixes(provider).has(segs[0])) segs.shift();
  splitVariant(segs, variant);
  return { model: segs.join('/'), variant: Object.keys(variant).length ? variant : undefined };
}

/** Collect meters of one price level (base, a tier, a service tier) from flat LiteLLM fields. */
function metersFrom(fields, mode, variant, notes) {
  const prices = {};
  const chosen = {};
  const special = {};
  for (const [f, v] of Object.entries(fields)) {
    const meter = BASE[f];
    if (meter === undefined) continue;
    if (meter.startsWith('$')) { special[meter.slice(1)] = v; continue; }
    const pref = PREFERRED[meter];
    if (chosen[meter] && pref && pref.indexOf(chosen[meter]) < pref.indexOf(f)) continue;
    chosen[meter] = f;
    prices[meter] = dec(v);
  }
  // seconds: STT tables put the price in input_cost_per_second with output 0 (or the reverse);
  // LiteLLM reads the zero one for some and prices them at $0. We take the non-zero one.
  const si = special.input_second, so = special.output_second;
  if (si !== undefined || so !== undefined) {
    if (si && so && si !== so) { prices.second = dec(si); prices.output_second = dec(so); }
    else prices.second = dec(si || so || 0);
  }
  // images: output_cost_per_image is per generated image; input_cost_per_image per image in the prompt.
  const ii = special.input_image, oi = special.output_image;
  if (oi !== undefined) { prices.image = dec(oi); if (ii !== undefined) prices.input_image = dec(ii); }
  else if (ii !== undefined) prices.image = dec(ii);
  // pixels: per-pixel prices with a known size become a per-image price (exact: pixels x rate).
  const pi = special.input_pixel, po = special.output_pixel;
  if (pi !== undefined || po !== undefined) {
    const rate = dec(pi || po || 0);
    const m = variant?.size && /^(\d+)x(\d+)$/.exec(variant.size);
    if (m && prices.image === undefined) {
      prices.image = mulDec(rate, BigInt(m[1]) * BigInt(m[2]));
      notes.add('image price = width x height x LiteLLM per-pixel price');
    } else prices.pixel = rate;
  }
  if (mode === 'search' && fields.search_context_cost_per_query) notes.add('search');
  return prices;
}

function convertEntry(key, v, stats) {
  const provider = v.litellm_provider;
  const { model, variant } = parseKey(key, provider);
  const notes = new Set();
  // group fields by (service, above)
  const groups = new Map();
  const put = (service, above, f, val) => {
    const k = `${service ?? ''}|${above ?? ''}`;
    if (!groups.has(k)) groups.set(k, { service, above, fields: {} });
    groups.get(k).fields[f] = val;
  };
  let hasCost = false;
  for (const [f, val] of Object.entries(v)) {
    if (f === 'search_context_cost_per_query' && val && typeof val === 'object') {
      hasCost = true;
      continue;
    }
    if (f === 'tiered_pricing') { hasCost = true; continue; }
    if (!/cost/.test(f) || typeof val !== 'number') continue;
    hasCost = true;
    if (IGNORED[f]) { stats.ignored[f] = (stats.ignored[f] ?? 0) + 1; continue; }
    const { base, above, service } = parseField(f);
    if (BASE[base] === undefined) { stats.unknown[f] = (stats.unknown[f] ?? 0) + 1; continue; }
    put(service, above, base, val);
  }
  if (!hasCost) return undefined;
  const entry = { provider, model, id: key };
  if (variant) {
    entry.variant = variant;
    // `low/1024-x-1024/gpt-image-1` is LiteLLM's bare (first-party) name for gpt-image-1
    if (!key.startsWith(`${provider}/`) && key.endsWith(`/${model}`) && !parseKey(model, provider).variant && !/\//.test(key.replace(/^((\d+-x-\d+|max-x-max|low|medium|high|standard|hd|auto|\d+-steps|max-steps)\/)+/, ''))) entry.aliases = [model];
  }
  if (v.mode) entry.mode = v.mode;
  const base = groups.get('|');
  entry.prices = base ? metersFrom(base.fields, v.mode, variant, notes) : {};
  const sc = v.search_context_cost_per_query;
  if (sc && typeof sc === 'object') {
    for (const size of ['low', 'medium', 'high']) {
      const x = sc[`search_context_size_${size}`];
      if (typeof x === 'number') entry.prices[`web_search_${size}`] = dec(x);
    }
  }
  const tiers = [];
  const services = {};
  for (const g of [...groups.values()].sort((a, b) => (a.above ?? 0) - (b.above ?? 0))) {
    if (g.service === undefined && g.above === undefined) continue;
    const prices = metersFrom(g.fields, v.mode, variant, notes);
    if (g.service === undefined) tiers.push({ above: g.above, prices });
    else {
      const s = (services[g.service] ??= { prices: {} });
      if (g.above === undefined) s.prices = prices;
      else (s.tiers ??= []).push({ above: g.above, prices });
    }
  }
  if (Array.isArray(v.tiered_pricing) && v.tiered_pricing.length) {
    const ranges = v.tiered_pricing;
    const on = ranges[0].range ? 'input_tokens' : 'search_results';
    const rangeOf = (r) => r.range ?? r.max_results_range;
    const priceOf = (r) => {
      const fields = {};
      for (const [f, val] of Object.entries(r)) if (/cost/.test(f) && typeof val === 'number') fields[f] = val;
      return metersFrom(fields, v.mode, variant, notes);
    };
    entry.prices = { ...entry.prices, ...priceOf(ranges[0]) };
    for (let i = 1; i < ranges.length; i++) {
      tiers.push({ above: Number(rangeOf(ranges[i - 1])[1]), ...(on === 'search_results' ? { on } : {}), prices: priceOf(ranges[i]) });
    }
    notes.add('tiers from LiteLLM tiered_pricing: a tier applies when the count exceeds the previous range end');
  }
  if (tiers.length) entry.tiers = tiers;
  if (Object.keys(services).length) entry.service_tiers = services;
  const modifiers = {};
  for (const [geo, f] of [['eu', 'regional_processing_uplift_multiplier_eu'], ['us', 'regional_processing_uplift_multiplier_us']]) {
    if (typeof v[f] === 'number') modifiers[geo] = dec(v[f]);
  }
  if (v.provider_specific_entry && typeof v.provider_specific_entry === 'object') {
    for (const [k, x] of Object.entries(v.provider_specific_entry)) if (typeof x === 'number') modifiers[k] = dec(x);
  }
  if (Object.keys(modifiers).length) entry.modifiers = modifiers;
  if (Object.keys(entry.prices).length === 0 && !entry.tiers && !entry.service_tiers) return undefined;
  if (notes.size) entry.notes = [...notes].filter((n) => n !== 'search').join('; ') || undefined;
  if (entry.notes === undefined) delete entry.notes;
  return entry;
}

function main() {
  const source = resolve(process.argv[2] ?? defaultSource());
  const bytes = readFileSync(source);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const known = KNOWN_SOURCES[sha256];
  const table = JSON.parse(bytes.toString('utf8'));
  const stats = { ignored: {}, unknown: {} };
  const entries = [];
  const unpriced = [];
  for (const [key, v] of Object.entries(table)) {
    if (key === 'sample_spec' || !v || typeof v !== 'object' || typeof v.litellm_provider !== 'string') continue;
    const e = convertEntry(key, v, stats);
    if (e) entries.push(e);
    else unpriced.push({ provider: v.litellm_provider, model: parseKey(key, v.litellm_provider).model, id: key });
  }
  // Two keys for one (provider, model, variant): keep the LiteLLM key as the model of the later ones.
  // Two keys for one (provider, model, variant): the later one keeps its LiteLLM key as model; if
  // that still collides (a bare key listed under another provider), it becomes an alias of the first
  // when the prices agree.
  const seen = new Map();
  const keyOf = (e) => `${e.provider}\u0000${e.model}\u0000${JSON.stringify(e.variant ?? {})}`.toLowerCase();
  let renamed = 0;
  const kept = [];
  const collisions = [];
  for (const e of entries) {
    if (seen.has(keyOf(e))) { e.model = e.id; renamed++; }
    const first = seen.get(keyOf(e));
    if (first) {
      const same = JSON.stringify([first.prices, first.tiers, first.service_tiers]) === JSON.stringify([e.prices, e.tiers, e.service_tiers]);
      if (same) {
        (first.aliases ??= []).push(e.id);
        continue;
      }
      // different prices under one name: keep both; this one is reachable by its exact LiteLLM key
      e.model = `${e.id}#2`;
      collisions.push(`${e.id} vs ${first.id}`);
    }
    seen.set(keyOf(e), e);
    kept.push(e);
  }
  entries.length = 0;
  entries.push(...kept);
  const date = known?.date ?? new Date(0).toISOString();
  const header = {
    $schema: './catalog.schema.json',
    format: 'llmobserve.price-catalog/1',
    name: 'litellm',
    version: `litellm-${date.slice(0, 10)}${known ? '-' + known.commit.slice(0, 7) : '-' + sha256.slice(0, 7)}`,
    source: {
      name: 'LiteLLM model_prices_and_context_window.json',
      file: relative(repoRoot, source).startsWith('..') ? source.split('/').slice(-1)[0] : relative(repoRoot, source),
      sha256,
      upstream: known?.upstream ?? 'unknown',
      upstream_state: known?.upstream_state ?? 'unknown (file not in the generator\'s provenance table)',
      via: known?.via ?? 'unknown',
      commit: known?.commit ?? 'unknown',
      date,
      license: LICENSE_NOTICE,
    },
    generated_by: 'scripts/generate-price-catalog.mjs',
    rules: [
      'prices are USD per unit as exact decimal strings; upstream float noise beyond 15 significant digits is rounded (count in stats)',
      'seconds: the non-zero of input_cost_per_second / output_cost_per_second (LiteLLM bills some speech-to-text entries at $0 by reading the zero one)',
      'images: output_cost_per_image per generated image, input_cost_per_image per prompt image (or per image when it is the only image price)',
      'per-pixel prices of sized image variants become per-image prices (width x height x rate)',
      '_above_<N>k_tokens fields are long-context tiers (N x 1000 prompt tokens, strictly exceeded); _priority/_flex/_batches are service tiers',
      'cache_creation_input_audio_token_cost is used as the cached-audio-input price when cache_read_input_audio_token_cost is absent (upstream uses both names for the same OpenAI realtime price)',
    ],
    stats: {
      upstream_entries: Object.keys(table).filter((k) => k !== 'sample_spec' && typeof table[k]?.litellm_provider === 'string').length,
      priced_entries: entries.length,
      unpriced_upstream: unpriced.length,
      float_noise_rounded: noisyCount,
      duplicate_keys_renamed: renamed,
      name_collisions_at_different_prices: collisions,
      ignored_fields: stats.ignored,
      unknown_fields: stats.unknown,
    },
    unpriced_upstream: unpriced,
  };
  // Header pretty-printed, one entry per line: fast to parse, readable diffs, line numbers per entry.
  const unpricedLines = unpriced.map((u) => '    ' + JSON.stringify(u));
  header.unpriced_upstream = '@@UNPRICED@@';
  const head = JSON.stringify(header, null, 2).replace('"@@UNPRICED@@"', '[\n' + unpricedLines.join(',\n') + '\n  ]');
  const lines = entries.map((e) => '    ' + JSON.stringify(e));
  const text = head.slice(0, -2) + ',\n  "entries": [\n' + lines.join(',\n') + '\n  ]\n}\n';
  writeFileSync(outFile, text);
  process.stdout.write(`${outFile}: ${entries.length} priced entries, ${unpriced.length} unpriced upstream, ${noisyCount} float-noise values rounded\n`);
  if (Object.keys(stats.unknown).length) process.stdout.write(`unknown cost fields (not priced): ${JSON.stringify(stats.unknown)}\n`);
}

main();
