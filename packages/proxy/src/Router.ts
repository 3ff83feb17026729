import type { EndpointMatch, ProviderRegistry } from '@llmobserve/providers';
import { defaultPrefix } from './config';
import type { UpstreamConfig } from './types';

/** Where a request goes. */
export interface RouteTarget {
  /** `https://api.openai.com` — scheme, host and non-default port. */
  origin: string;
  /** Path and query sent upstream. */
  path: string;
  /** How it was routed: a `/<prefix>/` path or the `X-LLMObserve-Target-URL` header. */
  via: 'prefix' | 'target-url';
  /** Provider of the prefix's upstream, when routed by prefix. */
  provider?: string;
  /** Host name (no port) and port, for span attributes. */
  hostname: string;
  port: number;
}

/** Why a request cannot be routed; the proxy answers with `status` and a JSON error. */
export interface RouteRefusal {
  status: 400 | 403 | 404;
  type: 'forbidden_target' | 'bad_target' | 'unknown_route';
  message: string;
  /** The host refused (403). */
  host?: string;
}

interface Upstream {
  origin: string;
  /** Base path without trailing slash ('' for none). */
  basePath: string;
  provider: string;
  hostname: string;
  port: number;
}

function splitBase(baseUrl: string, provider: string): Upstream {
  const u = new URL(baseUrl);
  const basePath = u.pathname.replace(/\/+$/, '');
  return { origin: u.origin, basePath, provider, hostname: u.hostname, port: portOf(u) };
}

function portOf(u: URL): number {
  if (u.port !== '') return Number(u.port);
  return u.protocol === 'https:' ? 443 : 80;
}

/**
 * Decides where each request goes: `/<prefix>/rest` to the prefix's upstream (the providers table plus the
 * configured upstreams), or the `X-LLMObserve-Target-URL` header when its origin is allowed — an origin of
 * the providers table, a configured upstream or `allowedOrigins`, or an `https` URL on the default port that
 * the providers table recognises as a provider endpoint (Azure, Bedrock, Vertex hosts carry a resource or
 * region name). Everything else is refused; routing never follows a redirect.
 */
export class Router {
  private readonly prefixes = new Map<string, Upstream>();
  private readonly allowed = new Set<string>();

  /**
   * @param registry the registry used to recognise provider endpoints (with the configured upstreams added)
   * @param builtin the built-in upstreams (`ProviderRegistry#upstreams()` of a registry without custom endpoints)
   * @param upstreams the configured upstreams, already validated
   * @param allowedOrigins extra allowed origins, already validated
   */
  constructor(
    private readonly registry: ProviderRegistry,
    builtin: ReadonlyArray<{ prefix: string; baseUrl: string; provider: string }>,
    upstreams: readonly UpstreamConfig[],
    allowedOrigins: readonly string[],
  ) {
    for (const b of builtin) {
      const up = splitBase(b.baseUrl, b.provider);
      this.prefixes.set(b.prefix, up);
      this.allowed.add(up.origin);
    }
    for (const c of upstreams) {
      const up = splitBase(c.baseUrl, c.provider);
      this.prefixes.set(c.prefix ?? defaultPrefix(c.provider), up);
      this.allowed.add(up.origin);
    }
    for (const o of allowedOrigins) this.allowed.add(new URL(o).origin);
  }

  /** The `/<prefix>` routes, for the README and `--help`. */
  routes(): Array<{ prefix: string; target: string; provider: string }> {
    return [...this.prefixes].map(([prefix, u]) => ({ prefix, target: u.origin + u.basePath, provider: u.provider }));
  }

  /** Routes one request. `rawUrl` is the request target as received; `targetHeader` the header's value, if any. */
  resolve(rawUrl: string, targetHeader: string | undefined): RouteTarget | RouteRefusal {
    if (targetHeader !== undefined) return this.resolveTarget(targetHeader);
    if (rawUrl.charCodeAt(0) !== 47 /* / */) {
      return { status: 400, type: 'bad_target', message: 'request target must be a path such as /openai/v1/chat/completions' };
    }
    let end = 1;
    while (end < rawUrl.length) {
      const c = rawUrl.charCodeAt(end);
      if (c === 47 /* / */ || c === 63 /* ? */) break;
      end++;
    }
    const up = this.prefixes.get(rawUrl.slice(1, end));
    if (up === undefined) {
      return { status: 404, type: 'unknown_route', message: `no upstream for ${JSON.stringify(rawUrl.slice(0, end).slice(0, 80))}; use /<provider>/... or the X-LLMObserve-Target-URL header` };
    }
    const rest = rawUrl.slice(end);
    const base = up.basePath;
    // `/openai/v1/chat/completions` and `/openai/chat/completions` both reach https://api.openai.com/v1/chat/completions.
    let path: string;
    if (rest === '' || rest.charCodeAt(0) === 63 /* ? */) path = (base === '' ? '/' : base) + rest;
    else if (base === '') path = rest;
    else if (rest.startsWith(base) && (rest.length === base.length || rest.charCodeAt(base.length) === 47 || rest.charCodeAt(base.length) === 63)) path = rest;
    else path = base + rest;
    return { origin: up.origin, path, via: 'prefix', provider: up.provider, hostname: up.hostname, port: up.port };
  }

  private resolveTarget(header: string): RouteTarget | RouteRefusal {
    let url: URL;
    try {
      url = new URL(header);
    } catch {
      return { status: 400, type: 'bad_target', message: 'X-LLMObserve-Target-URL must be an absolute http(s) URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return { status: 400, type: 'bad_target', message: `X-LLMObserve-Target-URL scheme ${JSON.stringify(url.protocol)} is not http or https` };
    }
    if (url.username !== '' || url.password !== '') {
      return { status: 400, type: 'bad_target', message: 'X-LLMObserve-Target-URL must not carry credentials' };
    }
    const origin = url.origin;
    if (!this.allowed.has(origin) && !(url.protocol === 'https:' && url.port === '' && this.registry.match(url) !== undefined)) {
      return {
        status: 403,
        type: 'forbidden_target',
        message: `host ${url.host} is not on the proxy's allowlist (providers table, configured upstreams, allowedOrigins)`,
        host: url.host,
      };
    }
    return { origin, path: url.pathname + url.search, via: 'target-url', hostname: url.hostname, port: portOf(url) };
  }

  /** The provider endpoint a routed request calls, if the providers table knows it. */
  match(target: RouteTarget, method: string): EndpointMatch | undefined {
    return this.registry.match(target.origin + target.path, method);
  }
}

/** True when a routing result is a refusal. */
export function isRefusal(r: RouteTarget | RouteRefusal): r is RouteRefusal {
  return (r as RouteRefusal).status !== undefined;
}
