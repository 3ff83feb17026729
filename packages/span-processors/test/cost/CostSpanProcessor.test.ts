import { diag, DiagLogLevel, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { ReadableSpan, Span as SdkSpan } from '@opentelemetry/sdk-trace-base';
import { computeCost, formatUsd, MONEY_SCALE, parseUsd, PriceCatalog, toUsdNumber } from '@llmobserve/pricing';
import type { CostResult, Usage } from '@llmobserve/pricing';
import { COST_ATTRIBUTES as A, CostSpanProcessor } from '@llmobserve/span-processors';
import { setup } from '../helpers';

const gpt4o = (input: number, output: number, cached = 0) => ({
  'gen_ai.provider.name': 'openai',
  'gen_ai.operation.name': 'chat',
  'gen_ai.request.model': 'gpt-4o',
  'gen_ai.usage.input_tokens': input,
  'gen_ai.usage.output_tokens': output,
  ...(cached ? { 'gen_ai.usage.cache_read.input_tokens': cached } : {}),
});

/** Fake pricing: the cost of a call is `inputTokens` USD cents written as a decimal, so sums are easy to check. */
function fakePrice(prices: Record<string, string>) {
  return (usage: Usage, opts: { model: string }): CostResult => {
    const usd = prices[opts.model];
    if (usd === undefined) return { priced: false, reason: 'unknown_model', detail: `unknown model ${opts.model}`, closest: ['a', 'b'] };
    const amount = parseUsd(usd) * BigInt(usage.inputTokens ?? 1);
    return {
      priced: true,
      total: amount,
      totalUsd: toUsdNumber(amount),
      totalUsdExact: formatUsd(amount),
      parts: { input: { usd: toUsdNumber(amount), usdExact: formatUsd(amount), amount, quantity: 1, unitUsd: usd, meter: 'input_token' } },
      matchedModel: opts.model,
      provider: 'fake',
      pricingVersion: 'fake-1',
      priceSource: 'test',
    } as unknown as CostResult;
  };
}

describe('CostSpanProcessor on a real pricing catalog', () => {
  it('writes cost, parts, version, model and the Langfuse/Phoenix attributes on an LLM span', () => {
    const { start, finished } = setup(new CostSpanProcessor());
    start('chat gpt-4o', gpt4o(1000, 500, 200)).end();
    const a = finished('chat gpt-4o').attributes;
    const expected = computeCost({ inputTokens: 1000, outputTokens: 500, cachedInputTokens: 200 }, { model: 'gpt-4o', provider: 'openai' });
    if (!expected.priced) throw new Error('gpt-4o is not priced in the catalog');
    expect(a[A.totalUsd]).toBe(expected.totalUsd);
    expect(a[A.totalUsdExact]).toBe(expected.totalUsdExact);
    expect(a['llmobserve.cost.input_usd']).toBe(expected.parts.input?.usd);
    expect(a['llmobserve.cost.cached_input_usd']).toBe(expected.parts.cachedInput?.usd);
    expect(a['llmobserve.cost.output_usd']).toBe(expected.parts.output?.usd);
    expect(a[A.pricingVersion]).toBe(expected.pricingVersion);
    expect(a[A.matchedModel]).toBe('gpt-4o');
    expect(a[A.usageConvention]).toBeUndefined(); // written only when a span could not be priced
    expect(a[A.genAiUsageCost]).toBe(expected.totalUsd);
    expect(a[A.openInferenceTotal]).toBe(expected.totalUsd);
    expect(a[A.openInferencePrompt]).toBe(toUsdNumber((expected.parts.input?.amount ?? 0n) + (expected.parts.cachedInput?.amount ?? 0n)));
    expect(a[A.openInferenceCompletion]).toBe(expected.parts.output?.usd);
    expect(a[A.subtreeUsd]).toBe(expected.totalUsd);
    expect(a[A.subtreeLlmCalls]).toBe(1);
    expect(a[A.unpricedReason]).toBeUndefined();
  });

  it('prices your own operations through pricing overrides (llmobserve.model + llmobserve.usage.*)', () => {
    const catalog = PriceCatalog.load();
    catalog.registerPrice({ provider: 'tools', model: 'web_search', prices: { request: '0.01' } });
    const { start, finished } = setup(new CostSpanProcessor({ computeCost: (u, o) => catalog.computeCost(u, o) }));
    const agent = start('agent');
    start('tool:web_search', { 'llmobserve.model': 'web_search', 'llmobserve.provider': 'tools', 'llmobserve.usage.requests': 3 }, agent).end();
    start('chat', gpt4o(100, 10), agent).end();
    agent.end();
    const tool = finished('tool:web_search').attributes;
    expect(tool[A.totalUsdExact]).toBe('0.03');
    expect(tool['llmobserve.cost.request_usd']).toBe(0.03);
    const chat = computeCost({ inputTokens: 100, outputTokens: 10 }, { model: 'gpt-4o', provider: 'openai' });
    if (!chat.priced) throw new Error('gpt-4o is not priced');
    expect(finished('agent').attributes[A.subtreeUsdExact]).toBe(formatUsd(chat.total + parseUsd('0.03')));
    expect(finished('agent').attributes[A.subtreeLlmCalls]).toBe(2);
  });

  it('falls back from the response model to the request model', () => {
    const { start, finished } = setup(new CostSpanProcessor());
    start('chat', { ...gpt4o(10, 10), 'gen_ai.response.model': 'gpt-4o-custom-finetune-xyz' }).end();
    expect(finished('chat').attributes[A.matchedModel]).toBe('gpt-4o');
  });

  it('marks unpriced spans with a reason and no number', () => {
    const { start, finished } = setup(new CostSpanProcessor());
    const parent = start('parent');
    start('chat', { ...gpt4o(10, 10), 'gen_ai.request.model': 'no-such-model-anywhere' }, parent).end();
    start('bad', { ...gpt4o(10, 10), 'gen_ai.usage.input_tokens': -5 }, parent).end();
    start('nomodel', { 'gen_ai.usage.input_tokens': 1, 'gen_ai.usage.output_tokens': 1 }, parent).end();
    parent.end();
    const chat = finished('chat').attributes;
    expect(chat[A.unpricedReason]).toBe('unknown_model');
    expect(chat[A.usageConvention]).toBe('genai');
    expect(chat[A.unpricedDetail]).toMatch(/no-such-model-anywhere/);
    expect(chat[A.totalUsd]).toBeUndefined();
    expect(chat[A.genAiUsageCost]).toBeUndefined();
    expect(finished('bad').attributes[A.unpricedReason]).toBe('bad_usage');
    expect(finished('nomodel').attributes[A.unpricedReason]).toBe('missing_model');
    const p = finished('parent').attributes;
    expect(p[A.subtreeUnpricedCalls]).toBe(3);
    expect(p[A.subtreeLlmCalls]).toBe(0);
    expect(p[A.subtreeUsdExact]).toBe('0');
  });

  it('leaves spans without usage untouched', () => {
    const { start, finished } = setup(new CostSpanProcessor());
    start('GET /', { 'http.method': 'GET' }).end();
    expect(Object.keys(finished('GET /').attributes)).toEqual(['http.method']);
  });
});

describe('CostSpanProcessor roll-up', () => {
  const price = fakePrice({ m1: '0.1', m2: '0.2', big: '12345.678901234567890123' });
  const call = (model: string, n = 1) => ({ 'gen_ai.request.model': model, 'gen_ai.usage.input_tokens': n, 'gen_ai.usage.output_tokens': 0 });

  it('sums subtree cost exactly (bigint), per section and for the request span', () => {
    const cost = new CostSpanProcessor({ computeCost: price });
    const { start, finished } = setup(cost);
    const server = start('POST /chat');
    const agent = start('agent:research', {}, server);
    const step = start('step:planning', {}, agent);
    start('llm-1', call('m1'), step).end();
    start('llm-2', call('m2'), step).end();
    step.end();
    const tool = start('tool:search', { [A.customUsd]: '0.01' }, agent);
    tool.end();
    start('llm-3', call('big', 3), agent).end();
    agent.end();
    start('unrelated', {}, server).end();
    server.end();

    expect(finished('llm-1').attributes[A.totalUsdExact]).toBe('0.1');
    const s = finished('step:planning').attributes;
    expect(s[A.subtreeUsdExact]).toBe('0.3'); // 0.1 + 0.2 with floats is 0.30000000000000004
    expect(s[A.subtreeUsd]).toBe(0.3);
    expect(s[A.subtreeLlmCalls]).toBe(2);
    expect(s[A.totalUsd]).toBeUndefined();
    expect(finished('tool:search').attributes[A.totalUsdExact]).toBe('0.01');
    expect(finished('tool:search').attributes[A.subtreeLlmCalls]).toBe(0);
    const a = finished('agent:research').attributes;
    expect(a[A.subtreeUsdExact]).toBe('37037.346703703703670369'); // 0.3 + 0.01 + 3 × 12345.678901234567890123
    expect(a[A.subtreeLlmCalls]).toBe(3);
    expect(finished('POST /chat').attributes[A.subtreeUsdExact]).toBe('37037.346703703703670369');
    expect(finished('unrelated').attributes[A.subtreeUsd]).toBeUndefined();
    expect(cost.openSpans).toBe(0);
  });

  it('counts a child that ends after its parent only in ancestors still open (documented rule)', () => {
    const { start, finished } = setup(new CostSpanProcessor({ computeCost: price }));
    const server = start('server');
    const section = start('section', {}, server);
    const stream = start('stream', call('m1'), section);
    start('quick', call('m2'), section).end();
    section.end(); // the stream outlives its section
    stream.end();
    server.end();
    expect(finished('section').attributes[A.subtreeUsdExact]).toBe('0.2');
    expect(finished('section').attributes[A.subtreeLlmCalls]).toBe(1);
    expect(finished('server').attributes[A.subtreeUsdExact]).toBe('0.3');
    expect(finished('server').attributes[A.subtreeLlmCalls]).toBe(2);
    // A child that ends after every ancestor is counted only on itself.
    const root = start('root');
    const late = start('late', call('m1'), root);
    root.end();
    late.end();
    expect(finished('root').attributes[A.subtreeUsd]).toBeUndefined();
    expect(finished('late').attributes[A.subtreeUsdExact]).toBe('0.1');
  });

  it('prices an aggregate span from its own usage only when no call below it was priced', () => {
    const { start, finished } = setup(new CostSpanProcessor({ computeCost: price }));
    const vercelAttrs = (op: string) => ({ 'ai.operationId': op, 'ai.model.id': 'm1', 'ai.model.provider': 'openai.chat', 'ai.usage.promptTokens': 2, 'ai.usage.completionTokens': 1 });
    const outer = start('ai.generateText', { ...vercelAttrs('ai.generateText'), 'ai.usage.promptTokens': 4 });
    start('ai.generateText.doGenerate#1', vercelAttrs('ai.generateText.doGenerate'), outer).end();
    start('ai.generateText.doGenerate#2', vercelAttrs('ai.generateText.doGenerate'), outer).end();
    outer.end();
    const o = finished('ai.generateText').attributes;
    expect(o[A.totalUsd]).toBeUndefined();
    expect(o[A.subtreeUsdExact]).toBe('0.4');
    expect(o[A.subtreeLlmCalls]).toBe(2);
    // Without instrumented children (remote agent), the aggregate's own usage is priced.
    start('invoke_agent', { 'gen_ai.operation.name': 'invoke_agent', ...call('m2', 5) }).end();
    expect(finished('invoke_agent').attributes[A.totalUsdExact]).toBe('1');
  });

  it('counts one call once when an SDK span with usage wraps the captured HTTP span of the same call', () => {
    // @anthropic-ai/sdk and others emit their own gen_ai span; our capture writes the same usage below it.
    const { start, finished } = setup(new CostSpanProcessor());
    const sdk = start('chat gpt-4o (sdk)', gpt4o(1000, 500));
    start('POST (capture)', gpt4o(1000, 500), sdk).end();
    sdk.end();
    const inner = finished('POST (capture)').attributes;
    const outer = finished('chat gpt-4o (sdk)').attributes;
    // gpt-4o: $2.50 / 1M input, $10 / 1M output → 0.0025 + 0.005, by hand.
    expect(inner[A.totalUsdExact]).toBe('0.0075');
    expect(outer[A.totalUsd]).toBeUndefined();
    expect(outer[A.countedBelow]).toBe(true);
    expect(outer[A.subtreeUsdExact]).toBe('0.0075');
    expect(outer[A.subtreeLlmCalls]).toBe(1);
  });

  it('adds llmobserve.cost.custom_usd to an LLM span and rejects bad custom amounts', () => {
    const { start, finished } = setup(new CostSpanProcessor({ computeCost: price }));
    start('both', { ...call('m1'), [A.customUsd]: 0.05 }).end();
    expect(finished('both').attributes[A.totalUsdExact]).toBe('0.15');
    start('zero', { [A.customUsd]: 0 }).end();
    expect(finished('zero').attributes[A.totalUsdExact]).toBe('0');
    for (const [name, v] of [['neg', -1], ['nan', NaN], ['text', 'ten dollars'], ['huge', 1e7], ['bool', true]] as const) {
      start(name, { [A.customUsd]: v }).end();
      expect(finished(name).attributes[A.unpricedReason]).toBe('bad_custom_cost');
      expect(finished(name).attributes[A.totalUsd]).toBeUndefined();
    }
  });

  it('lists the closest known models of an unknown one', () => {
    const { start, finished } = setup(new CostSpanProcessor({ computeCost: price }));
    start('chat', call('mX')).end();
    expect(finished('chat').attributes[A.unpricedDetail]).toBe('unknown model mX (closest: a, b)');
  });

  it('reports a pricing function that throws as pricing_error, without throwing', () => {
    const { start, finished } = setup(
      new CostSpanProcessor({
        computeCost: () => {
          throw new Error('catalog exploded');
        },
      }),
    );
    start('chat', call('m1')).end();
    expect(finished('chat').attributes[A.unpricedReason]).toBe('pricing_error');
    expect(finished('chat').attributes[A.unpricedDetail]).toMatch(/catalog exploded/);
  });

  it('bounds the open-span map: spans that never end are evicted, oldest first', () => {
    const warn = jest.fn();
    diag.setLogger({ warn, error: jest.fn(), info: jest.fn(), debug: jest.fn(), verbose: jest.fn() }, DiagLogLevel.WARN);
    try {
      const cost = new CostSpanProcessor({ computeCost: price, maxOpenSpans: 3 });
      const { start, finished } = setup(cost);
      const root = start('root');
      const leaked: ReturnType<typeof start>[] = [];
      for (let i = 0; i < 5; i++) leaked.push(start(`leak-${i}`, {}, root)); // never ended
      expect(cost.openSpans).toBe(3);
      expect(cost.evictedSpans).toBe(3); // root, leak-0, leak-1
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/holds 3 open spans/);
      // A call under an evicted span is still priced on its own.
      start('child', call('m1'), leaked[0]).end();
      expect(finished('child').attributes[A.totalUsdExact]).toBe('0.1');
      root.end();
      expect(finished('root').attributes[A.subtreeUsd]).toBeUndefined();
      for (let i = 0; i < 10_000; i++) start(`more-${i}`, {}, root);
      expect(cost.openSpans).toBe(3);
    } finally {
      diag.disable();
    }
  });
});

describe('CostSpanProcessor end hooks', () => {
  const price = fakePrice({ m1: '0.1' });
  const attrs = { 'gen_ai.request.model': 'm1', 'gen_ai.usage.input_tokens': 1, 'gen_ai.usage.output_tokens': 1 };

  /** A span as SDKs without onEnding (1.x) make it: end() marks it ended, then calls onEnd; writes after that are ignored. */
  function oldSdkSpan(name: string, spanId: string, parentSpanId: string | undefined, a: Record<string, unknown>, onEnd: (s: ReadableSpan) => void) {
    let ended = false;
    const span = {
      name,
      attributes: { ...a } as Record<string, unknown>,
      startTime: [1_700_000_000, 0],
      parentSpanId,
      events: [],
      spanContext: () => ({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId, traceFlags: 1 }),
      setAttribute(k: string, v: unknown) {
        if (!ended) this.attributes[k] = v;
        return this;
      },
      end() {
        ended = true;
        onEnd(span as unknown as ReadableSpan);
      },
    };
    return span;
  }

  it.each(['auto', 'wrapEnd'] as const)('with endHook %s, writes before export on an SDK without onEnding', (endHook) => {
    const exported: ReadableSpan[] = [];
    const cost = new CostSpanProcessor({ computeCost: price, endHook });
    const onEnd = (s: ReadableSpan) => {
      cost.onEnd(s);
      exported.push(s);
    };
    const parent = oldSdkSpan('parent', '00000000000000a1', undefined, {}, onEnd);
    const child = oldSdkSpan('child', '00000000000000a2', '00000000000000a1', attrs, onEnd);
    cost.onStart(parent as unknown as SdkSpan, ROOT_CONTEXT);
    cost.onStart(child as unknown as SdkSpan, ROOT_CONTEXT);
    child.end();
    parent.end();
    expect(exported.map((s) => [s.name, s.attributes[A.subtreeUsdExact]])).toEqual([
      ['child', '0.1'],
      ['parent', '0.1'],
    ]);
  });

  it('with endHook wrapEnd on a current SDK, prices each span once', () => {
    const { start, finished } = setup(new CostSpanProcessor({ computeCost: price, endHook: 'wrapEnd' }));
    const p = start('p');
    start('c', attrs, p).end();
    p.end();
    expect(finished('p').attributes[A.subtreeLlmCalls]).toBe(1);
    expect(finished('c').attributes[A.subtreeLlmCalls]).toBe(1);
  });

  it('warns once when onEnding never arrives (endHook onEnding on an old SDK)', () => {
    const warn = jest.fn();
    diag.setLogger({ warn, error: jest.fn(), info: jest.fn(), debug: jest.fn(), verbose: jest.fn() }, DiagLogLevel.WARN);
    try {
      const cost = new CostSpanProcessor({ computeCost: price, endHook: 'onEnding' });
      for (const id of ['00000000000000b1', '00000000000000b2']) {
        const s = oldSdkSpan('x', id, undefined, attrs, (r) => cost.onEnd(r));
        cost.onStart(s as unknown as SdkSpan, ROOT_CONTEXT);
        s.end();
        expect(s.attributes[A.totalUsd]).toBeUndefined();
      }
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/did not get onEnding/);
      expect(cost.openSpans).toBe(0);
    } finally {
      diag.disable();
    }
  });

  it('refuses bad configuration at set-up, naming the field and value', () => {
    expect(() => new CostSpanProcessor({ maxOpenSpans: 0 })).toThrow(/maxOpenSpans must be a positive integer, got 0/);
    expect(() => new CostSpanProcessor({ endHook: 'later' as never })).toThrow(/endHook must be one of auto, onEnding, wrapEnd, got "later"/);
    expect(() => new CostSpanProcessor({ colour: 1 } as never)).toThrow(/unknown option "colour"/);
    expect(() => new CostSpanProcessor({ computeCost: 'x' as never })).toThrow(/computeCost must be a function/);
    expect(() => new CostSpanProcessor({ conventions: '/nope.json' })).toThrow(/\/nope\.json:1: cannot read the file/);
  });

  it('shuts down cleanly and forgets open spans', async () => {
    const cost = new CostSpanProcessor({ computeCost: price });
    const { start } = setup(cost);
    start('open');
    expect(cost.openSpans).toBe(1);
    await cost.forceFlush();
    await cost.shutdown();
    expect(cost.openSpans).toBe(0);
    expect(MONEY_SCALE > 0n).toBe(true);
    expect(trace.getSpan(ROOT_CONTEXT)).toBeUndefined();
  });
});
