/** A worker thread: its own tracer provider (OTel globals are per thread), the imported context per message. */
import { setUpTracing } from './tracing';
const tracing = setUpTracing('thread-worker', false);

import { parentPort } from 'node:worker_threads';
import { importContext } from '@llmobserve/propagator';
import type { ExportedContext } from '@llmobserve/propagator';
import { summarise } from './job';

parentPort!.on('message', (m: 'stop' | { document: string; llmobserve: ExportedContext }) => {
  if (m === 'stop') {
    void tracing.shutdown().then(() => parentPort!.close());
    return;
  }
  void importContext(m.llmobserve, () => summarise(m.document, 'worker thread')).then((summary) => parentPort!.postMessage({ summary }));
});
