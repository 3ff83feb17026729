import { optionsFromEnv } from '@llmobserve/node';

const ENDPOINTS = 'LLMOBSERVE_CUSTOM_ENDPOINTS';

describe('optionsFromEnv: LLMOBSERVE_CUSTOM_ENDPOINTS', () => {
  it('reads a JSON array of endpoints into capture.customEndpoints', () => {
    const value = JSON.stringify([
      { baseUrl: 'http://127.0.0.1:8787/openai/v1', provider: 'openai' },
      { baseUrl: 'http://127.0.0.1:8787/anthropic', provider: ' anthropic ' },
      { baseUrl: 'https://llm.internal/v1', provider: 'corp-gateway', compatibleWith: 'anthropic' },
    ]);
    expect(optionsFromEnv({ [ENDPOINTS]: value })).toEqual({
      capture: {
        customEndpoints: [
          { baseUrl: 'http://127.0.0.1:8787/openai/v1', provider: 'openai' },
          { baseUrl: 'http://127.0.0.1:8787/anthropic', provider: 'anthropic' },
          { baseUrl: 'https://llm.internal/v1', provider: 'corp-gateway', compatibleWith: 'anthropic' },
        ],
      },
    });
  });

  it('merges with the other capture variables and ignores an empty value', () => {
    const value = JSON.stringify([{ baseUrl: 'http://localhost:11434/v1', provider: 'ollama' }]);
    expect(optionsFromEnv({ [ENDPOINTS]: value, LLMOBSERVE_INCLUDE_USAGE: 'true' })).toEqual({
      capture: { includeUsage: true, customEndpoints: [{ baseUrl: 'http://localhost:11434/v1', provider: 'ollama' }] },
    });
    expect(optionsFromEnv({ [ENDPOINTS]: '  ' })).toEqual({});
  });

  it.each([
    ['not JSON', '[{baseUrl:', /LLMOBSERVE_CUSTOM_ENDPOINTS must be a JSON array .* it is not JSON .*got "\[\{baseUrl:"/],
    ['an object', '{"baseUrl":"http://x"}', /LLMOBSERVE_CUSTOM_ENDPOINTS must be a JSON array .*got \{"baseUrl":"http:\/\/x"\}/],
    ['a string element', '["http://x"]', /LLMOBSERVE_CUSTOM_ENDPOINTS\[0\] must be an object .*got "http:\/\/x"/],
    ['a missing baseUrl', '[{"provider":"vllm"}]', /LLMOBSERVE_CUSTOM_ENDPOINTS\[0\]\.baseUrl must be an http\(s\) URL, got undefined/],
    ['a relative baseUrl', '[{"baseUrl":"/v1","provider":"vllm"}]', /\[0\]\.baseUrl must be an http\(s\) URL, got "\/v1"/],
    ['a non-http baseUrl', '[{"baseUrl":"ftp://h/v1","provider":"vllm"}]', /\[0\]\.baseUrl must be an http\(s\) URL, got "ftp:\/\/h\/v1"/],
    ['an empty provider', '[{"baseUrl":"http://h/v1","provider":" "}]', /\[0\]\.provider must be a non-empty string, got " "/],
    [
      'a bad compatibleWith',
      '[{"baseUrl":"http://h/v1","provider":"p"},{"baseUrl":"http://h/v2","provider":"q","compatibleWith":"gemini"}]',
      /LLMOBSERVE_CUSTOM_ENDPOINTS\[1\]\.compatibleWith must be "openai" or "anthropic", got "gemini"/,
    ],
    ['an unknown field', '[{"baseUrl":"http://h/v1","provider":"p","model":"m"}]', /\[0\]\.model is not a field \(known: baseUrl, provider, compatibleWith\)/],
  ])('fails loudly on %s', (_what, value, message) => {
    expect(() => optionsFromEnv({ [ENDPOINTS]: value })).toThrow(message);
  });
});

describe('optionsFromEnv: LLMOBSERVE_OPENINFERENCE', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
  ])('reads %s', (value, expected) => {
    expect(optionsFromEnv({ LLMOBSERVE_OPENINFERENCE: value })).toEqual({ openInference: expected });
  });

  it('fails loudly on a value that is not a boolean', () => {
    expect(() => optionsFromEnv({ LLMOBSERVE_OPENINFERENCE: 'phoenix' })).toThrow(/LLMOBSERVE_OPENINFERENCE must be true or false, got "phoenix"/);
  });
});
