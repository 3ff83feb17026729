import type { Collector } from '../Collector';
import { arr, num, obj } from './read';

function modalityTokens(details: unknown, modality: string): number | undefined {
  let total: number | undefined;
  for (const d of arr(details) ?? []) {
    const o = obj(d);
    if (o?.modality === modality) total = (total ?? 0) + (num(o.tokenCount) ?? 0);
  }
  return total;
}

/**
 * Gemini (AI Studio and Vertex) `GenerateContentResponse`, whole or streamed (SSE or a JSON array).
 * `usageMetadata` is cumulative. Thoughts are reported apart from candidates, so output = candidates +
 * thoughts and reasoning = thoughts; `promptTokenCount` already includes `cachedContentTokenCount`;
 * tool-use prompt tokens are further input.
 */
export function gemini(v: unknown, _type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  c.setId(o.responseId);
  c.setModel(o.modelVersion);
  if (o.error !== undefined) c.fail('stream_error');
  for (const cand of arr(o.candidates) ?? []) {
    const cd = obj(cand);
    if (cd === undefined) continue;
    if (cd.finishReason !== undefined) {
      c.finish(cd.finishReason);
      c.complete = true;
    }
    for (const part of arr(obj(cd.content)?.parts) ?? []) {
      const p = obj(part);
      if (p === undefined) continue;
      c.text(p.text);
      if (p.functionCall !== undefined || p.inlineData !== undefined) c.token();
    }
  }
  const u = obj(o.usageMetadata);
  if (u !== undefined) {
    const prompt = num(u.promptTokenCount);
    const tool = num(u.toolUsePromptTokenCount);
    const candidates = num(u.candidatesTokenCount);
    const thoughts = num(u.thoughtsTokenCount);
    c.setUsage({
      inputTokens: prompt !== undefined || tool !== undefined ? (prompt ?? 0) + (tool ?? 0) : undefined,
      cachedInputTokens: num(u.cachedContentTokenCount),
      audioInputTokens: modalityTokens(u.promptTokensDetails, 'AUDIO'),
      imageInputTokens: modalityTokens(u.promptTokensDetails, 'IMAGE'),
      outputTokens: candidates !== undefined || thoughts !== undefined ? (candidates ?? 0) + (thoughts ?? 0) : undefined,
      reasoningTokens: thoughts,
      audioOutputTokens: modalityTokens(u.candidatesTokensDetails, 'AUDIO'),
      imageOutputTokens: modalityTokens(u.candidatesTokensDetails, 'IMAGE'),
    });
  }
}
