import { expectCleanRun, runExample } from './runExample';
import type { ExampleRun } from './runExample';

let run: ExampleRun;
beforeAll(async () => {
  run = await runExample('python-through-proxy');
}, 60_000);

function rows(): Array<{ name: string; traceId: string; customer: string; section: string; tokens: string; cost: string }> {
  return [...run.stdout.matchAll(/^ {2}(chat \S+)\s+trace ([0-9a-f]{32}) {2}customer (\S+) {2}section (\S+) {2}(tokens in \d+ out \d+) {2}\$([0-9.]+)$/gm)].map((m) => ({
    name: m[1],
    traceId: m[2],
    customer: m[3],
    section: m[4],
    tokens: m[5],
    cost: m[6],
  }));
}

test('the Python script\'s four calls all went through the proxy and succeeded', () => {
  expectCleanRun(run);
  const calls = [...run.stdout.matchAll(/^\[python\] python: call (\d) .*: status (\d{3})/gm)].map((m) => [m[1], m[2]]);
  expect(calls).toEqual([
    ['1', '200'],
    ['2', '200'],
    ['3', '200'],
    ['4', '200'],
  ]);
  expect(run.stdout).toMatch(/^\[python\] python: call 3 .*SSE events, last data: \[DONE\]$/m);
});

test('every proxy span is in the run\'s trace (the UUID run id is the trace id), with its customer and section', () => {
  const runId = /^\[python\] python: run (\S+) for customer acme$/m.exec(run.stdout)![1];
  const spans = rows();
  expect(spans).toHaveLength(4);
  for (const s of spans) {
    expect(s.traceId).toBe(runId.replace(/-/g, ''));
    expect(s.customer).toBe('acme');
  }
  expect(spans.map((s) => [s.name, s.section])).toEqual([
    ['chat gpt-4o-mini', 'agent:support/step:classify/tool:openai'],
    ['chat claude-haiku-4-5', 'agent:support/step:answer/tool:anthropic'],
    ['chat gpt-4o-mini', 'agent:support/step:answer/tool:openai'],
    ['chat gpt-4o-mini', 'agent:support/step:close/tool:openai'],
  ]);
});

test('the cost the proxy answered in X-LLMObserve-Cost-USD is the cost on its span', () => {
  const spans = rows();
  const answered = new Map([...run.stdout.matchAll(/^\[python\] python: call (\d) .*cost \$([0-9.]+)$/gm)].map((m) => [Number(m[1]), m[2]]));
  expect([...answered.keys()]).toEqual([1, 2, 4]);
  for (const [n, cost] of answered) expect(spans[n - 1].cost).toBe(cost);
  // "Classify: my invoice is wrong": 5 × $0.15/M + 8 × $0.60/M; claude-haiku-4-5: 7 × $1/M + 8 × $5/M
  expect(answered.get(1)).toBe('0.00000555');
  expect(answered.get(2)).toBe('0.000047');
  // The stream's usage came from its last chunk (include_usage): 3 prompt words, 8 completion.
  expect(spans[2].tokens).toBe('tokens in 3 out 8');
  expect(spans[2].cost).toBe('0.00000525');
});
