import { createHash } from 'node:crypto';
import { DEFAULT_EMBEDDING_DIMENSIONS } from '../constants';
import type { RouteResult } from '../reply';
import type { Scenario } from '../scenario';
import { countWords } from '../text';
import type { RouteContext } from './common';

/** Deterministic unit-ish vector for one input. */
function vector(input: string, dims: number): Float32Array {
  const v = new Float32Array(dims);
  let block = createHash('sha256').update(input).digest();
  for (let i = 0; i < dims; i++) {
    if (i % 32 === 0 && i > 0) block = createHash('sha256').update(block).digest();
    v[i] = (block[i % 32] - 127.5) / 127.5;
  }
  return v;
}

/** `POST …/embeddings`: OpenAI embeddings, float arrays or base64 (`encoding_format`). */
export function openaiEmbeddings(ctx: RouteContext, s: Scenario): RouteResult {
  const raw = ctx.body.input;
  const inputs: unknown[] = Array.isArray(raw) && raw.length > 0 && typeof raw[0] !== 'number' ? raw : [raw];
  let tokens = 0;
  const dims = typeof ctx.body.dimensions === 'number' && ctx.body.dimensions > 0 ? Math.floor(ctx.body.dimensions) : DEFAULT_EMBEDDING_DIMENSIONS;
  const base64 = ctx.body.encoding_format === 'base64';
  const data = inputs.map((inp, index) => {
    const text = typeof inp === 'string' ? inp : JSON.stringify(inp);
    tokens += typeof inp === 'string' ? countWords(inp) : Array.isArray(inp) ? inp.length : 0;
    const v = vector(text, dims);
    const embedding = base64 ? Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') : Array.from(v);
    return { object: 'embedding', index, embedding };
  });
  const usage = { inputTokens: tokens, cachedInputTokens: 0, cacheWriteTokens: 0, cacheWrite1hTokens: 0, outputTokens: 0, reasoningTokens: 0 };
  return {
    provider: 'openai',
    operation: 'embeddings',
    model: s.model,
    stream: false,
    usage,
    reply: {
      kind: 'json',
      status: 200,
      headers: { 'x-request-id': `req_${s.idSeed.slice(0, 32)}`, 'openai-processing-ms': '1' },
      body: { object: 'list', data, model: s.responseModel, usage: { prompt_tokens: tokens, total_tokens: tokens } },
    },
  };
}
