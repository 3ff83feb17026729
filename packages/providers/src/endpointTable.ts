import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WireFormat } from './types';

/** One operation of an API, as written in `data/endpoints.json`. */
export interface ApiOperationSpec {
  path: string;
  operation: string;
  schema: string;
  wireFormat: WireFormat;
  methods?: string[];
}

/** One provider entry of `data/endpoints.json`. */
export interface ProviderSpec {
  id: string;
  hosts: string[];
  basePaths: string[];
  apis: string[];
  streamUsage?: 'opt-in' | 'always';
  proxy?: { prefix: string; baseUrl: string };
}

/** The whole endpoint table. */
export interface EndpointTable {
  version: 1;
  apis: Record<string, ApiOperationSpec[]>;
  providers: ProviderSpec[];
}

const SCHEMAS = new Set([
  'openai.chat', 'openai.responses', 'openai.embeddings', 'openai.speech', 'openai.transcription', 'openai.images',
  'anthropic.messages', 'gemini', 'bedrock.invoke', 'bedrock.converse', 'cohere', 'voyage', 'characters', 'transcript', 'pinecone',
]);
const WIRE_FORMATS = new Set(['json', 'sse', 'aws-eventstream', 'binary']);
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);

function fail(where: string, message: string, value: unknown): never {
  throw new Error(`endpoints.json: ${where}: ${message}, got ${JSON.stringify(value)}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeys(where: string, obj: Record<string, unknown>, allowed: readonly string[]): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) fail(`${where}.${k}`, 'unknown field', obj[k]);
}

function stringArray(where: string, v: unknown, test: (s: string) => boolean, what: string, allowEmpty = false): string[] {
  if (!Array.isArray(v) || (!allowEmpty && v.length === 0)) fail(where, 'must be a non-empty array', v);
  v.forEach((s, i) => {
    if (typeof s !== 'string' || !test(s)) fail(`${where}[${i}]`, what, s);
  });
  return v as string[];
}

/** Path pattern: starts with '/', segments non-empty, `{name}` or `{name}:action` placeholders only whole-segment. */
function validPath(p: string, allowEmpty: boolean): boolean {
  if (p === '') return allowEmpty;
  if (p[0] !== '/' || p.endsWith('/') || /[?#\s]/.test(p)) return false;
  return p.slice(1).split('/').every((seg) => seg.length > 0 && (!seg.includes('{') || /^\{[a-z]+\}(:[A-Za-z]+)?$/.test(seg)));
}

function validHost(h: string): boolean {
  return h.split('.').every((l) => /^[a-z0-9-]+$/.test(l) || /^\{[a-z]+\}$/.test(l) || /^\*-[a-z0-9-]+$/.test(l));
}

/**
 * Checks a parsed endpoint table against `data/endpoints.schema.json`'s rules and returns it typed.
 * Throws an error naming the field, the rule and the value.
 */
export function validateEndpointTable(data: unknown): EndpointTable {
  if (!isObject(data)) fail('(root)', 'must be an object', data);
  checkKeys('(root)', data, ['$schema', 'version', 'apis', 'providers']);
  if (data.version !== 1) fail('version', 'must be 1', data.version);
  const apis = data.apis;
  if (!isObject(apis) || Object.keys(apis).length === 0) fail('apis', 'must be a non-empty object', apis);
  for (const [name, ops] of Object.entries(apis)) {
    if (!Array.isArray(ops) || ops.length === 0) fail(`apis.${name}`, 'must be a non-empty array', ops);
    ops.forEach((op: unknown, i) => {
      const w = `apis.${name}[${i}]`;
      if (!isObject(op)) fail(w, 'must be an object', op);
      checkKeys(w, op, ['path', 'operation', 'schema', 'wireFormat', 'methods']);
      if (typeof op.path !== 'string' || !validPath(op.path, false)) fail(`${w}.path`, "must be '/seg/...' with whole-segment {name} placeholders", op.path);
      if (typeof op.operation !== 'string' || !/^[a-z_]+$/.test(op.operation)) fail(`${w}.operation`, 'must match ^[a-z_]+$', op.operation);
      if (typeof op.schema !== 'string' || !SCHEMAS.has(op.schema)) fail(`${w}.schema`, `must be one of ${[...SCHEMAS].join(', ')}`, op.schema);
      if (typeof op.wireFormat !== 'string' || !WIRE_FORMATS.has(op.wireFormat)) fail(`${w}.wireFormat`, 'must be json, sse, aws-eventstream or binary', op.wireFormat);
      if (op.methods !== undefined) stringArray(`${w}.methods`, op.methods, (m) => METHODS.has(m), 'must be an HTTP method in upper case');
    });
  }
  const providers = data.providers;
  if (!Array.isArray(providers) || providers.length === 0) fail('providers', 'must be a non-empty array', providers);
  providers.forEach((p: unknown, i) => {
    const w = `providers[${i}]`;
    if (!isObject(p)) fail(w, 'must be an object', p);
    checkKeys(w, p, ['id', 'hosts', 'basePaths', 'apis', 'streamUsage', 'proxy']);
    if (p.streamUsage !== undefined && p.streamUsage !== 'opt-in' && p.streamUsage !== 'always') fail(`${w}.streamUsage`, "must be 'opt-in' or 'always'", p.streamUsage);
    if (typeof p.id !== 'string' || !/^[a-z0-9_.-]+$/.test(p.id)) fail(`${w}.id`, 'must match ^[a-z0-9_.-]+$', p.id);
    stringArray(`${w}.hosts`, p.hosts, validHost, "must be lower-case labels, '{name}' or '*-suffix'");
    stringArray(`${w}.basePaths`, p.basePaths, (s) => validPath(s, true), "must be '' or '/seg/...' without a trailing '/'");
    stringArray(`${w}.apis`, p.apis, (s) => Object.prototype.hasOwnProperty.call(apis, s), 'must name an entry of apis');
    if (p.proxy !== undefined) {
      const x = p.proxy;
      if (!isObject(x)) fail(`${w}.proxy`, 'must be an object', x);
      checkKeys(`${w}.proxy`, x, ['prefix', 'baseUrl']);
      if (typeof x.prefix !== 'string' || !/^[a-z0-9-]+$/.test(x.prefix)) fail(`${w}.proxy.prefix`, 'must match ^[a-z0-9-]+$', x.prefix);
      if (typeof x.baseUrl !== 'string' || !x.baseUrl.startsWith('https://')) fail(`${w}.proxy.baseUrl`, "must start with 'https://'", x.baseUrl);
    }
  });
  return data as unknown as EndpointTable;
}

let cached: EndpointTable | undefined;

/** Loads and validates `data/endpoints.json` once per process. */
export function loadEndpointTable(): EndpointTable {
  if (cached === undefined) {
    // `data/` sits beside `src/` and `dist/`, so this path works from both.
    const file = join(__dirname, '..', 'data', 'endpoints.json');
    cached = validateEndpointTable(JSON.parse(readFileSync(file, 'utf8')));
  }
  return cached;
}
