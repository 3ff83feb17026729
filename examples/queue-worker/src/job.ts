import type { ExportedContext } from '@llmobserve/propagator';
import { getCustomerId, getRunId, getSectionPath, withSection } from '@llmobserve/context';
import { trace } from '@opentelemetry/api';
import OpenAI from 'openai';

/** What travels in a job: the payload and the exported LLMObserve/trace context. */
export interface SummariseJob {
  document: string;
  /** `exportContext()` of the code that enqueued the job: traceparent, baggage, X-LLMObserve-*. */
  llmobserve: ExportedContext;
}

const QUEUE = 'summaries';
export { QUEUE };

let openai: OpenAI | undefined;

/** The work itself, run inside the imported context: one section, one LLM call. */
export function summarise(document: string, where: string): Promise<string> {
  return withSection('job:summarise', async () => {
    const span = trace.getActiveSpan()?.spanContext();
    console.log(`${where}: trace ${span?.traceId} run ${getRunId()} customer ${getCustomerId()} section ${getSectionPath().join('/')}`);
    openai ??= new OpenAI({ maxRetries: 0 }); // OPENAI_BASE_URL, OPENAI_API_KEY
    const r = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: `Summarise: ${document}` }],
    });
    return r.choices[0]?.message.content ?? '';
  });
}
