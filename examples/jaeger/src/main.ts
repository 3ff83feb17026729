/**
 * `npm start`: starts the locally installed Jaeger (scripts/install-jaeger.sh)
 * on free 127.0.0.1 ports and the mock provider, runs the bot (src/app.ts) as
 * its own process pointed at Jaeger, then reads the trace back from Jaeger's
 * query API and prints what Jaeger stored.
 * `npm start -- --keep` leaves Jaeger running (until Ctrl-C) to look at it.
 */
import { join } from 'node:path';
import { startJaeger, startMockLlmProcess, startNodeChild } from 'llmobserve-examples-support';
import type { JaegerSpan } from 'llmobserve-examples-support';

const TAGS = [
  'gen_ai.request.model',
  'gen_ai.usage.input_tokens',
  'gen_ai.usage.output_tokens',
  'llmobserve.cost.total_usd',
  'llmobserve.cost.subtree_usd',
  'llmobserve.customer_id',
  'llmobserve.section_path',
];

function describe(span: JaegerSpan): string {
  const tags = TAGS.filter((k) => span.tags[k] !== undefined).map((k) => `${k}=${String(span.tags[k])}`);
  return `  ${span.name.padEnd(15)} ${tags.join('  ')}`;
}

async function main(): Promise<void> {
  const keep = process.argv.includes('--keep');
  const jaeger = await startJaeger();
  try {
    console.log(`Jaeger ${jaeger.version}: OTLP ${jaeger.otlpBaseUrl}, UI and query API ${jaeger.queryUrl}\n`);
    const mock = await startMockLlmProcess();
    let traceId: string;
    try {
      const app = await startNodeChild('app', join(__dirname, 'app.js'), {
        OTEL_EXPORTER_OTLP_ENDPOINT: jaeger.otlpBaseUrl,
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

    const stored = await jaeger.waitForSpans(traceId, 5);
    const services = [...new Set(stored.spans.map((s) => s.serviceName))].join(', ');
    console.log(`\nJaeger stored trace ${traceId}: ${stored.spans.length} spans from ${services}`);
    const byName = (a: JaegerSpan, b: JaegerSpan): number => (a.tags['llmobserve.section_path'] === b.tags['llmobserve.section_path'] ? a.name.localeCompare(b.name) : String(a.tags['llmobserve.section_path']).localeCompare(String(b.tags['llmobserve.section_path'])));
    for (const span of [...stored.spans].sort(byName)) console.log(describe(span));
    console.log(`\nopen   ${jaeger.queryUrl}/trace/${traceId}`);
    console.log(`api    ${jaeger.queryUrl}/api/traces/${traceId}`);
    console.log(`search ${jaeger.queryUrl}/search?service=support-bot&tags=${encodeURIComponent(JSON.stringify({ 'llmobserve.customer_id': 'acme' }))}`);
    if (keep) {
      console.log('\nJaeger keeps running; Ctrl-C stops it.');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    }
  } finally {
    await jaeger.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
