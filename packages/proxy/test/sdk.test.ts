import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { COST_HEADER, OVERHEAD_HEADER } from '@llmobserve/proxy';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { rawRequest, sha256, startStack } from './helpers';
import type { Stack } from './helpers';

const API_KEY = 'sk-test-SECRET-do-not-record-0123456789';

/** A fetch that keeps a copy of every response body the SDK receives (after content decoding). */
function recordingFetch(): { fetch: typeof fetch; bodies: Array<Promise<Buffer>> } {
  const bodies: Array<Promise<Buffer>> = [];
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    bodies.push(
      res
        .clone()
        .arrayBuffer()
        .then((b) => Buffer.from(b)),
    );
    return res;
  };
  return { fetch: f, bodies };
}

function attrs(span: ReadableSpan): Record<string, unknown> {
  return span.attributes as Record<string, unknown>;
}

describe('real SDKs through the proxy to the mock provider', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });

  afterAll(async () => {
    await stack.close();
  });

  beforeEach(async () => {
    await stack.proxy.forceFlush();
    stack.exporter.reset();
  });

  test('openai chat JSON: the SDK gets the mock body byte for byte, the span carries usage and cost', async () => {
    const rec = recordingFetch();
    const client = new OpenAI({ apiKey: API_KEY, baseURL: `${stack.proxy.url}/openai/v1`, maxRetries: 0, fetch: rec.fetch });
    const seq = stack.mock.requests.length;
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say hello to the world' }] }, { headers: { 'x-mock-cached-tokens': '2' } })
      .withResponse();
    const served = await stack.mock.settled(seq);
    const received = await rec.bodies[0];
    expect(sha256(received)).toBe(served.bodySha256);
    expect(data.usage?.prompt_tokens).toBe(served.usage?.inputTokens);
    expect(served.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(served.contentEncoding).not.toBe('identity');

    const spans = await stack.spans();
    expect(spans).toHaveLength(1);
    const a = attrs(spans[0]);
    expect(a['gen_ai.provider.name']).toBe('openai');
    expect(a['gen_ai.operation.name']).toBe('chat');
    expect(a['gen_ai.request.model']).toBe('gpt-4o-mini');
    expect(a['gen_ai.response.id']).toBe(data.id);
    expect(a['gen_ai.usage.input_tokens']).toBe(served.usage?.inputTokens);
    expect(a['gen_ai.usage.output_tokens']).toBe(served.usage?.outputTokens);
    expect(a['gen_ai.usage.cache_read.input_tokens']).toBe(2);
    expect(a['llmobserve.stream']).toBe(false);
    expect(typeof a['llmobserve.cost.total_usd']).toBe('number');
    expect(response.headers.get(COST_HEADER)).toBe(a['llmobserve.cost.total_usd_exact']);
    expect(Number(response.headers.get(OVERHEAD_HEADER))).toBeGreaterThanOrEqual(0);
    // The caller's key reached the provider and nothing of it was recorded.
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('SECRET');
  });

  test('openai chat stream with include_usage: chunks arrive unchanged, usage parsed on the side', async () => {
    const rec = recordingFetch();
    const client = new OpenAI({ apiKey: API_KEY, baseURL: `${stack.proxy.url}/openai/v1`, maxRetries: 0, fetch: rec.fetch });
    const seq = stack.mock.requests.length;
    const stream = await client.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Stream me something' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    const served = await stack.mock.settled(seq);
    expect(served.stream).toBe(true);
    expect(text).toBe(served.completionText);
    expect(sha256(await rec.bodies[0])).toBe(served.bodySha256);
    const a = attrs((await stack.spans())[0]);
    expect(a['llmobserve.stream']).toBe(true);
    expect(a['gen_ai.usage.output_tokens']).toBe(usage?.completion_tokens);
    expect(a['gen_ai.usage.input_tokens']).toBe(usage?.prompt_tokens);
    expect(typeof a['llmobserve.ttft_ms']).toBe('number');
    expect(a['gen_ai.response.finish_reasons']).toEqual(['stop']);
  });

  test('anthropic messages JSON and stream: identical bytes, usage with cache reads/writes', async () => {
    const rec = recordingFetch();
    const client = new Anthropic({ apiKey: API_KEY, baseURL: `${stack.proxy.url}/anthropic`, maxRetries: 0, fetch: rec.fetch });
    const seq = stack.mock.requests.length;
    const msg = await client.messages.create(
      { model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'Hello Claude' }] },
      { headers: { 'x-mock-cached-tokens': '3', 'x-mock-cache-write-tokens': '4' } },
    );
    const served = await stack.mock.settled(seq);
    expect(sha256(await rec.bodies[0])).toBe(served.bodySha256);
    expect(served.headers.authorization).toBe(`Bearer ${API_KEY}`);

    const stream = client.messages.stream({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [{ role: 'user', content: 'Stream, Claude' }] });
    const final = await stream.finalMessage();
    const servedStream = await stack.mock.settled(seq + 1);
    expect(sha256(await rec.bodies[1])).toBe(servedStream.bodySha256);

    const spans = (await stack.spans()).sort((x, y) => x.startTime[0] - y.startTime[0] || x.startTime[1] - y.startTime[1]);
    expect(spans).toHaveLength(2);
    const [json, streamed] = spans.map(attrs);
    expect(json['gen_ai.provider.name']).toBe('anthropic');
    expect(json['gen_ai.usage.input_tokens']).toBe(msg.usage.input_tokens + 3 + 4);
    expect(json['gen_ai.usage.cache_read.input_tokens']).toBe(3);
    expect(json['gen_ai.usage.cache_creation.input_tokens']).toBe(4);
    expect(json['gen_ai.usage.output_tokens']).toBe(msg.usage.output_tokens);
    expect(streamed['llmobserve.stream']).toBe(true);
    expect(streamed['gen_ai.usage.output_tokens']).toBe(final.usage.output_tokens);
    expect(typeof streamed['llmobserve.cost.total_usd']).toBe('number');
  });

  test('wire bytes are passed through as the upstream compressed them (gzip and br)', async () => {
    for (const encoding of ['gzip', 'br']) {
      const seq = stack.mock.requests.length;
      const res = await rawRequest(`${stack.proxy.url}/openai/v1/chat/completions`, {
        headers: { 'content-type': 'application/json', 'accept-encoding': encoding, authorization: `Bearer ${API_KEY}` },
        body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Compressed ${encoding}` }] }),
      });
      const served = await stack.mock.settled(seq);
      expect(res.status).toBe(200);
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(served.contentEncoding).toBe(encoding);
      expect(sha256(res.body)).toBe(served.wireSha256);
      expect(res.headers[COST_HEADER.toLowerCase()]).toMatch(/^\d+\.\d+$/);
    }
    const spans = await stack.spans();
    expect(spans.map((s) => attrs(s)['gen_ai.usage.output_tokens'])).toEqual([8, 8]);
  });

  test('a stream sends the cost as a trailer when the client accepts trailers, and omits it otherwise', async () => {
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'trailer please' }] });
    const withTe = await rawRequest(`${stack.proxy.url}/openai/v1/chat/completions`, {
      headers: { 'content-type': 'application/json', te: 'trailers', 'accept-encoding': 'identity' },
      body,
    });
    expect(withTe.headers.trailer).toBe(COST_HEADER);
    expect(withTe.headers[OVERHEAD_HEADER.toLowerCase()]).toMatch(/^\d+\.\d{3}$/);
    expect(withTe.headers[COST_HEADER.toLowerCase()]).toBeUndefined();
    const cost = withTe.trailers[COST_HEADER.toLowerCase()];
    expect(cost).toMatch(/^0\.\d+$/);
    const spans = await stack.spans();
    expect(attrs(spans[0])['llmobserve.cost.total_usd_exact']).toBe(cost);

    const without = await rawRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body });
    expect(without.headers.trailer).toBeUndefined();
    expect(without.trailers[COST_HEADER.toLowerCase()]).toBeUndefined();
    expect(without.body.toString()).toContain('data: [DONE]');
  });

  test('an OpenAI stream without include_usage is passed through unchanged and its usage is estimated', async () => {
    const seq = stack.mock.requests.length;
    const body = JSON.stringify({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'no usage in this stream' }] });
    const res = await rawRequest(`${stack.proxy.url}/openai/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body });
    const served = await stack.mock.settled(seq);
    expect(JSON.parse(served.body)).toEqual(JSON.parse(body));
    expect(sha256(res.body)).toBe(served.wireSha256);
    const a = attrs((await stack.spans())[0]);
    expect(a['llmobserve.usage.estimated']).toBe(true);
    expect(a['gen_ai.usage.output_tokens']).toBeGreaterThan(0);
  });
});
