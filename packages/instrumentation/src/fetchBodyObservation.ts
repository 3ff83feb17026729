import { createRequire } from 'node:module';
import { diag } from '@opentelemetry/api';
import { BODY_CHUNK_CHANNEL_SINCE, GLOBAL_DISPATCHER_SYMBOL } from './constants';
import type { FetchBodyObservation } from './types';

/** Whether an undici version string publishes `undici:request:bodyChunkReceived`. */
export function publishesBodyChunks(version: string | undefined): boolean {
  if (version === undefined) return false;
  const [major, minor] = version.split('.').map((n) => Number.parseInt(n, 10));
  if (!Number.isFinite(major) || !Number.isFinite(minor)) return false;
  const [wantMajor, wantMinor] = BODY_CHUNK_CHANNEL_SINCE;
  return major > wantMajor || (major === wantMajor && minor >= wantMinor);
}

interface UndiciModule {
  Agent: new () => object;
  Dispatcher: abstract new (...args: never[]) => object;
  setGlobalDispatcher(d: object): void;
}

type GlobalWithDispatcher = typeof globalThis & { [GLOBAL_DISPATCHER_SYMBOL]?: unknown };

/**
 * Makes global `fetch`'s response body chunks observable through the
 * `undici:request:bodyChunkReceived` diagnostics channel.
 *
 * Why this mechanism: Node 24's bundled undici (7.x) publishes that channel
 * itself; Node 20's (6.x) publishes none. npm `undici` ≥ 7.11 does, and its
 * `setGlobalDispatcher` writes the global slot that Node's own `fetch` reads,
 * so on Node 20 fetch then runs through npm undici's `Agent` and every request
 * publishes the channel. A channel subscriber sees each chunk as undici hands
 * it to fetch, without sitting in the handler chain: it cannot delay,
 * reorder or alter bytes, and it also sees requests made with an explicit
 * `dispatcher` (where a global-dispatcher interceptor would not).
 *
 * The slot is only written when it is empty: a dispatcher the application
 * installed (or the bundled one, created by a `fetch` made before this call)
 * is left alone and reported as `foreign`.
 *
 * @param bundledVersion the runtime's bundled undici version (`process.versions.undici`)
 * @param load loads npm `undici` (injectable for tests)
 */
export function ensureFetchBodyObservation(
  bundledVersion: string | undefined = process.versions.undici,
  load: () => UndiciModule = () => createRequire(__filename)('undici') as UndiciModule,
): FetchBodyObservation {
  if (publishesBodyChunks(bundledVersion)) return 'native';
  const g = globalThis as GlobalWithDispatcher;
  const before = g[GLOBAL_DISPATCHER_SYMBOL];
  let undici: UndiciModule;
  try {
    undici = load();
  } catch (err) {
    diag.warn(`llmobserve: npm undici could not be loaded (${String(err)}); fetch response bodies are not observed on Node ${process.version}`);
    return 'unavailable';
  }
  if (before === undefined) {
    // Loading npm undici 7 already fills an empty slot; make sure of it.
    if (g[GLOBAL_DISPATCHER_SYMBOL] === undefined) undici.setGlobalDispatcher(new undici.Agent());
    return 'installed';
  }
  if (before instanceof undici.Dispatcher) return 'existing';
  diag.warn(
    'llmobserve: global fetch already has a dispatcher that is not from npm undici 7 ' +
      '(set by the application, or by a fetch made before the instrumentation was enabled); ' +
      `fetch response bodies may not be observed on Node ${process.version}. Enable the instrumentation before the first fetch.`,
  );
  return 'foreign';
}
