import { register } from '@llmobserve/node';

/** One call: the console cost tree is the default exporter. */
export const tracing = register({
  serviceName: 'research-agent',
  capture: {
    // api.openai.com is known out of the box; this example's provider is a local mock.
    customEndpoints: process.env.OPENAI_BASE_URL ? [{ baseUrl: process.env.OPENAI_BASE_URL, provider: 'openai' }] : [],
  },
});
