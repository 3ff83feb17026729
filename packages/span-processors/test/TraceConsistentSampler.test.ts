import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  context,
  Context,
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  Sampler as ApiSampler,
  SpanKind,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { InMemorySpanExporter, IdGenerator, Sampler, SamplingDecision, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { setState, withCustomer } from '@llmobserve/context';
import { createPropagator } from '@llmobserve/propagator';
import { TraceConsistentSampler } from '@llmobserve/span-processors';

const ctxWithParent = (traceId: string, sampled: boolean): Context =>
  trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: 'b7ad6b7169203331', traceFlags: sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, isRemote: true });

/** Deterministic pseudo-random hex ids (xorshift), so the kept count is reproducible. */
function seededIds(seed: number): IdGenerator {
  let x = seed >>> 0 || 1;
  const next = (): number => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const hex = (words: number) => Array.from({ length: words }, () => next().toString(16).padStart(8, '0')).join('');
  return { generateTraceId: () => hex(4), generateSpanId: () => hex(2) };
}

describe('TraceConsistentSampler decisions', () => {
  const ids = Array.from({ length: 4000 }, (_, i) => createHash('sha256').update(String(i)).digest('hex').slice(0, 32));
  const decide = (s: Sampler, traceId: string, ctx: Context = ROOT_CONTEXT) => s.shouldSample(ctx, traceId, 'x', SpanKind.SERVER, {}, []).decision;

  it('depends on the trace id only, and keeps about the ratio', () => {
    const s = new TraceConsistentSampler({ ratio: 0.25 });
    const kept = ids.filter((id) => decide(s, id) === SamplingDecision.RECORD_AND_SAMPLED).length;
    expect(kept / ids.length).toBeGreaterThan(0.22);
    expect(kept / ids.length).toBeLessThan(0.28);
    for (const id of ids.slice(0, 200)) {
      expect(decide(new TraceConsistentSampler({ ratio: 0.25 }), id)).toBe(decide(s, id));
      expect(TraceConsistentSampler.isKept(id, 0.25)).toBe(decide(s, id) === SamplingDecision.RECORD_AND_SAMPLED);
    }
  });

  it('is consistent across ratios: a trace kept at p is kept at every larger ratio', () => {
    for (const id of ids) {
      let keptBelow = false;
      for (const p of [0, 0.01, 0.1, 0.25, 0.5, 0.9, 1]) {
        const k = TraceConsistentSampler.isKept(id, p);
        if (keptBelow) expect(k).toBe(true);
        keptBelow = k;
      }
      expect(TraceConsistentSampler.isKept(id, 0)).toBe(false);
      expect(TraceConsistentSampler.isKept(id, 1)).toBe(true);
    }
  });

  it('reads the low 56 bits (the W3C random part) against the threshold', () => {
    expect(TraceConsistentSampler.isKept('ffffffffffffffffff00000000000000', 0.5)).toBe(false);
    expect(TraceConsistentSampler.isKept('000000000000000000ffffffffffffff', 0.5)).toBe(true);
    expect(TraceConsistentSampler.isKept('00000000000000000080000000000000', 0.5)).toBe(true);
    expect(TraceConsistentSampler.isKept('0000000000000000007fffffffffffff', 0.5)).toBe(false);
    expect(TraceConsistentSampler.isKept('not-a-trace-id', 0.99)).toBe(false);
    expect(TraceConsistentSampler.isKept('00000000000000000000000000000000', 0.99)).toBe(false);
  });

  it('follows the parent (ParentBased), or decides from the trace id when parentBased is false', () => {
    const s = new TraceConsistentSampler({ ratio: 0 });
    expect(decide(s, ids[0], ctxWithParent(ids[0], true))).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(decide(s, ids[0], ctxWithParent(ids[0], false))).toBe(SamplingDecision.NOT_RECORD);
    const own = new TraceConsistentSampler({ ratio: 0, parentBased: false });
    expect(decide(own, ids[0], ctxWithParent(ids[0], true))).toBe(SamplingDecision.NOT_RECORD);
  });

  it('applies per-customer ratios from the LLMObserve context', () => {
    const s = new TraceConsistentSampler({ ratio: 0, customerRatios: { acme: 1, ghost: 0 } });
    const acme = setState(ROOT_CONTEXT, { sectionPath: [], customerId: 'acme' });
    const other = setState(ROOT_CONTEXT, { sectionPath: [], customerId: 'other' });
    for (const id of ids.slice(0, 100)) {
      expect(decide(s, id, acme)).toBe(SamplingDecision.RECORD_AND_SAMPLED);
      expect(decide(s, id, other)).toBe(SamplingDecision.NOT_RECORD);
      expect(decide(s, id)).toBe(SamplingDecision.NOT_RECORD);
    }
    expect(s.toString()).toBe('TraceConsistentSampler{ratio=0, customers=2, parentBased=true}');
  });

  it('refuses bad configuration at set-up, naming the field and value', () => {
    expect(() => new TraceConsistentSampler({ ratio: 1.5 })).toThrow(/ratio must be a number from 0 to 1, got 1\.5/);
    expect(() => new TraceConsistentSampler({ ratio: NaN })).toThrow(/ratio must be a number from 0 to 1, got null/);
    expect(() => new TraceConsistentSampler({} as never)).toThrow(/ratio must be a number from 0 to 1/);
    expect(() => new TraceConsistentSampler({ ratio: 0.1, customerRatios: { acme: -1 } })).toThrow(/customerRatios\["acme"\] must be a number from 0 to 1, got -1/);
    expect(() => new TraceConsistentSampler({ ratio: 0.1, customerRatios: [] as never })).toThrow(/customerRatios must be an object/);
    expect(() => new TraceConsistentSampler({ ratio: 0.1, parentBased: 'yes' as never })).toThrow(/parentBased must be a boolean/);
    expect(() => new TraceConsistentSampler({ ratio: 0.1, rate: 1 } as never)).toThrow(/unknown option "rate"/);
    expect(() => new TraceConsistentSampler(null as never)).toThrow(/config must be an object/);
  });
});

/** The seed's approach: hash of the span id, modulo 100. Used to show the harness catches split traces. */
class SpanIdHashSampler implements Sampler {
  private n = 0;
  constructor(private readonly percent: number) {}
  shouldSample(): { decision: SamplingDecision } {
    // The span id is not passed to samplers; the seed hashed an id of its own per span (here: a counter).
    const h = createHash('sha256').update(`span-${this.n++}-${this.percent}`).digest();
    return { decision: h.readUInt32BE(0) % 100 < this.percent ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD };
  }
  toString(): string {
    return 'SpanIdHash';
  }
}

describe('three services over HTTP (127.0.0.1, W3C traceparent via createPropagator)', () => {
  const propagator = createPropagator();
  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  });
  afterAll(() => context.disable());

  interface Service {
    name: string;
    exporter: InMemorySpanExporter;
    provider: NodeTracerProvider;
    server?: http.Server;
    port?: number;
  }

  async function chain(makeSampler: () => Sampler | ApiSampler, traces: number, customer?: string): Promise<{ services: Service[]; traceIds: string[] }> {
    const services: Service[] = ['gateway', 'agent', 'tools'].map((name, i) => {
      const exporter = new InMemorySpanExporter();
      const provider = new NodeTracerProvider({
        sampler: makeSampler() as Sampler,
        spanProcessors: [new SimpleSpanProcessor(exporter)],
        ...(i === 0 ? { idGenerator: seededIds(12345) } : {}),
      });
      return { name, exporter, provider };
    });
    const call = (port: number, ctx: Context): Promise<void> =>
      new Promise((resolve, reject) => {
        const headers: Record<string, string> = {};
        propagator.inject(ctx, headers, defaultTextMapSetter);
        const req = http.request({ host: '127.0.0.1', port, path: '/', method: 'POST', headers }, (res) => {
          res.resume();
          res.on('end', () => resolve());
        });
        req.on('error', reject);
        req.end();
      });
    // tools (leaf) and agent (middle) servers
    for (const idx of [2, 1]) {
      const svc = services[idx];
      const tracer = svc.provider.getTracer(svc.name);
      svc.server = http.createServer((req, res) => {
        const parent = propagator.extract(ROOT_CONTEXT, req.headers, defaultTextMapGetter);
        const span = tracer.startSpan(`${svc.name} handle`, { kind: SpanKind.SERVER }, parent);
        const ctx = trace.setSpan(parent, span);
        const downstream = idx === 1 ? call(services[2].port as number, ctx) : Promise.resolve();
        downstream.then(
          () => {
            span.end();
            res.end('ok');
          },
          (err: unknown) => {
            span.end();
            res.statusCode = 500;
            res.end(String(err));
          },
        );
      });
      await new Promise<void>((r) => svc.server?.listen(0, '127.0.0.1', () => r()));
      svc.port = (svc.server.address() as AddressInfo).port;
    }
    const gwTracer = services[0].provider.getTracer('gateway');
    const traceIds: string[] = [];
    try {
      for (let t = 0; t < traces; t++) {
        const run = async (): Promise<void> => {
          const span = gwTracer.startSpan('gateway request', { kind: SpanKind.SERVER }, context.active());
          traceIds.push(span.spanContext().traceId);
          await call(services[1].port as number, trace.setSpan(context.active(), span));
          span.end();
        };
        await (customer ? withCustomer(customer, run) : run());
      }
    } finally {
      for (const s of services) await new Promise<void>((r) => (s.server ? s.server.close(() => r()) : r()));
    }
    return { services, traceIds };
  }

  /** For each trace: how many of the three services exported a span of it. */
  function coverage(services: Service[], traceIds: string[]): Map<string, number> {
    const out = new Map(traceIds.map((id) => [id, 0]));
    for (const s of services) {
      const seen = new Set(s.exporter.getFinishedSpans().map((sp) => sp.spanContext().traceId));
      for (const id of seen) out.set(id, (out.get(id) ?? 0) + 1);
    }
    return out;
  }

  it.each([true, false])('keeps each trace fully or drops it fully (parentBased %s)', async (parentBased) => {
    const { services, traceIds } = await chain(() => new TraceConsistentSampler({ ratio: 0.3, parentBased }), 200);
    const cov = coverage(services, traceIds);
    expect(cov.size).toBe(200);
    const counts = [...cov.values()];
    expect(counts.filter((c) => c !== 0 && c !== 3)).toEqual([]);
    const kept = counts.filter((c) => c === 3).length;
    expect(kept).toBeGreaterThan(30); // ≈ 60 of 200
    expect(kept).toBeLessThan(100);
    // Every kept trace is a whole chain: one span per service, linked parent → child.
    const keptId = traceIds.find((id) => cov.get(id) === 3) as string;
    const spans = services.map((s) => s.exporter.getFinishedSpans().filter((sp) => sp.spanContext().traceId === keptId));
    expect(spans.map((l) => l.length)).toEqual([1, 1, 1]);
    expect(spans[1][0].parentSpanContext?.spanId).toBe(spans[0][0].spanContext().spanId);
    expect(spans[2][0].parentSpanContext?.spanId).toBe(spans[1][0].spanContext().spanId);
  });

  it('keeps every trace of a customer with a 100 % override, in all three services', async () => {
    const { services, traceIds } = await chain(() => new TraceConsistentSampler({ ratio: 0, customerRatios: { vip: 1 }, parentBased: false }), 30, 'vip');
    expect([...coverage(services, traceIds).values()]).toEqual(new Array(30).fill(3));
    const others = await chain(() => new TraceConsistentSampler({ ratio: 0, customerRatios: { vip: 1 }, parentBased: false }), 30, 'regular');
    expect([...coverage(others.services, others.traceIds).values()]).toEqual(new Array(30).fill(0));
  });

  it('the same harness catches the seed sampler (a hash per span) splitting traces', async () => {
    let seed = 0;
    const { services, traceIds } = await chain(() => new SpanIdHashSampler(50 + seed++), 100);
    const counts = [...coverage(services, traceIds).values()];
    expect(counts.filter((c) => c !== 0 && c !== 3).length).toBeGreaterThan(30);
  });
});
