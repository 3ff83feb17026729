import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { createResponseParser, ProviderRegistry } from '@llmobserve/providers';
import type { EndpointMatch } from '@llmobserve/providers';

const registry = new ProviderRegistry();
const urls = [
  'https://api.openai.com/v1/chat/completions',
  'https://api.openai.com/v1/responses',
  'https://api.anthropic.com/v1/messages',
  'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent',
  'https://bedrock-runtime.us-east-1.amazonaws.com/model/m/converse-stream',
  'https://bedrock-runtime.us-east-1.amazonaws.com/model/m/invoke-with-response-stream',
  'https://api.cohere.com/v2/chat',
  'https://api.elevenlabs.io/v1/text-to-speech/v',
];
const matches = urls.map((u) => registry.match(u) as EndpointMatch);
const contentTypes = ['text/event-stream', 'application/json', 'application/vnd.amazon.eventstream', 'audio/mpeg', undefined];
const encodings = [undefined, 'gzip', 'br', 'deflate', 'identity'];

// Bytes that steer the parsers into their interesting states more often than uniform noise would.
const tokens = ['data: ', 'event: ', ':', '\n', '\r', '\r\n', '{', '}', '[', ']', '"', '\\', '\\u12', 'usage', '[DONE]', ',', '1e9', 'null'];
const adversarial = fc.array(
  fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.constantFrom(...tokens).map((t) => new Uint8Array(Buffer.from(t))),
  ),
  { maxLength: 80 },
);

describe('adversarial input', () => {
  test('random and adversarial bytes never throw, for every wire format and encoding', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...matches),
        fc.constantFrom(...contentTypes),
        fc.constantFrom(...encodings),
        fc.integer({ min: 100, max: 599 }),
        adversarial,
        fc.boolean(),
        (match, contentType, contentEncoding, statusCode, chunks, abort) => {
          const p = createResponseParser(match, { statusCode, contentType, contentEncoding, maxBufferBytes: 1024, recordContent: true });
          let total = 0;
          for (const c of chunks) {
            p.write(c);
            total += c.length;
          }
          const r = abort ? p.abort() : p.end();
          expect(typeof r.stream).toBe('boolean');
          if (contentEncoding === undefined || contentEncoding === 'identity') expect(r.bodyBytes).toBe(total);
          // After end, further calls are inert and return the same result.
          p.write(new Uint8Array([1, 2, 3]));
          expect(p.end()).toBe(r);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('memory stays bounded on endless adversarial streams', () => {
    // A real collection before each reading, so the figure is what the parser retains, not garbage.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const cases: Array<[string, string, Buffer]> = [
      // One SSE event whose data never ends, a JSON body with an endless array and an endless string,
      // and an event-stream message that announces 16 MiB.
      ['https://api.openai.com/v1/chat/completions', 'text/event-stream', Buffer.from('data: {"choices":[' + '{"delta":{"content":"xxxxxxxx"}},'.repeat(2000))],
      ['https://api.openai.com/v1/embeddings', 'application/json', Buffer.from('[' + '1.2345,'.repeat(10000))],
      ['https://api.openai.com/v1/embeddings', 'application/json', Buffer.from('{"a":"' + 'y'.repeat(60000))],
      ['https://api.openai.com/v1/chat/completions', 'text/event-stream', Buffer.from('data: ' + 'z'.repeat(60000))],
    ];
    for (const [url, contentType, chunk] of cases) {
      const p = createResponseParser(registry.match(url)!, { statusCode: 200, contentType });
      gc();
      const before = process.memoryUsage().heapUsed;
      for (let i = 0; i < 200; i++) p.write(chunk); // ~12-25 MB in total
      gc();
      const grown = process.memoryUsage().heapUsed - before;
      const r = p.end();
      expect(r.usage).toBeUndefined();
      expect(r.error).toBeDefined();
      // Without a bound the parser would hold the 12+ MB it was fed; allow GC noise well below that.
      expect(grown).toBeLessThan(8 * 1024 * 1024);
    }
  });
});
