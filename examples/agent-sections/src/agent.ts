/**
 * Seed 000, use case 2: an async research agent. Sections nest like the work
 * does — agent → step → tool → LLM call — and follow every `await`, including
 * the three research questions that run at the same time.
 */
import { getRunId, getSectionPath, withCustomer, withRun, withSection } from '@llmobserve/context';
import { trace } from '@opentelemetry/api';
import OpenAI from 'openai';

const openai = new OpenAI({ maxRetries: 0 }); // OPENAI_BASE_URL, OPENAI_API_KEY

function log(message: string): void {
  console.log(`  [run ${getRunId()?.slice(-6)} ${getSectionPath().join('/')}] ${message}`);
}

async function plan(topic: string): Promise<string[]> {
  // A reasoning model: its reasoning tokens are billed as output.
  const r = await openai.chat.completions.create({
    model: 'o4-mini',
    reasoning_effort: 'medium',
    messages: [{ role: 'user', content: `Split into three research questions: ${topic}` }],
  });
  log(`plan ready (${r.usage?.completion_tokens_details?.reasoning_tokens ?? 0} reasoning tokens)`);
  return ['market size', 'competitors', 'regulation'].map((q) => `${topic}: ${q}`);
}

/** One research question: a streamed answer; a rate-limited model falls back to another. */
async function research(question: string, rateLimited: boolean): Promise<string> {
  const ask = async (model: string, headers: Record<string, string>): Promise<string> => {
    const stream = await openai.chat.completions.create(
      { model, stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: question }] },
      { headers },
    );
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return text;
  };
  try {
    // `x-mock-error` makes the mock answer like a rate-limited provider.
    return await ask('gpt-4o-mini', rateLimited ? { 'x-mock-error': '429' } : {});
  } catch (err) {
    log(`gpt-4o-mini failed (${(err as { status?: number }).status ?? 'error'}), falling back to gpt-4.1-mini`);
    return withSection('tool:fallback', () => ask('gpt-4.1-mini', {}));
  }
}

async function synthesise(notes: string[]): Promise<string> {
  const r = await openai.chat.completions.create(
    {
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You write short research briefs from notes.' },
        { role: 'user', content: notes.join('\n') },
      ],
    },
    // A mock-only header: 12 prompt tokens come from OpenAI's prompt cache (billed at the cached rate).
    { headers: { 'x-mock-cached-tokens': '12' } },
  );
  return r.choices[0]?.message.content ?? '';
}

/** Runs the agent for one customer; returns the run id and the trace id. */
export function researchAgent(customerId: string, topic: string, rateLimited = false): Promise<{ runId: string; traceId: string }> {
  return withRun(undefined, () =>
    withCustomer(customerId, () =>
      withSection('agent:researcher', async () => {
        const traceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
        const questions = await withSection('step:planning', () => plan(topic));
        const notes = await withSection('step:research', () =>
          Promise.all(
            questions.map((q, i) => withSection(`tool:question-${i + 1}`, () => research(q, rateLimited && i === 1))),
          ),
        );
        await withSection('step:synthesis', () => synthesise(notes));
        log('brief written');
        return { runId: getRunId() ?? '', traceId };
      }),
    ),
  );
}
