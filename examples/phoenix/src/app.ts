/**
 * A small support bot: classify the ticket, then stream an answer. Tracing is
 * loaded first, before anything makes an HTTP call.
 */
import { tracing } from './tracing';

import { trace } from '@opentelemetry/api';
import { withCustomer, withRun, withSection } from '@llmobserve/context';
import OpenAI from 'openai';

const openai = new OpenAI({ maxRetries: 0 }); // OPENAI_BASE_URL, OPENAI_API_KEY

function handleTicket(customerId: string, ticket: string): Promise<string> {
  return withRun(undefined, () =>
    withCustomer(customerId, () =>
      withSection('agent:support', async () => {
        const traceId = trace.getActiveSpan()?.spanContext().traceId ?? '';
        await withSection('step:classify', () =>
          openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Classify: ${ticket}` }] }),
        );
        await withSection('step:answer', async () => {
          const stream = await openai.chat.completions.create({
            model: 'gpt-4o-mini',
            stream: true,
            stream_options: { include_usage: true },
            messages: [{ role: 'user', content: `Answer the customer: ${ticket}` }],
          });
          for await (const chunk of stream) void chunk;
        });
        return traceId;
      }),
    ),
  );
}

async function main(): Promise<void> {
  const traceId = await handleTicket('acme', 'My invoice shows the wrong VAT number');
  console.log(`ticket handled, trace ${traceId}`);
  await tracing.shutdown(); // flushes the last batch to Phoenix
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
