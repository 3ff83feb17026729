import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  getCustomerId,
  getRequestId,
  getRunId,
  getSection,
  getSectionPath,
  getState,
  setCustomerId,
  setRequestId,
  setRunId,
  withCustomer,
  withRequestId,
  withRun,
  withSection,
} from '@llmobserve/context';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

beforeAll(() => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
});
afterAll(() => context.disable());

describe('run, customer and request id', () => {
  it('is empty outside any helper', () => {
    expect(getRunId()).toBeUndefined();
    expect(getCustomerId()).toBeUndefined();
    expect(getRequestId()).toBeUndefined();
    expect(getSectionPath()).toEqual([]);
    expect(getSection()).toBeUndefined();
  });

  it('withRun generates a UUID v7 when no id is given', () => {
    withRun(undefined, () => expect(getRunId()).toMatch(UUID_V7));
  });

  it('withRun keeps a valid id and replaces an invalid one', () => {
    withRun('run-1', () => expect(getRunId()).toBe('run-1'));
    withRun('bad\nid', () => expect(getRunId()).toMatch(UUID_V7));
  });

  it('withCustomer and withRequestId set their values; invalid ones are ignored', () => {
    withCustomer('acme', () => {
      expect(getCustomerId()).toBe('acme');
      withCustomer('x'.repeat(300), () => expect(getCustomerId()).toBe('acme'));
    });
    withRequestId('req-1', () => {
      expect(getRequestId()).toBe('req-1');
      withRequestId('', () => expect(getRequestId()).toBe('req-1'));
    });
  });

  it('setters return new contexts and leave the old one untouched', () => {
    const a = setRunId(ROOT_CONTEXT, 'r');
    const b = setCustomerId(a, 'c');
    const c = setRequestId(b, 'q');
    expect(getState(ROOT_CONTEXT).runId).toBeUndefined();
    expect(getState(a)).toEqual({ sectionPath: [], runId: 'r' });
    expect(getState(c)).toEqual({ sectionPath: [], runId: 'r', customerId: 'c', requestId: 'q' });
  });

  it('follows awaits, setImmediate, setTimeout and nextTick', async () => {
    await withRun('run-async', () =>
      withCustomer('cust-async', async () => {
        await new Promise((r) => setImmediate(r));
        expect(getRunId()).toBe('run-async');
        await new Promise<void>((r) =>
          setTimeout(() => {
            expect(getCustomerId()).toBe('cust-async');
            r();
          }, 1),
        );
        await new Promise<void>((r) =>
          process.nextTick(() => {
            expect(getRunId()).toBe('run-async');
            r();
          }),
        );
      }),
    );
    expect(getRunId()).toBeUndefined();
  });

  it('200 concurrent tasks with different customers do not bleed into each other', async () => {
    const seen: Array<[number, string | undefined, string | undefined, readonly string[]]> = [];
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        withRun(`run-${i}`, () =>
          withCustomer(`customer-${i}`, () =>
            withSection(`agent:a${i}`, async () => {
              for (let step = 0; step < 5; step++) {
                await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 3)));
                seen.push([i, getRunId(), getCustomerId(), getSectionPath()]);
              }
            }),
          ),
        ),
      ),
    );
    expect(seen).toHaveLength(1000);
    for (const [i, run, customer, path] of seen) {
      expect(run).toBe(`run-${i}`);
      expect(customer).toBe(`customer-${i}`);
      expect(path).toEqual([`agent:a${i}`]);
    }
  });
});
