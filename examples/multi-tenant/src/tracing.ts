import { register } from '@llmobserve/node';
import { CostPerCustomerProcessor } from './CostPerCustomerProcessor';

/** The per-customer totals the API serves on GET /v1/usage. */
export const costs = new CostPerCustomerProcessor();

export const tracing = register({
  serviceName: 'support-api',
  // Print nothing per trace (this API serves many): the totals are the point here.
  // Use ['console'] to see every request's cost tree, or 'jaeger' / 'phoenix' / 'otlp'.
  exporters: ['none'],
  spanProcessors: [costs],
  capture: {
    providerCallsOnly: true,
    // api.openai.com is known out of the box; this example's provider is a local mock.
    customEndpoints: process.env.OPENAI_BASE_URL ? [{ baseUrl: process.env.OPENAI_BASE_URL, provider: 'openai' }] : [],
  },
});
