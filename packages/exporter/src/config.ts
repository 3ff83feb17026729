import * as fs from 'node:fs';
import { ConfigError } from './ConfigError';
import {
  DEFAULT_OTLP_ENDPOINT,
  DEFAULT_PHOENIX_ENDPOINT,
  DEFAULT_TIMEOUT_MILLIS,
  ENV,
  OTLP_TRACES_PATH,
  PHOENIX_PROJECT_HEADER,
} from './constants';
import type {
  CommonExporterOptions,
  OtlpCompression,
  OtlpPresetOptions,
  OtlpProtocol,
  PhoenixOptions,
  SpoolOptions,
} from './types';

/** Environment the presets read; `process.env` unless a test passes its own. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** How the service name is applied to exported spans. */
export interface ServiceNameSetting {
  readonly name: string;
  /** True when the name came from an option: it then replaces any resource service name. */
  readonly override: boolean;
}

/** TLS material read at set-up. */
export interface TlsFiles {
  readonly ca?: Buffer;
  readonly key?: Buffer;
  readonly cert?: Buffer;
}

/** Everything a preset needs, validated. */
export interface ResolvedExporterConfig {
  readonly url: string;
  readonly protocol: OtlpProtocol;
  readonly headers: Record<string, string>;
  readonly timeoutMillis: number;
  readonly compression: OtlpCompression;
  /** PEM files named by `OTEL_EXPORTER_OTLP_(TRACES_)CERTIFICATE`, `…CLIENT_KEY`, `…CLIENT_CERTIFICATE`. */
  readonly tls: TlsFiles;
  readonly serviceName?: ServiceNameSetting;
  readonly spool?: SpoolOptions;
}

const COMMON_KEYS = ['headers', 'timeoutMillis', 'compression', 'serviceName', 'spool'];
const OTLP_KEYS = new Set([...COMMON_KEYS, 'endpoint', 'protocol']);
const TEMPO_KEYS = new Set([...OTLP_KEYS, 'tenant']);
const PHOENIX_KEYS = new Set([...COMMON_KEYS, 'endpoint', 'projectName', 'apiKey']);
const PROTOCOLS: ReadonlySet<string> = new Set(['http/protobuf', 'http/json']);
const COMPRESSIONS: ReadonlySet<string> = new Set(['gzip', 'none']);
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** An environment variable, with an empty value read as unset (OpenTelemetry spec). */
function fromEnv(env: Environment, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function checkKnownKeys(preset: string, options: object, known: ReadonlySet<string>): void {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError(`${preset}(options)`, options, 'must be an object');
  }
  for (const key of Object.keys(options)) {
    if (!known.has(key)) {
      throw new ConfigError(`${preset}.${key}`, (options as Record<string, unknown>)[key], `is not an option (known: ${[...known].join(', ')})`);
    }
  }
}

function parseUrl(field: string, value: unknown): URL {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigError(field, value, 'must be an http(s) URL such as "http://localhost:4318"');
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new ConfigError(field, value, 'must be an http(s) URL such as "http://localhost:4318"');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(field, value, 'must use http: or https: (gRPC is not supported; use the OTLP/HTTP endpoint: collector, Jaeger or Tempo on :4318, Phoenix on :6006)');
  }
  return url;
}

/** `http://host:4318` → `http://host:4318/v1/traces`; a URL with a path is kept as given. */
function withTracesPathIfBare(field: string, value: unknown): string {
  const url = parseUrl(field, value);
  if (url.pathname === '/' || url.pathname === '') url.pathname = `/${OTLP_TRACES_PATH}`;
  return url.toString();
}

/** Appends `/v1/traces` unless the URL already ends with it (Phoenix's own rule). */
function withTracesPath(field: string, value: unknown): string {
  const url = parseUrl(field, value);
  if (!url.pathname.replace(/\/+$/, '').endsWith(`/${OTLP_TRACES_PATH}`)) {
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${OTLP_TRACES_PATH}`;
  }
  return url.toString();
}

function resolveOtlpUrl(preset: string, endpoint: unknown, env: Environment): string {
  if (endpoint !== undefined) return withTracesPathIfBare(`${preset}.endpoint`, endpoint);
  const traces = fromEnv(env, ENV.tracesEndpoint);
  if (traces !== undefined) return parseUrl(ENV.tracesEndpoint, traces).toString();
  const base = fromEnv(env, ENV.endpoint);
  if (base !== undefined) {
    const url = parseUrl(ENV.endpoint, base);
    url.pathname = `${url.pathname.replace(/\/+$/, '')}/${OTLP_TRACES_PATH}`;
    return url.toString();
  }
  return DEFAULT_OTLP_ENDPOINT;
}

/**
 * Parses `key1=value1,key2=value2` (values percent-decoded), the format of
 * `OTEL_EXPORTER_OTLP_HEADERS`. Throws naming `field` on a malformed member.
 */
export function parseHeaderList(field: string, raw: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const member of raw.split(',')) {
    if (member.trim() === '') continue;
    const eq = member.indexOf('=');
    const key = eq < 0 ? '' : member.slice(0, eq).trim();
    if (eq < 0 || !HEADER_NAME.test(key)) {
      throw new ConfigError(field, raw, `must be a comma-separated list of name=value pairs (bad member ${JSON.stringify(member.trim())})`);
    }
    let value: string;
    try {
      value = decodeURIComponent(member.slice(eq + 1).trim());
    } catch {
      throw new ConfigError(field, raw, `has a value that is not valid percent-encoding (member ${JSON.stringify(member.trim())})`);
    }
    headers[key.toLowerCase()] = value;
  }
  return headers;
}

function checkHeaders(field: string, headers: unknown): Record<string, string> {
  if (headers === undefined) return {};
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) {
    throw new ConfigError(field, headers, 'must be an object of header names to string values');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
    if (!HEADER_NAME.test(key)) throw new ConfigError(`${field}.${key}`, key, 'is not a valid HTTP header name');
    if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
      throw new ConfigError(`${field}.${key}`, value, 'must be a string without CR, LF or NUL');
    }
    out[key.toLowerCase()] = value;
  }
  return out;
}

function resolveHeaders(preset: string, headers: unknown, env: Environment): Record<string, string> {
  const generic = fromEnv(env, ENV.headers);
  const traces = fromEnv(env, ENV.tracesHeaders);
  return {
    ...(generic === undefined ? {} : parseHeaderList(ENV.headers, generic)),
    ...(traces === undefined ? {} : parseHeaderList(ENV.tracesHeaders, traces)),
    ...checkHeaders(`${preset}.headers`, headers),
  };
}

function positiveInteger(field: string, value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n <= 0) {
    throw new ConfigError(field, value, 'must be a positive integer number of milliseconds');
  }
  return n;
}

function resolveTimeout(preset: string, timeout: unknown, env: Environment): number {
  if (timeout !== undefined) return positiveInteger(`${preset}.timeoutMillis`, timeout);
  const traces = fromEnv(env, ENV.tracesTimeout);
  if (traces !== undefined) return positiveInteger(ENV.tracesTimeout, traces);
  const generic = fromEnv(env, ENV.timeout);
  if (generic !== undefined) return positiveInteger(ENV.timeout, generic);
  return DEFAULT_TIMEOUT_MILLIS;
}

function resolveCompression(preset: string, compression: unknown, env: Environment): OtlpCompression {
  const [field, value] =
    compression !== undefined
      ? [`${preset}.compression`, compression]
      : fromEnv(env, ENV.tracesCompression) !== undefined
        ? [ENV.tracesCompression, fromEnv(env, ENV.tracesCompression)]
        : [ENV.compression, fromEnv(env, ENV.compression) ?? 'none'];
  if (typeof value !== 'string' || !COMPRESSIONS.has(value)) {
    throw new ConfigError(field, value, 'must be "gzip" or "none"');
  }
  return value as OtlpCompression;
}

function resolveProtocol(preset: string, protocol: unknown, env: Environment): OtlpProtocol {
  const [field, value] =
    protocol !== undefined
      ? [`${preset}.protocol`, protocol]
      : fromEnv(env, ENV.tracesProtocol) !== undefined
        ? [ENV.tracesProtocol, fromEnv(env, ENV.tracesProtocol)]
        : [ENV.protocol, fromEnv(env, ENV.protocol) ?? 'http/protobuf'];
  if (typeof value !== 'string' || !PROTOCOLS.has(value)) {
    const hint = value === 'grpc' ? ' (gRPC is not bundled; use the OTLP/HTTP port 4318 with http/protobuf)' : '';
    throw new ConfigError(field, value, `must be "http/protobuf" or "http/json"${hint}`);
  }
  return value as OtlpProtocol;
}

function checkName(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 256 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new ConfigError(field, value, 'must be a non-empty string of at most 256 characters without control characters');
  }
  return value.trim();
}

function resolveServiceName(preset: string, serviceName: unknown, env: Environment): ServiceNameSetting | undefined {
  if (serviceName !== undefined) return { name: checkName(`${preset}.serviceName`, serviceName), override: true };
  const fromEnvironment = fromEnv(env, ENV.serviceName);
  if (fromEnvironment !== undefined) return { name: checkName(ENV.serviceName, fromEnvironment), override: false };
  return undefined;
}

function resolveSpool(preset: string, spool: unknown, env: Environment): SpoolOptions | undefined {
  if (spool === false) return undefined;
  if (spool !== undefined) {
    if (spool === null || typeof spool !== 'object') {
      throw new ConfigError(`${preset}.spool`, spool, 'must be an object such as { dir: "/var/spool/llmobserve" } or false');
    }
    return spool as SpoolOptions;
  }
  const dir = fromEnv(env, ENV.spoolDir);
  if (dir === undefined) return undefined;
  const maxBytes = fromEnv(env, ENV.spoolMaxBytes);
  if (maxBytes === undefined) return { dir };
  const n = Number(maxBytes);
  if (!Number.isSafeInteger(n) || n <= 0) throw new ConfigError(ENV.spoolMaxBytes, maxBytes, 'must be a positive integer number of bytes');
  return { dir, maxBytes: n };
}

function readPem(env: Environment, specific: string, generic: string): Buffer | undefined {
  const [field, file] = fromEnv(env, specific) !== undefined ? [specific, fromEnv(env, specific)] : [generic, fromEnv(env, generic)];
  if (file === undefined) return undefined;
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ConfigError(field, file, `must name a readable PEM file (${(err as Error).message})`);
  }
}

function resolveTls(env: Environment): TlsFiles {
  return {
    ca: readPem(env, ENV.tracesCertificate, ENV.certificate),
    key: readPem(env, ENV.tracesClientKey, ENV.clientKey),
    cert: readPem(env, ENV.tracesClientCertificate, ENV.clientCertificate),
  };
}

function resolveCommon(preset: string, options: CommonExporterOptions, env: Environment) {
  return {
    tls: resolveTls(env),
    headers: resolveHeaders(preset, options.headers, env),
    timeoutMillis: resolveTimeout(preset, options.timeoutMillis, env),
    compression: resolveCompression(preset, options.compression, env),
    serviceName: resolveServiceName(preset, options.serviceName, env),
    spool: resolveSpool(preset, options.spool, env),
  };
}

/** Resolves the options of `otlp()`, `jaeger()` or `tempo()` against the environment. */
export function resolveOtlpConfig(
  preset: 'otlp' | 'jaeger' | 'tempo',
  options: OtlpPresetOptions & { tenant?: string },
  env: Environment,
): ResolvedExporterConfig {
  checkKnownKeys(preset, options, preset === 'tempo' ? TEMPO_KEYS : OTLP_KEYS);
  const common = resolveCommon(preset, options, env);
  if (options.tenant !== undefined) common.headers['x-scope-orgid'] = checkName(`${preset}.tenant`, options.tenant);
  return {
    ...common,
    url: resolveOtlpUrl(preset, options.endpoint, env),
    protocol: resolveProtocol(preset, options.protocol, env),
  };
}

/**
 * Resolves the options of `phoenix()`. The endpoint comes from the option, then
 * `PHOENIX_COLLECTOR_ENDPOINT`, never from `OTEL_EXPORTER_OTLP_ENDPOINT` (which
 * usually points at a collector); the protocol is always protobuf, the only body
 * Phoenix accepts.
 */
export function resolvePhoenixConfig(options: PhoenixOptions, env: Environment): ResolvedExporterConfig {
  checkKnownKeys('phoenix', options, PHOENIX_KEYS);
  const common = resolveCommon('phoenix', options, env);
  const endpoint =
    options.endpoint !== undefined
      ? withTracesPath('phoenix.endpoint', options.endpoint)
      : withTracesPath(ENV.phoenixEndpoint, fromEnv(env, ENV.phoenixEndpoint) ?? DEFAULT_PHOENIX_ENDPOINT);
  const project =
    options.projectName !== undefined
      ? checkName('phoenix.projectName', options.projectName)
      : fromEnv(env, ENV.phoenixProject) !== undefined
        ? checkName(ENV.phoenixProject, fromEnv(env, ENV.phoenixProject))
        : fromEnv(env, ENV.phoenixProjectAlias) !== undefined
          ? checkName(ENV.phoenixProjectAlias, fromEnv(env, ENV.phoenixProjectAlias))
          : undefined;
  if (project !== undefined) common.headers[PHOENIX_PROJECT_HEADER] = project;
  const apiKey = options.apiKey !== undefined ? options.apiKey : fromEnv(env, ENV.phoenixApiKey);
  if (apiKey !== undefined) {
    if (typeof apiKey !== 'string' || apiKey.trim() === '' || /[\r\n\0\s]/.test(apiKey.trim())) {
      throw new ConfigError(options.apiKey !== undefined ? 'phoenix.apiKey' : ENV.phoenixApiKey, '<redacted>', 'must be a non-empty token without whitespace');
    }
    common.headers.authorization = `Bearer ${apiKey.trim()}`;
  }
  return { ...common, url: endpoint, protocol: 'http/protobuf' };
}
