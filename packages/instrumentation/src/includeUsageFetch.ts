import { addIncludeUsage, type ProviderRegistry } from '@llmobserve/providers';
import { diag } from '@opentelemetry/api';

type Fetch = typeof globalThis.fetch;

const WRAPPED = Symbol('llmobserve.includeUsageFetch');

interface WrappedFetch extends Fetch {
  [WRAPPED]?: Fetch;
}

function urlOf(input: Parameters<Fetch>[0]): string | undefined {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return typeof (input as { url?: unknown }).url === 'string' ? (input as { url: string }).url : undefined;
}

/**
 * Wraps global `fetch` so that OpenAI-style streaming requests with a string
 * body get `stream_options.include_usage: true` (the `includeUsage` option).
 * It must happen here, before fetch turns the body into a stream and computes
 * its length; by the time undici sees the request, the body is a stream.
 * Only string bodies of recognised provider URLs are touched; everything else
 * passes through as is. SDK clients that captured `fetch` before this ran
 * (e.g. an `OpenAI` client constructed earlier) are not affected.
 */
export function installIncludeUsageFetch(registry: ProviderRegistry): void {
  const current = globalThis.fetch as WrappedFetch | undefined;
  if (typeof current !== 'function' || current[WRAPPED] !== undefined) return;
  const original: Fetch = current;
  const wrapped: WrappedFetch = function fetch(input: Parameters<Fetch>[0], init?: RequestInit): Promise<Response> {
    let next = init;
    try {
      if (init !== undefined && typeof init.body === 'string') {
        const url = urlOf(input);
        const match = url !== undefined ? registry.match(url, init.method ?? 'GET') : undefined;
        const body = match !== undefined ? addIncludeUsage(match, init.body) : undefined;
        if (body !== undefined) next = { ...init, body };
      }
    } catch (err) {
      diag.debug(`llmobserve: includeUsage: ${String(err)}`);
    }
    return original(input, next);
  };
  wrapped[WRAPPED] = original;
  globalThis.fetch = wrapped;
}

/** Restores the `fetch` that {@link installIncludeUsageFetch} wrapped, if it is still the global one. */
export function uninstallIncludeUsageFetch(): void {
  const current = globalThis.fetch as WrappedFetch | undefined;
  const original = current?.[WRAPPED];
  if (original !== undefined) globalThis.fetch = original;
}
