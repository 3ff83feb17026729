/**
 * `npm start`: the mock provider, the API on a free port, a few requests from
 * three tenants (and one with a bad key), then each tenant's GET /v1/usage and
 * the operator's table.
 */
import type { AddressInfo } from 'node:net';
import { startMockLlmProcess } from 'llmobserve-examples-support';

const QUESTIONS: ReadonlyArray<[key: string, question: string]> = [
  ['sk-tenant-acme-7Hq2', 'How do I reset my password?'],
  ['sk-tenant-globex-K81s', 'Can I export my invoices as CSV files for the last fiscal year?'],
  ['sk-tenant-acme-7Hq2', 'Where is the API key?'],
  ['sk-tenant-initech-p0Zx', 'Why was my card declined?'],
  ['sk-tenant-acme-7Hq2', 'How do I add a second admin to our workspace?'],
  ['sk-tenant-globex-K81s', 'Is there an SLA?'],
  ['sk-unknown', 'Who am I?'],
];

async function main(): Promise<void> {
  const mock = await startMockLlmProcess();
  try {
    Object.assign(process.env, { OPENAI_BASE_URL: `${mock.url}/v1`, OPENAI_API_KEY: 'sk-example' });
    const { tracing, costs } = await import('./tracing.js');
    const { startServer } = await import('./server.js');
    const server = await startServer();
    const api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      console.log('requests');
      for (const [key, question] of QUESTIONS) {
        const res = await fetch(`${api}/v1/answer`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ question }),
        });
        const body = (await res.json()) as { traceId?: string };
        const cost = res.headers.get('x-request-cost-usd');
        console.log(
          `  ${key.padEnd(24)} ${res.status}  ${cost === null ? '-'.padEnd(12) : `$${cost}`.padEnd(12)} trace ${body.traceId ?? '-'}  ${JSON.stringify(question)}`,
        );
      }

      console.log('\nGET /v1/usage, as each tenant sees it');
      for (const key of ['sk-tenant-acme-7Hq2', 'sk-tenant-globex-K81s', 'sk-tenant-initech-p0Zx']) {
        const res = await fetch(`${api}/v1/usage`, { headers: { authorization: `Bearer ${key}` } });
        console.log(`  ${key.padEnd(24)} ${JSON.stringify(await res.json())}`);
      }

      console.log('\ncost per customer (operator view)');
      console.log(`  ${'customer'.padEnd(10)} ${'priced spans'.padStart(12)}  cost (USD)`);
      for (const row of costs.all()) {
        console.log(`  ${row.customer.padEnd(10)} ${String(row.pricedSpans).padStart(12)}  ${row.usd}`);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await tracing.shutdown();
    }
  } finally {
    await mock.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
