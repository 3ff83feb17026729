import { dataUrlImageSize } from './imageSize';
import type { EncodingName, TokenizerTable, VisionRule } from './tokenizerTable';
import { loadTokenizerTable } from './tokenizerTable';
import type { ChatContentPart, ChatMessage, CountTokensOptions, TokenCount } from './types';

interface Encoder {
  countTokens(text: string, options?: { disallowedSpecial?: Set<string> }): number;
}

const encoders = new Map<EncodingName, Encoder>();
// Special-token text in a prompt is billed as plain text: count it as text instead of rejecting it.
const AS_TEXT = { disallowedSpecial: new Set<string>() };

function encoder(name: EncodingName): Encoder {
  let e = encoders.get(name);
  if (e === undefined) {
    // Loaded on first use: each rank table costs tens of milliseconds and megabytes.
    /* eslint-disable @typescript-eslint/no-require-imports */
    e = (name === 'cl100k_base' ? require('gpt-tokenizer/encoding/cl100k_base') : require('gpt-tokenizer/encoding/o200k_base')) as Encoder;
    /* eslint-enable @typescript-eslint/no-require-imports */
    encoders.set(name, e);
  }
  return e;
}

/**
 * Loads the tokenizer rank tables now rather than at first use (counting a
 * prompt, or the output of a stream that carries no usage), which otherwise
 * blocks that call for a few hundred milliseconds. The tables hold about
 * 19 MiB of heap from then on: load them only where they will be used.
 */
export function preloadTokenizers(): void {
  encoder('o200k_base');
  encoder('cl100k_base');
}

function bareModel(model: string | undefined): string {
  if (model === undefined) return '';
  const m = model.toLowerCase();
  const slash = m.lastIndexOf('/');
  return slash >= 0 ? m.slice(slash + 1) : m;
}

/** The encoding for a model and whether it is the model's own (exact) or a stand-in (approximate). */
export function encodingFor(model: string | undefined, table: TokenizerTable = loadTokenizerTable()): { encoding: EncodingName; exact: boolean } {
  const m = bareModel(model);
  if (m === '') return { encoding: table.defaultEncoding, exact: false };
  for (const e of table.encodings) if (m.startsWith(e.prefix)) return { encoding: e.encoding, exact: true };
  return { encoding: table.defaultEncoding, exact: false };
}

/** Tokens of plain text with the model's encoding (o200k_base for unknown models). Never throws. */
export function countTextTokens(text: string, model?: string): number {
  if (text.length === 0) return 0;
  try {
    return encoder(encodingFor(model).encoding).countTokens(text, AS_TEXT);
  } catch {
    return Math.ceil(text.length / 4);
  }
}

function visionRule(model: string, table: TokenizerTable): VisionRule {
  const m = bareModel(model);
  return table.vision.models.find((r) => m.startsWith(r.prefix)) as VisionRule;
}

/**
 * Tokens an image costs on OpenAI vision models. `tiles` models: `low` detail is the base cost; otherwise
 * the image is fitted into 2048x2048, its short side scaled to 768, and each 512px tile costs `tileTokens`.
 * `patches` models: 32px patches (capped at 1536) times the model's multiplier.
 */
export function imageTokens(width: number, height: number, detail: string | undefined, model?: string): number {
  const table = loadTokenizerTable();
  const v = table.vision;
  const rule = visionRule(model ?? 'gpt-4o', table);
  if (rule.method === 'patches') {
    let patches = Math.ceil(width / v.patchSize) * Math.ceil(height / v.patchSize);
    if (patches > v.maxPatches) {
      const shrink = Math.sqrt((v.patchSize * v.patchSize * v.maxPatches) / (width * height));
      const w = width * shrink;
      const h = height * shrink;
      // Then shrink further so whole patches fit the cap, as the provider does.
      const adj = Math.min((Math.floor(w / v.patchSize) * v.patchSize) / w, (Math.floor(h / v.patchSize) * v.patchSize) / h);
      patches = Math.min(v.maxPatches, Math.ceil((w * adj) / v.patchSize) * Math.ceil((h * adj) / v.patchSize));
    }
    return Math.ceil(patches * (rule.multiplier as number));
  }
  const base = rule.baseTokens as number;
  if (detail === 'low') return base;
  let w = width;
  let h = height;
  if (Math.max(w, h) > v.maxSide) {
    const s = v.maxSide / Math.max(w, h);
    w *= s;
    h *= s;
  }
  if (Math.min(w, h) > v.shortSide) {
    const s = v.shortSide / Math.min(w, h);
    w *= s;
    h *= s;
  }
  const tiles = Math.ceil(Math.floor(w) / v.tileSize) * Math.ceil(Math.floor(h) / v.tileSize);
  return base + (rule.tileTokens as number) * tiles;
}

function partTokens(part: ChatContentPart, model: string | undefined): number {
  if (typeof part !== 'object' || part === null) return 0;
  if (typeof part.text === 'string') return countTextTokens(part.text, model);
  if (part.image_url !== undefined) {
    const url = typeof part.image_url === 'string' ? part.image_url : part.image_url.url;
    const detail = typeof part.image_url === 'string' ? undefined : part.image_url.detail;
    const v = loadTokenizerTable().vision;
    const size =
      (typeof part.width === 'number' && typeof part.height === 'number' ? { width: part.width, height: part.height } : undefined) ??
      (typeof url === 'string' ? dataUrlImageSize(url) : undefined) ?? { width: v.unknownWidth, height: v.unknownHeight };
    return imageTokens(size.width, size.height, detail, model);
  }
  return 0;
}

/**
 * Counts prompt tokens before a call (seed 003's `count_tokens`), with the model's encoding and how
 * the count was made. Chat arrays follow OpenAI's accounting: 3 tokens per message, 1 per `name`,
 * 3 to prime the reply; image parts per {@link imageTokens} (size from the data URL header, the
 * part's `width`/`height`, else 1024x1024). Non-OpenAI models are counted with o200k_base and
 * reported `approximate`. Never throws.
 */
export function countTokensDetailed(input: string | ChatMessage[], options: CountTokensOptions = {}): TokenCount {
  const model = options.model;
  const table = loadTokenizerTable();
  const { encoding, exact } = encodingFor(model, table);
  const method = exact ? 'exact' : 'approximate';
  if (typeof input === 'string') return { tokens: countTextTokens(input, model), method, encoding };
  if (!Array.isArray(input)) return { tokens: 0, method, encoding };
  const c = table.chat;
  let tokens = 0;
  for (const msg of input) {
    if (typeof msg !== 'object' || msg === null) continue;
    tokens += c.tokensPerMessage;
    if (typeof msg.role === 'string') tokens += countTextTokens(msg.role, model);
    if (typeof msg.content === 'string') tokens += countTextTokens(msg.content, model);
    else if (Array.isArray(msg.content)) for (const part of msg.content) tokens += partTokens(part, model);
    if (typeof msg.name === 'string') tokens += c.tokensPerName + countTextTokens(msg.name, model);
    if (Array.isArray(msg.tool_calls)) {
      for (const call of msg.tool_calls) {
        const f = call?.function;
        if (typeof f?.name === 'string') tokens += countTextTokens(f.name, model);
        if (typeof f?.arguments === 'string') tokens += countTextTokens(f.arguments, model);
      }
    }
  }
  return { tokens: tokens + c.replyPriming, method, encoding };
}

/**
 * Counts prompt tokens before a call: plain text, or an OpenAI chat message array (vision parts
 * included). See {@link countTokensDetailed} for the method used. Never throws.
 */
export function countTokens(input: string | ChatMessage[], options?: { model?: string }): number {
  try {
    return countTokensDetailed(input, options).tokens;
  } catch {
    return 0;
  }
}
