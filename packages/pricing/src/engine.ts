import type { CompiledEntry, CompiledTier, Rate, RateArray } from './compile';
import { PartCostValue, PricedCostValue, unpriced } from './CostResult';
import { METER_INDEX, METER_INFO, METER_NAMES, type CostPart, type MeterName, type ServiceTier } from './meters';
import { divRoundHalfEven, formatUsd, MONEY_DECIMALS, numberToDecimal, parseDecimal, pow10 } from './money';
import type { CostResult } from './types';
import type { Usage } from './usage';

const N = METER_NAMES.length;
const I = METER_INDEX;
const SCALE = pow10(MONEY_DECIMALS);
const PICO_UNITS = pow10(MONEY_DECIMALS - 12);

/** Where the price of a call comes from, as the catalog resolved it. */
export interface PricingContext {
  readonly matchedModel: string;
  readonly provider: string;
  readonly pricingVersion: string;
  readonly priceSource: string;
  /** Discount as (num, den, percent text), or undefined. */
  readonly discount: { num: bigint; den: bigint; percent: string } | undefined;
}

const PART_OF: readonly CostPart[] = METER_NAMES.map((m) => METER_INFO[m].part);
const PART_NAMES: readonly CostPart[] = [...new Set(PART_OF)];
/** Meter index → dense index of its cost part. */
const PART_SLOT_OF: readonly number[] = PART_OF.map((p) => PART_NAMES.indexOf(p));
const FALLBACK_OF: readonly number[] = METER_NAMES.map((m) => {
  const fb = (METER_INFO[m] as { fallback?: string }).fallback;
  return fb === undefined ? -1 : I[fb as MeterName];
});

// Scratch buffers: the engine is synchronous and not re-entrant.
const qty = new Float64Array(N);
const active = new Int32Array(N);
let activeCount = 0;
// The part values of the call in progress, by part slot (so a second meter billed to the same
// part finds the first without a property lookup on the result object), and the slots in use.
const partSlots: Array<PartCostValue | undefined> = PART_NAMES.map(() => undefined);
const usedSlots = new Int32Array(PART_NAMES.length);
let usedSlotCount = 0;

function clearPartSlots(): void {
  for (let i = 0; i < usedSlotCount; i++) partSlots[usedSlots[i]] = undefined;
  usedSlotCount = 0;
}

const FIELDS_INT = [
  'inputTokens', 'cachedInputTokens', 'cacheWriteTokens', 'cacheWrite1hTokens', 'audioInputTokens',
  'cachedAudioInputTokens', 'imageInputTokens', 'outputTokens', 'reasoningTokens', 'audioOutputTokens',
  'imageOutputTokens', 'videoOutputTokens', 'citationTokens', 'characters', 'outputCharacters', 'images',
  'inputImages', 'pixels', 'requests', 'webSearchRequests', 'searchResults', 'pages', 'annotationPages',
  'sessions', 'messages', 'transactions',
] as const;
const FIELDS_REAL = [
  'seconds', 'outputSeconds', 'audioInputSeconds', 'videoInputSeconds', 'credits', 'operations', 'readUnits',
  'writeUnits', 'vectorDimensionMonths', 'dataWrittenGiB', 'dataReturnedGiB', 'minutes',
] as const;
const SIMPLE: ReadonlyArray<readonly [keyof Usage, number]> = [
  ['citationTokens', I.citation_token],
  ['characters', I.input_character],
  ['outputCharacters', I.output_character],
  ['seconds', I.second],
  ['outputSeconds', I.output_second],
  ['audioInputSeconds', I.audio_input_second],
  ['videoInputSeconds', I.video_input_second],
  ['images', I.image],
  ['inputImages', I.input_image],
  ['pixels', I.pixel],
  ['requests', I.request],
  ['pages', I.page],
  ['annotationPages', I.annotation_page],
  ['credits', I.credit],
  ['sessions', I.session],
  ['operations', I.operation],
  ['readUnits', I.read_unit],
  ['writeUnits', I.write_unit],
  ['vectorDimensionMonths', I.vector_dimension_month],
  ['dataWrittenGiB', I.data_written_gib],
  ['dataReturnedGiB', I.data_returned_gib],
  ['messages', I.message],
  ['minutes', I.minute],
  ['transactions', I.transaction],
];

// Per usage key: 1 = integer count, 2 = real count; the meter it bills directly (-1: derived).
const KIND = new Map<string, { int: boolean; meter: number }>();
for (const f of FIELDS_INT) KIND.set(f, { int: true, meter: -1 });
for (const f of FIELDS_REAL) KIND.set(f, { int: false, meter: -1 });
for (const [f, m] of SIMPLE) KIND.set(f, { int: (KIND.get(f) as { int: boolean }).int, meter: m });

function set(idx: number, v: number): void {
  if (v > 0) {
    qty[idx] = v;
    active[activeCount++] = idx;
  }
}

/** Validates usage counts and fills the scratch quantities. Returns a problem text or undefined. */
function collect(u: Usage): string | undefined {
  activeCount = 0;
  let tokens = false;
  for (const k in u) {
    const spec = KIND.get(k);
    if (spec === undefined) continue;
    const v = (u as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (spec.int) {
      if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) return `${k} must be a non-negative integer, got ${JSON.stringify(v)}`;
    } else if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return `${k} must be a finite number >= 0, got ${JSON.stringify(v)}`;
    if (spec.meter >= 0) set(spec.meter, v);
    else tokens = true;
  }
  if (tokens) {
    const problem = collectTokens(u);
    if (problem !== undefined) return problem;
  }
  if (u.webSearchRequests !== undefined) set(webSearchMeter(u), u.webSearchRequests);
  if (u.transactionAmountUsd !== undefined) {
    const t = u.transactionAmountUsd;
    const units = typeof t === 'number' ? (Number.isFinite(t) ? parseDecimal(numberToDecimal(t)) : undefined) : typeof t === 'string' ? parseDecimal(t.trim()) : undefined;
    if (units === undefined || units < 0n) return `transactionAmountUsd must be a non-negative decimal USD amount, got ${JSON.stringify(t)}`;
    if (units > 0n) {
      qty[I.transaction_percent] = 1; // the amount itself is carried in `amountUnits`
      active[activeCount++] = I.transaction_percent;
      amountUnits = units;
    }
  }
  return undefined;
}

function collectTokens(u: Usage): string | undefined {
  const cached = u.cachedInputTokens ?? 0;
  const cachedAudio = u.cachedAudioInputTokens ?? 0;
  const audio = u.audioInputTokens ?? 0;
  if (u.cachedInputTokens !== undefined && cachedAudio > cached) return `cachedAudioInputTokens (${cachedAudio}) exceeds cachedInputTokens (${cached})`;
  if (u.audioInputTokens !== undefined && cachedAudio > audio) return `cachedAudioInputTokens (${cachedAudio}) exceeds audioInputTokens (${audio})`;
  const cachedText = u.cachedInputTokens !== undefined ? cached - cachedAudio : 0;
  const audioFresh = u.audioInputTokens !== undefined ? audio - cachedAudio : 0;
  const cw = u.cacheWriteTokens ?? 0;
  const cw1h = u.cacheWrite1hTokens ?? 0;
  const imgIn = u.imageInputTokens ?? 0;
  const subsIn = cachedText + cachedAudio + audioFresh + cw + cw1h + imgIn;
  let textIn = 0;
  if (u.inputTokens !== undefined) {
    textIn = u.inputTokens - subsIn;
    if (textIn < 0) return `cached, cache-write, audio and image input tokens (${subsIn}) exceed inputTokens (${u.inputTokens})`;
  }
  const reasoning = u.reasoningTokens ?? 0;
  const audioOut = u.audioOutputTokens ?? 0;
  const imgOut = u.imageOutputTokens ?? 0;
  const videoOut = u.videoOutputTokens ?? 0;
  let textOut = 0;
  if (u.outputTokens !== undefined) {
    textOut = u.outputTokens - reasoning - audioOut - imgOut - videoOut;
    if (textOut < 0) return `reasoning, audio, image and video output tokens (${reasoning + audioOut + imgOut + videoOut}) exceed outputTokens (${u.outputTokens})`;
  }
  set(I.input_token, textIn);
  set(I.cached_input_token, cachedText);
  set(I.cache_write_token, cw);
  set(I.cache_write_1h_token, cw1h);
  set(I.audio_input_token, audioFresh);
  set(I.cached_audio_input_token, cachedAudio);
  set(I.image_input_token, imgIn);
  set(I.output_token, textOut);
  set(I.reasoning_token, reasoning);
  set(I.audio_output_token, audioOut);
  set(I.image_output_token, imgOut);
  set(I.video_output_token, videoOut);
  return undefined;
}
let amountUnits = 0n;

function webSearchMeter(u: Usage): number {
  const s = u.searchContextSize;
  return s === 'low' ? I.web_search_low : s === 'high' ? I.web_search_high : I.web_search_medium;
}

function pickTier(tiers: readonly CompiledTier[], inputTotal: number, results: number): CompiledTier | undefined {
  let hit: CompiledTier | undefined;
  for (const t of tiers) {
    const n = t.onResults ? results : inputTotal;
    if (n > t.above) hit = t;
  }
  return hit;
}

function findRate(levels: ReadonlyArray<RateArray | undefined>, idx: number): Rate | undefined {
  for (let i = 0; i < levels.length; i++) {
    const l = levels[i];
    if (l === undefined) continue;
    const r = l[idx];
    if (r !== undefined) return r;
  }
  return undefined;
}

/** Quantity as an exact rational (num / den). */
function quantityRational(q: number): [bigint, bigint] {
  if (Number.isInteger(q)) return [BigInt(q), 1n];
  const text = numberToDecimal(q);
  const dot = text.indexOf('.');
  const places = text.length - dot - 1;
  return [BigInt(text.slice(0, dot) + text.slice(dot + 1)), pow10(places)];
}

/** USD-per-unit text of a rate, for display (`…` marks a rounded non-decimal rate). */
export function rateText(r: Rate): string {
  if (r.den === 1n) return formatUsd(r.num);
  const exact = r.num % r.den === 0n;
  return formatUsd(divRoundHalfEven(r.num, r.den)) + (exact ? '' : '…');
}

/**
 * Prices one call with a compiled entry. Never throws for bad usage: returns `bad_usage`; a billed
 * quantity with no price (and no fallback) returns `missing_rate`.
 */
export function priceUsage(entry: CompiledEntry, usage: Usage, ctx: PricingContext): CostResult {
  if (usage === null || typeof usage !== 'object') return unpriced('bad_usage', `usage must be an object, got ${JSON.stringify(usage)}`);
  const problem = collect(usage);
  if (problem !== undefined) return unpriced('bad_usage', problem);
  let service: ServiceTier | undefined;
  const st = usage.serviceTier;
  if (st !== undefined && st !== 'standard' && st !== 'default' && st !== 'auto' && st !== '') {
    if (st !== 'batch' && st !== 'flex' && st !== 'priority') return unpriced('bad_usage', `serviceTier must be batch, flex, priority or standard, got ${JSON.stringify(st)}`);
    if (entry.services[st] === undefined) return unpriced('missing_rate', `${ctx.matchedModel} has no ${st} prices`);
    service = st;
  }
  const inputTotal = usage.inputTokens ?? qtySum();
  const results = usage.searchResults ?? 0;
  const svc = service ? entry.services[service] : undefined;
  const baseTier = entry.tiers.length === 0 ? undefined : pickTier(entry.tiers, inputTotal, results);
  const svcTier = svc ? pickTier(svc.tiers, inputTotal, results) : undefined;
  const levels = svc === undefined && baseTier === undefined ? entry.baseOnly : [svcTier?.rates, svc?.rates, baseTier?.rates, entry.base];
  const tierAbove = svcTier?.above ?? baseTier?.above;

  let modNum = 1n;
  let modDen = 1n;
  if (usage.pricingModifiers !== undefined && entry.modifiers.size > 0) {
    for (const name of usage.pricingModifiers) {
      const m = typeof name === 'string' ? entry.modifiers.get(name.toLowerCase()) : undefined;
      if (m) {
        modNum *= m.num;
        modDen *= m.den * SCALE;
      }
    }
  }
  const disc = ctx.discount;
  const parts: Partial<Record<CostPart, PartCostValue>> = {};
  clearPartSlots();
  // The total in whole pico-dollars while every amount is one (NaN once one is not); the bigint
  // total is then made from it once instead of adding up the amounts.
  let totalPico = 0;
  for (let k = 0; k < activeCount; k++) {
    const billed = active[k];
    let idx = billed;
    const q = qty[billed];
    let rate = findRate(levels, idx);
    while (rate === undefined) {
      let fb = FALLBACK_OF[idx];
      if (idx === I.request) {
        const ws = webSearchMeter(usage);
        if (findRate(levels, ws) !== undefined) fb = ws;
      }
      if (fb < 0) {
        return unpriced('missing_rate', `${ctx.matchedModel} (${ctx.provider}) has no price for ${METER_NAMES[idx]} (usage quantity ${q})`);
      }
      idx = fb;
      rate = findRate(levels, idx);
    }
    let amount: bigint;
    let shown: number | string = q;
    // amount / 10^12 when it is a whole number below 2^53, else NaN.
    let pico = Number.NaN;
    if (billed === I.transaction_percent) {
      amount = divRoundHalfEven(amountUnits * rate.num, SCALE * rate.den * 100n);
      shown = formatUsd(amountUnits);
    } else if (rate.den === 1n && Number.isInteger(q)) {
      amount = BigInt(q) * rate.num;
      // Both factors are whole numbers, so a product below 2^53 is exact.
      if (rate.pico !== undefined && modDen === 1n && disc === undefined) pico = q * rate.pico;
    } else {
      const [qn, qd] = quantityRational(q);
      amount = divRoundHalfEven(qn * rate.num, qd * rate.den);
    }
    if (modDen !== 1n) amount = divRoundHalfEven(amount * modNum, modDen);
    if (disc !== undefined) amount = divRoundHalfEven(amount * disc.num, disc.den);
    const slot = PART_SLOT_OF[billed];
    const prev = partSlots[slot];
    // Sums of non-negative whole numbers stay exact while they stay below 2^53 (checked where used).
    const value = prev === undefined
      ? new PartCostValue(amount, shown, rate, METER_NAMES[idx], safePico(pico))
      : new PartCostValue(prev.amount + amount, prev.quantity, prev.rate, prev.meter, safePico(prev.pico + pico));
    if (prev === undefined) usedSlots[usedSlotCount++] = slot;
    partSlots[slot] = value;
    parts[PART_OF[billed]] = value;
    totalPico += pico;
  }
  totalPico = safePico(totalPico);
  let total = 0n;
  if (totalPico === totalPico) {
    total = BigInt(totalPico) * PICO_UNITS;
  } else {
    for (let i = 0; i < usedSlotCount; i++) total += (partSlots[usedSlots[i]] as PartCostValue).amount;
  }
  clearPartSlots();
  return new PricedCostValue(total, parts, ctx.matchedModel, ctx.provider, ctx.pricingVersion, ctx.priceSource, tierAbove, service, disc?.percent, totalPico);
}

/** A pico-dollar figure if it is exact (a product or sum of whole numbers at most 2^53 − 1), else NaN. */
function safePico(pico: number): number {
  return pico <= Number.MAX_SAFE_INTEGER ? pico : Number.NaN;
}

function qtySum(): number {
  let s = 0;
  for (const idx of [I.input_token, I.cached_input_token, I.cache_write_token, I.cache_write_1h_token, I.audio_input_token, I.cached_audio_input_token, I.image_input_token]) {
    for (let k = 0; k < activeCount; k++) if (active[k] === idx) s += qty[idx];
  }
  return s;
}
