import { register } from '@llmobserve/node';

/**
 * Spans go to Phoenix — `PHOENIX_COLLECTOR_ENDPOINT`, else http://localhost:6006 —
 * in the project `PHOENIX_PROJECT` (else Phoenix's `default`), and to the console
 * tree. With 'phoenix' among the exporters, `register` also adds the
 * OpenInference attributes Phoenix reads (span kinds, `llm.*`, `user.id`, `session.id`).
 * The same with an instance: `exporters: [phoenix({ endpoint, projectName })], openInference: true`.
 */
export const tracing = register({
  serviceName: 'support-bot',
  exporters: ['phoenix', 'console'],
  capture: {
    // api.openai.com is known out of the box; this example's provider is a local mock.
    customEndpoints: process.env.OPENAI_BASE_URL ? [{ baseUrl: process.env.OPENAI_BASE_URL, provider: 'openai' }] : [],
  },
});
