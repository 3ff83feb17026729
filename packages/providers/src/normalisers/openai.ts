import type { Usage } from '@llmobserve/pricing';
import type { Collector } from '../Collector';
import { arr, num, obj, str, sum } from './read';

/**
 * OpenAI-style usage (Chat Completions, Responses, embeddings, and the OpenAI-compatible providers).
 * `prompt_tokens` already includes cached tokens and `completion_tokens` reasoning tokens (GenAI
 * semantics). Variants: DeepSeek's `prompt_cache_hit_tokens`; providers that report reasoning apart from
 * completion tokens are recognised by `total_tokens = prompt + completion + reasoning`.
 */
export function openaiUsage(u: Record<string, unknown>): Usage {
  const pd = obj(u.prompt_tokens_details) ?? obj(u.input_tokens_details);
  const cd = obj(u.completion_tokens_details) ?? obj(u.output_tokens_details);
  const input = num(u.prompt_tokens) ?? num(u.input_tokens);
  let output = num(u.completion_tokens) ?? num(u.output_tokens);
  const reasoning = num(cd?.reasoning_tokens) ?? num(u.reasoning_tokens);
  const total = num(u.total_tokens);
  if (reasoning !== undefined && reasoning > 0 && output !== undefined && input !== undefined && total === input + output + reasoning) {
    output += reasoning;
  }
  return {
    inputTokens: input ?? (output === undefined ? total : undefined),
    cachedInputTokens: num(pd?.cached_tokens) ?? num(u.prompt_cache_hit_tokens),
    cacheWriteTokens: num(pd?.cache_write_tokens) ?? num(pd?.cache_creation_tokens),
    audioInputTokens: num(pd?.audio_tokens),
    imageInputTokens: num(pd?.image_tokens),
    outputTokens: output,
    reasoningTokens: reasoning,
    audioOutputTokens: num(cd?.audio_tokens),
    imageOutputTokens: num(cd?.image_tokens),
    requests: num(u.num_search_queries),
  };
}

/** Chat Completions and legacy Completions: JSON bodies and SSE chunks alike. */
export function openaiChat(v: unknown, _type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  if (o.error !== undefined && o.error !== null) c.fail('stream_error');
  c.setId(o.id);
  c.setModel(o.model);
  for (const ch of arr(o.choices) ?? []) {
    const choice = obj(ch);
    if (choice === undefined) continue;
    c.finish(choice.finish_reason);
    c.text(choice.text);
    for (const m of [obj(choice.delta), obj(choice.message)]) {
      if (m === undefined) continue;
      c.text(m.content);
      c.text(m.reasoning_content);
      c.text(m.reasoning);
      c.text(m.refusal);
      if (obj(m.audio) !== undefined) c.token();
      for (const tc of arr(m.tool_calls) ?? []) {
        const f = obj(obj(tc)?.function);
        c.text(f?.name);
        c.text(f?.arguments);
      }
    }
  }
  const usage = obj(o.usage) ?? obj(obj(o.x_groq)?.usage);
  if (usage !== undefined) {
    c.setUsage(openaiUsage(usage));
    c.complete = true;
  }
}

/** Responses API: the JSON body, or the SSE events (`response.*`). */
export function openaiResponses(v: unknown, type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  const t = str(o.type) ?? type;
  if (t === undefined || o.object === 'response') {
    responseBody(o, c, true);
    return;
  }
  if (t.endsWith('.delta')) {
    c.text(o.delta);
    if (t.startsWith('response.image_generation_call') || t.startsWith('response.audio')) c.token();
    return;
  }
  const r = obj(o.response);
  if (r !== undefined) responseBody(r, c, false);
  if (t === 'response.completed' || t === 'response.incomplete') c.complete = true;
  else if (t === 'response.failed') {
    c.fail('response_failed');
    c.complete = true;
  } else if (t === 'error') c.fail('stream_error');
}

function responseBody(r: Record<string, unknown>, c: Collector, withText: boolean): void {
  c.setId(r.id);
  c.setModel(r.model);
  const status = str(r.status);
  if (status === 'completed') c.finish('stop');
  else if (status === 'incomplete') c.finish(str(obj(r.incomplete_details)?.reason) ?? status);
  else if (status === 'failed') c.finish('error');
  if (withText) {
    for (const item of arr(r.output) ?? []) {
      const it = obj(item);
      if (it === undefined) continue;
      c.text(it.arguments);
      for (const part of arr(it.content) ?? []) c.text(obj(part)?.text);
    }
  }
  const u = obj(r.usage);
  if (u !== undefined) c.setUsage(openaiUsage(u));
}

/** Embeddings: `usage.prompt_tokens` (OpenAI) or `usage.total_tokens`. */
export function openaiEmbeddings(v: unknown, _type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  c.setModel(o.model);
  c.setId(o.id);
  const u = obj(o.usage);
  if (u !== undefined) c.setUsage({ inputTokens: num(u.prompt_tokens) ?? num(u.total_tokens) });
}

/** Transcriptions/translations: token usage (gpt-4o-transcribe), duration usage (whisper) or SSE transcript events. */
export function openaiTranscription(v: unknown, type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  const t = str(o.type) ?? type;
  if (t !== undefined && t.endsWith('.delta')) {
    c.text(o.delta);
    return;
  }
  if (t === undefined || t.endsWith('.done')) c.complete = true;
  if (t === undefined) c.text(o.text);
  const u = obj(o.usage);
  if (u !== undefined) {
    if (u.type === 'duration' || (num(u.seconds) !== undefined && u.input_tokens === undefined)) {
      c.setUsage({ seconds: num(u.seconds) });
    } else {
      const d = obj(u.input_token_details);
      c.setUsage({
        inputTokens: num(u.input_tokens),
        audioInputTokens: num(d?.audio_tokens),
        outputTokens: num(u.output_tokens),
      });
    }
  } else if (num(o.duration) !== undefined) {
    c.setUsage({ seconds: num(o.duration) });
  }
}

/** Image generation: token usage (gpt-image-*) and the number of images. */
export function openaiImages(v: unknown, type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  const t = str(o.type) ?? type;
  if (t !== undefined && t.endsWith('partial_image')) {
    c.token();
    return;
  }
  const data = arr(o.data);
  const u = obj(o.usage);
  const d = obj(u?.input_tokens_details);
  const images = data !== undefined ? data.length : t !== undefined && t.endsWith('.completed') ? 1 : undefined;
  c.setUsage({
    inputTokens: num(u?.input_tokens),
    imageInputTokens: num(d?.image_tokens),
    outputTokens: num(u?.output_tokens),
    images: sum(images, num(c.usage?.images)),
  });
  c.complete = true;
}
