import { amounts, expectCleanRun, printedTrees, runExample } from './runExample';
import type { ExampleRun } from './runExample';

let run: ExampleRun;
beforeAll(async () => {
  run = await runExample('two-service-chain');
}, 60_000);

test('the gateway continues the application\'s trace: same trace ids, run and customer on both sides', () => {
  expectCleanRun(run);
  const app = [...run.stdout.matchAll(/^\[application\] application: trace ([0-9a-f]{32}) run (\S+) customer (\S+) -> gateway 200/gm)];
  const gw = [...run.stdout.matchAll(/^\[gateway\] gateway: trace ([0-9a-f]{32}) run (\S+) customer (\S+) section (\S+)$/gm)];
  expect(app.map((m) => m[3])).toEqual(['acme', 'globex']);
  expect(gw.map((m) => [m[1], m[2], m[3]])).toEqual(app.map((m) => [m[1], m[2], m[3]]));
  expect(gw.map((m) => m[4])).toEqual(['workflow:summarise', 'workflow:summarise']);
  // Two requests, two runs, two traces.
  expect(new Set(app.map((m) => m[1])).size).toBe(2);
  expect(new Set(app.map((m) => m[2])).size).toBe(2);

  const appTrees = printedTrees(run.stdout, '[application] ');
  const gwTrees = printedTrees(run.stdout, '[gateway] ');
  expect(appTrees.map((t) => t.traceId)).toEqual(app.map((m) => m[1]));
  expect(gwTrees.map((t) => t.traceId)).toEqual(app.map((m) => m[1]));
  expect(appTrees.every((t) => t.service === 'application')).toBe(true);
  expect(gwTrees.every((t) => t.service === 'llm-gateway')).toBe(true);
});

test('the gateway prices its LLM call; the root of its half carries that cost', () => {
  const [acme, globex] = printedTrees(run.stdout, '[gateway] ');
  // 17 prompt words × $0.15/M + 8 × $0.60/M; 9 × 0.15 + 8 × 0.60
  for (const [tree, tokens, cost] of [
    [acme, 'tokens in 17 out 8', '0.00000735'],
    [globex, 'tokens in 9 out 8', '0.00000615'],
  ] as const) {
    expect(tree.lines[0]).toMatch(/^llm_gateway_process  /);
    expect(tree.lines[1]).toContain(tokens);
    expect(amounts(tree.lines[1]).own).toBe(cost);
    expect(amounts(tree.lines[0]).subtree).toBe(cost);
  }
  // The application made no LLM call itself: its half has no cost, and its app→gateway hop had no auto span.
  for (const tree of printedTrees(run.stdout, '[application] ')) {
    expect(tree.lines.map((l) => l.replace(/^[│├└─ ]+/, '').split('  ')[0])).toEqual([
      'application_process_request',
      'workflow:summarise',
      'gateway_request',
    ]);
    expect(tree.lines.join('\n')).not.toContain('$');
  }
});
