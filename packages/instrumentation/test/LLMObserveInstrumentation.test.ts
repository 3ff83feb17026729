import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { LLMObserveInstrumentation } from '@llmobserve/instrumentation';
import { MOCK_HEADERS } from '@llmobserve/mock-llm';
import { metrics, trace } from '@opentelemetry/api';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { fetch } from 'undici';
import { genAi, lastRecord, onlySpan, startHarness, type Harness } from './helpers';

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief' }, { role: 'user', content: 'Say hello to the world' }] };

function httpPost(url: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('configuration', () => {
  it.each([
    [{ maxBufferBytes: 0 }, 'maxBufferBytes must be a positive integer, got 0'],
    [{ maxRequestBodyBytes: 1.5 }, 'maxRequestBodyBytes must be a positive integer, got 1.5'],
    [{ maxContentChars: -1 }, 'maxContentChars must be a positive integer, got -1'],
    [{ customEndpoints: 'http://x' }, 'customEndpoints must be an array, got string'],
    [{ preloadTokenizers: 'yes' }, 'preloadTokenizers must be a boolean, got "yes"'],
  ])('rejects %j loudly', (config, message) => {
    expect(() => new LLMObserveInstrumentation({ ...(config as object), enabled: false })).toThrow(message);
  });

  it.each([
    [false, undefined],
    [true, true],
  ])('loads the tokenizer tables at enable() only with preloadTokenizers: %s', (loaded, option) => {
    // A fresh process (compiled package): jest's module registry would hide what Node has loaded.
    const script = `
      const { LLMObserveInstrumentation } = require(${JSON.stringify(require.resolve('../dist/index.js'))});
      new LLMObserveInstrumentation(${JSON.stringify(option === undefined ? {} : { preloadTokenizers: option })});
      setTimeout(() => {
        process.stdout.write(String(Object.keys(require.cache).some((k) => k.includes('o200k_base'))));
      }, 200);`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(String(loaded));
  });

  it('rejects a malformed custom endpoint, naming it', () => {
    expect(() => new LLMObserveInstrumentation({ enabled: false, customEndpoints: [{ baseUrl: 'not a url', provider: 'x' }] })).toThrow(/customEndpoints\[0\]\.baseUrl/);
  });

  it('starts disabled when asked, enables through registerInstrumentations, and reports its config', () => {
    const inst = new LLMObserveInstrumentation({ enabled: false, includeUsage: false });
    expect(inst.getConfig().enabled).toBe(false);
    expect(inst.fetchBodyObservation).toBeUndefined();
    const unregister = registerInstrumentations({ instrumentations: [inst], tracerProvider: trace.getTracerProvider() });
    expect(inst.getConfig().enabled).toBe(true);
    expect(inst.fetchBodyObservation).toBeDefined();
    expect(inst.instrumentationName).toBe('@llmobserve/instrumentation');
    expect(inst.instrumentations).toHaveLength(2);
    inst.setMeterProvider(metrics.getMeterProvider());
    unregister();
    expect(inst.getConfig().enabled).toBe(false);
  });

  it('rejects an invalid setConfig and keeps the old one', () => {
    const inst = new LLMObserveInstrumentation({ enabled: false, maxBufferBytes: 100 });
    expect(() => inst.setConfig({ maxBufferBytes: -5 })).toThrow('maxBufferBytes');
    expect(inst.getConfig().maxBufferBytes).toBe(100);
  });
});

describe('behaviour options', () => {
  let h: Harness;
  afterEach(() => h.close());

  it('recordContent records prompt and completion as GenAI messages; off by default', async () => {
    h = await startHarness();
    await (await fetch(`${h.openai}/chat/completions`, { method: 'POST', body: JSON.stringify(chat) })).text();
    let span = await onlySpan(h.exporter);
    expect(span.attributes['gen_ai.input.messages']).toBeUndefined();
    expect(span.attributes['gen_ai.output.messages']).toBeUndefined();

    h.instrumentation.setConfig({ ...h.instrumentation.getConfig(), recordContent: true, maxContentChars: 12 });
    h.exporter.reset();
    await (await fetch(`${h.openai}/chat/completions`, { method: 'POST', body: JSON.stringify({ ...chat, stream: true }) })).text();
    span = await onlySpan(h.exporter);
    expect(JSON.parse(span.attributes['gen_ai.input.messages'] as string)).toEqual([
      { role: 'system', parts: [{ type: 'text', content: 'Be brief' }] },
      { role: 'user', parts: [{ type: 'text', content: 'Say ' }] },
    ]);
    expect(JSON.parse(span.attributes['gen_ai.output.messages'] as string)).toEqual([
      { role: 'assistant', parts: [{ type: 'text', content: 'The quick br' }], finish_reason: 'stop' },
    ]);
  });

  it('providerCallsOnly: no span for other HTTP calls, fetch or node:http', async () => {
    h = await startHarness({ providerCallsOnly: true });
    const other = http.createServer((_q, res) => res.end('ok')).listen(0, '127.0.0.1');
    await new Promise((r) => other.once('listening', r));
    const port = (other.address() as { port: number }).port;
    await (await fetch(`http://127.0.0.1:${port}/x`)).text();
    await httpPost(`http://127.0.0.1:${port}/y`, '{}');
    await new Promise((r) => setTimeout(r, 30));
    expect(h.exporter.getFinishedSpans()).toHaveLength(0);
    await httpPost(`${h.openai}/chat/completions`, JSON.stringify(chat));
    expect(genAi((await onlySpan(h.exporter)).attributes)['gen_ai.usage.input_tokens']).toBe(7);
    other.close();
  });

  it('runs the user hooks of both wrapped instrumentations after its own, and survives throwing ones', async () => {
    const seen: string[] = [];
    h = await startHarness({
      undici: {
        ignoreRequestHook: () => false,
        startSpanHook: () => ({ 'user.start': 'u' }),
        requestHook: () => seen.push('undici.request'),
        responseHook: () => {
          seen.push('undici.response');
          throw new Error('user hook bug');
        },
      },
      http: {
        ignoreOutgoingRequestHook: () => false,
        startOutgoingSpanHook: () => ({ 'user.start': 'h' }),
        requestHook: () => seen.push('http.request'),
        responseHook: () => seen.push('http.response'),
      },
    });
    const r = await fetch(`${h.openai}/chat/completions`, { method: 'POST', body: JSON.stringify(chat) });
    expect(r.status).toBe(200);
    await r.text();
    const s1 = await onlySpan(h.exporter);
    expect(s1.attributes['user.start']).toBe('u');
    expect(s1.attributes['gen_ai.usage.input_tokens']).toBe(7);
    h.exporter.reset();
    await httpPost(`${h.openai}/chat/completions`, JSON.stringify(chat));
    const s2 = await onlySpan(h.exporter);
    expect(s2.attributes['user.start']).toBe('h');
    expect(s2.attributes['gen_ai.provider.name']).toBe('openai');
    expect(seen).toEqual(['undici.request', 'undici.response', 'http.request', 'http.response']);
  });

  it('a throwing user startSpanHook costs neither the provider attributes nor the request model', async () => {
    h = await startHarness({
      undici: {
        startSpanHook: () => {
          throw new Error('user hook bug');
        },
      },
    });
    const r = await fetch(`${h.openai}/chat/completions`, { method: 'POST', body: JSON.stringify(chat) });
    await r.text();
    const s = await onlySpan(h.exporter);
    expect(s.attributes).toMatchObject({
      'gen_ai.provider.name': 'openai',
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'gpt-4o-mini',
      'llmobserve.stream': false,
      'gen_ai.usage.input_tokens': 7,
    });
  });

  it('disable stops capture; enable resumes it with its subscribers still ahead of the instrumentation', async () => {
    h = await startHarness();
    h.instrumentation.disable();
    h.instrumentation.disable();
    await (await fetch(`${h.openai}/chat/completions`, { method: 'POST', body: JSON.stringify(chat) })).text();
    await httpPost(`${h.openai}/chat/completions`, JSON.stringify(chat));
    await new Promise((r) => setTimeout(r, 30));
    expect(h.exporter.getFinishedSpans()).toHaveLength(0);
    h.instrumentation.enable();
    h.instrumentation.enable();
    await (await fetch(`${h.openai}/chat/completions`, { method: 'POST', body: JSON.stringify(chat) })).text();
    expect((await onlySpan(h.exporter)).attributes['gen_ai.usage.output_tokens']).toBe(8);
  });

  it('includeUsage rewrites string bodies of OpenAI streaming requests made with global fetch, and only those', async () => {
    h = await startHarness({ includeUsage: true });
    const send = async (body: unknown, url = `${h.openai}/chat/completions`): Promise<string> => {
      await (await globalThis.fetch(url, { method: 'POST', body: JSON.stringify(body) })).text();
      return (await lastRecord(h.mock)).body;
    };
    expect(JSON.parse(await send({ ...chat, stream: true }))).toEqual({ stream_options: { include_usage: true }, ...chat, stream: true });
    expect(await send(chat)).toBe(JSON.stringify(chat));
    expect(await send({ model: 'claude-haiku-4-5', stream: true, max_tokens: 5, messages: [] }, `${h.anthropic}/v1/messages`)).not.toContain('include_usage');
    await (await globalThis.fetch(new URL(`${h.openai}/chat/completions`), { method: 'POST', body: new TextEncoder().encode(JSON.stringify({ ...chat, stream: true })) })).text();
    expect((await lastRecord(h.mock)).body).not.toContain('include_usage');
    await (await globalThis.fetch(new Request(`${h.openai}/models`))).text();
    const wrapped = globalThis.fetch;
    h.instrumentation.disable();
    expect(globalThis.fetch).not.toBe(wrapped);
  });

  it('a sampled-out or suppressed call is not parsed', async () => {
    h = await startHarness({ undici: { requireParentforSpans: true }, http: { requireParentforOutgoingSpans: true } });
    await (await fetch(`${h.openai}/chat/completions`, { method: 'POST', headers: { [MOCK_HEADERS.outputTokens]: '3' }, body: JSON.stringify(chat) })).text();
    await httpPost(`${h.openai}/chat/completions`, JSON.stringify(chat));
    await new Promise((r) => setTimeout(r, 30));
    expect(h.exporter.getFinishedSpans()).toHaveLength(0);
  });
});
