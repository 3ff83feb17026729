import { formatUsd, parseUsd } from '@llmobserve/pricing';
import { amounts, expectCleanRun, lineOf, printedTrees, runExample } from './runExample';
import type { ExampleRun } from './runExample';

let run: ExampleRun;
beforeAll(async () => {
  run = await runExample('existing-otel-setup');
}, 60_000);

test('runs cleanly and prints one cost tree per customer, with the trace id the app reports', () => {
  expectCleanRun(run);
  const trees = printedTrees(run.stdout);
  const reported = [...run.stdout.matchAll(/^customer (\w+): trace ([0-9a-f]{32})$/gm)].map((m) => [m[1], m[2]]);
  expect(reported.map(([c]) => c)).toEqual(['acme', 'globex']);
  expect(trees.map((t) => t.traceId)).toEqual(reported.map(([, id]) => id));
  expect(new Set(trees.map((t) => t.traceId)).size).toBe(2);
  for (const tree of trees) {
    expect(tree.service).toBe('checkout-api');
    // The user's own span is the root; the sections nest under it.
    expect(tree.lines[0]).toMatch(/^checkout\.suggest_add_ons  /);
    expect(lineOf(tree, 'agent:checkout-assistant')).toMatch(/^└─ /);
  }
});

test('prices each LLM call from the usage the provider returned (cached tokens at the cache rate)', () => {
  const [acme, globex] = printedTrees(run.stdout);
  const openaiLine = (t: typeof acme): string => t.lines.find((l) => l.includes('gpt-4o-mini'))!;
  // acme: 17 prompt words + 4 cached = 21 in; 17 × $0.15/M + 4 × $0.075/M + 8 × $0.60/M = $0.00000765
  expect(openaiLine(acme)).toContain('tokens in 21 (cached 4) out 8');
  expect(amounts(openaiLine(acme)).own).toBe('0.00000765');
  // globex: 14 + 4 = 18 in; 14 × 0.15 + 4 × 0.075 + 8 × 0.60 = $0.0000072
  expect(amounts(openaiLine(globex)).own).toBe('0.0000072');
  for (const tree of [acme, globex]) {
    // claude-haiku-4-5, streamed: 15 in × $1/M + 8 out × $5/M = $0.000055
    const http = tree.lines.filter((l) => /POST  .*claude-haiku-4-5/.test(l));
    expect(http).toHaveLength(1);
    expect(http[0]).toContain('tokens in 15 out 8');
    expect(amounts(http[0]).own).toBe('0.000055');
  }
});

/** Sum of the costs of the HTTP client spans ("POST"), the calls that were really made. */
function httpCallsTotal(lines: string[]): string {
  let sum = 0n;
  for (const l of lines) if (/^[│├└─ ]*POST  /.test(l)) sum += parseUsd(amounts(l).own ?? '0');
  return formatUsd(sum);
}

test('the step that made one OpenAI call costs exactly that call', () => {
  for (const tree of printedTrees(run.stdout)) {
    const ideas = lineOf(tree, 'step:ideas');
    const call = tree.lines.find((l) => l.includes('gpt-4o-mini'))!;
    expect(amounts(ideas).subtree).toBe(amounts(call).own);
  }
});

// @anthropic-ai/sdk ≥ 1.x starts its own gen_ai "call span" with the usage, and the HTTP attempt span
// under it carries the same usage: the call must be counted once (CostSpanProcessor prices the span
// below and marks the SDK span llmobserve.cost.counted_below).
test('the root subtree cost equals the sum of the calls made (no double count of SDK call + HTTP attempt spans)', () => {
  for (const tree of printedTrees(run.stdout)) {
    expect(amounts(tree.lines[0]).subtree).toBe(httpCallsTotal(tree.lines));
  }
});
