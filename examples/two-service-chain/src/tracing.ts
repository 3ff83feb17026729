import { register } from '@llmobserve/node';
import type { Registration } from '@llmobserve/node';

/**
 * The same three lines in both services: a tracer provider with the LLMObserve
 * propagator and processors, printing each trace as a cost tree.
 */
export function setUpTracing(serviceName: string): Registration {
  return register({
    serviceName,
    capture: {
      // Only LLM calls get client spans, and incoming requests get no automatic
      // server span (register() traces them by default, extracting the caller's
      // context itself): here the application → gateway hop is joined by the
      // explicit inject/extract, as in seed 001.
      providerCallsOnly: true,
      http: { disableIncomingRequestInstrumentation: true },
      // api.openai.com is known out of the box; this example's provider is a local mock.
      customEndpoints: process.env.OPENAI_BASE_URL ? [{ baseUrl: process.env.OPENAI_BASE_URL, provider: 'openai' }] : [],
    },
  });
}
