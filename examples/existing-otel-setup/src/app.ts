/**
 * Application code, unchanged by LLMObserve except for `withCustomer` and
 * `withSection`, which say whom a piece of work is for and which step it is.
 */
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { withCustomer, withSection } from '@llmobserve/context';

const tracer = trace.getTracer('checkout-api');
const openai = new OpenAI({ maxRetries: 0 }); // reads OPENAI_API_KEY and OPENAI_BASE_URL
const anthropic = new Anthropic({ maxRetries: 0 }); // reads ANTHROPIC_API_KEY and ANTHROPIC_BASE_URL

/** Suggests add-ons for a cart: one OpenAI call, then one streamed Anthropic call. Returns the trace id. */
export function suggestAddOns(customerId: string, cart: string[]): Promise<{ traceId: string; text: string }> {
  // Your own span, as before.
  return tracer.startActiveSpan('checkout.suggest_add_ons', async (span) => {
    try {
      const text = await withCustomer(customerId, () =>
        withSection('agent:checkout-assistant', async () => {
          const ideas = await withSection('step:ideas', () =>
            openai.chat.completions.create(
              {
                model: 'gpt-4o-mini',
                messages: [
                  { role: 'system', content: 'You suggest add-ons for an online shop.' },
                  { role: 'user', content: `The cart holds: ${cart.join(', ')}. Suggest three add-ons.` },
                ],
              },
              // A mock-only header: pretend 4 prompt tokens were served from OpenAI's prompt cache.
              { headers: { 'x-mock-cached-tokens': '4' } },
            ),
          );
          return withSection('step:copy', async () => {
            const stream = anthropic.messages.stream({
              model: 'claude-haiku-4-5',
              max_tokens: 64,
              messages: [{ role: 'user', content: `Write one line of shop copy for: ${ideas.choices[0]?.message.content ?? ''}` }],
            });
            return (await stream.finalMessage()).content.map((b) => (b.type === 'text' ? b.text : '')).join('');
          });
        }),
      );
      return { traceId: span.spanContext().traceId, text };
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
      throw err;
    } finally {
      span.end();
    }
  });
}
