/**
 * Spans/s exported to a real Jaeger (scripts/install-jaeger.sh) over OTLP/HTTP
 * protobuf vs JSON, one 512-span batch at a time like the BatchSpanProcessor.
 * Run: npm run bench -w @llmobserve/exporter
 */
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { jaeger } from '@llmobserve/exporter';
import { startJaeger } from '../../../test/peers/jaeger';
import { exportAll, fmt, makeSpans, median } from './common';

const SPANS = 20_000;
const ROUNDS = 5;

async function main(): Promise<void> {
  const spans = makeSpans(SPANS);
  const batch = spans.slice(0, 512);
  const protoBytes = ProtobufTraceSerializer.serializeRequest(batch)!.length;
  const jsonBytes = JsonTraceSerializer.serializeRequest(batch)!.length;
  console.log(`payload per span: protobuf ${fmt(protoBytes / 512)} B, JSON ${fmt(jsonBytes / 512)} B (JSON/protobuf ${(jsonBytes / protoBytes).toFixed(2)}x)`);

  const peer = await startJaeger();
  try {
    const rate: Record<string, number> = {};
    for (const protocol of ['http/protobuf', 'http/json'] as const) {
      const exporter = jaeger({ endpoint: peer.otlpBaseUrl, protocol }, {});
      await exportAll(exporter, spans.slice(0, 2048)); // warm up the connection and the JIT
      const times: number[] = [];
      for (let r = 0; r < ROUNDS; r++) times.push(await exportAll(exporter, spans));
      await exporter.shutdown();
      rate[protocol] = SPANS / (median(times) / 1000);
      console.log(`jaeger ${peer.version} ${protocol.padEnd(13)}: ${fmt(rate[protocol]!)} spans/s (median of ${ROUNDS} x ${fmt(SPANS)} spans, ${times.map(t => t.toFixed(0)).join('/')} ms)`);
    }
    console.log(`protobuf/JSON throughput ratio: ${(rate['http/protobuf']! / rate['http/json']!).toFixed(2)}x`);
    const sample = await peer.waitForSpans(spans[0]!.spanContext().traceId, 1);
    if (sample.spans.length === 0) throw new Error('Jaeger did not store the benchmark spans');
  } finally {
    await peer.stop();
  }
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
