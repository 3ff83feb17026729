import { readFileSync } from 'node:fs';
import {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_BUFFERED_RESPONSE_BYTES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SHUTDOWN_GRACE_MS,
  DEFAULT_UPSTREAM_BODY_TIMEOUT_MS,
  DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS,
  DEFAULT_UPSTREAM_HEADERS_TIMEOUT_MS,
  DEFAULT_UPSTREAM_KEEP_ALIVE_MS,
} from './constants';
import type { ExporterKind, ProxyConfig, ProxyOptions, UpstreamConfig } from './types';

/** A bad setting: names where it came from, the field, the rule and the value. */
export class ProxyConfigError extends Error {
  override readonly name = 'ProxyConfigError';

  /**
   * @param source the config file or `startProxy options`
   * @param field the dotted field path (`upstreams[0].baseUrl`)
   * @param rule what the value must be
   * @param value the value found
   */
  constructor(
    readonly source: string,
    readonly field: string,
    readonly rule: string,
    readonly value: unknown,
  ) {
    super(`${source}: ${field}: ${rule}, got ${show(value)}`);
  }
}

function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  try {
    const s = JSON.stringify(value);
    return s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(value);
  }
}

const EXPORTERS: ReadonlySet<string> = new Set<ExporterKind>(['console', 'otlp', 'phoenix', 'jaeger', 'tempo', 'none']);

/** Integer fields: name → [min, max]. */
const INTEGER_FIELDS: Readonly<Record<string, readonly [number, number]>> = {
  port: [0, 65535],
  maxBodyBytes: [1, 2 ** 40],
  headersTimeoutMs: [1, 3_600_000],
  requestTimeoutMs: [1, 86_400_000],
  idleTimeoutMs: [1, 86_400_000],
  keepAliveTimeoutMs: [0, 3_600_000],
  upstreamConnectTimeoutMs: [1, 600_000],
  upstreamHeadersTimeoutMs: [1, 86_400_000],
  upstreamBodyTimeoutMs: [1, 86_400_000],
  upstreamKeepAliveMs: [1, 3_600_000],
  upstreamConnections: [0, 65_536],
  maxBufferedResponseBytes: [0, 2 ** 32],
  shutdownGraceMs: [0, 3_600_000],
};

/** Every field a config may hold. */
export const CONFIG_FIELDS: readonly string[] = [
  ...Object.keys(INTEGER_FIELDS),
  'host',
  'upstreams',
  'allowedOrigins',
  'apiKey',
  'apiKeyEnv',
  'costHeaders',
  'exporter',
];

const UPSTREAM_FIELDS: readonly string[] = ['prefix', 'baseUrl', 'provider', 'compatibleWith'];

/** Options only code can pass to startProxy (skipped by the config validator). */
const CODE_ONLY_OPTIONS: ReadonlySet<string> = new Set(['spanExporter', 'spanProcessors', 'tracerProvider', 'computeCost', 'env']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The default prefix of a provider name: lower-case, `a-z 0-9 -` only. */
export function defaultPrefix(provider: string): string {
  return provider.toLowerCase().replace(/[^a-z0-9-]+/g, '-');
}

/** Parses an http(s) origin or base URL; returns undefined when it is not one. */
function parseHttpUrl(raw: unknown): URL | undefined {
  if (typeof raw !== 'string') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  return url;
}

function checkUpstream(source: string, where: string, u: unknown, prefixes: Set<string>): UpstreamConfig {
  if (!isObject(u)) throw new ProxyConfigError(source, where, 'must be an object { baseUrl, provider, prefix?, compatibleWith? }', u);
  for (const k of Object.keys(u)) {
    if (!UPSTREAM_FIELDS.includes(k)) throw new ProxyConfigError(source, `${where}.${k}`, `unknown field (known: ${UPSTREAM_FIELDS.join(', ')})`, u[k]);
  }
  if (typeof u.provider !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(u.provider)) {
    throw new ProxyConfigError(source, `${where}.provider`, 'must be a provider name such as "openai" or "my-vllm" (letters, digits, . _ -)', u.provider);
  }
  if (parseHttpUrl(u.baseUrl) === undefined) {
    throw new ProxyConfigError(source, `${where}.baseUrl`, 'must be an absolute http(s) URL without credentials, query or fragment, such as "http://localhost:11434/v1"', u.baseUrl);
  }
  if (u.compatibleWith !== undefined && u.compatibleWith !== 'openai' && u.compatibleWith !== 'anthropic') {
    throw new ProxyConfigError(source, `${where}.compatibleWith`, 'must be "openai" or "anthropic"', u.compatibleWith);
  }
  if (u.prefix !== undefined && (typeof u.prefix !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(u.prefix))) {
    throw new ProxyConfigError(source, `${where}.prefix`, 'must be one path segment of a-z, 0-9 and -, such as "my-vllm"', u.prefix);
  }
  const prefix = (u.prefix as string | undefined) ?? defaultPrefix(u.provider);
  if (prefixes.has(prefix)) throw new ProxyConfigError(source, `${where}.prefix`, `prefix "${prefix}" is used by an earlier upstream`, u.prefix ?? u.provider);
  prefixes.add(prefix);
  const out: UpstreamConfig = { baseUrl: u.baseUrl as string, provider: u.provider, prefix };
  if (u.compatibleWith !== undefined) out.compatibleWith = u.compatibleWith as 'openai' | 'anthropic';
  return out;
}

/**
 * Checks a proxy config (the parsed JSON file, or {@link startProxy}'s options) and returns it typed.
 * Throws {@link ProxyConfigError} naming the source, the field, the rule and the value.
 *
 * @param value the parsed config
 * @param source where it came from, used in messages (a file name, or `startProxy options`)
 */
export function validateProxyConfig(value: unknown, source = 'proxy config'): ProxyConfig {
  if (!isObject(value)) throw new ProxyConfigError(source, '(root)', 'must be a JSON object', value);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (CODE_ONLY_OPTIONS.has(key) || key === '$schema') continue;
    if (!CONFIG_FIELDS.includes(key)) throw new ProxyConfigError(source, key, `unknown field (known: ${CONFIG_FIELDS.join(', ')})`, v);
    if (v === undefined) continue;
    const range = INTEGER_FIELDS[key];
    if (range !== undefined) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < range[0] || v > range[1]) {
        throw new ProxyConfigError(source, key, `must be an integer from ${range[0]} to ${range[1]}`, v);
      }
      out[key] = v;
      continue;
    }
    switch (key) {
      case 'host':
        if (typeof v !== 'string' || v === '' || /[\s/]/.test(v)) throw new ProxyConfigError(source, key, 'must be an address to bind, such as "127.0.0.1" or "::"', v);
        break;
      case 'upstreams': {
        if (!Array.isArray(v)) throw new ProxyConfigError(source, key, 'must be an array of { baseUrl, provider, prefix?, compatibleWith? }', v);
        const prefixes = new Set<string>();
        out[key] = v.map((u, i) => checkUpstream(source, `upstreams[${i}]`, u, prefixes));
        continue;
      }
      case 'allowedOrigins':
        if (!Array.isArray(v)) throw new ProxyConfigError(source, key, 'must be an array of origins such as "https://gateway.internal:8443"', v);
        v.forEach((o, i) => {
          const url = parseHttpUrl(o);
          if (url === undefined || (url.pathname !== '/' && url.pathname !== '')) {
            throw new ProxyConfigError(source, `${key}[${i}]`, 'must be an http(s) origin (scheme, host, optional port; no path) such as "https://gateway.internal:8443"', o);
          }
        });
        break;
      case 'apiKey':
        if (typeof v !== 'string' || v.length < 16 || !/^[\x21-\x7e]+$/.test(v)) {
          throw new ProxyConfigError(source, key, 'must be at least 16 printable ASCII characters without spaces', v === undefined ? v : '(hidden)');
        }
        break;
      case 'apiKeyEnv':
        if (typeof v !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v)) throw new ProxyConfigError(source, key, 'must be an environment variable name', v);
        break;
      case 'costHeaders':
        if (typeof v !== 'boolean') throw new ProxyConfigError(source, key, 'must be true or false', v);
        break;
      case 'exporter':
        if (typeof v !== 'string' || !EXPORTERS.has(v)) throw new ProxyConfigError(source, key, `must be one of ${[...EXPORTERS].join(', ')}`, v);
        break;
    }
    out[key] = v;
  }
  if (out.apiKey !== undefined && out.apiKeyEnv !== undefined) {
    throw new ProxyConfigError(source, 'apiKeyEnv', 'cannot be set together with apiKey', out.apiKeyEnv);
  }
  return out as ProxyConfig;
}

/**
 * Reads and validates a JSON config file. Throws {@link ProxyConfigError} naming the file, and the
 * field or JSON syntax error.
 */
export function loadProxyConfig(file: string): ProxyConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ProxyConfigError(file, '(file)', `cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`, file);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ProxyConfigError(file, '(file)', `must be valid JSON (${(err as Error).message})`, text.slice(0, 40));
  }
  return validateProxyConfig(value, file);
}

/** Settings with every default applied. */
export interface ResolvedProxyConfig {
  port: number;
  host: string;
  upstreams: UpstreamConfig[];
  allowedOrigins: string[];
  apiKey: string | undefined;
  maxBodyBytes: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  keepAliveTimeoutMs: number;
  upstreamConnectTimeoutMs: number;
  upstreamHeadersTimeoutMs: number;
  upstreamBodyTimeoutMs: number;
  upstreamKeepAliveMs: number;
  upstreamConnections: number;
  maxBufferedResponseBytes: number;
  shutdownGraceMs: number;
  costHeaders: boolean;
  exporter: ExporterKind;
}

/** Validates {@link startProxy}'s options and applies the defaults. */
export function resolveProxyConfig(options: ProxyOptions, env: Readonly<Record<string, string | undefined>>): ResolvedProxyConfig {
  const source = 'startProxy options';
  const c = validateProxyConfig(options, source);
  let apiKey = c.apiKey;
  if (c.apiKeyEnv !== undefined) {
    apiKey = env[c.apiKeyEnv];
    if (apiKey === undefined || apiKey === '') throw new ProxyConfigError(source, 'apiKeyEnv', `names an environment variable that is not set`, c.apiKeyEnv);
    validateProxyConfig({ apiKey }, `environment variable ${c.apiKeyEnv}`);
  }
  const otlpSet = (env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '') !== '' || (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? '') !== '';
  return {
    port: c.port ?? 0,
    host: c.host ?? DEFAULT_HOST,
    upstreams: c.upstreams ?? [],
    allowedOrigins: c.allowedOrigins ?? [],
    apiKey,
    maxBodyBytes: c.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    headersTimeoutMs: c.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS,
    requestTimeoutMs: c.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    idleTimeoutMs: c.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    keepAliveTimeoutMs: c.keepAliveTimeoutMs ?? DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
    upstreamConnectTimeoutMs: c.upstreamConnectTimeoutMs ?? DEFAULT_UPSTREAM_CONNECT_TIMEOUT_MS,
    upstreamHeadersTimeoutMs: c.upstreamHeadersTimeoutMs ?? DEFAULT_UPSTREAM_HEADERS_TIMEOUT_MS,
    upstreamBodyTimeoutMs: c.upstreamBodyTimeoutMs ?? DEFAULT_UPSTREAM_BODY_TIMEOUT_MS,
    upstreamKeepAliveMs: c.upstreamKeepAliveMs ?? DEFAULT_UPSTREAM_KEEP_ALIVE_MS,
    upstreamConnections: c.upstreamConnections ?? 0,
    maxBufferedResponseBytes: c.maxBufferedResponseBytes ?? DEFAULT_MAX_BUFFERED_RESPONSE_BYTES,
    shutdownGraceMs: c.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS,
    costHeaders: c.costHeaders ?? true,
    exporter: c.exporter ?? (otlpSet ? 'otlp' : 'console'),
  };
}
