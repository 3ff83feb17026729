import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Bundled BPE encodings. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

/** Image token rule for a model prefix. */
export interface VisionRule {
  prefix: string;
  method: 'tiles' | 'patches';
  baseTokens?: number;
  tileTokens?: number;
  multiplier?: number;
}

/** `data/tokenizer.json`, validated. */
export interface TokenizerTable {
  version: 1;
  defaultEncoding: EncodingName;
  encodings: Array<{ prefix: string; encoding: EncodingName }>;
  chat: { tokensPerMessage: number; tokensPerName: number; replyPriming: number };
  vision: {
    maxSide: number;
    shortSide: number;
    tileSize: number;
    patchSize: number;
    maxPatches: number;
    unknownWidth: number;
    unknownHeight: number;
    models: VisionRule[];
  };
}

const ENCODINGS = new Set(['o200k_base', 'cl100k_base']);

function fail(where: string, message: string, value: unknown): never {
  throw new Error(`tokenizer.json: ${where}: ${message}, got ${JSON.stringify(value)}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function nonNegInt(where: string, v: unknown, min = 0): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) fail(where, `must be an integer >= ${min}`, v);
}

/** Checks `data/tokenizer.json` against `data/tokenizer.schema.json`'s rules; throws naming field and value. */
export function validateTokenizerTable(d: unknown): TokenizerTable {
  if (!isObject(d)) fail('(root)', 'must be an object', d);
  if (d.version !== 1) fail('version', 'must be 1', d.version);
  if (typeof d.defaultEncoding !== 'string' || !ENCODINGS.has(d.defaultEncoding)) fail('defaultEncoding', 'must be o200k_base or cl100k_base', d.defaultEncoding);
  if (!Array.isArray(d.encodings)) fail('encodings', 'must be an array', d.encodings);
  d.encodings.forEach((e: unknown, i) => {
    if (!isObject(e)) fail(`encodings[${i}]`, 'must be an object', e);
    if (typeof e.prefix !== 'string' || e.prefix === '') fail(`encodings[${i}].prefix`, 'must be a non-empty string', e.prefix);
    if (typeof e.encoding !== 'string' || !ENCODINGS.has(e.encoding)) fail(`encodings[${i}].encoding`, 'must be o200k_base or cl100k_base', e.encoding);
  });
  const chat = d.chat;
  if (!isObject(chat)) fail('chat', 'must be an object', chat);
  for (const k of ['tokensPerMessage', 'tokensPerName', 'replyPriming']) nonNegInt(`chat.${k}`, chat[k]);
  const v = d.vision;
  if (!isObject(v)) fail('vision', 'must be an object', v);
  for (const k of ['maxSide', 'shortSide', 'tileSize', 'patchSize', 'maxPatches', 'unknownWidth', 'unknownHeight']) nonNegInt(`vision.${k}`, v[k], 1);
  if (!Array.isArray(v.models) || v.models.length === 0) fail('vision.models', 'must be a non-empty array', v.models);
  v.models.forEach((m: unknown, i) => {
    const w = `vision.models[${i}]`;
    if (!isObject(m)) fail(w, 'must be an object', m);
    if (typeof m.prefix !== 'string') fail(`${w}.prefix`, 'must be a string', m.prefix);
    if (m.method === 'tiles') {
      nonNegInt(`${w}.baseTokens`, m.baseTokens);
      nonNegInt(`${w}.tileTokens`, m.tileTokens);
    } else if (m.method === 'patches') {
      if (typeof m.multiplier !== 'number' || !(m.multiplier > 0)) fail(`${w}.multiplier`, 'must be a number > 0', m.multiplier);
    } else fail(`${w}.method`, "must be 'tiles' or 'patches'", m.method);
  });
  if (!v.models.some((m: { prefix: string }) => m.prefix === '')) fail('vision.models', "must end with a catch-all entry (prefix '')", v.models);
  return d as unknown as TokenizerTable;
}

let cached: TokenizerTable | undefined;

/** Loads and validates `data/tokenizer.json` once; rule lists are sorted longest prefix first. */
export function loadTokenizerTable(): TokenizerTable {
  if (cached === undefined) {
    const t = validateTokenizerTable(JSON.parse(readFileSync(join(__dirname, '..', 'data', 'tokenizer.json'), 'utf8')));
    t.encodings.sort((a, b) => b.prefix.length - a.prefix.length);
    t.vision.models.sort((a, b) => b.prefix.length - a.prefix.length);
    cached = t;
  }
  return cached;
}
