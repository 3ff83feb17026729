/**
 * `npm start`: the mock provider, then the gateway (port 0, it prints its URL),
 * then the application, which sends two requests and exits; then the gateway
 * and the mock are stopped. Each process prints its own half of each trace.
 */
import { join } from 'node:path';
import { startMockLlmProcess, startNodeChild } from 'llmobserve-examples-support';

async function main(): Promise<void> {
  const mock = await startMockLlmProcess();
  try {
    const env = { OPENAI_BASE_URL: `${mock.url}/v1`, OPENAI_API_KEY: 'sk-example' };
    const gateway = await startNodeChild('gateway', join(__dirname, 'gateway.js'), env, /listening on (http:\/\/\S+)/);
    try {
      const app = await startNodeChild('application', join(__dirname, 'application.js'), { ...env, GATEWAY_URL: gateway.match[1] });
      const code = await app.exited;
      if (code !== 0) throw new Error(`the application exited with code ${String(code)}`);
    } finally {
      await gateway.stop();
    }
  } finally {
    await mock.stop();
  }
  console.log('\nBoth services printed the same trace ids: the gateway continued the application\'s traces.');
  console.log('Each process prints its own spans; a backend (see ../jaeger, ../phoenix) shows them as one tree.');
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
