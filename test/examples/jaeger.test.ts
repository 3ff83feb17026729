import { amounts, expectCleanRun, parseTree, printedTrees, runExample } from './runExample';
import type { ExampleRun } from './runExample';

let run: ExampleRun;
beforeAll(async () => {
  run = await runExample('jaeger');
}, 60_000);

function stored(): Array<{ name: string; tags: Record<string, string> }> {
  return [...run.stdout.matchAll(/^ {2}(\S+) +([a-z_.]+=\S+(?: {2}[a-z_.]+=\S+)*)$/gm)].map((m) => ({
    name: m[1],
    tags: Object.fromEntries(m[2].trim().split(/ {2}/).map((kv) => kv.split('=') as [string, string])),
  }));
}

test('the jaeger() preset delivered the whole trace to the local Jaeger', () => {
  expectCleanRun(run);
  const traceId = /^\[app\] ticket handled, trace ([0-9a-f]{32})$/m.exec(run.stdout)![1];
  expect(run.stdout).toMatch(new RegExp(`^Jaeger stored trace ${traceId}: 5 spans from support-bot$`, 'm'));
  expect(run.stdout).toMatch(new RegExp(`^open   http://127\\.0\\.0\\.1:\\d+/trace/${traceId}$`, 'm'));
  const spans = stored();
  expect(spans.map((s) => s.name).sort()).toEqual(['POST', 'POST', 'agent:support', 'step:answer', 'step:classify']);
  for (const s of spans) expect(s.tags['llmobserve.customer_id']).toBe('acme');
});

test('Jaeger holds the same tokens and costs as the console tree, as span tags', () => {
  const tree = parseTree(printedTrees(run.stdout, '[app] ')[0]);
  const calls = stored().filter((s) => s.name === 'POST');
  expect(calls).toHaveLength(2);
  for (const call of calls) {
    const section = call.tags['llmobserve.section_path'];
    const step = tree.children.find((c) => section.endsWith(c.name))!;
    const printed = amounts(step.children[0].line).own!;
    expect(call.tags['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(Number(call.tags['llmobserve.cost.total_usd'])).toBe(Number(printed));
    expect(step.children[0].line).toContain(`tokens in ${call.tags['gen_ai.usage.input_tokens']} out ${call.tags['gen_ai.usage.output_tokens']}`);
  }
  const root = stored().find((s) => s.name === 'agent:support')!;
  // "Classify: …" 8 prompt words, "Answer the customer: …" 10; n × $0.15/M + 8 × $0.60/M each
  expect(root.tags['llmobserve.cost.subtree_usd']).toBe('0.0000123');
  expect(amounts(tree.line).subtree).toBe('0.0000123');
});
