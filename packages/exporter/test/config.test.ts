import { ConfigError } from '@llmobserve/exporter';
import { parseHeaderList, resolveOtlpConfig, resolvePhoenixConfig } from '../src/config';

describe('resolveOtlpConfig', () => {
  it('defaults to protobuf on localhost:4318 with a 10 s timeout', () => {
    const c = resolveOtlpConfig('jaeger', {}, {});
    expect(c).toMatchObject({ url: 'http://localhost:4318/v1/traces', protocol: 'http/protobuf', timeoutMillis: 10000, compression: 'none', headers: {} });
    expect(c.serviceName).toBeUndefined();
    expect(c.spool).toBeUndefined();
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/base/' }, 'http://collector:4318/base/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://x:1/custom' }, 'http://x:1/custom'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:1', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:2/v1/traces' }, 'http://b:2/v1/traces'],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: '   ' }, 'http://localhost:4318/v1/traces'],
  ])('reads the endpoint from %j', (env, url) => {
    expect(resolveOtlpConfig('otlp', {}, env).url).toBe(url);
  });

  it('lets explicit options win over every variable', () => {
    const env = {
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://env:1/v1/traces',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
      OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
      OTEL_EXPORTER_OTLP_HEADERS: 'a=env,b=env',
      OTEL_SERVICE_NAME: 'from-env',
    };
    const c = resolveOtlpConfig(
      'jaeger',
      { endpoint: 'http://opt:4318', protocol: 'http/json', timeoutMillis: 2500, compression: 'none', headers: { A: 'opt' }, serviceName: 'from-option' },
      env,
    );
    expect(c.url).toBe('http://opt:4318/v1/traces');
    expect(c.protocol).toBe('http/json');
    expect(c.timeoutMillis).toBe(2500);
    expect(c.compression).toBe('none');
    expect(c.headers).toEqual({ a: 'opt', b: 'env' });
    expect(c.serviceName).toEqual({ name: 'from-option', override: true });
  });

  it('prefers the traces-specific variables over the generic ones', () => {
    const c = resolveOtlpConfig(
      'otlp',
      {},
      {
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_EXPORTER_OTLP_TIMEOUT: '1000',
        OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '2000',
        OTEL_EXPORTER_OTLP_COMPRESSION: 'none',
        OTEL_EXPORTER_OTLP_TRACES_COMPRESSION: 'gzip',
        OTEL_EXPORTER_OTLP_HEADERS: 'x=1,y=1',
        OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'y=2',
        OTEL_SERVICE_NAME: 'svc',
      },
    );
    expect(c).toMatchObject({ protocol: 'http/json', timeoutMillis: 2000, compression: 'gzip', headers: { x: '1', y: '2' } });
    expect(c.serviceName).toEqual({ name: 'svc', override: false });
  });

  it('keeps an explicit endpoint with a path as given', () => {
    expect(resolveOtlpConfig('otlp', { endpoint: 'https://vendor.example/otlp/traces' }, {}).url).toBe('https://vendor.example/otlp/traces');
  });

  it('sets the Tempo tenant header', () => {
    expect(resolveOtlpConfig('tempo', { tenant: 'team-a' }, {}).headers).toEqual({ 'x-scope-orgid': 'team-a' });
  });

  it('turns the spool on from LLMOBSERVE_SPOOL_DIR, off with spool: false', () => {
    expect(resolveOtlpConfig('otlp', {}, { LLMOBSERVE_SPOOL_DIR: '/tmp/s', LLMOBSERVE_SPOOL_MAX_BYTES: '1048576' }).spool).toEqual({ dir: '/tmp/s', maxBytes: 1048576 });
    expect(resolveOtlpConfig('otlp', {}, { LLMOBSERVE_SPOOL_DIR: '/tmp/s' }).spool).toEqual({ dir: '/tmp/s' });
    expect(resolveOtlpConfig('otlp', { spool: false }, { LLMOBSERVE_SPOOL_DIR: '/tmp/s' }).spool).toBeUndefined();
    expect(resolveOtlpConfig('otlp', { spool: { dir: '/x' } }, { LLMOBSERVE_SPOOL_DIR: '/tmp/s' }).spool).toEqual({ dir: '/x' });
  });

  it.each([
    [{ endpoint: 'localhost:4318' }, {}, 'jaeger.endpoint'],
    [{ endpoint: 'grpc://localhost:4317' }, {}, 'jaeger.endpoint'],
    [{ endpoint: '' }, {}, 'jaeger.endpoint'],
    [{}, { OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, 'OTEL_EXPORTER_OTLP_ENDPOINT'],
    [{}, { OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://x' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'],
    [{ protocol: 'grpc' }, {}, 'jaeger.protocol'],
    [{}, { OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }, 'OTEL_EXPORTER_OTLP_PROTOCOL'],
    [{}, { OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'thrift' }, 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL'],
    [{ timeoutMillis: 0 }, {}, 'jaeger.timeoutMillis'],
    [{ timeoutMillis: 1.5 }, {}, 'jaeger.timeoutMillis'],
    [{}, { OTEL_EXPORTER_OTLP_TIMEOUT: 'soon' }, 'OTEL_EXPORTER_OTLP_TIMEOUT'],
    [{}, { OTEL_EXPORTER_OTLP_TRACES_TIMEOUT: '-5' }, 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT'],
    [{ compression: 'br' }, {}, 'jaeger.compression'],
    [{}, { OTEL_EXPORTER_OTLP_COMPRESSION: 'zstd' }, 'OTEL_EXPORTER_OTLP_COMPRESSION'],
    [{}, { OTEL_EXPORTER_OTLP_HEADERS: 'novalue' }, 'OTEL_EXPORTER_OTLP_HEADERS'],
    [{}, { OTEL_EXPORTER_OTLP_TRACES_HEADERS: 'a=%E0%A4%A' }, 'OTEL_EXPORTER_OTLP_TRACES_HEADERS'],
    [{ headers: { 'bad header': 'x' } }, {}, 'jaeger.headers.bad header'],
    [{ headers: { a: 'x\r\nInjected: 1' } }, {}, 'jaeger.headers.a'],
    [{ headers: ['a'] }, {}, 'jaeger.headers'],
    [{ serviceName: '' }, {}, 'jaeger.serviceName'],
    [{}, { OTEL_SERVICE_NAME: 'a\u0001b' }, 'OTEL_SERVICE_NAME'],
    [{ spool: 'yes' }, {}, 'jaeger.spool'],
    [{}, { LLMOBSERVE_SPOOL_DIR: '/tmp/x', LLMOBSERVE_SPOOL_MAX_BYTES: 'lots' }, 'LLMOBSERVE_SPOOL_MAX_BYTES'],
    [{ endpiont: 'http://x' }, {}, 'jaeger.endpiont'],
  ])('rejects %j with env %j, naming %s', (options, env, field) => {
    let error: unknown;
    try {
      resolveOtlpConfig('jaeger', options as never, env);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).field).toBe(field);
    expect((error as Error).message).toContain(field);
    expect((error as Error).message).toMatch(/got /);
  });

  it('rejects a non-object options argument', () => {
    expect(() => resolveOtlpConfig('otlp', null as never, {})).toThrow(ConfigError);
  });

  it('rejects tenant on presets other than tempo', () => {
    expect(() => resolveOtlpConfig('jaeger', { tenant: 'x' }, {})).toThrow(/jaeger\.tenant is not an option/);
  });
});

describe('resolvePhoenixConfig', () => {
  it('defaults to localhost:6006, protobuf, no project header', () => {
    const c = resolvePhoenixConfig({}, {});
    expect(c.url).toBe('http://localhost:6006/v1/traces');
    expect(c.protocol).toBe('http/protobuf');
    expect(c.headers).toEqual({});
  });

  it('reads PHOENIX_COLLECTOR_ENDPOINT, PHOENIX_PROJECT and PHOENIX_API_KEY', () => {
    const c = resolvePhoenixConfig({}, { PHOENIX_COLLECTOR_ENDPOINT: 'http://phoenix:6006/', PHOENIX_PROJECT: 'prod', PHOENIX_API_KEY: 'k1' });
    expect(c.url).toBe('http://phoenix:6006/v1/traces');
    expect(c.headers).toEqual({ 'x-project-name': 'prod', authorization: 'Bearer k1' });
  });

  it('accepts PHOENIX_PROJECT_NAME as an alias, PHOENIX_PROJECT first', () => {
    expect(resolvePhoenixConfig({}, { PHOENIX_PROJECT_NAME: 'alias' }).headers['x-project-name']).toBe('alias');
    expect(resolvePhoenixConfig({}, { PHOENIX_PROJECT_NAME: 'alias', PHOENIX_PROJECT: 'main' }).headers['x-project-name']).toBe('main');
  });

  it('does not append /v1/traces twice and ignores OTEL endpoint and protocol variables', () => {
    const c = resolvePhoenixConfig(
      { endpoint: 'https://app.phoenix.arize.com/s/me/v1/traces' },
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' },
    );
    expect(c.url).toBe('https://app.phoenix.arize.com/s/me/v1/traces');
    expect(c.protocol).toBe('http/protobuf');
    expect(resolvePhoenixConfig({ endpoint: 'https://app.phoenix.arize.com/s/me' }, {}).url).toBe('https://app.phoenix.arize.com/s/me/v1/traces');
  });

  it('lets options win over the Phoenix variables', () => {
    const c = resolvePhoenixConfig(
      { endpoint: 'http://opt:7000', projectName: 'opt-project', apiKey: 'opt-key' },
      { PHOENIX_COLLECTOR_ENDPOINT: 'http://env:6006', PHOENIX_PROJECT: 'env-project', PHOENIX_API_KEY: 'env-key' },
    );
    expect(c.url).toBe('http://opt:7000/v1/traces');
    expect(c.headers).toEqual({ 'x-project-name': 'opt-project', authorization: 'Bearer opt-key' });
  });

  it.each([
    [{ endpoint: 'phoenix:6006' }, {}, 'phoenix.endpoint'],
    [{}, { PHOENIX_COLLECTOR_ENDPOINT: 'nope' }, 'PHOENIX_COLLECTOR_ENDPOINT'],
    [{ projectName: '' }, {}, 'phoenix.projectName'],
    [{}, { PHOENIX_PROJECT: 'x'.repeat(300) }, 'PHOENIX_PROJECT'],
    [{ apiKey: 'has space' }, {}, 'phoenix.apiKey'],
    [{}, { PHOENIX_API_KEY: 'a\tb' }, 'PHOENIX_API_KEY'],
    [{ protocol: 'http/json' }, {}, 'phoenix.protocol'],
  ])('rejects %j with env %j, naming %s', (options, env, field) => {
    expect(() => resolvePhoenixConfig(options as never, env)).toThrow(new RegExp(`^@llmobserve/exporter: ${field.replace('.', '\\.')} `));
  });

  it('never prints the API key in an error', () => {
    expect(() => resolvePhoenixConfig({ apiKey: 'secret value' }, {})).toThrow(/<redacted>/);
    expect(() => resolvePhoenixConfig({ apiKey: 'secret value' }, {})).not.toThrow(/secret/);
  });
});

describe('parseHeaderList', () => {
  it('percent-decodes values and lower-cases names', () => {
    expect(parseHeaderList('X', 'Authorization=Bearer%20abc, x-a = 1 ,,')).toEqual({ authorization: 'Bearer abc', 'x-a': '1' });
  });
});
