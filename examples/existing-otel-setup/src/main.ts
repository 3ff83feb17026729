/**
 * `npm start`: starts the local mock provider, points the SDKs at it, loads
 * your tracing set-up, runs the app for two customers and shuts down.
 */
import { startMockLlmProcess } from 'llmobserve-examples-support';

async function main(): Promise<void> {
  const mock = await startMockLlmProcess();
  try {
    Object.assign(process.env, {
      OPENAI_BASE_URL: `${mock.url}/v1`,
      OPENAI_API_KEY: 'sk-example',
      ANTHROPIC_BASE_URL: mock.url,
      ANTHROPIC_API_KEY: 'sk-ant-example',
    });
    // Tracing first, as in any OTel app; then the code that makes LLM calls.
    const { provider } = await import('./tracing.js');
    const { suggestAddOns } = await import('./app.js');
    for (const [customer, cart] of [
      ['acme', ['espresso machine', 'milk jug']],
      ['globex', ['tent']],
    ] as const) {
      const { traceId } = await suggestAddOns(customer, [...cart]);
      console.log(`customer ${customer}: trace ${traceId}\n`);
    }
    await provider.shutdown();
  } finally {
    await mock.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
