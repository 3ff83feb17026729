/**
 * `npm start`: the mock provider, the inventory and orders-api services, and
 * three requests — with an X-Request-Id, without one, and with an invalid one.
 */
import { join } from 'node:path';
import { startMockLlmProcess, startNodeChild } from 'llmobserve-examples-support';

const READY = /listening on (http:\/\/\S+)/;

async function main(): Promise<void> {
  const mock = await startMockLlmProcess();
  try {
    const env = { OPENAI_BASE_URL: `${mock.url}/v1`, OPENAI_API_KEY: 'sk-example' };
    const inventory = await startNodeChild('inventory', join(__dirname, 'inventory.js'), env, READY);
    try {
      const api = await startNodeChild('orders-api', join(__dirname, 'orders-api.js'), { ...env, INVENTORY_URL: inventory.match[1] }, READY);
      try {
        const cases: Array<[string, Record<string, string>]> = [
          ['a caller\'s id', { 'x-request-id': 'checkout-7f3a9c' }],
          ['no id', {}],
          ['an invalid id', { 'x-request-id': 'not valid; has spaces' }],
        ];
        for (const [i, [what, headers]] of cases.entries()) {
          console.log(`\nrequest ${i + 1}, ${what}: sent X-Request-Id ${headers['x-request-id'] === undefined ? '(none)' : JSON.stringify(headers['x-request-id'])}`);
          const res = await fetch(`${api.match[1]}/orders/42/notice`, { headers });
          await res.arrayBuffer();
          // Let both services finish logging this request before the next one starts.
          await new Promise((r) => setTimeout(r, 50));
          console.log(`request ${i + 1}: ${res.status}, echoed X-Request-Id ${res.headers.get('x-request-id') ?? '(none)'}`);
        }
      } finally {
        await api.stop();
      }
    } finally {
      await inventory.stop();
    }
  } finally {
    await mock.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
