/**
 * The same hand-over across `worker_threads`: the main thread exports its
 * context into the message, the worker thread imports it.
 */
import { setUpTracing } from './tracing';
const tracing = setUpTracing('thread-pool', false);

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { getRunId, withCustomer, withRun, withSection } from '@llmobserve/context';
import { exportContext } from '@llmobserve/propagator';
import { trace } from '@opentelemetry/api';

async function main(): Promise<void> {
  const worker = new Worker(join(__dirname, 'thread-worker.js'));
  try {
    await withRun(undefined, () =>
      withCustomer('initech', () =>
        withSection('api:report', async () => {
          const traceId = trace.getActiveSpan()?.spanContext().traceId;
          console.log(`main thread: posting to worker thread, trace ${traceId} run ${getRunId()}`);
          const summary = await new Promise<string>((resolve, reject) => {
            worker.once('message', (m: { summary: string }) => resolve(m.summary));
            worker.once('error', reject);
            worker.postMessage({ document: 'Printer toner costs rose again in the third quarter.', llmobserve: exportContext() });
          });
          console.log(`main thread: worker thread answered (${summary.split(' ').length} words)`);
        }),
      ),
    );
  } finally {
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
    await tracing.shutdown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
