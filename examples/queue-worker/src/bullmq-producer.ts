/**
 * The producer (an API handling an upload): starts a run for a customer,
 * EXPORTS the context into each job it enqueues, and waits for the results.
 */
import { setUpTracing } from './tracing';
const tracing = setUpTracing('upload-api', false);

import { Queue, QueueEvents } from 'bullmq';
import { getRunId, withCustomer, withRun, withSection } from '@llmobserve/context';
import { exportContext } from '@llmobserve/propagator';
import { trace } from '@opentelemetry/api';
import { QUEUE } from './job';
import type { SummariseJob } from './job';

const connection = { host: '127.0.0.1', port: Number(process.env.REDIS_PORT) };

async function main(): Promise<void> {
  const queue = new Queue<SummariseJob, string>(QUEUE, { connection });
  const events = new QueueEvents(QUEUE, { connection });
  await events.waitUntilReady();
  try {
    const uploads: Array<[string, string]> = [
      ['acme', 'The espresso line sold out in three days across all regions.'],
      ['globex', 'Merger approved.'],
    ];
    await Promise.all(
      uploads.map(([customer, document]) =>
        withRun(undefined, () =>
          withCustomer(customer, () =>
            withSection('api:upload', async () => {
              const traceId = trace.getActiveSpan()?.spanContext().traceId;
              const job = await queue.add('summarise', { document, llmobserve: exportContext() });
              console.log(`producer: job ${job.id} enqueued for ${customer}, trace ${traceId} run ${getRunId()}`);
              await job.waitUntilFinished(events, 10_000);
              console.log(`producer: job ${job.id} done`);
            }),
          ),
        ),
      ),
    );
  } finally {
    await events.close();
    await queue.close();
    await tracing.shutdown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
