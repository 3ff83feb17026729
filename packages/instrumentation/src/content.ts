/** One message in the GenAI `gen_ai.input.messages` / `gen_ai.output.messages` shape. */
interface GenAiMessage {
  role: string;
  parts: Array<{ type: string; content?: string }>;
  finish_reason?: string;
}

type Json = Record<string, unknown>;

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

/** Bounded text budget shared by all parts of one attribute. */
class Budget {
  constructor(private left: number) {}
  take(s: string): string {
    const t = s.length <= this.left ? s : s.slice(0, this.left);
    this.left -= t.length;
    return t;
  }
}

function parts(content: unknown, budget: Budget): GenAiMessage['parts'] {
  if (typeof content === 'string') return [{ type: 'text', content: budget.take(content) }];
  if (!Array.isArray(content)) return [];
  return content.map((p) => {
    if (typeof p === 'string') return { type: 'text', content: budget.take(p) };
    const o = obj(p) ?? {};
    if (typeof o.text === 'string') return { type: 'text', content: budget.take(o.text) };
    if (typeof o.content === 'string') return { type: 'text', content: budget.take(o.content) };
    return { type: typeof o.type === 'string' ? o.type : Object.keys(o)[0] ?? 'unknown' };
  });
}

/**
 * The prompt of a provider request body (OpenAI chat/Responses, Anthropic,
 * Gemini, Bedrock Converse) as GenAI `gen_ai.input.messages` JSON, text
 * bounded by `maxChars` in total; non-text parts keep only their type.
 * `undefined` when the body has no recognisable prompt.
 */
export function inputMessagesJson(bodyText: string, maxChars: number): string | undefined {
  let body: Json | undefined;
  try {
    body = obj(JSON.parse(bodyText));
  } catch {
    return undefined;
  }
  if (!body) return undefined;
  const budget = new Budget(maxChars);
  const out: GenAiMessage[] = [];
  const system = body.system ?? body.instructions ?? obj(body.systemInstruction)?.parts;
  if (system !== undefined) out.push({ role: 'system', parts: parts(system, budget) });
  const list = Array.isArray(body.messages) ? body.messages : Array.isArray(body.contents) ? body.contents : Array.isArray(body.input) ? body.input : undefined;
  if (list) {
    for (const m of list) {
      if (typeof m === 'string') {
        out.push({ role: 'user', parts: parts(m, budget) });
        continue;
      }
      const o = obj(m) ?? {};
      out.push({ role: typeof o.role === 'string' ? o.role : 'user', parts: parts(o.content ?? o.parts, budget) });
    }
  } else if (typeof body.input === 'string') {
    out.push({ role: 'user', parts: parts(body.input, budget) });
  } else if (typeof body.prompt === 'string') {
    out.push({ role: 'user', parts: parts(body.prompt, budget) });
  }
  return out.length > 0 ? JSON.stringify(out) : undefined;
}

/** The completion as GenAI `gen_ai.output.messages` JSON. */
export function outputMessagesJson(text: string, finishReason: string | undefined): string {
  const m: GenAiMessage = { role: 'assistant', parts: [{ type: 'text', content: text }] };
  if (finishReason !== undefined) m.finish_reason = finishReason;
  return JSON.stringify([m]);
}
