/**
 * `npm start`: the mock provider, the LLMObserve proxy in front of it (its
 * spans printed as cost trees), then `client.py` with the venv's Python.
 */
import { join } from 'node:path';
import { startProxy } from '@llmobserve/proxy';
import { pythonPeer, startChild, startMockLlmProcess } from 'llmobserve-examples-support';
import { SpanTableProcessor } from './SpanTableProcessor';

async function main(): Promise<void> {
  const python = pythonPeer(); // fails early, naming the install script, when the venv is missing
  const mock = await startMockLlmProcess();
  try {
    // In production: `npx llmobserve proxy --port 9000` (or --config proxy.json), exporting to your
    // backend (`exporter: 'otlp' | 'jaeger' | 'phoenix'`); the real providers are built in, so no
    // `upstreams` are needed. Here both point at the mock, and each span is printed as a table row.
    const table = new SpanTableProcessor();
    const proxy = await startProxy({
      port: 0,
      exporter: 'none',
      spanProcessors: [table],
      upstreams: [
        { provider: 'openai', baseUrl: `${mock.url}/v1` },
        { provider: 'anthropic', baseUrl: mock.url },
      ],
    });
    console.log(`proxy listening on ${proxy.url}\n`);
    try {
      const client = await startChild('python', python, [join(__dirname, '..', 'client.py')], {
        env: { ...process.env, LLMOBSERVE_PROXY_URL: proxy.url, OPENAI_UPSTREAM_URL: `${mock.url}/v1` },
      });
      const code = await client.exited;
      if (code !== 0) throw new Error(`client.py exited with code ${String(code)}`);
      console.log('\nthe proxy\'s spans (the run id, a UUID, is the trace id):');
      await proxy.forceFlush();
      for (const row of table.rows) console.log(row);
    } finally {
      await proxy.close();
    }
  } finally {
    await mock.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
