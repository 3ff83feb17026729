import type { RouteResult } from '../reply';
import type { Scenario } from '../scenario';
import { crlfDataEvent } from '../sse';
import { completionDeltaStream, completionText } from '../text';
import { loggedText, toolInput, withoutCacheWrites, type RouteContext } from './common';

function usageMetadata(s: Scenario, candidates: number | undefined): Record<string, unknown> {
  const u = s.usage;
  const m: Record<string, unknown> = { promptTokenCount: u.inputTokens };
  if (candidates !== undefined) m.candidatesTokenCount = candidates;
  m.totalTokenCount = u.inputTokens + (candidates ?? 0) + u.reasoningTokens;
  if (u.cachedInputTokens > 0) m.cachedContentTokenCount = u.cachedInputTokens;
  m.promptTokensDetails = [{ modality: 'TEXT', tokenCount: u.inputTokens }];
  if (u.cachedInputTokens > 0) m.cacheTokensDetails = [{ modality: 'TEXT', tokenCount: u.cachedInputTokens }];
  if (u.reasoningTokens > 0) m.thoughtsTokenCount = u.reasoningTokens;
  return m;
}

function finishReason(s: Scenario): string {
  return s.truncated && !s.toolCall ? 'MAX_TOKENS' : 'STOP';
}

/**
 * `POST …/models/{model}:generateContent` and `:streamGenerateContent`
 * (`?alt=sse` gives SSE with CRLF line ends; without it a streamed JSON array),
 * Google AI Studio and Vertex AI paths alike.
 */
export function gemini(ctx: RouteContext, s: Scenario, streamOp: boolean): RouteResult {
  const responseId = s.idSeed.slice(0, 22);
  const visible = s.usage.outputTokens - s.usage.reasoningTokens;
  // Gemini reports candidates and thoughts apart; both are output.
  const result = {
    provider: 'gemini',
    operation: streamOp ? 'streamGenerateContent' : 'generateContent',
    model: s.model,
    stream: streamOp,
    usage: withoutCacheWrites(s.usage),
    completionText: loggedText(s),
  } as const;
  const parts = s.toolCall ? [{ functionCall: { name: s.toolCall.name, args: toolInput(s) } }] : [{ text: completionText(s.outputWords) }];
  if (!streamOp) {
    return {
      ...result,
      reply: {
        kind: 'json',
        status: 200,
        body: {
          candidates: [{ content: { parts, role: 'model' }, finishReason: finishReason(s), index: 0 }],
          usageMetadata: usageMetadata(s, visible),
          modelVersion: s.responseModel,
          responseId,
        },
      },
    };
  }
  const sse = ctx.query.get('alt') === 'sse';
  function* chunks(): Generator<Record<string, unknown>> {
    if (s.toolCall) {
      yield {
        candidates: [{ content: { parts, role: 'model' }, finishReason: 'STOP', index: 0 }],
        usageMetadata: usageMetadata(s, visible),
        modelVersion: s.responseModel,
        responseId,
      };
      return;
    }
    let sent = 0;
    let pending: string | undefined;
    for (const d of completionDeltaStream(s.outputWords, s.wordsPerChunk)) {
      if (pending !== undefined) {
        yield { candidates: [{ content: { parts: [{ text: pending }], role: 'model' }, index: 0 }], usageMetadata: usageMetadata(s, sent), modelVersion: s.responseModel, responseId };
      }
      pending = d;
      sent += s.wordsPerChunk;
    }
    yield {
      candidates: [{ content: { parts: [{ text: pending ?? '' }], role: 'model' }, finishReason: finishReason(s), index: 0 }],
      usageMetadata: usageMetadata(s, visible),
      modelVersion: s.responseModel,
      responseId,
    };
  }
  function* events(): Generator<string> {
    if (sse) {
      for (const c of chunks()) yield crlfDataEvent(c);
      return;
    }
    let first = true;
    for (const c of chunks()) {
      yield (first ? '[' : ',\r\n') + JSON.stringify(c);
      first = false;
    }
    yield ']';
  }
  return {
    ...result,
    reply: { kind: 'stream', status: 200, contentType: sse ? 'text/event-stream' : 'application/json; charset=UTF-8', events: events() },
  };
}
