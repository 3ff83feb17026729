/**
 * `npm start`: starts the locally installed Arize Phoenix (scripts/install-python-peers.sh
 * --phoenix; about 10 s to start) on free 127.0.0.1 ports and the mock provider, runs
 * the bot (src/app.ts) as its own process pointed at Phoenix, then reads the spans
 * back from Phoenix's REST API — and Phoenix's own price of each LLM span from its
 * GraphQL API — and prints them.
 * `npm start -- --keep` leaves Phoenix running (until Ctrl-C) to look at it.
 */
import { join } from 'node:path';
import { startMockLlmProcess, startNodeChild, startPhoenix } from 'llmobserve-examples-support';
import type { PhoenixSpan } from 'llmobserve-examples-support';

const PROJECT = 'llmobserve-examples';
const ATTRS = ['llm.model_name', 'llm.token_count.prompt', 'llm.token_count.completion', 'llm.cost.total', 'user.id'];

function describe(span: PhoenixSpan): string {
  const a = span.attributes;
  const attrs = ATTRS.filter((k) => a[k] !== undefined).map((k) => `${k}=${String(a[k])}`);
  return `  ${span.name.padEnd(15)} ${span.span_kind.padEnd(6)} ${attrs.join('  ')}`;
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  console.log('starting Phoenix (about 10 s) …');
  const phoenix = await startPhoenix();
  try {
    console.log(`Phoenix: UI, REST and OTLP on ${phoenix.baseUrl}\n`);
    const mock = await startMockLlmProcess();
    let traceId: string;
    try {
      const app = await startNodeChild('app', join(__dirname, 'app.js'), {
        PHOENIX_COLLECTOR_ENDPOINT: phoenix.baseUrl,
        PHOENIX_PROJECT: PROJECT,
        OPENAI_BASE_URL: `${mock.url}/v1`,
        OPENAI_API_KEY: 'sk-example',
      });
      if ((await app.exited) !== 0) throw new Error('the app failed');
      const line = app.output().find((l) => l.startsWith('ticket handled, trace '));
      if (line === undefined) throw new Error('the app printed no trace id');
      traceId = line.slice('ticket handled, trace '.length);
    } finally {
      await mock.stop();
    }

    const spans = await phoenix.waitForSpans(PROJECT, traceId, 5);
    const sessions = [...new Set(spans.map((s) => s.attributes['session.id']))].join(', ');
    console.log(`\nPhoenix project ${PROJECT} holds trace ${traceId}: ${spans.length} spans, session ${sessions}`);
    const order = (s: PhoenixSpan): string => `${String(s.attributes['llmobserve.section_path'])} ${s.span_kind === 'LLM' ? 'z' : 'a'}`;
    for (const span of [...spans].sort((a, b) => order(a).localeCompare(order(b)))) {
      let line = describe(span);
      if (span.span_kind === 'LLM') {
        const own = await phoenix.spanCost(span.id);
        line += `  (Phoenix's own price: ${own?.totalCost === null || own === undefined ? 'none' : `$${own.totalCost}`})`;
      }
      console.log(line);
    }
    console.log(`\nopen ${phoenix.baseUrl}/projects  (project ${PROJECT})`);
    if (keep) {
      console.log('\nPhoenix keeps running; Ctrl-C stops it.');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await phoenix.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
