import { formatUsd, parseUsd } from '@llmobserve/pricing';
import { amounts, expectCleanRun, parseTree, printedTrees, runExample } from './runExample';
import type { ExampleRun, TreeNode } from './runExample';

let run: ExampleRun;
beforeAll(async () => {
  run = await runExample('agent-sections');
}, 60_000);

function runs(): Map<string, { runId: string; traceId: string }> {
  return new Map([...run.stdout.matchAll(/^(acme|globex): run (\S+) trace ([0-9a-f]{32})$/gm)].map((m) => [m[1], { runId: m[2], traceId: m[3] }]));
}

function trees(): Map<string, TreeNode> {
  const byTrace = new Map(printedTrees(run.stdout).map((t) => [t.traceId, parseTree(t)]));
  const out = new Map<string, TreeNode>();
  for (const [customer, r] of runs()) out.set(customer, byTrace.get(r.traceId)!);
  return out;
}

/** Own cost + children; checks every printed subtree against the exact sum of what is under it. */
function checkRollup(node: TreeNode): bigint {
  const own = amounts(node.line).own;
  let sum = own === undefined ? 0n : parseUsd(own);
  for (const child of node.children) sum += checkRollup(child);
  const printed = amounts(node.line).subtree;
  if (printed !== undefined) expect(`${node.name}: ${printed}`).toBe(`${node.name}: ${formatUsd(sum)}`);
  return sum;
}

test('two agents run at once, each in its own run and trace, and their log lines never mix', () => {
  expectCleanRun(run);
  const r = runs();
  expect([...r.keys()]).toEqual(['acme', 'globex']);
  expect(r.get('acme')!.runId).not.toBe(r.get('globex')!.runId);
  expect(r.get('acme')!.traceId).not.toBe(r.get('globex')!.traceId);
  expect(printedTrees(run.stdout)).toHaveLength(2);
  // The fallback happened in globex's run only, in the section of the second question.
  const fallback = /^ {2}\[run (\w{6}) (\S+)\] gpt-4o-mini failed \(429\)/m.exec(run.stdout)!;
  expect(fallback[1]).toBe(r.get('globex')!.runId.slice(-6));
  expect(fallback[2]).toBe('agent:researcher/step:research/tool:question-2');
  const logRuns = [...run.stdout.matchAll(/^ {2}\[run (\w{6}) /gm)].map((m) => m[1]);
  expect(new Set(logRuns)).toEqual(new Set([r.get('acme')!.runId.slice(-6), r.get('globex')!.runId.slice(-6)]));
});

test('the tree follows the sections: agent → planning / research (three questions) / synthesis', () => {
  for (const [customer, root] of trees()) {
    expect(root.name).toBe('agent:researcher');
    expect(root.children.map((c) => c.name)).toEqual(['step:planning', 'step:research', 'step:synthesis']);
    const research = root.children[1];
    expect(research.children.map((c) => c.name).sort()).toEqual(['tool:question-1', 'tool:question-2', 'tool:question-3']);
    const q2 = research.children.find((c) => c.name === 'tool:question-2')!;
    if (customer === 'globex') {
      // The rate-limited call is an error span with no cost; the fallback is priced.
      expect(q2.children.map((c) => c.name)).toEqual(['POST', 'tool:fallback']);
      expect(q2.children[0].line).toMatch(/error/);
      expect(amounts(q2.children[0].line).own).toBeUndefined();
      // gpt-4.1-mini: 4 in × $0.40/M + 8 out × $1.60/M
      expect(amounts(q2.children[1].children[0].line).own).toBe('0.0000144');
    } else {
      expect(q2.children.map((c) => c.name)).toEqual(['POST']);
    }
  }
});

test('reasoning and cached tokens are priced at their rates, and every subtree is the exact sum below it', () => {
  const t = trees();
  const planning = t.get('acme')!.children[0].children[0].line;
  // o4-mini: 10 in × $1.10/M + 16 out (8 of them reasoning, billed as output) × $4.40/M
  expect(planning).toContain('tokens in 10 out 16 (reasoning 8)');
  expect(amounts(planning).own).toBe('0.0000814');
  for (const root of t.values()) {
    const synthesis = root.children[2].children[0].line;
    // 31 uncached × $0.15/M + 12 cached × $0.075/M + 8 out × $0.60/M
    expect(synthesis).toContain('tokens in 43 (cached 12) out 8');
    expect(amounts(synthesis).own).toBe('0.00001035');
    checkRollup(root);
  }
  expect(amounts(t.get('acme')!.line).subtree).toBe('0.000109');
  expect(amounts(t.get('globex')!.line).subtree).toBe('0.0001149');
});
