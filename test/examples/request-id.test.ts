import { expectCleanRun, runExample } from './runExample';
import type { ExampleRun } from './runExample';

let run: ExampleRun;
beforeAll(async () => {
  run = await runExample('request-id');
}, 60_000);

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function echoed(): string[] {
  return [...run.stdout.matchAll(/^request (\d): 200, echoed X-Request-Id (\S+)$/gm)].map((m) => m[2]);
}

interface LogLine {
  service: string;
  kind: 'INFO' | 'SPAN';
  requestId: string;
  traceId: string;
  text: string;
}

function logLines(): LogLine[] {
  return [...run.stdout.matchAll(/^\[(orders-api|inventory)\] (INFO|SPAN) {2}\[request_id=(\S+) trace_id=(\S+)\] (.*)$/gm)].map((m) => ({
    service: m[1],
    kind: m[2] as 'INFO' | 'SPAN',
    requestId: m[3],
    traceId: m[4],
    text: m[5],
  }));
}

test('a caller\'s id is echoed; a missing or invalid one is replaced by a new UUID v7, echoed too', () => {
  expectCleanRun(run);
  const ids = echoed();
  expect(ids).toHaveLength(3);
  expect(ids[0]).toBe('checkout-7f3a9c');
  expect(ids[1]).toMatch(UUID_V7);
  expect(ids[2]).toMatch(UUID_V7);
  expect(ids[1]).not.toBe(ids[2]);
});

test('every log line and every span of both services carries the request id of the request it belongs to', () => {
  const ids = echoed();
  const lines = logLines();
  // Nothing logged while handling a request is without an id or with an id that was not echoed.
  expect(lines.length).toBe(3 * 9);
  expect(new Set(lines.map((l) => l.requestId))).toEqual(new Set(ids));
  for (const id of ids) {
    const mine = lines.filter((l) => l.requestId === id);
    // One trace per request, shared by both services.
    expect(new Set(mine.map((l) => l.traceId)).size).toBe(1);
    expect(mine.filter((l) => l.service === 'orders-api' && l.kind === 'INFO').map((l) => l.text)).toEqual([
      'GET /orders/42/notice',
      'inventory: 3 available',
      'LLM answered (15 tokens)',
      '200 sent',
    ]);
    expect(mine.filter((l) => l.service === 'inventory' && l.kind === 'INFO').map((l) => l.text)).toEqual(['stock lookup /stock?sku=espresso-2']);
    expect(mine.filter((l) => l.kind === 'SPAN').map((l) => `${l.service} ${l.text}`).sort()).toEqual(
      [
        'inventory GET (server)',
        'orders-api GET (client)',
        'orders-api GET (server)',
        // 7 prompt words × $0.15/M + 8 × $0.60/M
        'orders-api POST (client) gpt-4o-mini $0.00000585',
      ].sort(),
    );
  }
  // Three requests, three traces.
  expect(new Set(lines.map((l) => l.traceId)).size).toBe(3);
});
