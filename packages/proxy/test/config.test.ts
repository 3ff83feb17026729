import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONFIG_FIELDS, loadProxyConfig, ProxyConfigError, validateProxyConfig } from '@llmobserve/proxy';
import { resolveProxyConfig } from '../src/config';

const dir = mkdtempSync(join(tmpdir(), 'llmobserve-proxy-config-'));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('validateProxyConfig', () => {
  test('a full config passes and keeps its values', () => {
    const config = {
      $schema: './proxy-config.schema.json',
      port: 9000,
      host: '0.0.0.0',
      upstreams: [
        { provider: 'my-vllm', baseUrl: 'http://localhost:8000/v1', compatibleWith: 'openai' },
        { provider: 'openai', prefix: 'openai', baseUrl: 'https://gateway.internal/openai/v1' },
      ],
      allowedOrigins: ['https://gateway.internal:8443'],
      apiKeyEnv: 'PROXY_KEY',
      maxBodyBytes: 1024,
      headersTimeoutMs: 5000,
      requestTimeoutMs: 60000,
      idleTimeoutMs: 30000,
      keepAliveTimeoutMs: 0,
      upstreamConnectTimeoutMs: 1000,
      upstreamHeadersTimeoutMs: 1000,
      upstreamBodyTimeoutMs: 1000,
      upstreamKeepAliveMs: 1000,
      upstreamConnections: 16,
      maxBufferedResponseBytes: 0,
      shutdownGraceMs: 0,
      costHeaders: false,
      exporter: 'otlp',
    };
    const out = validateProxyConfig(config);
    expect(out.upstreams?.[0].prefix).toBe('my-vllm');
    expect(out.port).toBe(9000);
    expect(out.exporter).toBe('otlp');
  });

  test.each<[string, unknown, string]>([
    ['root', [], '(root): must be a JSON object'],
    ['unknown field', { prot: 9000 }, 'prot: unknown field'],
    ['port', { port: 70000 }, 'port: must be an integer from 0 to 65535, got 70000'],
    ['port string', { port: '9000' }, 'port: must be an integer from 0 to 65535, got "9000"'],
    ['maxBodyBytes', { maxBodyBytes: 0 }, 'maxBodyBytes: must be an integer'],
    ['host', { host: 'http://x' }, 'host: must be an address to bind'],
    ['upstreams type', { upstreams: {} }, 'upstreams: must be an array'],
    ['upstream type', { upstreams: ['x'] }, 'upstreams[0]: must be an object'],
    ['upstream field', { upstreams: [{ provider: 'a', baseUrl: 'http://a', model: 'x' }] }, 'upstreams[0].model: unknown field'],
    ['upstream provider', { upstreams: [{ provider: '', baseUrl: 'http://a' }] }, 'upstreams[0].provider: must be a provider name'],
    ['upstream baseUrl', { upstreams: [{ provider: 'a', baseUrl: 'localhost:8000' }] }, 'upstreams[0].baseUrl: must be an absolute http(s) URL'],
    ['upstream baseUrl query', { upstreams: [{ provider: 'a', baseUrl: 'http://a/v1?key=1' }] }, 'upstreams[0].baseUrl'],
    ['upstream compatibleWith', { upstreams: [{ provider: 'a', baseUrl: 'http://a', compatibleWith: 'cohere' }] }, 'upstreams[0].compatibleWith: must be "openai" or "anthropic", got "cohere"'],
    ['upstream prefix', { upstreams: [{ provider: 'a', baseUrl: 'http://a', prefix: 'A/B' }] }, 'upstreams[0].prefix: must be one path segment'],
    ['duplicate prefix', { upstreams: [{ provider: 'a', baseUrl: 'http://a' }, { provider: 'b', prefix: 'a', baseUrl: 'http://b' }] }, 'upstreams[1].prefix: prefix "a" is used by an earlier upstream'],
    ['allowedOrigins type', { allowedOrigins: 'https://a' }, 'allowedOrigins: must be an array'],
    ['allowedOrigins path', { allowedOrigins: ['https://a/v1'] }, 'allowedOrigins[0]: must be an http(s) origin'],
    ['allowedOrigins scheme', { allowedOrigins: ['ftp://a'] }, 'allowedOrigins[0]'],
    ['apiKey short', { apiKey: 'short' }, 'apiKey: must be at least 16 printable ASCII characters without spaces, got "(hidden)"'],
    ['apiKeyEnv', { apiKeyEnv: 'not a name' }, 'apiKeyEnv: must be an environment variable name'],
    ['both keys', { apiKey: 'k'.repeat(16), apiKeyEnv: 'K' }, 'apiKeyEnv: cannot be set together with apiKey'],
    ['costHeaders', { costHeaders: 'yes' }, 'costHeaders: must be true or false, got "yes"'],
    ['exporter', { exporter: 'zipkin' }, 'exporter: must be one of console, otlp, phoenix, jaeger, tempo, none, got "zipkin"'],
  ])('%s: the error names the field and the value', (_name, value, message) => {
    let err: unknown;
    try {
      validateProxyConfig(value, 'proxy.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ProxyConfigError);
    expect((err as Error).message).toContain(`proxy.json: ${message}`);
  });

  test('a secret never appears in an error message', () => {
    expect(() => validateProxyConfig({ apiKey: 'has a space in it!!' })).toThrow(/\(hidden\)/);
    expect(() => validateProxyConfig({ apiKey: 'has a space in it!!' })).not.toThrow(/space in it/);
  });

  test('the JSON schema lists exactly the fields the validator knows', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', 'data', 'proxy-config.schema.json'), 'utf8')) as {
      properties: Record<string, { properties?: Record<string, unknown> }>;
    };
    expect(Object.keys(schema.properties).filter((k) => k !== '$schema').sort()).toEqual([...CONFIG_FIELDS].sort());
    expect(Object.keys((schema.properties.upstreams as unknown as { items: { properties: Record<string, unknown> } }).items.properties).sort()).toEqual(
      ['baseUrl', 'compatibleWith', 'prefix', 'provider'],
    );
  });
});

describe('loadProxyConfig', () => {
  test('reads and validates a file', () => {
    const p = file('ok.json', JSON.stringify({ port: 0, upstreams: [{ provider: 'ollama', baseUrl: 'http://localhost:11434/v1' }] }));
    expect(loadProxyConfig(p).upstreams).toEqual([{ provider: 'ollama', baseUrl: 'http://localhost:11434/v1', prefix: 'ollama' }]);
  });

  test('names the file for a missing file, bad JSON and a bad field', () => {
    expect(() => loadProxyConfig(join(dir, 'missing.json'))).toThrow(/missing\.json: \(file\): cannot be read \(ENOENT\)/);
    const bad = file('bad.json', '{ "port": 9000, }');
    expect(() => loadProxyConfig(bad)).toThrow(/bad\.json: \(file\): must be valid JSON/);
    const field = file('field.json', '{ "upstreams": [{ "provider": "x", "baseUrl": "nope" }] }');
    expect(() => loadProxyConfig(field)).toThrow(/field\.json: upstreams\[0\]\.baseUrl: must be an absolute http\(s\) URL.*got "nope"/);
  });
});

describe('resolveProxyConfig', () => {
  test('applies the defaults', () => {
    const c = resolveProxyConfig({}, {});
    expect(c).toEqual(
      expect.objectContaining({ port: 0, host: '127.0.0.1', maxBodyBytes: 20 * 1024 * 1024, costHeaders: true, exporter: 'console', apiKey: undefined }),
    );
  });

  test('exports OTLP by default when OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
    expect(resolveProxyConfig({}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }).exporter).toBe('otlp');
    expect(resolveProxyConfig({ exporter: 'none' }, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c' }).exporter).toBe('none');
  });

  test('reads the key from apiKeyEnv, and refuses an unset or weak one', () => {
    expect(resolveProxyConfig({ apiKeyEnv: 'K' }, { K: 'k'.repeat(20) }).apiKey).toBe('k'.repeat(20));
    expect(() => resolveProxyConfig({ apiKeyEnv: 'K' }, {})).toThrow(/apiKeyEnv: names an environment variable that is not set, got "K"/);
    expect(() => resolveProxyConfig({ apiKeyEnv: 'K' }, { K: 'weak' })).toThrow(/environment variable K: apiKey/);
  });
});
