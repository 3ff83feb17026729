import * as zlib from 'node:zlib';
import { countTextTokens, createResponseParser, inspectRequestBody, ProviderRegistry } from '@llmobserve/providers';
import type { ParseResult, ResponseParserOptions } from '@llmobserve/providers';
import { anthropicTextOnly, openaiChatTextOnly, openaiResponsesTextOnly } from '../src/normalisers/textOnly';

const registry = new ProviderRegistry();
/** Runs a test on `text` placed in the middle of a larger buffer (tests read only their range). */
function check(test: (data: Buffer, start: number, end: number, eventType: string | undefined) => boolean, text: string, eventType?: string): boolean {
  const data = Buffer.from(`"usage":{"x":1}"error":1${text}"usage":{"y":2}`);
  const start = Buffer.byteLength('"usage":{"x":1}"error":1');
  return test(data, start, start + Buffer.byteLength(text), eventType);
}

describe('text-only event tests', () => {
  test('OpenAI chat: a content delta with null usage and finish_reason is text-only', () => {
    const ev = '{"id":"c1","object":"chat.completion.chunk","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi \\"usage\\": {} é"},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"x1"}';
    expect(check(openaiChatTextOnly, ev)).toBe(true);
    expect(check(openaiChatTextOnly, ev.replace('"usage":null', '"usage" :  null'))).toBe(true);
  });

  test.each([
    ['a finish reason', '{"choices":[{"delta":{},"finish_reason":"stop"}],"usage":null}'],
    ['a finish reason after spaces', '{"choices":[{"delta":{},"finish_reason" : \n "length"}]}'],
    ['usage', '{"choices":[],"usage":{"prompt_tokens":1}}'],
    ['usage in a chunk that also has text (vLLM continuous usage)', '{"choices":[{"delta":{"content":"a"},"finish_reason":null}],"usage":{"prompt_tokens":1}}'],
    ['a second choice that finished', '{"choices":[{"index":0,"delta":{"content":"a"},"finish_reason":null},{"index":1,"delta":{},"finish_reason":"stop"}]}'],
    ['an error', '{"error":{"message":"overloaded"}}'],
    ['Groq usage', '{"choices":[{"delta":{},"finish_reason":null}],"x_groq":{"usage":{"prompt_tokens":1}}}'],
  ])('OpenAI chat: not text-only with %s', (_name, ev) => {
    expect(check(openaiChatTextOnly, ev)).toBe(false);
  });

  test('Responses API: only *.delta events without a response, error or object key', () => {
    expect(check(openaiResponsesTextOnly, '{"type":"response.output_text.delta","item_id":"m","delta":"Hi"}', 'response.output_text.delta')).toBe(true);
    expect(check(openaiResponsesTextOnly, '{"type":"response.output_text.delta","delta":"Hi"}', undefined)).toBe(false);
    expect(check(openaiResponsesTextOnly, '{"type":"response.completed","response":{"usage":{}}}', 'response.completed')).toBe(false);
    expect(check(openaiResponsesTextOnly, '{"type":"x.delta","response":{"usage":{}}}', 'x.delta')).toBe(false);
    expect(check(openaiResponsesTextOnly, '{"object":"response","usage":{}}', 'x.delta')).toBe(false);
  });

  test('Anthropic: content_block_delta by event line and by the first type key', () => {
    const ev = '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}';
    expect(check(anthropicTextOnly, ev, 'content_block_delta')).toBe(true);
    expect(check(anthropicTextOnly, ' { "type" : "content_block_delta", "delta": {"text": "a: b"}}', 'content_block_delta')).toBe(true);
    expect(check(anthropicTextOnly, '{"xtype":"content_block_delta","delta":{"text":"a"}}', 'content_block_delta')).toBe(false);
    expect(check(anthropicTextOnly, ev, undefined)).toBe(false);
    expect(check(anthropicTextOnly, ev, 'message_delta')).toBe(false);
    expect(check(anthropicTextOnly, '{"index":0,"delta":{"type":"text_delta"},"type":"content_block_delta"}', 'content_block_delta')).toBe(false);
    expect(check(anthropicTextOnly, '{"type":"message_delta","usage":{"output_tokens":9}}', 'content_block_delta')).toBe(false);
    expect(check(anthropicTextOnly, '{"type":"content_block_delta","usage":{"output_tokens":9}}', 'content_block_delta')).toBe(false);
    expect(check(anthropicTextOnly, '{"type":"content_block_delta","error":{}}', 'content_block_delta')).toBe(false);
  });
});

/** Deterministic pseudo-random numbers (a test must give the same stream every run). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = ['the', 'quick', 'brown', 'fox', 'jumps', 'over', 'a', 'lazy', 'dog', 'naïve', 'café', '"quoted"', 'line\nbreak', 'tab\t', '日本語', 'emoji 🎉', 'usage', 'finish_reason'];

function text(r: () => number, words: number): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]);
  return out.join(' ') + ' ';
}

interface Stream {
  readonly url: string;
  readonly body: string;
  readonly request: string;
  /** All the output text the stream carries. */
  readonly text: string;
}

/** An OpenAI chat stream with obfuscation, two choices when `n` is 2, an optional mid-stream usage chunk, and a final usage chunk. */
function openaiStream(seed: number, events: number, opts: { n?: number; usage?: boolean; midUsage?: boolean } = {}): Stream {
  const r = rng(seed);
  const n = opts.n ?? 1;
  const head = `"id":"chatcmpl-${seed}","object":"chat.completion.chunk","created":1767225600,"model":"gpt-4o-mini-2024-07-18","system_fingerprint":"fp_1"`;
  let body = `data: {${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}],"usage":null}\n\n`;
  let all = '';
  for (let i = 0; i < events; i++) {
    const choice = Math.floor(r() * n);
    const t = text(r, 1 + Math.floor(r() * 40));
    all += t;
    const finish = n === 2 && i === Math.floor(events / 2) ? `,{"index":1,"delta":{},"finish_reason":"length"}` : '';
    const usage = opts.midUsage === true && i === Math.floor(events / 3) ? '{"prompt_tokens":7,"completion_tokens":1,"total_tokens":8}' : 'null';
    body += `data: {${head},"choices":[{"index":${choice},"delta":{"content":${JSON.stringify(t)}},"logprobs":null,"finish_reason":null}${finish}],"usage":${usage},"obfuscation":"${'x'.repeat(Math.floor(r() * 12))}"}\n\n`;
  }
  body += `data: {${head},"choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}\n\n`;
  if (opts.usage !== false) {
    body += `data: {${head},"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":${events * 9},"total_tokens":${12 + events * 9},"prompt_tokens_details":{"cached_tokens":4}}}\n\n`;
  }
  body += 'data: [DONE]\n\n';
  const request = JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: opts.usage !== false }, messages: [{ role: 'user', content: 'Write' }] });
  return { url: 'https://api.openai.com/v1/chat/completions', body, request, text: all };
}

function anthropicStream(seed: number, events: number): Stream {
  const r = rng(seed);
  let body =
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5-20250929","usage":{"input_tokens":25,"cache_read_input_tokens":100,"output_tokens":1}}}\n\n' +
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n';
  let all = '';
  for (let i = 0; i < events; i++) {
    const t = text(r, 1 + Math.floor(r() * 40));
    all += t;
    body += `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":${JSON.stringify(t)}}}\n\n`;
    if (i === Math.floor(events / 2)) body += 'event: ping\ndata: {"type": "ping"}\n\n';
  }
  body +=
    'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
    `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":${events * 9}}}\n\n` +
    'event: message_stop\ndata: {"type":"message_stop"}\n\n';
  const request = JSON.stringify({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 100, messages: [{ role: 'user', content: 'Write' }] });
  return { url: 'https://api.anthropic.com/v1/messages', body, request, text: all };
}

function responsesStream(seed: number, events: number): Stream {
  const r = rng(seed);
  const resp = (status: string, usage: string): string =>
    `{"id":"resp_1","object":"response","created_at":1741476542,"status":"${status}","model":"o4-mini-2025-04-16","output":[],"usage":${usage}}`;
  let body = `event: response.created\ndata: {"type":"response.created","sequence_number":0,"response":${resp('in_progress', 'null')}}\n\n`;
  let all = '';
  for (let i = 0; i < events; i++) {
    const t = text(r, 1 + Math.floor(r() * 40));
    all += t;
    body += `event: response.output_text.delta\ndata: {"type":"response.output_text.delta","sequence_number":${i + 1},"item_id":"msg_1","output_index":0,"content_index":0,"delta":${JSON.stringify(t)},"obfuscation":"abc"}\n\n`;
  }
  body += `event: response.completed\ndata: {"type":"response.completed","sequence_number":${events + 1},"response":${resp('completed', '{"input_tokens":30,"output_tokens":900,"total_tokens":930,"output_tokens_details":{"reasoning_tokens":64}}')}}\n\n`;
  return { url: 'https://api.openai.com/v1/responses', body, request: JSON.stringify({ model: 'o4-mini', stream: true, input: 'Write' }), text: all };
}

function parse(s: Stream, chunkSize: number, extra: Partial<ResponseParserOptions> = {}, abortAt?: number, wire?: Buffer): ParseResult {
  const match = registry.match(s.url, 'POST')!;
  const p = createResponseParser(match, { statusCode: 200, contentType: 'text/event-stream', request: inspectRequestBody(match, s.request), ...extra });
  const bytes = wire ?? Buffer.from(s.body);
  const end = abortAt ?? bytes.length;
  for (let i = 0; i < end; i += chunkSize) p.write(bytes.subarray(i, Math.min(i + chunkSize, end)));
  return abortAt === undefined ? p.end() : p.abort();
}

/** What must not depend on whether text events were parsed. */
function essentials(r: ParseResult): unknown {
  return { usage: r.usage, error: r.error, model: r.model, responseId: r.responseId, finishReasons: r.finishReasons, stream: r.stream, bodyBytes: r.bodyBytes, estimated: r.estimated };
}

describe('streams whose text events are skipped once the text is not needed', () => {
  const cases: Array<[string, Stream]> = [
    ['OpenAI chat', openaiStream(1, 3000)],
    ['OpenAI chat, two choices', openaiStream(2, 3000, { n: 2 })],
    ['OpenAI chat, a usage chunk mid-stream', openaiStream(3, 3000, { midUsage: true })],
    ['Anthropic messages', anthropicStream(4, 3000)],
    ['Responses API', responsesStream(5, 3000)],
  ];

  test.each(cases)('%s: same result as parsing every event, at any chunk size', (_name, s) => {
    // Recording all the content makes every text event wanted, so every event is parsed: the reference.
    const reference = essentials(parse(s, 1 << 16, { recordContent: true, maxContentChars: 1 << 30 }));
    expect(reference).toMatchObject({ error: undefined });
    for (const size of [1 << 16, 4093, 211]) expect(essentials(parse(s, size))).toEqual(reference);
  });

  test.each(cases)('%s: most events are not parsed', (_name, s) => {
    const spy = jest.spyOn(JSON, 'parse');
    try {
      parse(s, 1 << 16);
      const events = s.body.split('\n\n').length - 1;
      // About 32 KiB of text is sampled (a few hundred events); the rest of the 3,000 text events are skipped.
      expect(spy.mock.calls.length).toBeLessThan(events / 2);
    } finally {
      spy.mockRestore();
    }
  });

  test('an abandoned stream without usage is estimated from sampled text and the size of skipped events', () => {
    const s = openaiStream(6, 4000);
    const bytes = Buffer.byteLength(s.body);
    const r = parse(s, 8192, {}, Math.floor(bytes * 0.9));
    // The stream was cut before its usage: output estimated from the text, within 10 % of the exact count of the text sent.
    const sentText = openaiStreamTextUpTo(s, Math.floor(bytes * 0.9));
    const exact = countTextTokens(sentText, 'gpt-4o-mini');
    expect(r.aborted).toBe(true);
    expect(r.estimated).toBe(true);
    expect(r.usage?.outputTokens).toBeGreaterThan(exact * 0.9);
    expect(r.usage?.outputTokens).toBeLessThan(exact * 1.1);
  });

  test('a stream that carries no usage is counted exactly: every event is parsed', () => {
    const s = openaiStream(7, 1500, { usage: false });
    const r = parse(s, 4096);
    expect(r.estimated).toBe(true);
    expect(r.usage?.outputTokens).toBe(countTextTokens(s.text, 'gpt-4o-mini'));
  });
});

/** The text of the complete events within the first `bytes` bytes of an OpenAI stream. */
function openaiStreamTextUpTo(s: Stream, bytes: number): string {
  const head = Buffer.from(s.body).subarray(0, bytes).toString('utf8');
  let out = '';
  for (const ev of head.split('\n\n').slice(0, -1)) {
    const data = ev.slice('data: '.length);
    if (data === '[DONE]') continue;
    const v = JSON.parse(data) as { choices: Array<{ delta: { content?: string } }> };
    for (const c of v.choices) out += c.delta.content ?? '';
  }
  return out;
}

describe('compressed streams, inflated in batches once the first token is seen', () => {
  const cases: Array<[string, Stream]> = [
    ['OpenAI chat', openaiStream(11, 3000)],
    ['Anthropic messages', anthropicStream(12, 3000)],
    ['Responses API', responsesStream(13, 3000)],
  ];

  test.each(cases)('%s: gzip and br give the same result as identity, at any chunk size', (_name, s) => {
    const reference = essentials(parse(s, 1 << 16));
    expect(reference).toMatchObject({ error: undefined });
    for (const [encoding, wire] of [
      ['gzip', zlib.gzipSync(s.body)],
      ['br', zlib.brotliCompressSync(s.body)],
    ] as const) {
      for (const size of [1 << 16, 997, 61]) {
        expect({ encoding, size, r: essentials(parse(s, size, { contentEncoding: encoding }, undefined, wire)) }).toEqual({ encoding, size, r: { ...reference } });
      }
    }
  });

  test('the first token is timed when its chunk arrives, not when a batch is inflated', () => {
    const s = openaiStream(14, 3000);
    const wire = zlib.gzipSync(s.body);
    expect(wire.length).toBeGreaterThan(2 * 32 * 1024);
    const size = 61;
    let written = 0;
    const match = registry.match(s.url, 'POST')!;
    // The clock reads how many chunks have been written: the first token's time says which chunk carried it.
    const p = createResponseParser(match, { statusCode: 200, contentType: 'text/event-stream', contentEncoding: 'gzip', request: inspectRequestBody(match, s.request), now: () => written });
    for (let i = 0; i < wire.length; i += size) {
      written++;
      p.write(wire.subarray(i, i + size));
    }
    const r = p.end();
    expect(r.usage).toBeDefined();
    // The first content delta is within the first ~1 KiB of the body, a few dozen chunks in; a first
    // batch is inflated only after 32 KiB of compressed input (537 chunks).
    expect(r.firstChunkAt).toBe(1);
    expect(r.firstTokenAt).toBeGreaterThan(1);
    expect(r.firstTokenAt).toBeLessThan(40);
  });

  test('an abandoned compressed stream reads what arrived, including input gathered for a batch', () => {
    const s = openaiStream(15, 4000, { usage: false });
    const wire = zlib.gzipSync(s.body);
    const cut = Math.floor(wire.length * 0.9);
    const r = parse(s, 4096, { contentEncoding: 'gzip' }, cut, wire);
    // What the caller had received: the body inflated up to the cut.
    const received = zlib.gunzipSync(wire.subarray(0, cut), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    const exact = countTextTokens(openaiStreamTextUpTo(s, received.length), 'gpt-4o-mini');
    expect(r.aborted).toBe(true);
    expect(r.estimated).toBe(true);
    expect(r.usage?.outputTokens).toBeGreaterThan(exact * 0.97);
    expect(r.usage?.outputTokens).toBeLessThan(exact * 1.03);
  });
});
