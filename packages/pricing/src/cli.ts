import { METER_INFO, METER_NAMES, type MeterName } from './meters';
import { getDefaultCatalog, PriceCatalog } from './PriceCatalog';
import type { PriceTable } from './types';
import type { Usage } from './usage';
import { validateCatalogFile } from './validate';
import { parsePrice } from './compile';
import { rateText } from './engine';

/** Output sinks of the CLI. */
export interface CliIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

/** Exit codes of `llmobserve price` / `llmobserve prices`. */
export const EXIT = { ok: 0, unpriced: 1, invalid: 1, unknownModel: 2, usage: 64 } as const;

const USAGE = `usage:
  llmobserve price MODEL [--provider P] [--input N] [--cached-input N] [--cache-write N] [--cache-write-1h N]
                         [--output N] [--reasoning N] [--audio-input N] [--audio-output N] [--characters N]
                         [--seconds N] [--images N] [--image-size WxH] [--image-quality Q] [--requests N]
                         [--web-searches N] [--operations N] [--read-units N] [--write-units N] [--messages N]
                         [--minutes N] [--amount USD] [--transactions N] [--tier batch|flex|priority]
                         [--at DATE] [--overrides FILE] [--json]
  llmobserve prices list [--provider P] [--json]
  llmobserve prices validate FILE...
exit codes: 0 priced/valid, 1 unpriced (missing rate, bad usage) or invalid file, 2 unknown model, 64 bad arguments`;

type NumericUsageField = Exclude<keyof Usage, 'imageSize' | 'imageQuality' | 'imageSteps' | 'searchContextSize' | 'serviceTier' | 'pricingModifiers' | 'transactionAmountUsd'>;

const NUM_FLAGS: Record<string, NumericUsageField> = {
  '--input': 'inputTokens',
  '--cached-input': 'cachedInputTokens',
  '--cache-write': 'cacheWriteTokens',
  '--cache-write-1h': 'cacheWrite1hTokens',
  '--output': 'outputTokens',
  '--reasoning': 'reasoningTokens',
  '--audio-input': 'audioInputTokens',
  '--audio-output': 'audioOutputTokens',
  '--characters': 'characters',
  '--seconds': 'seconds',
  '--images': 'images',
  '--requests': 'requests',
  '--web-searches': 'webSearchRequests',
  '--operations': 'operations',
  '--read-units': 'readUnits',
  '--write-units': 'writeUnits',
  '--messages': 'messages',
  '--minutes': 'minutes',
  '--transactions': 'transactions',
};
const STR_FLAGS: Record<string, string> = {
  '--provider': 'provider',
  '--at': 'at',
  '--overrides': 'overrides',
  '--tier': 'tier',
  '--image-size': 'imageSize',
  '--image-quality': 'imageQuality',
  '--amount': 'amount',
};

class ArgError extends Error {}

function parseArgs(args: string[]): { positional: string[]; nums: Partial<Record<NumericUsageField, number>>; strs: Record<string, string>; json: boolean } {
  const positional: string[] = [];
  const nums: Partial<Record<NumericUsageField, number>> = {};
  const strs: Record<string, string> = {};
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const raw = args[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const flag = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const value = (): string => {
      const v = inline ?? args[++i];
      if (v === undefined) throw new ArgError(`${flag} needs a value`);
      return v;
    };
    if (flag === '--json') json = true;
    else if (NUM_FLAGS[flag]) {
      const v = value();
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new ArgError(`${flag} must be a number >= 0, got ${JSON.stringify(v)}`);
      nums[NUM_FLAGS[flag]] = n;
    } else if (STR_FLAGS[flag]) strs[STR_FLAGS[flag]] = value();
    else if (flag.startsWith('--')) throw new ArgError(`unknown option ${flag}`);
    else positional.push(raw);
  }
  return { positional, nums, strs, json };
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function summarize(prices: PriceTable): string {
  const out: string[] = [];
  for (const m of METER_NAMES) {
    const v = prices[m];
    if (v === undefined) continue;
    const r = parsePrice(v, m);
    if (typeof r === 'string') continue;
    const unit = METER_INFO[m].unit;
    if (unit === 'token' || unit === 'character') {
      const perM = { num: r.num * 1_000_000n, den: r.den };
      out.push(`${m}=$${rateText(perM)}/1M`);
    } else out.push(`${m}=$${rateText(r)}`);
  }
  return out.join(' ');
}

async function priceCommand(args: string[], io: CliIo): Promise<number> {
  const { positional, nums, strs, json } = parseArgs(args);
  if (positional.length !== 1) throw new ArgError('price needs exactly one MODEL');
  const catalog = strs.overrides ? PriceCatalog.load({ overrides: strs.overrides }) : getDefaultCatalog();
  const usage: Usage = { ...nums };
  if (strs.tier) usage.serviceTier = strs.tier;
  if (strs.imageSize) usage.imageSize = strs.imageSize;
  if (strs.imageQuality) usage.imageQuality = strs.imageQuality;
  if (strs.amount) usage.transactionAmountUsd = strs.amount;
  if (strs.at !== undefined && Number.isNaN(Date.parse(strs.at))) throw new ArgError(`--at must be a date (YYYY-MM-DD or ISO), got ${JSON.stringify(strs.at)}`);
  const result = catalog.computeCost(usage, { model: positional[0], provider: strs.provider, at: strs.at });
  if (json) {
    io.out(JSON.stringify(result, null, 2));
  } else if (result.priced) {
    io.out(`${result.matchedModel} (${result.provider})  pricing ${result.pricingVersion} [${result.priceSource}]`);
    if (result.tierAbove !== undefined) io.out(`  long-context tier: prompt > ${result.tierAbove} tokens`);
    if (result.serviceTier !== undefined) io.out(`  service tier: ${result.serviceTier}`);
    if (result.discountPercent !== undefined) io.out(`  discount: ${result.discountPercent} %`);
    for (const [part, p] of Object.entries(result.parts)) {
      io.out(`  ${pad(part, 16)} ${pad(`${String(p.quantity)} × $${p.unitUsd}`, 36)} $${p.usdExact}`);
    }
    io.out(`  ${pad('total', 53)} $${result.totalUsdExact}`);
  }
  if (result.priced) return EXIT.ok;
  if (!json) {
    io.err(`unpriced (${result.reason}): ${result.detail}`);
    if (result.closest && result.closest.length) io.err(`closest known ids: ${result.closest.join(', ')}`);
  }
  return result.reason === 'unknown_model' ? EXIT.unknownModel : EXIT.unpriced;
}

function listCommand(args: string[], io: CliIo): number {
  const { positional, strs, json } = parseArgs(args);
  if (positional.length) throw new ArgError(`prices list takes no arguments, got ${positional.join(' ')}`);
  const rows = getDefaultCatalog().list(strs.provider);
  if (json) {
    io.out(JSON.stringify(rows.map((r) => ({ id: r.id, layer: r.layer, ...r.entry })), null, 2));
    return EXIT.ok;
  }
  for (const r of rows) {
    const v = r.entry.variant ? ` [${[r.entry.variant.size, r.entry.variant.quality, r.entry.variant.steps].filter(Boolean).join(' ')}]` : '';
    const when = r.entry.effective_from ? ` from ${r.entry.effective_from}` : '';
    io.out(`${r.provider}\t${r.id}${v}${when}\t${summarize(r.entry.prices)}`);
  }
  io.err(`${rows.length} entries`);
  return EXIT.ok;
}

function validateCommand(args: string[], io: CliIo): number {
  const { positional } = parseArgs(args);
  if (positional.length === 0) throw new ArgError('prices validate needs at least one FILE');
  let bad = 0;
  for (const f of positional) {
    const problems = validateCatalogFile(f);
    for (const p of problems) io.out(`${p.file}:${p.line}: ${p.field}: ${p.problem}`);
    if (problems.length) bad++;
    else io.err(`${f}: ok`);
  }
  return bad ? EXIT.invalid : EXIT.ok;
}

/**
 * Runs `price MODEL …` or `prices list|validate …` (argv without the program name) and returns the
 * exit code: 0 priced / valid, 1 unpriced or invalid file, 2 unknown model, 64 bad arguments.
 */
export async function runPricingCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const [cmd, sub, ...rest] = argv;
    if (cmd === 'price') return await priceCommand(argv.slice(1), io);
    if (cmd === 'prices' && sub === 'list') return listCommand(rest, io);
    if (cmd === 'prices' && sub === 'validate') return validateCommand(rest, io);
    if (cmd === '--help' || cmd === 'help' || cmd === '-h') {
      io.out(USAGE);
      return EXIT.ok;
    }
    throw new ArgError(cmd === undefined ? 'missing command' : `unknown command ${[cmd, sub].filter(Boolean).join(' ')}`);
  } catch (err) {
    if (err instanceof ArgError) {
      io.err(`llmobserve: ${err.message}\n${USAGE}`);
      return EXIT.usage;
    }
    io.err(`llmobserve: ${(err as Error).message}`);
    return EXIT.invalid;
  }
}

/** Meter names (for completion and docs). */
export const KNOWN_METERS: readonly MeterName[] = METER_NAMES;
