/**
 * `npm start`: the mock provider, then two agents for two customers at the
 * same time (one meets a rate limit), then the cost trees.
 */
import { startMockLlmProcess } from 'llmobserve-examples-support';

async function main(): Promise<void> {
  const mock = await startMockLlmProcess();
  try {
    Object.assign(process.env, { OPENAI_BASE_URL: `${mock.url}/v1`, OPENAI_API_KEY: 'sk-example' });
    const { tracing } = await import('./tracing.js');
    const { researchAgent } = await import('./agent.js');
    console.log('agents running\n');
    const runs = await Promise.all([
      researchAgent('acme', 'Electric cargo bikes in Europe'),
      researchAgent('globex', 'Home battery storage', true),
    ]);
    await tracing.shutdown();
    console.log('');
    for (const [i, r] of runs.entries()) console.log(`${i === 0 ? 'acme' : 'globex'}: run ${r.runId} trace ${r.traceId}`);
  } finally {
    await mock.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
