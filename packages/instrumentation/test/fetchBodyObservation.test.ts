import { diag } from '@opentelemetry/api';
import { ensureFetchBodyObservation, publishesBodyChunks } from '../src/fetchBodyObservation';

it.each([
  ['7.11.0', true],
  ['7.29.1', true],
  ['8.0.0', true],
  ['7.10.9', false],
  ['6.24.1', false],
  ['x.y', false],
  [undefined, false],
])('undici %s publishes body chunks: %s', (v, expected) => {
  expect(publishesBodyChunks(v)).toBe(expected);
});

class Dispatcher {
  readonly kind: string = 'dispatcher';
}
class Agent extends Dispatcher {}

function fakeUndici(initial: unknown): { mod: Parameters<typeof ensureFetchBodyObservation>[1]; slot: () => unknown } {
  let slot = initial;
  return {
    mod: () => ({
      Agent,
      Dispatcher,
      getGlobalDispatcher: () => slot,
      setGlobalDispatcher: (d: object) => {
        slot = d;
      },
    }),
    slot: () => slot,
  };
}

describe('ensureFetchBodyObservation', () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    warn = jest.spyOn(diag, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => warn.mockRestore());

  it('needs nothing when the bundled undici publishes the channel', () => {
    const load = jest.fn();
    expect(ensureFetchBodyObservation('7.29.1', load)).toBe('native');
    expect(load).not.toHaveBeenCalled();
  });

  it('installs an npm undici Agent when the slot is empty', () => {
    const f = fakeUndici(undefined);
    expect(ensureFetchBodyObservation('6.24.1', f.mod)).toBe('npm-undici');
    expect(f.slot()).toBeInstanceOf(Agent);
  });

  it('keeps an npm undici dispatcher that is already global', () => {
    const existing = new Agent();
    const f = fakeUndici(existing);
    expect(ensureFetchBodyObservation('6.24.1', f.mod)).toBe('npm-undici');
    expect(f.slot()).toBe(existing);
  });

  it('leaves a foreign dispatcher alone and warns', () => {
    const foreign = { dispatch() {} };
    const f = fakeUndici(foreign);
    expect(ensureFetchBodyObservation('6.24.1', f.mod)).toBe('foreign');
    expect(f.slot()).toBe(foreign);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Enable the instrumentation before the first fetch'));
  });

  it('reports npm undici that cannot be loaded', () => {
    const load = (): never => {
      throw new Error('Cannot find module');
    };
    expect(ensureFetchBodyObservation('6.24.1', load)).toBe('unavailable');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('npm undici could not be loaded'));
  });

  it('on this runtime, decides without throwing', () => {
    expect(['native', 'npm-undici', 'foreign']).toContain(ensureFetchBodyObservation());
  });
});
