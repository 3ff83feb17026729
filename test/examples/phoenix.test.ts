import { amounts, expectCleanRun, parseTree, printedTrees, runExample } from './runExample';
import type { ExampleRun } from './runExample';

let run: ExampleRun;
beforeAll(async () => {
  // Phoenix takes 10-15 s to start (database migrations), longer on a busy machine.
  run = await runExample('phoenix', [], {}, 110_000);
}, 120_000);

function stored(): Array<{ name: string; kind: string; attrs: Record<string, string>; phoenixPrice?: string }> {
  return [...run.stdout.matchAll(/^ {2}(\S+) +(AGENT|CHAIN|LLM|TOOL|UNKNOWN) +(.*?)(?: {2}\(Phoenix's own price: (\$[0-9.e-]+|none)\))?$/gm)].map((m) => ({
    name: m[1],
    kind: m[2],
    attrs: Object.fromEntries(m[3].trim().split(/ {2}/).map((kv) => kv.split('=') as [string, string])),
    ...(m[4] !== undefined ? { phoenixPrice: m[4] } : {}),
  }));
}

test('the phoenix() preset delivered the trace with OpenInference span kinds, user and session', () => {
  expectCleanRun(run);
  const traceId = /^\[app\] ticket handled, trace ([0-9a-f]{32})$/m.exec(run.stdout)![1];
  const header = new RegExp(`^Phoenix project llmobserve-examples holds trace ${traceId}: 5 spans, session ([0-9a-f-]{36})$`, 'm').exec(run.stdout);
  expect(header).not.toBeNull();
  const spans = stored();
  expect(spans.map((s) => `${s.name} ${s.kind}`).sort()).toEqual(['POST LLM', 'POST LLM', 'agent:support AGENT', 'step:answer CHAIN', 'step:classify CHAIN']);
  for (const s of spans) expect(s.attrs['user.id']).toBe('acme');
});

test('Phoenix holds our token counts and costs, and its own pricing of the same spans agrees', () => {
  const tree = parseTree(printedTrees(run.stdout, '[app] ')[0]);
  const printed = tree.children.map((step) => step.children[0].line);
  const llm = stored().filter((s) => s.kind === 'LLM');
  expect(llm).toHaveLength(2);
  for (const span of llm) {
    const line = printed.find((l) => l.includes(`tokens in ${span.attrs['llm.token_count.prompt']} out ${span.attrs['llm.token_count.completion']}`))!;
    expect(line).toBeDefined();
    expect(span.attrs['llm.model_name']).toBe('gpt-4o-mini');
    expect(Number(span.attrs['llm.cost.total'])).toBe(Number(amounts(line).own));
    // Phoenix prices gpt-4o-mini from its own table; for these tokens it must come to the same amount.
    expect(Number(span.phoenixPrice!.slice(1))).toBeCloseTo(Number(amounts(line).own), 12);
  }
});
