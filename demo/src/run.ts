/**
 * `npm run demo`: LLM cost across two services, on one machine, in a few seconds.
 *
 * Starts on 127.0.0.1 (free ports) a mock LLM provider, a `gateway` and an
 * `application` service (seed 001: application → gateway → LLM), both
 * instrumented the zero-code way and configured by environment variables only;
 * sends five research requests of three customers; receives the spans of both
 * services over OTLP/HTTP JSON in an embedded collector; and prints each trace
 * as one tree with per-call and trace-wide per-section cost, then cost per
 * customer and per model.
 *
 *   --jaeger / --phoenix   also start the local Jaeger / Phoenix, export there, print the trace URLs
 *                          and keep them running until Ctrl-C (--exit: stop at once)
 *   OTEL_EXPORTER_OTLP_ENDPOINT=…   also export to that OTLP endpoint
 */
import * as path from 'node:path';
import { COST_ATTRIBUTES } from '@llmobserve/span-processors';
import { Backends } from './backends';
import { startCollector } from './collector';
import type { Collector } from './collector';
import {
  APPLICATION_RESEARCH_PATH,
  SERVICE_BSP_DELAY_MS,
  SERVICE_ENV,
  SERVICES,
} from './constants';
import { buildTrace, costTables, errorOf, isLlmCall, usageErrorOf } from './costTree';
import type { TraceView } from './costTree';
import { DemoError } from './listen';
import { startService } from './processes';
import type { ServiceProcess } from './processes';
import { Progress } from './progress';
import { renderTables, renderTraces, usd } from './render';
import { Painter, table, useColor } from './style';
import type { ResearchResponse } from './types';
import { WORKLOAD } from './workload';

/** Command-line options. */
export interface DemoOptions {
  jaeger: boolean;
  phoenix: boolean;
  /** With a backend: stop it when done instead of waiting for Ctrl-C. */
  exit: boolean;
  /** Port of the embedded collector (0: a free one). */
  port: number;
}

const USAGE = `usage: npm run demo [-- [--jaeger] [--phoenix] [--exit] [--port N]]

  --jaeger    also export to a local Jaeger (bash scripts/install-jaeger.sh) and print the trace URLs
  --phoenix   also export to a local Phoenix (bash scripts/install-python-peers.sh --phoenix)
  --exit      with --jaeger/--phoenix: stop them when done instead of waiting for Ctrl-C
  --port N    port of the embedded OTLP/HTTP collector (default: a free one)

  OTEL_EXPORTER_OTLP_ENDPOINT=http://host:4318   also export to any OTLP/HTTP backend
  NO_COLOR=1                                     no colours (also off when output is not a terminal)
`;

/** Parses argv; throws a DemoError naming the bad argument. */
export function parseArgs(argv: readonly string[]): DemoOptions | 'help' {
  const options: DemoOptions = { jaeger: false, phoenix: false, exit: false, port: 0 };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    switch (arg) {
      case '--jaeger':
        options.jaeger = true;
        break;
      case '--phoenix':
        options.phoenix = true;
        break;
      case '--exit':
        options.exit = true;
        break;
      case '--port': {
        const value = argv[++i];
        const port = Number(value);
        if (value === undefined || !Number.isInteger(port) || port < 0 || port > 65535) {
          throw new DemoError(`--port must be a port number from 0 to 65535, got ${JSON.stringify(value ?? '')}\n\n${USAGE}`);
        }
        options.port = port;
        break;
      }
      case '-h':
      case '--help':
        return 'help';
      default:
        throw new DemoError(`unknown argument ${JSON.stringify(arg)}\n\n${USAGE}`);
    }
  }
  return options;
}

/** Repository root (demo/dist/demo/src → ../../../..): where `--import @llmobserve/node/register` resolves. */
const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SERVICES_DIR = path.join(__dirname, 'services');
const ZERO_CODE = ['--import', '@llmobserve/node/register'];

/** The environment of a demo service: only what it needs, so the user's own OTel settings cannot leak in. */
function serviceEnv(name: string, collector: Collector, options: DemoOptions, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    OTEL_SERVICE_NAME: name,
    LLMOBSERVE_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: String(SERVICE_BSP_DELAY_MS),
    ...(options.phoenix ? { LLMOBSERVE_OPENINFERENCE: 'true' } : {}),
    ...extra,
  };
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return env;
}

interface Outcome {
  readonly index: number;
  readonly customer: string;
  readonly status: number;
  readonly body: Partial<ResearchResponse> & { error?: string };
}

async function sendWorkload(application: ServiceProcess, gateway: ServiceProcess, progress: Progress): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const [index, item] of WORKLOAD.entries()) {
    progress.step(`request ${index + 1}/${WORKLOAD.length}: ${item.request.customer} asks "${item.request.question}"`);
    let res: Response;
    try {
      res = await fetch(`${application.url}${APPLICATION_RESEARCH_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(item.request),
      });
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message ?? (err as Error).message;
      throw new DemoError(
        `request ${index + 1} to the application (${application.url}) failed: ${cause}\napplication output:\n${application.tail()}\ngateway output:\n${gateway.tail()}`,
      );
    }
    let body: Outcome['body'];
    try {
      body = (await res.json()) as Outcome['body'];
    } catch {
      body = { error: `application answered ${res.status} without JSON` };
    }
    outcomes.push({ index, customer: item.request.customer, status: res.status, body });
  }
  return outcomes;
}

/** What went wrong, in words; empty when the demo worked. */
function check(outcomes: readonly Outcome[], views: readonly TraceView[], collector: Collector): string[] {
  const problems: string[] = [];
  for (const o of outcomes) {
    const expected = WORKLOAD[o.index].expectRecovered;
    if (o.status !== 200) {
      problems.push(`request ${o.index + 1} (${o.customer}) failed: ${o.status} ${o.body.error ?? ''}`.trim());
      continue;
    }
    const recovered = o.body.recovered ?? [];
    if (recovered.join(',') !== expected.join(',')) {
      problems.push(`request ${o.index + 1} (${o.customer}): expected to recover from [${expected.join(', ')}], saw [${recovered.join(', ')}]`);
    }
  }
  for (const view of views) {
    const missing = [SERVICES.application, SERVICES.gateway].filter((s) => !view.services.includes(s));
    if (missing.length > 0) problems.push(`trace ${view.traceId} has no spans from ${missing.join(' and ')} (context not propagated or spans not flushed)`);
    if (view.roots.length !== 1) problems.push(`trace ${view.traceId} has ${view.roots.length} roots (spans whose parent never arrived)`);
    for (const bad of view.badCosts) problems.push(`trace ${view.traceId}: unreadable llmobserve.cost.total_usd_exact on ${bad}`);
    for (const n of view.nodes) {
      if (!isLlmCall(n.span.attributes) || errorOf(n.span) !== undefined || n.own !== undefined) continue;
      const why = usageErrorOf(n.span.attributes) ?? String(n.span.attributes[COST_ATTRIBUTES.unpricedReason] ?? 'no usage captured');
      problems.push(`trace ${view.traceId}: LLM call ${n.span.name} (${n.service}) was not priced: ${why}`);
    }
  }
  const expectedErrors = WORKLOAD.reduce((acc, w) => acc + w.expectRecovered.length, 0);
  const llmErrors = views.reduce((acc, v) => acc + v.nodes.filter((n) => isLlmCall(n.span.attributes) && errorOf(n.span) !== undefined).length, 0);
  if (llmErrors !== expectedErrors) problems.push(`expected ${expectedErrors} failed LLM call(s) (the 429), saw ${llmErrors}`);
  for (const why of collector.rejected) problems.push(`collector rejected a request: ${why}`);
  return problems;
}

/** Exits once stdout and stderr are flushed (pipes are asynchronous on macOS: a bare exit can cut the output). */
let exiting = false;
function exitWhenFlushed(code: number): void {
  // The first exit wins: after Ctrl-C the interrupted run may still unwind and ask for its own code.
  if (exiting) return;
  exiting = true;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/** Runs the demo; resolves to the exit code. Everything it starts is stopped before it resolves. */
export async function runDemo(options: DemoOptions): Promise<number> {
  const started = Date.now();
  const out = process.stdout;
  const painter = new Painter(useColor(out));
  const progress = new Progress(process.stderr, new Painter(useColor(process.stderr)));
  const services: ServiceProcess[] = [];
  const backends = new Backends();
  let collector: Collector | undefined;

  let stopping: Promise<void> | undefined;
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      // Reverse start order: the application first, so nothing calls a stopped service.
      for (const s of [...services].reverse()) await s.stop();
      services.length = 0;
      await backends.stop();
      await collector?.close();
    })());
  const interrupted = async (signal: NodeJS.Signals): Promise<void> => {
    progress.clear();
    process.stderr.write(`\n${signal}: stopping the demo's processes …\n`);
    await stopAll();
    exitWhenFlushed(130);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    out.write(`${painter.paint('bold', 'LLMObserve demo')}: application → gateway → LLM, ${WORKLOAD.length} requests of ${new Set(WORKLOAD.map((w) => w.request.customer)).size} customers, cost per call, section, customer and model\n\n`);
    const peers: Promise<void>[] = [];
    if (options.jaeger) peers.push(backends.addJaeger());
    if (options.phoenix) peers.push(backends.addPhoenix());
    backends.addOtlpFromEnv(process.env);
    if (peers.length > 0) progress.step(`starting ${[options.jaeger ? 'Jaeger' : '', options.phoenix ? 'Phoenix (about 10 s)' : ''].filter(Boolean).join(' and ')} …`);
    await Promise.all(peers);

    progress.step('starting the embedded OTLP collector …');
    const c = await startCollector(options.port, (spans) => backends.export(spans));
    collector = c;
    progress.step('starting the mock LLM …');
    const mock = await startService({ name: 'mock LLM', script: path.join(SERVICES_DIR, 'mockLlm.js'), env: serviceEnv(SERVICES.mock, c, options, {}), cwd: ROOT });
    services.push(mock);
    progress.step('starting the gateway (node --import @llmobserve/node/register) …');
    const gateway = await startService({
      name: SERVICES.gateway,
      script: path.join(SERVICES_DIR, 'gateway.js'),
      nodeArgs: ZERO_CODE,
      cwd: ROOT,
      env: serviceEnv(SERVICES.gateway, c, options, {
        [SERVICE_ENV.llmUrl]: mock.url,
        // The mock is not a known provider host: say which base URLs are LLM APIs.
        LLMOBSERVE_CUSTOM_ENDPOINTS: JSON.stringify([
          { baseUrl: `${mock.url}/openai/v1`, provider: 'openai' },
          { baseUrl: `${mock.url}/anthropic`, provider: 'anthropic' },
        ]),
        // The Anthropic SDK traces its own calls (with the same usage); the captured
        // HTTP span below it is priced, so the SDK span would count that call twice.
        ANTHROPIC_OPEN_TELEMETRY: 'false',
      }),
    });
    services.push(gateway);
    progress.step('starting the application (node --import @llmobserve/node/register) …');
    const application = await startService({
      name: SERVICES.application,
      script: path.join(SERVICES_DIR, 'application.js'),
      nodeArgs: ZERO_CODE,
      cwd: ROOT,
      env: serviceEnv(SERVICES.application, c, options, { [SERVICE_ENV.gatewayUrl]: gateway.url }),
    });
    services.push(application);
    progress.clear();

    const zeroCode = 'node --import @llmobserve/node/register';
    out.write(
      table(
        [
          [{ text: 'mock LLM', style: 'bold' }, { text: mock.url }, { text: 'OpenAI + Anthropic APIs (JSON, SSE, cached and reasoning usage, 429)', style: 'dim' }],
          [{ text: 'gateway', style: 'bold' }, { text: gateway.url }, { text: `${zeroCode}, openai + @anthropic-ai/sdk`, style: 'dim' }],
          [{ text: 'application', style: 'bold' }, { text: application.url }, { text: `${zeroCode}, research agent`, style: 'dim' }],
          [{ text: 'collector', style: 'bold' }, { text: c.url }, { text: `embedded, OTLP/HTTP JSON${backends.names.length > 0 ? ` → ${backends.names.join(', ')}` : ''}`, style: 'dim' }],
        ],
        painter,
        '  ',
      ) + '\n',
    );

    const outcomes = await sendWorkload(application, gateway, progress);
    progress.step('flushing spans (services stop on SIGTERM and export what they hold) …');
    // The application first: its root spans end last.
    for (const s of [application, gateway]) {
      const { forced } = await s.stop();
      if (forced) out.write(painter.paint('yellow', `${s.name} did not stop within the grace period and was killed; its last spans may be missing\n`));
    }
    progress.clear();

    const traceIds = outcomes.map((o) => o.body.traceId).filter((id): id is string => typeof id === 'string');
    const others = [...c.traces.keys()].filter((id) => !traceIds.includes(id));
    const views = [...traceIds, ...others].flatMap((id) => {
      const spans = c.traces.get(id);
      return spans === undefined ? [] : [buildTrace(id, spans)];
    });
    out.write(`${renderTraces(views, painter)}\n`);
    const { customers, models } = costTables(views);
    out.write(renderTables(customers, models, painter));

    const problems = check(outcomes, views, c);
    for (const id of traceIds) if (!c.traces.has(id)) problems.push(`trace ${id} of the application never reached the collector`);
    const spanCount = views.reduce((acc, v) => acc + v.nodes.length, 0);
    const llmCalls = views.reduce((acc, v) => acc + v.nodes.filter((n) => isLlmCall(n.span.attributes)).length, 0);
    const total = views.reduce((acc, v) => acc + v.total, 0n);
    out.write(
      `\n${views.length} traces, ${spanCount} spans from ${new Set(views.flatMap((v) => v.services)).size} services, ${llmCalls} LLM calls, total ${painter.paint('green', usd(total))}, in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );

    if (backends.names.length > 0) {
      progress.step(`exporting to ${backends.names.join(', ')} …`);
      await backends.drain();
      problems.push(...backends.errors);
      const { links, problems: missing } = await backends.verify(views.map((v) => ({ traceId: v.traceId, spans: v.nodes.length })));
      progress.clear();
      problems.push(...missing);
      out.write(`spans sent: ${backends.names.map((n) => `${n} ${backends.sent.get(n) ?? 0}`).join(', ')}\n`);
      if (links.size > 0) {
        out.write(`\n${painter.paint('bold', 'open the traces')}\n`);
        const rows = views.flatMap((v) => (links.get(v.traceId) ?? []).map((l) => [{ text: v.customer ?? '' , style: 'cyan' as const }, { text: l.backend, style: 'dim' as const }, { text: l.url }]));
        out.write(table(rows, painter, '  '));
        for (const note of backends.notes) out.write(painter.paint('dim', `  (${note})\n`));
      }
    }

    if (problems.length > 0) {
      out.write(`\n${painter.paint('red', 'demo failed:')}\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
      return 1;
    }
    out.write(`${painter.paint('green', '✓')} every trace spans application and gateway, every LLM call is priced, the 429 is visible\n`);

    const homes = backends.homes;
    if (homes.length > 0 && !options.exit) {
      for (const s of services) await s.stop();
      out.write(`\n${homes.map((h) => `${h.name} runs at ${h.url}`).join('; ')} with the demo's traces (temporary storage, gone when stopped). Press Ctrl-C to stop.\n`);
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      await waitForSignal();
      out.write('stopping …\n');
    }
    return 0;
  } catch (err) {
    progress.clear();
    if (err instanceof DemoError) {
      process.stderr.write(`${painter.paint('red', 'demo failed:')} ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    progress.clear();
    await stopAll();
  }
}

async function main(): Promise<void> {
  let options: DemoOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`demo: ${(err as Error).message}`);
    exitWhenFlushed(2);
    return;
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  exitWhenFlushed(await runDemo(options));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`demo failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    exitWhenFlushed(1);
  });
}
