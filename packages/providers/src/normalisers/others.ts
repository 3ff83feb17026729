import type { Collector } from '../Collector';
import { arr, num, obj, str } from './read';

/** Cohere v1/v2 chat, embed and rerank, JSON and streamed. Billed units win over raw token counts. */
export function cohere(v: unknown, type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  const t = str(o.type) ?? str(o.event_type) ?? type;
  c.setId(o.id);
  c.setId(o.response_id);
  c.setId(o.generation_id);
  if (t === 'content-delta') {
    c.text(obj(obj(obj(o.delta)?.message)?.content)?.text);
    return;
  }
  if (t === 'tool-call-delta') {
    c.text(obj(obj(obj(obj(o.delta)?.message)?.tool_calls)?.function)?.arguments);
    return;
  }
  if (t === 'text-generation') {
    c.text(o.text);
    return;
  }
  let body: Record<string, unknown> = o;
  if (t === 'message-end') body = obj(o.delta) ?? o;
  else if (t === 'stream-end') body = obj(o.response) ?? o;
  c.finish(body.finish_reason ?? o.finish_reason);
  if (t === undefined) {
    c.text(body.text);
    for (const part of arr(obj(body.message)?.content) ?? []) c.text(obj(part)?.text);
  }
  const meta = obj(body.usage) ?? obj(body.meta);
  if (meta !== undefined) {
    const billed = obj(meta.billed_units);
    const tokens = obj(meta.tokens);
    c.setUsage({
      inputTokens: num(billed?.input_tokens) ?? num(tokens?.input_tokens),
      outputTokens: num(billed?.output_tokens) ?? num(tokens?.output_tokens),
      requests: num(billed?.search_units),
      images: num(billed?.images),
    });
  }
  if (t === undefined || t === 'message-end' || t === 'stream-end') c.complete = true;
}

/** Voyage embeddings, multimodal/contextualized embeddings and rerank: `usage.total_tokens`. */
export function voyage(v: unknown, _type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  c.setModel(o.model);
  const u = obj(o.usage);
  if (u !== undefined) c.setUsage({ inputTokens: num(u.total_tokens) ?? num(u.text_tokens) });
  c.complete = true;
}

/** Pinecone data plane (`usage.readUnits`/`writeUnits`) and inference (embed tokens, rerank units). */
export function pinecone(v: unknown, _type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  c.setModel(o.model);
  const u = obj(o.usage);
  if (u !== undefined) {
    c.setUsage({
      readUnits: num(u.readUnits) ?? num(u.read_units),
      writeUnits: num(u.writeUnits) ?? num(u.write_units),
      inputTokens: num(u.total_tokens) ?? num(u.embed_total_tokens),
      requests: num(u.rerank_units),
    });
  }
  c.complete = true;
}

/**
 * Speech-to-text by audio seconds: Deepgram (`metadata.duration`, `metadata.request_id`) and
 * AssemblyAI (`audio_duration` once `status` is `completed`; every poll of a completed transcript
 * reports it again, so consumers should key on `responseId`).
 */
export function transcript(v: unknown, _type: string | undefined, c: Collector): void {
  const o = obj(v);
  if (o === undefined) return;
  c.complete = true;
  const meta = obj(o.metadata);
  if (meta !== undefined) {
    c.setId(meta.request_id);
    const models = arr(meta.models);
    if (models !== undefined) c.setModel(models[0]);
    if (num(meta.duration) !== undefined) c.setUsage({ seconds: num(meta.duration) });
    return;
  }
  c.setId(o.id);
  c.setModel(o.speech_model);
  if (o.status === 'completed' && num(o.audio_duration) !== undefined) c.setUsage({ seconds: num(o.audio_duration) });
  c.finish(o.status);
}

/** Character-billed speech (OpenAI speech, ElevenLabs, Deepgram speak): the count comes from headers or the request. */
export function characters(_v: unknown, _type: string | undefined, c: Collector): void {
  c.complete = true;
}
