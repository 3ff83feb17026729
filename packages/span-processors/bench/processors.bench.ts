/**
 * Spans per second through a provider with BatchSpanProcessor and a no-op
 * exporter: bare, against the same provider with ContextAttributesSpanProcessor
 * + CostSpanProcessor (real pricing catalog), half the spans LLM spans (GenAI
 * attributes, as our capture writes them) inside a run, customer and section.
 * Both in the same process, interleaved rounds. Target ratio ≥ 0.85.
 *
 * The floor line runs the bare provider plus a processor that only writes the
 * same attributes (keys and values recorded from our processors at start-up):
 * floor / bare is what the SDK's attribute storage costs, ours / floor what our
 * own code costs on top of it.
 *
 *   npm run bench -w @llmobserve/span-processors
 */
import { AttributeValue, context, ROOT_CONTEXT, Span, trace, Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ExportResultCode } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  InMemorySpanExporter,
  ReadableSpan,
  SimpleSpanProcessor,
  Span as SdkSpan,
  SpanExporter,
  SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { setState } from '@llmobserve/context';
import { computeCost } from '@llmobserve/pricing';
import { ContextAttributesSpanProcessor, CostSpanProcessor, RedactionSpanProcessor } from '../src';
import { CONTEXT_ATTRIBUTES } from '../src/constants';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

class NoopExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (r: { code: ExportResultCode }) => void): void {
    this.exported += spans.length;
    done({ code: ExportResultCode.SUCCESS });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function makeProvider(extra: SpanProcessor[]): { tracer: Tracer; provider: BasicTracerProvider; exporter: NoopExporter } {
  const exporter = new NoopExporter();
  const batch = new BatchSpanProcessor(exporter, { maxQueueSize: 100_000, maxExportBatchSize: 4096, scheduledDelayMillis: 50 });
  const provider = new BasicTracerProvider({ spanProcessors: [...extra, batch] });
  return { tracer: provider.getTracer('bench'), provider, exporter };
}

const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-sonnet-4-5', 'gemini-2.5-flash'];
const PROVIDERS = ['openai', 'openai', 'anthropic', 'gcp.gemini'];
const HOSTS = ['api.openai.com', 'api.openai.com', 'api.anthropic.com', 'generativelanguage.googleapis.com'];
const runCtx = setState(ROOT_CONTEXT, {
  runId: '019a9a2e-7c1d-7b3e-9f00-4c5d6e7f8a9b',
  customerId: 'acme-corp',
  sectionPath: ['agent:research', 'step:planning'],
  requestId: '019a9a2e-7c1d-7b3e-9f00-aaaaaaaaaaaa',
});

/**
 * One request: 10 spans, half of them LLM spans, with the attributes real
 * instrumentations write: the HTTP server span (instrumentation-http), LLM
 * calls as our capture makes them (an undici HTTP client span + the GenAI
 * usage attributes), tool spans (GenAI execute_tool).
 */
function request(tracer: Tracer, i: number): void {
  const server = tracer.startSpan(
    'POST /chat',
    {
      kind: 1,
      attributes: {
        'http.request.method': 'POST',
        'url.path': '/chat',
        'url.scheme': 'http',
        'server.address': 'api.local',
        'server.port': 8080,
        'http.route': '/chat',
        'user_agent.original': 'bench/1.0',
        'network.peer.address': '10.0.0.7',
        'network.peer.port': 53122,
      },
    },
    runCtx,
  );
  const ctx = trace.setSpan(runCtx, server);
  for (let k = 0; k < 5; k++) {
    const m = (i + k) % MODELS.length;
    const llm: Span = tracer.startSpan(
      'POST',
      {
        kind: 2,
        attributes: {
          'http.request.method': 'POST',
          'url.full': `https://${HOSTS[m]}/v1/chat`,
          'url.path': '/v1/chat',
          'url.scheme': 'https',
          'server.address': HOSTS[m],
          'server.port': 443,
          'user_agent.original': 'node',
          'gen_ai.provider.name': PROVIDERS[m],
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': MODELS[m],
        },
      },
      ctx,
    );
    // Set when the response (and its usage) has been read, as the capture does.
    llm.setAttributes({
      'http.response.status_code': 200,
      'network.peer.address': '104.18.7.192',
      'network.peer.port': 443,
      'gen_ai.response.model': MODELS[m],
      'gen_ai.response.id': `resp_${i}_${k}`,
      'gen_ai.usage.input_tokens': 1200 + ((i * 7 + k) % 500),
      'gen_ai.usage.output_tokens': 300 + ((i + k) % 200),
      'gen_ai.usage.cache_read.input_tokens': 512,
      'gen_ai.usage.reasoning.output_tokens': 64,
      'llmobserve.ttft_ms': 230,
      'llmobserve.stream': true,
    });
    llm.end();
    if (k < 4) tracer.startSpan(`execute_tool search`, { attributes: { 'gen_ai.tool.name': 'search', 'gen_ai.operation.name': 'execute_tool', 'gen_ai.tool.call.id': `call_${k}` } }, ctx).end();
  }
  server.end();
}
const SPANS_PER_REQUEST = 10;

function measure(tracer: Tracer, n: number): number {
  // CPU time of this process (all its threads, GC included) rather than wall time: other
  // processes on a busy machine then do not count against the round that they preempt.
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) request(tracer, i);
  const c = process.cpuUsage(c0);
  return (n * SPANS_PER_REQUEST) / ((c.user + c.system) / 1e6);
}
type AttributeList = ReadonlyArray<readonly [string, AttributeValue]>;
const CONTEXT_KEYS: ReadonlySet<string> = new Set(Object.values(CONTEXT_ATTRIBUTES));

/**
 * The floor: what storing our attributes costs the SDK, with none of our logic. Writes, through
 * setAttribute, exactly the keys (and values) that ContextAttributes + Cost write on the same kind
 * of span — the context keys in onStart, the cost keys in onEnding, in the same order — from
 * precomputed constants looked up by span kind (and model, for LLM spans).
 */
class ConstantAttributesSpanProcessor implements SpanProcessor {
  constructor(
    private readonly atStart: AttributeList,
    private readonly atEnd: ReadonlyMap<number, ReadonlyMap<string, AttributeList>>,
  ) {}
  onStart(span: SdkSpan): void {
    const list = this.atStart;
    for (let i = 0; i < list.length; i++) span.setAttribute(list[i][0], list[i][1]);
  }
  onEnding(span: SdkSpan): void {
    const list = this.atEnd.get(span.kind)?.get((span.attributes['gen_ai.request.model'] as string | undefined) ?? '');
    if (list === undefined) return;
    for (let i = 0; i < list.length; i++) span.setAttribute(list[i][0], list[i][1]);
  }
  onEnd(): void {}
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** Runs a few requests with and without our processors and records, per span, the attributes ours added. */
async function floorProcessor(): Promise<ConstantAttributesSpanProcessor> {
  const capture = async (extra: SpanProcessor[]): Promise<ReadableSpan[]> => {
    const exporter = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({ spanProcessors: [...extra, new SimpleSpanProcessor(exporter)] });
    for (let i = 0; i < MODELS.length; i++) request(provider.getTracer('floor'), i);
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans();
    await provider.shutdown();
    return spans;
  };
  const plain = await capture([]);
  const with_ = await capture([new ContextAttributesSpanProcessor(), new CostSpanProcessor()]);
  if (plain.length !== with_.length) throw new Error('floor: span counts differ');
  let atStart: AttributeList | undefined;
  const atEnd = new Map<number, Map<string, AttributeList>>();
  with_.forEach((span, n) => {
    const before = plain[n].attributes;
    const added = Object.entries(span.attributes).filter(([k]) => !(k in before)) as Array<[string, AttributeValue]>;
    const start = added.filter(([k]) => CONTEXT_KEYS.has(k));
    const end = added.filter(([k]) => !CONTEXT_KEYS.has(k));
    if (atStart !== undefined && JSON.stringify(atStart) !== JSON.stringify(start)) throw new Error('floor: context attributes differ between spans');
    atStart = start;
    const byModel = atEnd.get(span.kind) ?? new Map<string, AttributeList>();
    atEnd.set(span.kind, byModel);
    const model = (span.attributes['gen_ai.request.model'] as string | undefined) ?? '';
    const known = byModel.get(model);
    if (known !== undefined && JSON.stringify(known.map(([k]) => k)) !== JSON.stringify(end.map(([k]) => k))) {
      throw new Error(`floor: spans of kind ${span.kind} (${model}) get different keys`);
    }
    byModel.set(model, end);
  });
  return new ConstantAttributesSpanProcessor(atStart ?? [], atEnd);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  // Warm the pricing catalog (loaded once at first use) outside the timed rounds.
  for (const m of MODELS) computeCost({ inputTokens: 1, outputTokens: 1 }, { model: m });
  const bare = makeProvider([]);
  const cost = new CostSpanProcessor();
  const ours = makeProvider([new ContextAttributesSpanProcessor(), cost]);
  const withRedaction = makeProvider([new ContextAttributesSpanProcessor(), new CostSpanProcessor(), new RedactionSpanProcessor()]);
  // Breakdown: the same processors with a constant-time pricing function, to show what the
  // pricing engine (@llmobserve/pricing computeCost) costs apart from the processors themselves.
  const fixed = computeCost({ inputTokens: 1200, outputTokens: 300, cachedInputTokens: 512 }, { model: 'gpt-4o' });
  const stubbed = makeProvider([new ContextAttributesSpanProcessor(), new CostSpanProcessor({ computeCost: () => fixed })]);
  const contextOnly = makeProvider([new ContextAttributesSpanProcessor()]);
  const floor = makeProvider([await floorProcessor()]);
  const N = 2_000;
  for (let w = 0; w < 3; w++) {
    measure(bare.tracer, N);
    measure(ours.tracer, N);
    measure(withRedaction.tracer, N);
    measure(stubbed.tracer, N);
    measure(contextOnly.tracer, N);
    measure(floor.tracer, N);
  }
  const a: number[] = [];
  const b: number[] = [];
  const c: number[] = [];
  const d: number[] = [];
  const e: number[] = [];
  const f: number[] = [];
  for (let round = 0; round < 15; round++) {
    a.push(measure(bare.tracer, N));
    b.push(measure(ours.tracer, N));
    c.push(measure(withRedaction.tracer, N));
    d.push(measure(stubbed.tracer, N));
    e.push(measure(contextOnly.tracer, N));
    f.push(measure(floor.tracer, N));
    await Promise.all([bare, ours, withRedaction, stubbed, contextOnly, floor].map((p) => p.provider.forceFlush()));
  }
  const bareRate = median(a);
  const oursRate = median(b);
  const redRate = median(c);
  const stubRate = median(d);
  const ctxRate = median(e);
  const floorRate = median(f);
  console.log(`Spans per CPU-second through BasicTracerProvider + BatchSpanProcessor + no-op exporter (median of 15 interleaved rounds × ${N * SPANS_PER_REQUEST} spans; 5 of every 10 spans are priced LLM spans, all in a run/customer/section context)`);
  console.log(`  bare:                                   ${Math.round(bareRate).toLocaleString('en-US')} spans/s`);
  console.log(`  + ContextAttributes + Cost processors:  ${Math.round(oursRate).toLocaleString('en-US')} spans/s`);
  console.log(`  ratio (with / bare): ${(oursRate / bareRate).toFixed(3)}  (target ≥ 0.85)`);
  console.log(`  + Redaction as well (no prompts recorded): ${Math.round(redRate).toLocaleString('en-US')} spans/s, ratio ${(redRate / bareRate).toFixed(3)}`);
  console.log(`  breakdown: with a constant-time pricing stub instead of computeCost: ${Math.round(stubRate).toLocaleString('en-US')} spans/s, ratio ${(stubRate / bareRate).toFixed(3)}`);
  console.log(`  breakdown: ContextAttributes alone: ${Math.round(ctxRate).toLocaleString('en-US')} spans/s, ratio ${(ctxRate / bareRate).toFixed(3)}`);
  console.log(
    `  floor (a trivial processor writing the same keys and values, precomputed): ${Math.round(floorRate).toLocaleString('en-US')} spans/s, ` +
      `ratio floor / bare ${(floorRate / bareRate).toFixed(3)}, ours / floor ${(oursRate / floorRate).toFixed(3)}`,
  );
  const us = (r: number): number => 1e6 / r;
  console.log(
    `  per span (µs): bare ${us(bareRate).toFixed(2)}; context +${(us(ctxRate) - us(bareRate)).toFixed(2)}; ` +
      `cost processor without pricing +${(us(stubRate) - us(ctxRate)).toFixed(2)}; pricing engine +${(us(oursRate) - us(stubRate)).toFixed(2)}; ` +
      `of the total +${(us(oursRate) - us(bareRate)).toFixed(2)}, SDK attribute storage (floor) +${(us(floorRate) - us(bareRate)).toFixed(2)}, our code +${(us(oursRate) - us(floorRate)).toFixed(2)}`,
  );
  console.log(`  exported: bare ${bare.exporter.exported}, ours ${ours.exporter.exported}; roll-up open spans after the run: ${cost.openSpans}`);
  await Promise.all([bare, ours, withRedaction, stubbed, contextOnly, floor].map((p) => p.provider.shutdown()));
}

void main();
