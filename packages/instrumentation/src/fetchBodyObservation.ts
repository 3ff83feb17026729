import Module from 'node:module';
import { diag } from '@opentelemetry/api';
import { BODY_CHUNK_CHANNEL_SINCE } from './constants';
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
  getGlobalDispatcher(): unknown;
  setGlobalDispatcher(d: object): void;
}

type GetBuiltin = (id: string) => unknown;

/**
 * Loads npm undici in the process's main realm, where Node's own `fetch` reads
 * its dispatcher (under a test runner's sandbox, `node:module` may be a stand-in
 * whose `require` loads into the sandbox instead).
 */
function loadUndici(): UndiciModule {
  const getBuiltin = (process as { getBuiltinModule?: GetBuiltin }).getBuiltinModule;
  const mod = (typeof getBuiltin === 'function' ? getBuiltin('node:module') : undefined) as typeof import('node:module') | undefined;
  return (mod ?? Module).createRequire(__filename)('undici') as UndiciModule;
}

/**
 * Makes global `fetch`'s response body chunks observable through the
 * `undici:request:bodyChunkReceived` diagnostics channel.
 *
 * Why this mechanism: Node 24's bundled undici (7.x) publishes that channel
 * itself; Node 20's (6.x) publishes none. npm `undici` ≥ 7.11 does, and its
 * global dispatcher lives in the slot that Node's own `fetch` reads (loading
 * it fills the slot when empty), so on Node 20 fetch then runs through npm
 * undici's `Agent` and every request publishes the channel. A channel
 * subscriber sees each chunk as undici hands it to fetch, without sitting in
 * the handler chain: it cannot delay, reorder or alter bytes, and it also sees
 * requests made with an explicit `dispatcher` (which a global-dispatcher
 * interceptor would miss).
 *
 * A dispatcher that is not from npm undici (set by the application, or the
 * bundled one, created by a `fetch` made before this call) is left alone and
 * reported as `foreign`.
 *
 * @param bundledVersion the runtime's bundled undici version (`process.versions.undici`)
 * @param load loads npm `undici` (injectable for tests)
 */
export function ensureFetchBodyObservation(
  bundledVersion: string | undefined = process.versions.undici,
  load: () => UndiciModule = loadUndici,
): FetchBodyObservation {
  if (publishesBodyChunks(bundledVersion)) return 'native';
  let undici: UndiciModule;
  try {
    undici = load();
  } catch (err) {
    diag.warn(`llmobserve: npm undici could not be loaded (${String(err)}); fetch response bodies are not observed on Node ${process.version}`);
    return 'unavailable';
  }
  let current = undici.getGlobalDispatcher();
  if (current === undefined) {
    undici.setGlobalDispatcher(new undici.Agent());
    current = undici.getGlobalDispatcher();
  }
  if (current instanceof undici.Dispatcher) return 'npm-undici';
  diag.warn(
    'llmobserve: global fetch already has a dispatcher that is not from npm undici 7 ' +
      '(set by the application, or by a fetch made before the instrumentation was enabled); ' +
      `fetch response bodies may not be observed on Node ${process.version}. Enable the instrumentation before the first fetch.`,
  );
  return 'foreign';
}
