import type { Usage } from '@llmobserve/pricing';
import type { Collector } from '../Collector';
import { arr, num, obj, str, sum } from './read';

/**
 * Anthropic usage to GenAI semantics: Anthropic's `input_tokens` EXCLUDES cache reads and cache writes,
 * GenAI's input count includes them, so input = input_tokens + cache_read + cache_creation. Cache
 * writes are split by TTL when `cache_creation` gives the 5-minute / 1-hour breakdown.
 */
export function anthropicUsage(u: Record<string, unknown>): Usage {
  const read = num(u.cache_read_input_tokens);
  const write = num(u.cache_creation_input_tokens);
  const cc = obj(u.cache_creation);
  const w5m = num(cc?.ephemeral_5m_input_tokens);
  const w1h = num(cc?.ephemeral_1h_input_tokens);
  const split = w5m !== undefined || w1h !== undefined;
  return {
    inputTokens: sum(num(u.input_tokens), read, write),
    cachedInputTokens: read,
    cacheWriteTokens: split ? w5m : write,
    cacheWrite1hTokens: split ? w1h : undefined,
    outputTokens: num(u.output_tokens),
    requests: num(obj(u.server_tool_use)?.web_search_requests),
  };
}

/** Merges a usage object into the raw fields seen so far (message_delta repeats or updates message_start's). */
function mergeUsage(c: Collector, u: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(u)) if (v !== null && v !== undefined) c.raw[k] = v;
  c.setUsage(anthropicUsage(c.raw));
}

/** Messages API: the JSON body or the SSE events (`message_start`, `content_block_delta`, `message_delta`, `message_stop`). */
export function anthropicMessages(v: unknown, type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  const t = str(o.type) ?? type;
  switch (t) {
    case 'message_start': {
      const m = obj(o.message);
      if (m === undefined) return;
      c.setId(m.id);
      c.setModel(m.model);
      const u = obj(m.usage);
      if (u !== undefined) mergeUsage(c, u);
      return;
    }
    case 'content_block_start': {
      const b = obj(o.content_block);
      c.text(b?.text);
      c.text(b?.name);
      return;
    }
    case 'content_block_delta': {
      const d = obj(o.delta);
      if (d === undefined) return;
      c.text(d.text);
      c.text(d.partial_json);
      c.text(d.thinking);
      return;
    }
    case 'message_delta': {
      c.finish(obj(o.delta)?.stop_reason);
      const u = obj(o.usage);
      if (u !== undefined) mergeUsage(c, u);
      return;
    }
    case 'message_stop':
      c.complete = true;
      return;
    case 'error':
      c.fail('stream_error');
      return;
    case 'message':
    case 'completion':
    case undefined: {
      c.setId(o.id);
      c.setModel(o.model);
      c.finish(o.stop_reason);
      c.text(o.completion);
      for (const block of arr(o.content) ?? []) {
        const b = obj(block);
        c.text(b?.text);
        c.text(b?.thinking);
        if (b?.input !== undefined) c.token();
      }
      const u = obj(o.usage);
      if (u !== undefined) mergeUsage(c, u);
      c.complete = true;
      return;
    }
    default:
      // ping, content_block_stop and event types added later: nothing to read.
      return;
  }
}
