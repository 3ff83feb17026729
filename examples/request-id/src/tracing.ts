import { register } from '@llmobserve/node';
import type { Registration } from '@llmobserve/node';
import { SpanLogProcessor } from './SpanLogProcessor';

/** Both services: incoming requests traced (the propagator extracts or generates X-Request-Id), spans logged. */
export function setUpTracing(serviceName: string): Registration {
  return register({
    serviceName,
    exporters: ['none'],
    spanProcessors: [new SpanLogProcessor()],
    capture: {
      http: { disableIncomingRequestInstrumentation: false },
      // api.openai.com is known out of the box; this example's provider is a local mock.
      customEndpoints: process.env.OPENAI_BASE_URL ? [{ baseUrl: process.env.OPENAI_BASE_URL, provider: 'openai' }] : [],
    },
  });
}
