import { attributesToUsage, usageAttributeName, usageToAttributes } from '@llmobserve/instrumentation';
import type { Usage } from '@llmobserve/pricing';
import { inputMessagesJson, outputMessagesJson } from '../src/content';
import { headerValue, rawHeaderPicker } from '../src/attributes';

describe('usage ↔ span attributes', () => {
  it.each<[string, Usage]>([
    ['plain', { inputTokens: 10, outputTokens: 5 }],
    ['cached and reasoning', { inputTokens: 100, cachedInputTokens: 60, outputTokens: 30, reasoningTokens: 20 }],
    ['cache writes 5m and 1h', { inputTokens: 50, cacheWriteTokens: 10, cacheWrite1hTokens: 4, outputTokens: 1 }],
    ['non-token units', { characters: 1200, seconds: 12.5, images: 2, imageSize: '1024x1024', transactionAmountUsd: '19.99' }],
    ['modifiers', { inputTokens: 1, pricingModifiers: ['batch', 'flex'] }],
  ])('%s round-trips', (_name, usage) => {
    expect(attributesToUsage(usageToAttributes(usage))).toEqual(usage);
  });

  it('uses the GenAI names, puts all cache writes in cache_creation and keeps the 1-hour part apart', () => {
    expect(usageToAttributes({ inputTokens: 50, cachedInputTokens: 7, cacheWriteTokens: 10, cacheWrite1hTokens: 4, outputTokens: 9, reasoningTokens: 3 })).toEqual({
      'gen_ai.usage.input_tokens': 50,
      'gen_ai.usage.cache_read.input_tokens': 7,
      'gen_ai.usage.cache_creation.input_tokens': 14,
      'llmobserve.usage.cache_write1h_tokens': 4,
      'gen_ai.usage.output_tokens': 9,
      'gen_ai.usage.reasoning.output_tokens': 3,
    });
    expect(usageAttributeName('audioInputTokens')).toBe('llmobserve.usage.audio_input_tokens');
  });

  it('skips absent and non-finite values, and reads no usage from spans without any', () => {
    expect(usageToAttributes({ inputTokens: Number.NaN, outputTokens: undefined })).toEqual({});
    expect(usageToAttributes({ inputTokens: { n: 1 }, pricingModifiers: [1] } as unknown as Usage)).toEqual({});
    expect(attributesToUsage({ 'http.response.status_code': 200, 'llmobserve.usage.error': 'http_429', 'llmobserve.usage.estimated': true })).toBeUndefined();
  });

  it('reads raw undici headers and header maps', () => {
    const pick = rawHeaderPicker(['content-type', 'X-A']);
    const raw = [
      ...['Content-Type', 'text/event-stream', 'X-A', '1', 'x-a', '2', 'X-B', '3', 'Content-Length', '5'].map((s) => Buffer.from(s)),
      // Same length as a wanted name, but another name; and a non-ASCII name of a wanted name's byte length.
      Buffer.from('Content-Tipe'),
      Buffer.from('no'),
      Buffer.from('cöntent-type'.slice(0, 11)),
      Buffer.from('no'),
    ];
    expect(pick(raw)).toEqual({ 'content-type': 'text/event-stream', 'x-a': '1, 2' });
    expect(pick(['CONTENT-TYPE', 'a/b', 'x-a'])).toEqual({ 'content-type': 'a/b' });
    // Only letters fold case: '\r' (0x0d) is not '-' (0x2d), nor '@' (0x40) a '`'.
    expect(rawHeaderPicker(['x-a'])([Buffer.from('x\ra'), 'v'])).toEqual({});
    expect(pick([Buffer.from('CONTENT\rTYPE'), 'v'])).toEqual({});
    expect(headerValue({ a: ['x', 'y'] }, 'a')).toBe('x');
    expect(headerValue({}, 'a')).toBeUndefined();
  });
});

describe('content as GenAI messages', () => {
  it('reads OpenAI chat, Anthropic, Responses, Gemini and Bedrock prompts', () => {
    const parse = (b: unknown): unknown => JSON.parse(inputMessagesJson(JSON.stringify(b), 1000)!);
    expect(parse({ messages: [{ role: 'system', content: 'Be terse' }, { role: 'user', content: [{ type: 'text', text: 'Hi' }, { type: 'image_url', image_url: { url: 'x' } }] }] })).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be terse' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Hi' }, { type: 'image_url' }] },
    ]);
    expect(parse({ system: 'S', messages: [{ role: 'user', content: 'Q' }] })).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'S' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Q' }] },
    ]);
    expect(parse({ instructions: 'I', input: 'Q' })).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'I' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Q' }] },
    ]);
    expect(parse({ input: ['a', { role: 'user', content: 'b' }] })).toHaveLength(2);
    expect(parse({ systemInstruction: { parts: [{ text: 'S' }] }, contents: [{ role: 'user', parts: [{ text: 'Q' }, { inlineData: {} }] }] })).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'S' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Q' }, { type: 'inlineData' }] },
    ]);
    expect(parse({ prompt: 'P' })).toEqual([{ role: 'user', parts: [{ type: 'text', content: 'P' }] }]);
    expect(parse({ messages: [{ content: [{ content: 'tool says' }, 'str', {}] }] })).toEqual([
      { role: 'user', parts: [{ type: 'text', content: 'tool says' }, { type: 'text', content: 'str' }, { type: 'unknown' }] },
    ]);
  });

  it('bounds the text to maxChars in total and stays valid JSON', () => {
    const out = inputMessagesJson(JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(50) }, { role: 'user', content: 'y'.repeat(50) }] }), 60)!;
    const parsed = JSON.parse(out) as Array<{ parts: Array<{ content: string }> }>;
    expect(parsed[0].parts[0].content).toHaveLength(50);
    expect(parsed[1].parts[0].content).toHaveLength(10);
  });

  it('gives nothing for bodies without a prompt or not JSON', () => {
    expect(inputMessagesJson('not json', 10)).toBeUndefined();
    expect(inputMessagesJson('[1]', 10)).toBeUndefined();
    expect(inputMessagesJson('{"model":"x"}', 10)).toBeUndefined();
  });

  it('formats the completion', () => {
    expect(JSON.parse(outputMessagesJson('Hello', 'stop'))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Hello' }], finish_reason: 'stop' }]);
    expect(JSON.parse(outputMessagesJson('Hi', undefined))).toEqual([{ role: 'assistant', parts: [{ type: 'text', content: 'Hi' }] }]);
  });
});
