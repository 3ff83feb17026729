import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getSection, getSectionPath, withRun, withSection, MAX_SECTION_DEPTH } from '@llmobserve/context';

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});
beforeEach(() => exporter.reset());

describe('withSection', () => {
  it('nests sections and spans: agent → step → tool', async () => {
    await withRun('r1', () =>
      withSection('agent:research', async () => {
        expect(getSection()).toBe('agent:research');
        await withSection('step:planning', () =>
          withSection('tool:openai', async () => {
            expect(getSectionPath()).toEqual(['agent:research', 'step:planning', 'tool:openai']);
          }),
        );
        expect(getSectionPath()).toEqual(['agent:research']);
      }),
    );
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => s.name)).toEqual(['tool:openai', 'step:planning', 'agent:research']);
    const [tool, step, agent] = spans;
    expect(tool!.parentSpanContext?.spanId).toBe(step!.spanContext().spanId);
    expect(step!.parentSpanContext?.spanId).toBe(agent!.spanContext().spanId);
    expect(agent!.kind).toBe(SpanKind.INTERNAL);
    expect(tool!.attributes).toMatchObject({
      'llmobserve.section': 'tool:openai',
      'llmobserve.section_path': 'agent:research/step:planning/tool:openai',
      'llmobserve.section_depth': 3,
    });
  });

  it('works for sync functions and returns their value', () => {
    expect(withSection('step:sync', () => 41 + 1)).toBe(42);
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });

  it('marks the span as an error on throw and rethrows the same error', () => {
    const err = new Error('boom');
    expect(() =>
      withSection('step:throws', () => {
        throw err;
      }),
    ).toThrow(err);
    const [span] = exporter.getFinishedSpans();
    expect(span!.status.code).toBe(SpanStatusCode.ERROR);
    expect(span!.events[0]!.name).toBe('exception');
  });

  it('marks the span as an error on rejection and passes the rejection on', async () => {
    await expect(withSection('step:rejects', () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    await new Promise((r) => setImmediate(r));
    const [span] = exporter.getFinishedSpans();
    expect(span!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'nope' });
  });

  it('ends the span only when the promise settles', async () => {
    let release!: () => void;
    const p = withSection('step:slow', () => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setImmediate(r));
    expect(exporter.getFinishedSpans()).toHaveLength(0);
    release();
    await p;
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });

  it('repairs invalid names instead of failing', () => {
    withSection('a/b\nc', () => expect(getSection()).toBe('a_b_c'));
    withSection('', () => expect(getSection()).toBe('section'));
  });

  it('stops growing the path at 32 levels but still makes spans', () => {
    const depth = MAX_SECTION_DEPTH + 3;
    const nest = (n: number): number => (n === 0 ? getSectionPath().length : withSection(`s${n}`, () => nest(n - 1)));
    expect(nest(depth)).toBe(MAX_SECTION_DEPTH);
    expect(exporter.getFinishedSpans()).toHaveLength(depth);
  });

  it('stops growing the path at 1 KiB', () => {
    const long = 'x'.repeat(250);
    const nest = (n: number): number => (n === 0 ? getSectionPath().length : withSection(`${long}${n}`, () => nest(n - 1)));
    expect(nest(6)).toBe(4); // 4 × 251 + 250 > 1024
  });
});
