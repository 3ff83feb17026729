import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getCustomerId, getRunId, getSectionPath, withCustomer, withRequestId, withRun, withSection } from '@llmobserve/context';
import { contextFrom, exportContext, importContext } from '@llmobserve/propagator';

const FIXTURE = join(__dirname, 'fixtures', 'import-and-report.js');
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(new InMemorySpanExporter())] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

interface Seen {
  traceId?: string;
  spanId?: string;
  runId?: string;
  customerId?: string;
  sectionPath: string[];
  requestId?: string;
  baggage: Record<string, string>;
}

function inScope<T>(fn: (expected: { traceId: string; spanId: string }) => T): T {
  const bag = propagation.createBaggage({ 'user.plan': { value: 'pro tier' } });
  return context.with(propagation.setBaggage(context.active(), bag), () =>
    withRun('run 7', () =>
      withCustomer('customer/ü', () =>
        withRequestId('req-7', () =>
          withSection('agent:research', () =>
            withSection('step:plan', () => {
              const sc = trace.getActiveSpan()!.spanContext();
              return fn({ traceId: sc.traceId, spanId: sc.spanId });
            }),
          ),
        ),
      ),
    ),
  );
}

function expectSame(seen: Seen, expected: { traceId: string; spanId: string }): void {
  expect(seen).toEqual({
    traceId: expected.traceId,
    spanId: expected.spanId,
    runId: 'run 7',
    customerId: 'customer/ü',
    sectionPath: ['agent:research', 'step:plan'],
    requestId: 'req-7',
    baggage: { 'user.plan': 'pro tier' },
  });
}

describe('exportContext / importContext', () => {
  it('makes a small JSON-safe object', () => {
    inScope(() => {
      const carrier = exportContext();
      expect(JSON.parse(JSON.stringify(carrier))).toEqual(carrier);
      expect(Object.keys(carrier).sort()).toEqual([
        'baggage', 'traceparent', 'x-llmobserve-customer-id', 'x-llmobserve-parent-span-id', 'x-llmobserve-run-id',
        'x-llmobserve-section', 'x-llmobserve-section-path', 'x-llmobserve-span-id', 'x-request-id',
      ]);
      expect(JSON.stringify(carrier).length).toBeLessThan(1024);
    });
  });

  it('restores everything across setImmediate and timers in the same process', async () => {
    const { carrier, expected } = inScope((expected) => ({ carrier: exportContext(), expected }));
    await new Promise((r) => setTimeout(r, 1));
    expect(getRunId()).toBeUndefined();
    await importContext(carrier, async () => {
      await new Promise((r) => setImmediate(r));
      expect(getRunId()).toBe('run 7');
      expect(getCustomerId()).toBe('customer/ü');
      expect(getSectionPath()).toEqual(['agent:research', 'step:plan']);
      expect(trace.getSpanContext(context.active())?.spanId).toBe(expected.spanId);
      // A span started here continues the trace under the exported span.
      withSection('tool:search', () => {
        expect(trace.getActiveSpan()!.spanContext().traceId).toBe(expected.traceId);
      });
    });
  });

  it('crosses worker_threads via postMessage', async () => {
    const { carrier, expected } = inScope((expected) => ({ carrier: exportContext(), expected }));
    const worker = new Worker(FIXTURE);
    try {
      const seen = await new Promise<Seen>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.postMessage(carrier);
      });
      expectSame(seen, expected);
    } finally {
      await worker.terminate();
    }
  });

  it('crosses a child process via IPC', async () => {
    const { carrier, expected } = inScope((expected) => ({ carrier: exportContext(), expected }));
    const child = fork(FIXTURE, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const seen = await new Promise<Seen>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Seen));
      child.once('error', reject);
      child.send(carrier);
    });
    await new Promise((r) => child.once('exit', r));
    expectSame(seen, expected);
  });

  it.each([[null], [undefined], ['traceparent'], [42], [['a']], [{ traceparent: 7, 'x-llmobserve-run-id': { x: 1 } }]])(
    'restores nothing from a bad carrier %j and still runs fn',
    (bad) => {
      expect(importContext(bad, () => getRunId() ?? 'ran')).toBe('ran');
    },
  );

  it('accepts header names in any case', () => {
    expect(getRunId(contextFrom({ 'X-LLMObserve-Run-ID': 'r-case' }))).toBe('r-case');
  });
});
