import type { Usage } from '@llmobserve/pricing';
import type { Collector } from '../Collector';
import { anthropicMessages } from './anthropic';
import { openaiChat } from './openai';
import { arr, num, obj, str, sum } from './read';

/**
 * Bedrock Converse usage: `inputTokens` excludes cache reads and writes (AWS prompt-caching semantics),
 * so GenAI input = inputTokens + cacheReadInputTokens + cacheWriteInputTokens. Nova's InvokeModel body
 * uses the same shape with `...TokenCount` names.
 */
export function bedrockUsage(u: Record<string, unknown>): Usage {
  const read = num(u.cacheReadInputTokens) ?? num(u.cacheReadInputTokenCount);
  const write = num(u.cacheWriteInputTokens) ?? num(u.cacheWriteInputTokenCount);
  return {
    inputTokens: sum(num(u.inputTokens), read, write),
    cachedInputTokens: read,
    cacheWriteTokens: write,
    outputTokens: num(u.outputTokens),
  };
}

/** Converse JSON body, and ConverseStream events by their `:event-type`. */
export function bedrockConverse(v: unknown, type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  switch (type) {
    case 'contentBlockDelta': {
      const d = obj(o.delta);
      c.text(d?.text);
      c.text(obj(d?.toolUse)?.input);
      c.text(obj(d?.reasoningContent)?.text);
      return;
    }
    case 'contentBlockStart':
      c.text(obj(obj(o.start)?.toolUse)?.name);
      return;
    case 'messageStop':
      c.finish(o.stopReason);
      return;
    case 'metadata': {
      const u = obj(o.usage);
      if (u !== undefined) c.setUsage(bedrockUsage(u));
      c.complete = true;
      return;
    }
    case undefined: {
      c.finish(o.stopReason);
      for (const part of arr(obj(obj(o.output)?.message)?.content) ?? []) c.text(obj(part)?.text);
      const u = obj(o.usage);
      if (u !== undefined) c.setUsage(bedrockUsage(u));
      c.complete = true;
      return;
    }
    default:
      return;
  }
}

/**
 * InvokeModel / InvokeModelWithResponseStream: the body is the model family's own format (Anthropic
 * messages, Nova, Llama, Titan, OpenAI-style); a stream's last chunk also carries
 * `amazon-bedrock-invocationMetrics`, used where the model's own usage is missing.
 */
export function bedrockInvoke(v: unknown, type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  const metrics = obj(o['amazon-bedrock-invocationMetrics']);
  if (typeof o.type === 'string') anthropicMessages(o, undefined, c);
  else if (o.choices !== undefined) openaiChat(o, undefined, c);
  else if (o.output !== undefined || o.stopReason !== undefined) bedrockConverse(o, undefined, c);
  else if (o.contentBlockDelta !== undefined || o.messageStop !== undefined || o.metadata !== undefined) {
    // Nova streaming: one key per event.
    for (const key of ['contentBlockDelta', 'messageStop', 'metadata']) if (o[key] !== undefined) bedrockConverse(o[key], key, c);
  } else if (o.generation !== undefined || o.generation_token_count !== undefined || o.prompt_token_count !== undefined) {
    c.text(o.generation);
    c.finish(o.stop_reason);
    if (num(o.prompt_token_count) !== undefined) c.raw.prompt = num(o.prompt_token_count);
    if (num(o.generation_token_count) !== undefined) c.raw.generation = num(o.generation_token_count);
    c.setUsage({ inputTokens: c.raw.prompt as number | undefined, outputTokens: c.raw.generation as number | undefined });
    if (o.stop_reason !== undefined && o.stop_reason !== null) c.complete = type === undefined || metrics !== undefined || c.complete;
  } else if (o.inputTextTokenCount !== undefined || o.results !== undefined) {
    let out: number | undefined;
    for (const r of arr(o.results) ?? []) {
      const res = obj(r);
      c.text(res?.outputText);
      c.finish(res?.completionReason);
      out = sum(out, num(res?.tokenCount));
    }
    c.setUsage({ inputTokens: num(o.inputTextTokenCount), outputTokens: out });
    if (type === undefined) c.complete = true;
  } else if (arr(o.outputs) !== undefined) {
    for (const r of arr(o.outputs) ?? []) {
      c.text(obj(r)?.text);
      c.finish(obj(r)?.stop_reason);
    }
    if (type === undefined) c.complete = true;
  } else if (type === undefined) {
    c.complete = true;
  }
  if (metrics !== undefined) {
    c.fillUsage({
      inputTokens: num(metrics.inputTokenCount),
      outputTokens: num(metrics.outputTokenCount),
      cachedInputTokens: num(metrics.cacheReadInputTokenCount),
      cacheWriteTokens: num(metrics.cacheWriteInputTokenCount),
    });
    c.complete = true;
  }
  if (str(o.message) !== undefined && type === 'exception') c.fail('stream_error');
}
