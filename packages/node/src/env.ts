import type { LLMObserveInstrumentationConfig } from '@llmobserve/instrumentation';
import { ENV_VARS } from './constants';
import { parseExporterNames } from './exporters';
import type { RegisterOptions } from './types';

type CustomEndpoints = NonNullable<LLMObserveInstrumentationConfig['customEndpoints']>;

const ENDPOINT_KEYS: ReadonlySet<string> = new Set(['baseUrl', 'provider', 'compatibleWith']);
const ENDPOINT_SHAPE = 'a JSON array of { "baseUrl": "http://host:port/v1", "provider": "name", "compatibleWith"?: "openai" | "anthropic" }';

function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/**
 * Parses `LLMOBSERVE_CUSTOM_ENDPOINTS`. Throws naming the variable, the element
 * and the field; the instrumentation checks the URLs once more when it starts.
 */
function customEndpoints(name: string, raw: string): CustomEndpoints {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new TypeError(`${name} must be ${ENDPOINT_SHAPE}; it is not JSON (${(err as Error).message}), got ${show(raw)}`);
  }
  if (!Array.isArray(parsed)) throw new TypeError(`${name} must be ${ENDPOINT_SHAPE}, got ${show(parsed)}`);
  return parsed.map((item: unknown, i) => {
    const at = `${name}[${i}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new TypeError(`${at} must be an object such as { "baseUrl": "http://localhost:11434/v1", "provider": "ollama" }, got ${show(item)}`);
    }
    const entry = item as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (!ENDPOINT_KEYS.has(key)) throw new TypeError(`${at}.${key} is not a field (known: ${[...ENDPOINT_KEYS].join(', ')})`);
    }
    const { baseUrl, provider, compatibleWith } = entry;
    let url: URL | undefined;
    try {
      url = typeof baseUrl === 'string' ? new URL(baseUrl) : undefined;
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new TypeError(`${at}.baseUrl must be an http(s) URL, got ${show(baseUrl)}`);
    }
    if (typeof provider !== 'string' || provider.trim() === '') {
      throw new TypeError(`${at}.provider must be a non-empty string, got ${show(provider)}`);
    }
    if (compatibleWith !== undefined && compatibleWith !== 'openai' && compatibleWith !== 'anthropic') {
      throw new TypeError(`${at}.compatibleWith must be "openai" or "anthropic", got ${show(compatibleWith)}`);
    }
    return { baseUrl: baseUrl as string, provider: provider.trim(), ...(compatibleWith !== undefined ? { compatibleWith } : {}) };
  });
}

function bool(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new TypeError(`${name} must be true or false, got ${JSON.stringify(v)}`);
}

/**
 * The {@link register} options the environment describes (the zero-code
 * entry). Standard `OTEL_*` and `PHOENIX_*` variables are read by the exporter
 * presets themselves; this adds the `LLMOBSERVE_*` ones. A bad value throws,
 * naming the variable.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): RegisterOptions {
  const options: RegisterOptions = {};
  const exporters = env[ENV_VARS.exporter];
  if (exporters) options.exporters = parseExporterNames(exporters, ENV_VARS.exporter);
  const spoolDir = env[ENV_VARS.spoolDir];
  if (spoolDir) options.spool = { dir: spoolDir };
  const ratio = env[ENV_VARS.sampleRatio];
  if (ratio !== undefined && ratio !== '') {
    const r = Number(ratio);
    if (!Number.isFinite(r) || r < 0 || r > 1) throw new TypeError(`${ENV_VARS.sampleRatio} must be a number from 0 to 1, got ${JSON.stringify(ratio)}`);
    options.sampling = { ratio: r };
  }
  const includeUsage = bool(env, ENV_VARS.includeUsage);
  const recordContent = bool(env, ENV_VARS.recordContent);
  const preloadTokenizers = bool(env, ENV_VARS.preloadTokenizers);
  const endpointsRaw = env[ENV_VARS.customEndpoints];
  const endpoints = endpointsRaw !== undefined && endpointsRaw.trim() !== '' ? customEndpoints(ENV_VARS.customEndpoints, endpointsRaw) : undefined;
  if (includeUsage !== undefined || recordContent !== undefined || preloadTokenizers !== undefined || endpoints !== undefined) {
    options.capture = {
      ...(includeUsage !== undefined ? { includeUsage } : {}),
      ...(recordContent !== undefined ? { recordContent } : {}),
      ...(preloadTokenizers !== undefined ? { preloadTokenizers } : {}),
      ...(endpoints !== undefined ? { customEndpoints: endpoints } : {}),
    };
  }
  const mode = env[ENV_VARS.propagation];
  if (mode) {
    if (mode !== 'headers' && mode !== 'baggage' && mode !== 'both') {
      throw new TypeError(`${ENV_VARS.propagation} must be headers, baggage or both, got ${JSON.stringify(mode)}`);
    }
    options.propagation = { mode };
  }
  const keys = env[ENV_VARS.baggageKeys];
  if (keys) options.context = { baggageKeys: keys.split(',').map((k) => k.trim()).filter(Boolean) };
  if (bool(env, ENV_VARS.redaction) === false) options.redaction = false;
  const openInference = bool(env, ENV_VARS.openInference);
  if (openInference !== undefined) options.openInference = openInference;
  return options;
}
