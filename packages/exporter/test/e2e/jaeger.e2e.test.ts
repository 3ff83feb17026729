/**
 * Against a real Jaeger (scripts/install-jaeger.sh): the jaeger() preset over
 * protobuf and JSON, an outage in the middle of a 10,000-span run, and a process
 * restart with a non-empty spool. Spans are read back through Jaeger's query API.
 * The restart test runs the compiled package in child processes (`npx tsc -b`
 * first when running by hand; `npm test` does it).
 */
import { context, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { OpenInferenceSpanProcessor, SpoolingExporter, jaeger } from '@llmobserve/exporter';
import type { OtlpProtocol } from '@llmobserve/exporter';
import { startJaeger } from '../../../../test/peers/jaeger';
import type { JaegerPeer } from '../../../../test/peers/jaeger';
import { primeOtlpTransport } from '../../../../test/peers/jestOtlp';
import { freePort, sleep, waitFor } from '../../../../test/peers/process';
import { LLM_ATTRIBUTES } from '../helpers';

jest.setTimeout(120_000);

const CHILD = path.join(__dirname, '..', 'fixtures', 'spoolChild.js');

/** Records which spans the backend acknowledged, and during which Jaeger incarnation. */
class AckTap implements SpanExporter {
  generation = 1;
  readonly acked = new Map<string, number>();
  constructor(readonly inner: SpanExporter) {}
  export(spans: ReadableSpan[], cb: (r: ExportResult) => void): void {
    this.inner.export(spans, result => {
      if (result.code === ExportResultCode.SUCCESS) {
        for (const s of spans) if (!this.acked.has(s.spanContext().spanId)) this.acked.set(s.spanContext().spanId, this.generation);
      }
      cb(result);
    });
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}

describe('jaeger() against a real Jaeger', () => {
  let peer: JaegerPeer;

  beforeAll(async () => {
    peer = await startJaeger();
  });
  afterAll(async () => {
    await peer?.stop();
  });

  it.each<OtlpProtocol>(['http/protobuf', 'http/json'])('exports GenAI, cost and section attributes over %s', async protocol => {
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': `jaeger-e2e-${protocol.replace('/', '-')}` }),
      spanProcessors: [
        new OpenInferenceSpanProcessor(),
        new BatchSpanProcessor(primeOtlpTransport(jaeger({ endpoint: peer.otlpBaseUrl, protocol }, {})), { scheduledDelayMillis: 50 }),
      ],
    });
    const tracer = provider.getTracer('jaeger-e2e');
    const under = (parent: Span) => trace.setSpan(context.active(), parent);
    const agent = tracer.startSpan('agent:research', { attributes: { 'llmobserve.section': 'agent:research', 'llmobserve.run_id': 'run-42' } });
    const step = tracer.startSpan('step:plan', { attributes: { 'llmobserve.section': 'step:plan' } }, under(agent));
    const llm = tracer.startSpan('chat gpt-4o-mini', { attributes: LLM_ATTRIBUTES }, under(step));
    llm.end();
    step.end();
    agent.end();
    await provider.forceFlush();
    await provider.shutdown();

    const traceId = agent.spanContext().traceId;
    const got = await peer.waitForSpans(traceId, 3);
    expect(got.traceId).toBe(traceId);
    const byId = new Map(got.spans.map(s => [s.spanId, s]));
    const a = byId.get(agent.spanContext().spanId)!;
    const s = byId.get(step.spanContext().spanId)!;
    const l = byId.get(llm.spanContext().spanId)!;
    expect(a.parentSpanId).toBeUndefined();
    expect(s.parentSpanId).toBe(agent.spanContext().spanId);
    expect(l.parentSpanId).toBe(step.spanContext().spanId);
    expect(l.serviceName).toBe(`jaeger-e2e-${protocol.replace('/', '-')}`);
    expect(a.tags['llmobserve.section']).toBe('agent:research');
    expect(a.tags['llmobserve.run_id']).toBe('run-42');
    expect(l.tags).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.response.model': 'gpt-4o-mini-2024-07-18',
      'gen_ai.usage.input_tokens': 1200,
      'gen_ai.usage.output_tokens': 300,
      'gen_ai.usage.cache_read.input_tokens': 1000,
      'llmobserve.cost.total_usd': '0.000372',
      'llmobserve.customer_id': 'cust-7',
      'openinference.span.kind': 'LLM',
      'llm.token_count.total': 1500,
    });
  });

  it('delivers every span of a 10,000-span run when Jaeger is killed mid-run and restarted 5 s later', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmobserve-outage-'));
    const tap = new AckTap(primeOtlpTransport(jaeger({ endpoint: peer.otlpBaseUrl, timeoutMillis: 2000 }, {})));
    const spool = new SpoolingExporter(tap, { dir, retryInitialMillis: 250, retryMaxMillis: 1000, exportTimeoutMillis: 5000, replayBatchSpans: 1024 });
    const provider = new BasicTracerProvider({
      resource: resourceFromAttributes({ 'service.name': 'outage-e2e' }),
      spanProcessors: [new BatchSpanProcessor(spool, { maxQueueSize: 20_000, maxExportBatchSize: 512, scheduledDelayMillis: 100 })],
    });
    const tracer = provider.getTracer('outage-e2e');
    const TRACES = 100;
    const PER_TRACE = 100;
    const traceIds: string[] = [];
    const spanIds: string[] = [];
    const events: string[] = [];
    let seenInFirst = new Map<string, Set<string>>();
    let killedAt = 0;

    const outage = (async () => {
      // Kill once about 30 % of the run is out, then restart on the same ports 5 s later.
      await waitFor('30 % of the spans produced', async () => spanIds.length >= 3000, 60_000);
      seenInFirst = await peer.spanIds([...traceIds]);
      await peer.kill();
      killedAt = spanIds.length;
      events.push(`killed after ${killedAt} spans`);
      await sleep(5000);
      await peer.restart();
      tap.generation = 2;
      events.push(`restarted after ${spanIds.length} spans`);
    })();

    // ~1,250 spans/s: the run spans the whole outage.
    for (let t = 0; t < TRACES; t++) {
      const root = tracer.startSpan(`run-${t}`);
      traceIds.push(root.spanContext().traceId);
      const parent = trace.setSpan(context.active(), root);
      for (let i = 1; i < PER_TRACE; i++) {
        const span = tracer.startSpan(`llm-${t}-${i}`, { attributes: { 'gen_ai.usage.input_tokens': i, 'llmobserve.cost.total_usd': '0.000001' } }, parent);
        span.end();
        spanIds.push(span.spanContext().spanId);
      }
      root.end();
      spanIds.push(root.spanContext().spanId);
      await sleep(80);
    }
    await outage;
    await provider.forceFlush();
    await waitFor('the spool to drain', async () => spool.stats().pendingSpans === 0, 60_000, () => JSON.stringify(spool.stats()));
    const stats = spool.stats();
    await provider.shutdown();

    const all = new Set(spanIds);
    expect(all.size).toBe(TRACES * PER_TRACE);
    const inFirst = new Set([...seenInFirst.values()].flatMap(s => [...s]));
    const seenInSecond = await peer.spanIds(traceIds);
    const inSecond = new Set([...seenInSecond.values()].flatMap(s => [...s]));
    const ackedByFirst = new Set([...tap.acked].filter(([, g]) => g === 1).map(([id]) => id));
    // Jaeger keeps spans in memory, so the restart forgets what the first instance stored.
    // Everything the first instance did not acknowledge must be in the second one: that is the spool's job.
    const missing = [...all].filter(id => !ackedByFirst.has(id) && !inSecond.has(id));
    expect(missing).toEqual([]);
    // And every span is accounted for through the query API or the first instance's acknowledgement.
    const accounted = [...all].filter(id => inFirst.has(id) || inSecond.has(id) || ackedByFirst.has(id));
    expect(accounted).toHaveLength(all.size);
    expect(stats.spooledSpans).toBeGreaterThan(0);
    expect(stats.replayedSpans).toBe(stats.spooledSpans);
    expect(stats.droppedSpans).toBe(0);
    const lateAcks = [...ackedByFirst].filter(id => !inFirst.has(id)).length;
    console.log(
      `outage run: ${events.join(', ')}; first Jaeger showed ${inFirst.size} spans before the kill ` +
        `(+${lateAcks} acknowledged between that query and the kill); spooled ${stats.spooledSpans}, replayed ${stats.replayedSpans}; ` +
        `second Jaeger holds ${inSecond.size}; all ${all.size} accounted for`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a new process replays the spool an earlier process left behind', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmobserve-restart-'));
    const run = promisify(execFile);
    const traceId = randomBytes(16).toString('hex');
    const deadPort = await freePort();
    const first = await run(process.execPath, [CHILD, 'export-down', dir, '500', `http://127.0.0.1:${deadPort}`, traceId], { timeout: 60_000 });
    const firstStats = JSON.parse(first.stdout) as { spooledSpans: number; pendingSpans: number };
    expect(firstStats).toMatchObject({ spooledSpans: 500, pendingSpans: 500 });
    expect(await peer.getTrace(traceId)).toBeUndefined();

    const second = await run(process.execPath, [CHILD, 'replay', dir, peer.otlpBaseUrl], { timeout: 60_000 });
    expect(JSON.parse(second.stdout)).toMatchObject({ replayedSpans: 500, pendingSpans: 0 });
    const got = await peer.waitForSpans(traceId, 500);
    expect(new Set(got.spans.map(s => s.spanId)).size).toBe(500);
    expect(got.spans.every(s => s.parentSpanId === '00f067aa0ba902b7')).toBe(true);
    expect(fs.readdirSync(dir).filter(n => n.endsWith('.spool'))).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
