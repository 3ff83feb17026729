import type { ApiOperationSpec, EndpointTable } from './endpointTable';
import { loadEndpointTable } from './endpointTable';
import type { CustomEndpoint, EndpointMatch, ProviderRegistryOptions, WireFormat } from './types';

interface Leaf {
  provider: string;
  operation: string;
  wireFormat: WireFormat;
  schema: string;
  /** Path segments of the base path, so the match can report the base URL actually used. */
  baseSegments: number;
  methods: ReadonlySet<string>;
  streamUsage?: 'opt-in' | 'always';
}

interface PathNode {
  lit?: Map<string, PathNode>;
  param?: PathNode;
  paramIsModel?: boolean;
  /** `{name}:action` segments, by action. */
  actions?: Map<string, PathNode>;
  actionIsModel?: boolean;
  leaf?: Leaf;
}

interface HostNode {
  lit?: Map<string, HostNode>;
  any?: HostNode;
  /** `*-suffix` labels: the suffix (with its dash) and the node it leads to. */
  dashSuffixes?: Array<[string, HostNode]>;
  paths?: PathNode;
}

interface Upstream {
  prefix: string;
  baseUrl: string;
  provider: string;
}

const DEFAULT_METHODS: ReadonlySet<string> = new Set(['POST']);
const MAX_HOST_CACHE = 1024;
/** Answers remembered by {@link ProviderRegistry.match} (per method, by URL without its query); emptied when full. */
const MAX_MATCH_CACHE = 4096;
/** Longer URLs are not remembered: the memo must stay small. */
const MAX_MATCH_KEY = 512;

function isPlaceholder(seg: string): boolean {
  return seg.charCodeAt(0) === 123 /* { */;
}

function insertPath(root: PathNode, segments: string[], leaf: Leaf): void {
  let node = root;
  for (const seg of segments) {
    if (isPlaceholder(seg)) {
      const colon = seg.indexOf(':');
      const name = colon < 0 ? seg.slice(1, -1) : seg.slice(1, colon - 1);
      if (colon >= 0) {
        const action = seg.slice(colon + 1);
        node.actions ??= new Map();
        let next = node.actions.get(action);
        if (next === undefined) node.actions.set(action, (next = {}));
        node.actionIsModel = name === 'model';
        node = next;
      } else {
        node.param ??= {};
        node.paramIsModel = name === 'model';
        node = node.param;
      }
    } else {
      node.lit ??= new Map();
      let next = node.lit.get(seg);
      if (next === undefined) node.lit.set(seg, (next = {}));
      node = next;
    }
  }
  // First registration wins: custom endpoints are kept in their own map, so built-ins never shadow them.
  node.leaf ??= leaf;
}

function splitPath(path: string): string[] {
  if (path === '' || path === '/') return [];
  const segs = path.split('/');
  if (segs[0] === '') segs.shift();
  if (segs.length > 0 && segs[segs.length - 1] === '') segs.pop();
  return segs;
}

interface MatchCtx {
  model?: string;
  method?: string;
}

function methodAllowed(leaf: Leaf, method: string | undefined): boolean {
  if (method === undefined) return true;
  return leaf.methods.has(method) || leaf.methods.has(method.toUpperCase());
}

function matchPath(node: PathNode, segs: string[], i: number, ctx: MatchCtx): Leaf | undefined {
  if (i === segs.length) return node.leaf !== undefined && methodAllowed(node.leaf, ctx.method) ? node.leaf : undefined;
  const seg = segs[i];
  const lit = node.lit?.get(seg);
  if (lit !== undefined) {
    const r = matchPath(lit, segs, i + 1, ctx);
    if (r !== undefined) return r;
  }
  if (node.actions !== undefined) {
    const colon = seg.lastIndexOf(':');
    if (colon > 0) {
      const next = node.actions.get(seg.slice(colon + 1));
      if (next !== undefined) {
        const r = matchPath(next, segs, i + 1, ctx);
        if (r !== undefined) {
          if (node.actionIsModel === true) ctx.model ??= seg.slice(0, colon);
          return r;
        }
      }
    }
  }
  if (node.param !== undefined && seg.length > 0) {
    const r = matchPath(node.param, segs, i + 1, ctx);
    if (r !== undefined) {
      if (node.paramIsModel === true) ctx.model ??= seg;
      return r;
    }
  }
  return undefined;
}

function insertHost(root: HostNode, pattern: string): HostNode {
  const labels = pattern.split('.');
  let node = root;
  for (let i = labels.length - 1; i >= 0; i--) {
    const label = labels[i];
    if (isPlaceholder(label)) {
      node = node.any ??= {};
    } else if (label.startsWith('*-')) {
      const suffix = label.slice(1);
      node.dashSuffixes ??= [];
      let entry = node.dashSuffixes.find((e) => e[0] === suffix);
      if (entry === undefined) node.dashSuffixes.push((entry = [suffix, {}]));
      node = entry[1];
    } else {
      node.lit ??= new Map();
      let next = node.lit.get(label);
      if (next === undefined) node.lit.set(label, (next = {}));
      node = next;
    }
  }
  return node;
}

function matchHost(node: HostNode, labels: string[], i: number): PathNode | undefined {
  if (i < 0) return node.paths;
  const label = labels[i];
  const lit = node.lit?.get(label);
  if (lit !== undefined) {
    const r = matchHost(lit, labels, i - 1);
    if (r !== undefined) return r;
  }
  if (node.dashSuffixes !== undefined) {
    for (const [suffix, next] of node.dashSuffixes) {
      if (label.length > suffix.length && label.endsWith(suffix)) {
        const r = matchHost(next, labels, i - 1);
        if (r !== undefined) return r;
      }
    }
  }
  if (node.any !== undefined && label.length > 0) return matchHost(node.any, labels, i - 1);
  return undefined;
}

interface ParsedUrl {
  scheme: string;
  /** Lower-case host with a non-default port (`localhost:11434`). */
  host: string;
  /** Lower-case host without port. */
  hostname: string;
  path: string;
}

function parseUrl(url: string | URL): ParsedUrl | undefined {
  if (typeof url !== 'string') {
    return { scheme: url.protocol.slice(0, -1), host: url.host, hostname: url.hostname, path: url.pathname };
  }
  const sep = url.indexOf('://');
  if (sep <= 0) return undefined;
  const scheme = url.slice(0, sep).toLowerCase();
  let end = sep + 3;
  while (end < url.length) {
    const c = url.charCodeAt(end);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) break;
    end++;
  }
  let authority = url.slice(sep + 3, end).toLowerCase();
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  if ((scheme === 'https' && authority.endsWith(':443')) || (scheme === 'http' && authority.endsWith(':80'))) {
    authority = authority.slice(0, authority.lastIndexOf(':'));
  }
  let pathEnd = end;
  while (pathEnd < url.length) {
    const c = url.charCodeAt(pathEnd);
    if (c === 63 || c === 35) break;
    pathEnd++;
  }
  const colon = authority.lastIndexOf(':');
  const hostname = colon > 0 && authority.indexOf(']') < colon ? authority.slice(0, colon) : authority;
  return { scheme, host: authority, hostname, path: url.slice(end, pathEnd) };
}

function decodeModel(raw: string): string {
  if (raw.indexOf('%') < 0) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function fail(field: string, message: string, value: unknown): never {
  throw new Error(`ProviderRegistry: ${field}: ${message}, got ${JSON.stringify(value)}`);
}

/**
 * Recognises provider API calls by URL, from the endpoint table in `data/endpoints.json` plus
 * user-added base URLs. The table is compiled once into a reversed host-label trie and per-host
 * path tries, so {@link ProviderRegistry.match} costs a URL split and a few map lookups.
 */
export class ProviderRegistry {
  private readonly hostRoot: HostNode = {};
  private readonly custom = new Map<string, PathNode>();
  private readonly hostCache = new Map<string, PathNode | null>();
  private readonly matchCache = new Map<string | undefined, Map<string, EndpointMatch | null>>();
  private matchCacheSize = 0;
  private readonly upstreamList: Upstream[] = [];

  /**
   * @param options.customEndpoints self-hosted or gateway base URLs (vLLM, Ollama, LiteLLM).
   * @throws Error naming the field and value when a custom endpoint is malformed.
   */
  constructor(options: ProviderRegistryOptions = {}) {
    const table = loadEndpointTable();
    const custom = options.customEndpoints;
    if (custom !== undefined && !Array.isArray(custom)) fail('customEndpoints', 'must be an array', custom);
    const prefixes = new Set<string>();
    (custom ?? []).forEach((ep, i) => this.addCustom(table, ep, i, prefixes));
    for (const p of table.providers) {
      for (const hostPattern of p.hosts) {
        const hostNode = insertHost(this.hostRoot, hostPattern);
        hostNode.paths ??= {};
        this.addApis(table, hostNode.paths, p.id, p.basePaths, p.apis, p.streamUsage);
      }
      if (p.proxy !== undefined && !prefixes.has(p.proxy.prefix)) {
        prefixes.add(p.proxy.prefix);
        this.upstreamList.push({ prefix: p.proxy.prefix, baseUrl: p.proxy.baseUrl, provider: p.id });
      }
    }
  }

  private addApis(
    table: EndpointTable,
    root: PathNode,
    provider: string,
    basePaths: string[],
    apis: string[],
    streamUsage: 'opt-in' | 'always' | undefined,
  ): void {
    for (const base of basePaths) {
      const baseSegs = splitPath(base);
      for (const api of apis) {
        for (const op of table.apis[api] as ApiOperationSpec[]) {
          insertPath(root, [...baseSegs, ...splitPath(op.path)], {
            provider,
            operation: op.operation,
            wireFormat: op.wireFormat,
            schema: op.schema,
            baseSegments: baseSegs.length,
            methods: op.methods !== undefined ? new Set(op.methods) : DEFAULT_METHODS,
            streamUsage: api === 'openai' ? (streamUsage ?? 'opt-in') : undefined,
          });
        }
      }
    }
  }

  private addCustom(table: EndpointTable, ep: CustomEndpoint, i: number, prefixes: Set<string>): void {
    const w = `customEndpoints[${i}]`;
    if (typeof ep !== 'object' || ep === null) fail(w, 'must be an object', ep);
    if (typeof ep.provider !== 'string' || ep.provider.trim() === '') fail(`${w}.provider`, 'must be a non-empty string', ep.provider);
    if (ep.compatibleWith !== undefined && ep.compatibleWith !== 'openai' && ep.compatibleWith !== 'anthropic') {
      fail(`${w}.compatibleWith`, "must be 'openai' or 'anthropic'", ep.compatibleWith);
    }
    let url: URL;
    try {
      url = new URL(String(ep.baseUrl));
    } catch {
      fail(`${w}.baseUrl`, 'must be an absolute http(s) URL such as http://localhost:11434/v1', ep.baseUrl);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') fail(`${w}.baseUrl`, 'must use http or https', ep.baseUrl);
    if (url.search !== '' || url.hash !== '') fail(`${w}.baseUrl`, 'must not have a query or fragment', ep.baseUrl);
    const builtin = table.providers.find((p) => p.id === ep.provider);
    const apis = ep.compatibleWith !== undefined ? [ep.compatibleWith] : builtin !== undefined ? builtin.apis : ['openai'];
    let root = this.custom.get(url.host);
    if (root === undefined) this.custom.set(url.host, (root = {}));
    const base = url.pathname.replace(/\/+$/, '');
    this.addApis(table, root, ep.provider, [base], apis, builtin?.streamUsage);
    const prefix = ep.provider.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
    if (!prefixes.has(prefix)) {
      prefixes.add(prefix);
      this.upstreamList.push({ prefix, baseUrl: `${url.protocol}//${url.host}${base}`, provider: ep.provider });
    }
  }

  private pathsFor(host: string, hostname: string): PathNode | undefined {
    const custom = this.custom.get(host);
    if (custom !== undefined) return custom;
    const hit = this.hostCache.get(hostname);
    if (hit !== undefined) return hit ?? undefined;
    const labels = hostname.split('.');
    const found = matchHost(this.hostRoot, labels, labels.length - 1);
    if (this.hostCache.size < MAX_HOST_CACHE) this.hostCache.set(hostname, found ?? null);
    return found;
  }

  /**
   * Identifies the provider call a URL belongs to. Never throws; returns `undefined` for any URL that
   * is not a known provider endpoint (or whose method the endpoint does not use for billed calls).
   * Answers for string URLs are remembered (a client calls the same few endpoints again and again), so
   * the returned object is shared and frozen.
   */
  match(url: string | URL, method?: string): Readonly<EndpointMatch> | undefined {
    if (typeof url !== 'string') return this.compute(url, method);
    // The query and fragment never change the answer, and may hold secrets: they are not part of the key.
    let end = url.indexOf('?');
    if (end < 0) end = url.indexOf('#');
    const key = end < 0 ? url : url.slice(0, end);
    if (key.length > MAX_MATCH_KEY) return this.compute(url, method);
    let memo = this.matchCache.get(method);
    const hit = memo?.get(key);
    if (hit !== undefined) return hit ?? undefined;
    const m = this.compute(url, method);
    if (this.matchCacheSize >= MAX_MATCH_CACHE) {
      this.matchCache.clear();
      this.matchCacheSize = 0;
      memo = undefined;
    }
    if (memo === undefined) this.matchCache.set(method, (memo = new Map()));
    memo.set(key, m ?? null);
    this.matchCacheSize++;
    return m;
  }

  private compute(url: string | URL, method: string | undefined): EndpointMatch | undefined {
    try {
      const u = parseUrl(url);
      if (u === undefined) return undefined;
      const paths = this.pathsFor(u.host, u.hostname);
      if (paths === undefined) return undefined;
      const segs = splitPath(u.path);
      const ctx: MatchCtx = { method };
      let leaf = matchPath(paths, segs, 0, ctx);
      if (leaf === undefined && this.custom.has(u.host)) {
        // A custom host shadows nothing: fall back to the built-in table for the same host.
        const labels = u.hostname.split('.');
        const builtin = matchHost(this.hostRoot, labels, labels.length - 1);
        if (builtin !== undefined) leaf = matchPath(builtin, segs, 0, ctx);
      }
      if (leaf === undefined) return undefined;
      let basePath = '';
      for (let i = 0; i < leaf.baseSegments; i++) basePath += '/' + segs[i];
      const m: EndpointMatch = {
        provider: leaf.provider,
        operation: leaf.operation,
        wireFormat: leaf.wireFormat,
        baseUrl: `${u.scheme}://${u.host}${basePath}`,
        schema: leaf.schema,
      };
      if (ctx.model !== undefined) m.model = decodeModel(ctx.model);
      if (leaf.streamUsage !== undefined) m.streamUsage = leaf.streamUsage;
      return Object.freeze(m);
    } catch {
      return undefined;
    }
  }

  /** Upstreams for the proxy's `/<prefix>/...` routing: custom endpoints first, then built-in fixed-host providers. */
  upstreams(): Array<{ prefix: string; baseUrl: string; provider: string }> {
    return this.upstreamList.map((u) => ({ ...u }));
  }
}
