import { register } from '@llmobserve/node';
import type { Registration } from '@llmobserve/node';

/** The same set-up in the producer, the BullMQ worker and the worker thread. */
export function setUpTracing(serviceName: string, flushOnExit = true): Registration {
  return register({
    serviceName,
    flushOnExit,
    capture: {
      // Only LLM calls get client spans (not BullMQ's Redis traffic, which is not HTTP anyway).
      providerCallsOnly: true,
      // api.openai.com is known out of the box; this example's provider is a local mock.
      customEndpoints: process.env.OPENAI_BASE_URL ? [{ baseUrl: process.env.OPENAI_BASE_URL, provider: 'openai' }] : [],
    },
  });
}
