import { amounts, expectCleanRun, printedTrees, runExample } from './runExample';
import type { ExampleRun } from './runExample';

let run: ExampleRun;
beforeAll(async () => {
  run = await runExample('queue-worker');
}, 60_000);

test('BullMQ over a real redis-server: the worker continues the producer\'s trace, run and customer', () => {
  expectCleanRun(run);
  expect(run.stdout).toMatch(/^redis-server on 127\.0\.0\.1:\d+$/m);
  const enqueued = new Map(
    [...run.stdout.matchAll(/^\[producer\] producer: job (\d+) enqueued for (\w+), trace ([0-9a-f]{32}) run (\S+)$/gm)].map((m) => [m[1], { customer: m[2], traceId: m[3], runId: m[4] }]),
  );
  const worked = new Map(
    [...run.stdout.matchAll(/^\[worker\] bullmq worker, job (\d+): trace ([0-9a-f]{32}) run (\S+) customer (\w+) section (\S+)$/gm)].map((m) => [m[1], { traceId: m[2], runId: m[3], customer: m[4], section: m[5] }]),
  );
  expect([...enqueued.values()].map((j) => j.customer).sort()).toEqual(['acme', 'globex']);
  expect(worked.size).toBe(2);
  for (const [id, job] of enqueued) {
    expect(worked.get(id)).toEqual({ ...job, section: 'api:upload/job:summarise' });
    expect(run.stdout).toContain(`[producer] producer: job ${id} done`);
  }
  // Each side printed its half of the same trace.
  const producerTrees = printedTrees(run.stdout, '[producer] ');
  const workerTrees = printedTrees(run.stdout, '[worker] ');
  expect(producerTrees.map((t) => t.traceId).sort()).toEqual([...enqueued.values()].map((j) => j.traceId).sort());
  expect(workerTrees.map((t) => t.traceId).sort()).toEqual(producerTrees.map((t) => t.traceId).sort());
});

test('the job\'s LLM call is priced in the worker, under the job section', () => {
  const enqueued = [...run.stdout.matchAll(/^\[producer\] producer: job \d+ enqueued for (\w+), trace ([0-9a-f]{32})/gm)];
  const byTrace = new Map(printedTrees(run.stdout, '[worker] ').map((t) => [t.traceId, t]));
  // "Summarise: <document>": 12 and 3 prompt words; n × $0.15/M + 8 × $0.60/M
  const expected: Record<string, string> = { acme: '0.0000066', globex: '0.00000525' };
  for (const [, customer, traceId] of enqueued) {
    const tree = byTrace.get(traceId)!;
    expect(tree.lines[0]).toMatch(/^job:summarise  /);
    expect(amounts(tree.lines[0]).subtree).toBe(expected[customer]);
    expect(amounts(tree.lines[1]).own).toBe(expected[customer]);
  }
});

test('worker_threads: the thread continues the main thread\'s trace, run, customer and section', () => {
  const main = /^\[threads\] main thread: posting to worker thread, trace ([0-9a-f]{32}) run (\S+)$/m.exec(run.stdout)!;
  const thread = /^\[threads\] worker thread: trace ([0-9a-f]{32}) run (\S+) customer (\w+) section (\S+)$/m.exec(run.stdout)!;
  expect([thread[1], thread[2], thread[3], thread[4]]).toEqual([main[1], main[2], 'initech', 'api:report/job:summarise']);
  const trees = printedTrees(run.stdout, '[threads] ');
  expect(trees.map((t) => [t.traceId, t.service]).sort()).toEqual(
    [
      [main[1], 'thread-pool'],
      [main[1], 'thread-worker'],
    ].sort(),
  );
  const worker = trees.find((t) => t.service === 'thread-worker')!;
  // 10 prompt words × $0.15/M + 8 × $0.60/M
  expect(amounts(worker.lines[0]).subtree).toBe('0.0000063');
});
