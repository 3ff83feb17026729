import { formatUsd, parseUsd } from '@llmobserve/pricing';
import { expectCleanRun, runExample } from './runExample';
import type { ExampleRun } from './runExample';

let run: ExampleRun;
beforeAll(async () => {
  run = await runExample('multi-tenant');
}, 60_000);

const TENANT_OF: Record<string, string> = {
  'sk-tenant-acme-7Hq2': 'acme',
  'sk-tenant-globex-K81s': 'globex',
  'sk-tenant-initech-p0Zx': 'initech',
};

function requests(): Array<{ key: string; status: number; cost?: string; traceId?: string }> {
  return [...run.stdout.matchAll(/^ {2}(sk-\S+)\s+(\d{3})\s+(?:\$([0-9.]+)|-)\s+trace (\S+)/gm)].map((m) => ({
    key: m[1],
    status: Number(m[2]),
    ...(m[3] !== undefined ? { cost: m[3] } : {}),
    ...(m[4] !== '-' ? { traceId: m[4] } : {}),
  }));
}

test('each request is priced: embeddings + a custom-priced vector query + a chat call', () => {
  expectCleanRun(run);
  const reqs = requests();
  expect(reqs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 401]);
  // "How do I reset my password?" (6 words): embedding 6 × $0.02/M = 0.00000012; vector query 0.000002;
  // chat 17 in × $0.15/M + 8 out × $0.60/M = 0.00000735; total 0.00000947.
  expect(reqs[0].cost).toBe('0.00000947');
  expect(reqs[6].cost).toBeUndefined();
  expect(new Set(reqs.slice(0, 6).map((r) => r.traceId)).size).toBe(6);
});

test('each tenant is charged exactly the sum of its own requests, in its own view and in the operator table', () => {
  const expected = new Map<string, bigint>();
  for (const r of requests()) {
    if (r.cost === undefined) continue;
    const tenant = TENANT_OF[r.key];
    expected.set(tenant, (expected.get(tenant) ?? 0n) + parseUsd(r.cost));
  }
  const own = new Map(
    [...run.stdout.matchAll(/^ {2}sk-\S+\s+(\{.*\})$/gm)].map((m) => {
      const body = JSON.parse(m[1]) as { customer: string; pricedSpans: number; usd: string };
      return [body.customer, body] as const;
    }),
  );
  const table = new Map([...run.stdout.matchAll(/^ {2}(acme|globex|initech)\s+(\d+)\s+([0-9.]+)$/gm)].map((m) => [m[1], { spans: Number(m[2]), usd: m[3] }]));
  expect([...own.keys()].sort()).toEqual(['acme', 'globex', 'initech']);
  expect([...table.keys()]).toEqual(['acme', 'globex', 'initech']); // largest first
  const requestsPer: Record<string, number> = { acme: 3, globex: 2, initech: 1 };
  for (const [tenant, amount] of expected) {
    expect(own.get(tenant)!.usd).toBe(formatUsd(amount));
    expect(table.get(tenant)!.usd).toBe(formatUsd(amount));
    // Three priced spans per request: embeddings, vector search, chat.
    expect(table.get(tenant)!.spans).toBe(3 * requestsPer[tenant]);
  }
  // The rejected key spent nothing and is in no row.
  expect(run.stdout).not.toMatch(/no customer/);
});
