/**
 * Propagation across real processes: app → gateway → leaf (three Node processes
 * with the http and undici instrumentations and our propagator), and
 * app → Python (real OpenTelemetry Python SDK, W3C only) → leaf.
 * Needs `npx tsc -b` (the fixtures run the compiled packages) and, for the
 * Python hop, `bash scripts/install-python-peers.sh`.
 */
import { ReportedSpan, RunningService, startNodeService, startPythonHop } from './services';

interface Hop {
  role: string;
  traceId?: string;
  runId?: string;
  customerId?: string;
  sectionPath?: string[];
  requestId?: string;
  userBaggage?: Record<string, string>;
  baggage?: Record<string, string>;
  headers?: Record<string, string>;
}

const CUSTOMER = 'acme corp/ü + x;y=z,w';
const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SERVER = 1;
const CLIENT = 2;

async function ask(app: RunningService, headers: Record<string, string>): Promise<{ requestId: string | null; hops: Hop[] }> {
  const res = await fetch(`${app.url}/ask`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ customer: CUSTOMER }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { hops: Hop[] };
  return { requestId: res.headers.get('x-request-id'), hops: body.hops };
}

function byName(spans: ReportedSpan[], name: string, kind?: number): ReportedSpan {
  const found = spans.filter((s) => s.name === name && (kind === undefined || s.kind === kind));
  expect(found).toHaveLength(1);
  return found[0]!;
}

describe('three Node processes: app → gateway → leaf', () => {
  let leaf: RunningService, gateway: RunningService, app: RunningService;

  beforeAll(async () => {
    leaf = await startNodeService('leaf');
    gateway = await startNodeService('gateway', leaf.url);
    app = await startNodeService('app', gateway.url);
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), gateway?.stop(), leaf?.stop()]);
  });

  it('carries one trace, run, customer, section path and request id to every hop', async () => {
    const { requestId, hops } = await ask(app, { 'x-request-id': 'req-e2e-1', baggage: 'team=blue%20green' });
    expect(requestId).toBe('req-e2e-1');
    expect(hops.map((h) => h.role)).toEqual(['app', 'gateway', 'leaf']);
    const runId = hops[0]!.runId!;
    expect(runId).toMatch(UUID_V7);
    const traceId = hops[0]!.traceId!;
    for (const h of hops) {
      expect(h.traceId).toBe(traceId);
      expect(h.runId).toBe(runId);
      expect(h.customerId).toBe(CUSTOMER);
      expect(h.requestId).toBe('req-e2e-1');
      expect(h.userBaggage).toEqual({ team: 'blue green' });
    }
    expect(hops[0]!.sectionPath).toEqual(['agent:research', 'step:planning']);
    expect(hops[1]!.sectionPath).toEqual(['agent:research', 'step:planning', 'tool:llm-gateway']);
    expect(hops[2]!.sectionPath).toEqual(['agent:research', 'step:planning', 'tool:llm-gateway']);
    const leafHeaders = hops[2]!.headers!;
    expect(leafHeaders['x-llmobserve-run-id']).toBe(runId);
    expect(leafHeaders['x-llmobserve-section']).toBe('tool:llm-gateway');
    expect(leafHeaders['x-request-id']).toBe('req-e2e-1');
    expect(leafHeaders.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-03$`));
  });

  it('links the spans parent → child across the three processes', async () => {
    await ask(app, { 'x-request-id': 'req-e2e-2' });
    await Promise.all([app.stop(), gateway.stop(), leaf.stop()]);
    const all = [...app.spans, ...gateway.spans, ...leaf.spans];
    // requestIdMiddleware marks the server span with the request id: find this request's trace.
    const traceId = all.find((s) => s.service === 'app' && s.attributes?.['llmobserve.request_id'] === 'req-e2e-2')?.traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const spans = all.filter((s) => s.traceId === traceId);
    const appServer = byName(spans.filter((s) => s.service === 'app'), 'POST', SERVER);
    const agent = byName(spans, 'agent:research');
    const step = byName(spans, 'step:planning');
    const fetchClient = byName(spans.filter((s) => s.service === 'app'), 'POST', CLIENT);
    const gwServer = byName(spans.filter((s) => s.service === 'gateway'), 'POST', SERVER);
    const tool = byName(spans, 'tool:llm-gateway');
    const httpClient = byName(spans.filter((s) => s.service === 'gateway'), 'POST', CLIENT);
    const leafServer = byName(spans.filter((s) => s.service === 'leaf'), 'POST', SERVER);
    expect(appServer.parentSpanId ?? undefined).toBeUndefined();
    expect(agent.parentSpanId).toBe(appServer.spanId);
    expect(step.parentSpanId).toBe(agent.spanId);
    expect(fetchClient.parentSpanId).toBe(step.spanId);
    expect(gwServer.parentSpanId).toBe(fetchClient.spanId);
    expect(tool.parentSpanId).toBe(gwServer.spanId);
    expect(httpClient.parentSpanId).toBe(tool.spanId);
    expect(leafServer.parentSpanId).toBe(httpClient.spanId);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
  });
});

describe('TypeScript → Python (W3C only) → TypeScript', () => {
  let leaf: RunningService, python: RunningService, app: RunningService;

  beforeAll(async () => {
    leaf = await startNodeService('leaf');
    python = await startPythonHop(leaf.url);
    app = await startNodeService('app', python.url);
  });
  afterAll(async () => {
    await Promise.all([app?.stop(), python?.stop(), leaf?.stop()]);
  });

  it('keeps trace, baggage and the LLMObserve values byte-exact through the Python hop', async () => {
    const { hops } = await ask(app, { 'x-request-id': 'req-py-1', baggage: 'team=blue%20green,plus=a%2Bb' });
    expect(hops.map((h) => h.role)).toEqual(['app', 'python', 'leaf']);
    const [first, py, last] = hops as [Hop, Hop, Hop];
    // Python saw our values as ordinary W3C baggage, decoded correctly.
    expect(py.baggage).toMatchObject({
      'llmobserve.run_id': first.runId,
      'llmobserve.customer_id': CUSTOMER,
      'llmobserve.section_path': 'agent:research/step:planning',
      'llmobserve.request_id': 'req-py-1',
      team: 'blue green',
    });
    // Python forwarded only W3C headers; the leaf rebuilt everything from them.
    expect(Object.keys(last.headers!).filter((h) => h.startsWith('x-llmobserve-'))).toEqual([]);
    expect(last.traceId).toBe(first.traceId);
    expect(last.runId).toBe(first.runId);
    expect(last.customerId).toBe(CUSTOMER);
    expect(last.sectionPath).toEqual(['agent:research', 'step:planning']);
    expect(last.requestId).toBe('req-py-1');
    // User baggage: Python re-encodes the space as '+', which W3C reads literally — the
    // upstream Python bug; our own entries are immune to it (see the codec).
    expect(last.userBaggage).toEqual({ team: 'blue+green', plus: 'a+b' });
  });

  it('keeps the parent/child chain through the Python span', async () => {
    await ask(app, { 'x-request-id': 'req-py-2' });
    await Promise.all([app.stop(), leaf.stop()]);
    await new Promise((r) => setTimeout(r, 200));
    const pySpan = python.spans.at(-1)!;
    const appClient = app.spans.find((s) => s.kind === CLIENT && s.spanId === pySpan.parentSpanId);
    expect(appClient).toBeDefined();
    const leafServer = leaf.spans.find((s) => s.kind === SERVER && s.traceId === pySpan.traceId);
    expect(leafServer?.parentSpanId).toBe(pySpan.spanId);
    expect(appClient!.traceId).toBe(pySpan.traceId);
  });
});
