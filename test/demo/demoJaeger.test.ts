/**
 * `npm run demo -- --jaeger`: the demo starts the local Jaeger, exports every
 * span there too, prints a link per trace and keeps Jaeger up until Ctrl-C.
 * The trace is read back from Jaeger's query API; then SIGINT must stop
 * everything. Fails (never skips) when Jaeger is not installed, naming the script.
 */
import * as net from 'node:net';
import { parseDemoOutput } from './output';
import { startDemo } from './run';
import type { DemoProcess } from './run';

interface JaegerTrace {
  traceID: string;
  spans: Array<{ spanID: string; operationName: string; processID: string; tags: Array<{ key: string; value: unknown }> }>;
  processes: Record<string, { serviceName: string }>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

let demo: DemoProcess | undefined;

afterEach(async () => {
  if (demo !== undefined && demo.child.exitCode === null && demo.child.signalCode === null) {
    demo.child.kill('SIGKILL');
    await demo.exited;
  }
});

it('exports every trace to Jaeger, prints where to read it, and stops Jaeger on Ctrl-C', async () => {
  demo = startDemo(['--jaeger']);
  await demo.waitFor('Press Ctrl-C to stop.', 60_000);
  const out = parseDemoOutput(demo.stdout());
  expect(out.traces).toHaveLength(5);
  expect(out.links.map((l) => l.backend)).toEqual(['Jaeger', 'Jaeger', 'Jaeger', 'Jaeger', 'Jaeger']);

  for (const t of out.traces) {
    const link = out.links.find((l) => l.url.endsWith(`/${t.traceId}`));
    expect(link?.customer).toBe(t.customer);
    const url = new URL(link!.url);
    // The UI link (/trace/<id>) of a release build, or the API link of a build without UI assets.
    const api = `${url.origin}/api/traces/${t.traceId}`;
    const res = await fetch(api);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: JaegerTrace[] };
    const trace = body.data[0];
    expect(trace.traceID).toBe(t.traceId);
    expect(new Set(trace.spans.map((s) => s.spanID)).size).toBe(t.rows.length);
    const services = new Set(trace.spans.map((s) => trace.processes[s.processID].serviceName));
    expect(services).toEqual(new Set(['application', 'gateway']));
    // The exact cost of each LLM call travels as a tag; the sum matches the printed trace total.
    const costs = trace.spans.flatMap((s) => s.tags.filter((tag) => tag.key === 'llmobserve.cost.total_usd_exact').map((tag) => String(tag.value)));
    const printed = t.rows.filter((r) => r.cost !== '').map((r) => r.cost);
    expect(costs.sort()).toEqual(printed.sort());
  }

  const jaegerPort = Number(new URL(out.links[0].url).port);
  expect(await portOpen(jaegerPort)).toBe(true);
  demo.child.kill('SIGINT');
  expect(await demo.exited).toBe(0);
  expect(await portOpen(jaegerPort)).toBe(false);
  for (const url of Object.values(out.urls)) expect({ url, open: await portOpen(Number(new URL(url).port)) }).toEqual({ url, open: false });
}, 90_000);
