import { addIncludeUsage, countTokens, countTokensDetailed, imageTokens, inspectRequestBody, ProviderRegistry, TokenEstimator } from '@llmobserve/providers';
import { dataUrlImageSize, imageSize } from '../src/imageSize';

const png = (w: number, h: number): Buffer => {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12);
  b.writeUInt32BE(w, 16);
  b.writeUInt32BE(h, 20);
  return b;
};

describe('countTokens', () => {
  test('text with the model encoding', () => {
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('')).toBe(0);
    expect(countTokens('The quick brown fox jumps over the lazy dog.', { model: 'gpt-4o' })).toBe(10);
    expect(countTokensDetailed('hello', { model: 'gpt-4' })).toEqual({ tokens: 1, method: 'exact', encoding: 'cl100k_base' });
    expect(countTokensDetailed('hello', { model: 'openai/gpt-4o-mini' }).method).toBe('exact');
    expect(countTokensDetailed('hello', { model: 'claude-sonnet-4-5' })).toMatchObject({ method: 'approximate', encoding: 'o200k_base' });
    // Special-token text is billed as text, not rejected.
    expect(countTokens('a <|endoftext|> b')).toBeGreaterThan(3);
  });

  test('chat messages: 3 per message + role + content, 1 per name, 3 to prime the reply', () => {
    expect(countTokens([{ role: 'user', content: 'hello world' }], { model: 'gpt-4o' })).toBe(3 + 1 + 2 + 3);
    expect(countTokens([{ role: 'system', content: 'hi', name: 'bob' }, { role: 'user', content: null }], { model: 'gpt-4o' })).toBe(3 + 1 + 1 + 1 + 1 + 3 + 1 + 3);
    expect(countTokens([{ role: 'assistant', tool_calls: [{ function: { name: 'f', arguments: '{"a":1}' } }] }])).toBeGreaterThan(7);
    expect(countTokens('x'.repeat(10) as never, { model: 'gpt-4o' })).toBe(countTokens('xxxxxxxxxx'));
    expect(countTokens({} as never)).toBe(0);
  });

  test('vision tiles (OpenAI formula)', () => {
    expect(imageTokens(1024, 1024, 'high', 'gpt-4o')).toBe(765); // 768x768 -> 4 tiles
    expect(imageTokens(2048, 4096, 'high', 'gpt-4o')).toBe(1105); // -> 1024x2048 -> 768x1536 -> 6 tiles
    expect(imageTokens(4096, 4096, 'low', 'gpt-4o')).toBe(85);
    expect(imageTokens(512, 512, 'auto', 'gpt-4o-mini')).toBe(2833 + 5667);
    expect(imageTokens(1024, 1024, undefined, 'gpt-4.1-mini')).toBe(Math.ceil(1024 * 1.62));
    expect(imageTokens(4000, 3000, undefined, 'o4-mini')).toBeLessThanOrEqual(Math.ceil(1536 * 1.72));
    const url = `data:image/png;base64,${png(512, 512).toString('base64')}`;
    const msg = (image_url: unknown) => [{ role: 'user', content: [{ type: 'text', text: 'what is this' }, { type: 'image_url', image_url }] }];
    const text = countTokens([{ role: 'user', content: [{ type: 'text', text: 'what is this' }] }], { model: 'gpt-4o' });
    expect(countTokens(msg({ url, detail: 'high' }) as never, { model: 'gpt-4o' })).toBe(text + 255);
    expect(countTokens(msg({ url: 'https://x/y.png' }) as never, { model: 'gpt-4o' })).toBe(text + 765);
    expect(countTokens(msg('https://x/y.png') as never, { model: 'gpt-4o' })).toBe(text + 765);
    expect(countTokens([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://x' }, width: 512, height: 512 }] }], { model: 'gpt-4o' })).toBe(3 + 1 + 255 + 3);
  });

  test('image headers: PNG, GIF, JPEG, WebP', () => {
    expect(imageSize(png(300, 200))).toEqual({ width: 300, height: 200 });
    expect(imageSize(Buffer.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x2c, 0x01, 0xc8, 0x00]))).toEqual({ width: 300, height: 200 });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0, 0, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0xc8, 0x01, 0x2c, 0x03]);
    expect(imageSize(jpeg)).toEqual({ width: 300, height: 200 });
    const webp = Buffer.alloc(30);
    webp.write('RIFF', 0);
    webp.write('WEBPVP8X', 8);
    webp.writeUIntLE(299, 24, 3);
    webp.writeUIntLE(199, 27, 3);
    expect(imageSize(webp)).toEqual({ width: 300, height: 200 });
    expect(imageSize(Buffer.from('nope'))).toBeUndefined();
    expect(dataUrlImageSize('data:image/png,raw')).toBeUndefined();
    expect(dataUrlImageSize('https://x')).toBeUndefined();
  });
});

describe('TokenEstimator', () => {
  const text = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(400);
  test('exact mode counts streamed pieces like the whole text', () => {
    const e = new TokenEstimator('exact', 'gpt-4o');
    for (let i = 0; i < text.length; i += 7) e.add(text.slice(i, i + 7));
    expect(e.count()).toBe(countTokens(text));
    expect(e.characters).toBe(text.length);
    const cjk = new TokenEstimator('exact', undefined);
    cjk.add('漢'.repeat(40000));
    expect(cjk.count()).toBeGreaterThan(0);
  });
  test('sample mode extrapolates from the first 32 KiB', () => {
    const e = new TokenEstimator('sample', 'gpt-4o');
    for (let i = 0; i < text.length; i += 100) e.add(text.slice(i, i + 100));
    expect(Math.abs(e.count() - countTokens(text)) / countTokens(text)).toBeLessThan(0.02);
    expect(new TokenEstimator('sample', undefined).count()).toBe(0);
  });
});

describe('request inspection', () => {
  const r = new ProviderRegistry();
  const chat = r.match('https://api.openai.com/v1/chat/completions')!;
  const groq = r.match('https://api.groq.com/openai/v1/chat/completions')!;

  test('inspectRequestBody reads model, stream, include_usage and estimates only when usage will not come', () => {
    expect(inspectRequestBody(chat, '{"model":"gpt-4o","stream":true,"stream_options":{"include_usage":true},"messages":[]}')).toEqual({ model: 'gpt-4o', stream: true, includeUsage: true });
    expect(inspectRequestBody(chat, Buffer.from('{"model":"gpt-4o","stream":true,"messages":[{"role":"user","content":"hello world"}]}'))).toEqual({
      model: 'gpt-4o',
      stream: true,
      estimatedInputTokens: 9,
    });
    expect(inspectRequestBody(groq, '{"model":"llama","stream":true,"messages":[{"role":"user","content":"hi"}]}').estimatedInputTokens).toBeUndefined();
    expect(inspectRequestBody(chat, '{"model":"gpt-3.5-turbo-instruct","stream":true,"prompt":"hello world"}').estimatedInputTokens).toBe(2);
    expect(inspectRequestBody(chat, undefined)).toEqual({ stream: false });
    expect(inspectRequestBody(chat, 'not json')).toEqual({ stream: false });
    expect(inspectRequestBody(chat, '[1,2]')).toEqual({ stream: false });
    expect(inspectRequestBody(chat, '{"model":')).toEqual({ stream: false });
    const gem = r.match('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse')!;
    expect(inspectRequestBody(gem, '{"contents":[]}')).toEqual({ model: 'gemini-2.5-flash', stream: true });
    const tts = r.match('https://api.elevenlabs.io/v1/text-to-speech/abc')!;
    expect(inspectRequestBody(tts, '{"text":"héllo 😀"}').inputCharacters).toBe(7);
  });

  test('addIncludeUsage inserts the option and keeps every other byte', () => {
    expect(addIncludeUsage(chat, '{"model":"gpt-4o","stream":true}')).toBe('{"stream_options":{"include_usage":true},"model":"gpt-4o","stream":true}');
    expect(addIncludeUsage(chat, ' {\n "stream": true\n}')).toBe(' {"stream_options":{"include_usage":true},\n "stream": true\n}');
    expect(JSON.parse(addIncludeUsage(chat, '{"stream":true,"stream_options":{"include_obfuscation":false}}')!)).toEqual({
      stream: true,
      stream_options: { include_obfuscation: false, include_usage: true },
    });
    expect(addIncludeUsage(chat, '{"stream":true,"stream_options":{"include_usage":true}}')).toBeUndefined();
    expect(addIncludeUsage(chat, '{"stream":false}')).toBeUndefined();
    expect(addIncludeUsage(chat, '{"stream":true,"stream_options":3}')).toBeUndefined();
    expect(addIncludeUsage(chat, 'garbage')).toBeUndefined();
    expect(addIncludeUsage(groq, '{"stream":true}')).toBeUndefined();
    expect(addIncludeUsage(r.match('https://api.anthropic.com/v1/messages')!, '{"stream":true}')).toBeUndefined();
  });
});

describe('preloadTokenizers', () => {
  it('loads the rank tables so later counts do not load them', () => {
    const { preloadTokenizers, countTextTokens } = jest.requireActual<typeof import('@llmobserve/providers')>('@llmobserve/providers');
    expect(() => preloadTokenizers()).not.toThrow();
    expect(countTextTokens('hello world', 'gpt-4o')).toBe(2);
  });
});
