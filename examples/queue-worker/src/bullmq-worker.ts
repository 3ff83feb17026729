/**
 * The BullMQ worker process (Celery's worker in seed 000): imports the context
 * the producer exported into the job, and runs the job inside it.
 */
import { setUpTracing } from './tracing';
const tracing = setUpTracing('queue-worker', false);

import { Worker } from 'bullmq';
import { importContext } from '@llmobserve/propagator';
import { QUEUE, summarise } from './job';
import type { SummariseJob } from './job';

const connection = { host: '127.0.0.1', port: Number(process.env.REDIS_PORT), maxRetriesPerRequest: null };

const worker = new Worker<SummariseJob, string>(
  QUEUE,
  (job) => importContext(job.data.llmobserve, () => summarise(job.data.document, `bullmq worker, job ${job.id}`)),
  { connection },
);

void worker.waitUntilReady().then(() => console.log('worker ready'));

process.once('SIGTERM', () => {
  void (async () => {
    await worker.close();
    await tracing.shutdown();
    process.exit(0);
  })();
});
