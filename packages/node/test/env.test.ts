import { optionsFromEnv } from '@llmobserve/node';

describe('optionsFromEnv', () => {
  it('is empty for an empty environment', () => {
    expect(optionsFromEnv({})).toEqual({});
  });

  it('reads every LLMOBSERVE_* variable', () => {
    expect(
      optionsFromEnv({
        LLMOBSERVE_EXPORTER: 'jaeger, phoenix',
        LLMOBSERVE_SPOOL_DIR: '/tmp/spool',
        LLMOBSERVE_SAMPLE_RATIO: '0.25',
        LLMOBSERVE_INCLUDE_USAGE: 'true',
        LLMOBSERVE_RECORD_CONTENT: 'no',
        LLMOBSERVE_PRELOAD_TOKENIZERS: 'on',
        LLMOBSERVE_PROPAGATION: 'baggage',
        LLMOBSERVE_BAGGAGE_KEYS: 'tenant, plan',
        LLMOBSERVE_REDACTION: 'false',
      }),
    ).toEqual({
      exporters: ['jaeger', 'phoenix'],
      spool: { dir: '/tmp/spool' },
      sampling: { ratio: 0.25 },
      capture: { includeUsage: true, recordContent: false, preloadTokenizers: true },
      propagation: { mode: 'baggage' },
      context: { baggageKeys: ['tenant', 'plan'] },
      redaction: false,
    });
  });

  it.each([
    [{ LLMOBSERVE_EXPORTER: 'zipkin' }, /LLMOBSERVE_EXPORTER: unknown exporter "zipkin"/],
    [{ LLMOBSERVE_SAMPLE_RATIO: '2' }, /LLMOBSERVE_SAMPLE_RATIO must be a number from 0 to 1, got "2"/],
    [{ LLMOBSERVE_SAMPLE_RATIO: 'half' }, /LLMOBSERVE_SAMPLE_RATIO/],
    [{ LLMOBSERVE_INCLUDE_USAGE: 'maybe' }, /LLMOBSERVE_INCLUDE_USAGE must be true or false, got "maybe"/],
    [{ LLMOBSERVE_PROPAGATION: 'all' }, /LLMOBSERVE_PROPAGATION must be headers, baggage or both, got "all"/],
  ])('fails loudly on %j', (env, message) => {
    expect(() => optionsFromEnv(env)).toThrow(message);
  });
});
