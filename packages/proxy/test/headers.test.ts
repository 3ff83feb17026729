import { stripOurBaggage, upstreamRequestHeaders } from '@llmobserve/proxy';
import { downstreamResponseHeaders } from '../src/headers';

describe('stripOurBaggage', () => {
  test.each<[string, string | undefined]>([
    ['team=blue', 'team=blue'],
    ['llmobserve.run_id=r1', undefined],
    ['llmobserve.run_id=r1,team=blue;p=1', 'team=blue;p=1'],
    ['team=blue, llmobserve.customer_id=acme ,tier=gold', 'team=blue,tier=gold'],
    ['llmobserve.run_id=r1,llmobserve.section_path=a%2Fb,llmobserve.request_id=x', undefined],
    ['a=1,,b=2,llmobserve.x=1', 'a=1,b=2'],
    ['x=llmobserve.run_id', 'x=llmobserve.run_id'],
  ])('%j → %j', (input, expected) => {
    expect(stripOurBaggage(input)).toBe(expected);
  });
});

describe('upstreamRequestHeaders', () => {
  const raw = [
    'Host', 'proxy:9000',
    'Authorization', 'Bearer sk-caller',
    'x-api-key', 'anthropic-key',
    'Connection', 'keep-alive, X-Hop',
    'X-Hop', 'drop me',
    'Keep-Alive', 'timeout=5',
    'Proxy-Authorization', 'Bearer proxy-key',
    'Transfer-Encoding', 'chunked',
    'Content-Length', '12',
    'Expect', '100-continue',
    'TE', 'trailers',
    'X-LLMObserve-Run-ID', 'run-1',
    'x-llmobserve-customer-id', 'acme',
    'X-LLMObserve-Target-URL', 'https://api.openai.com/v1/chat/completions',
    'X-LLMObserve-Proxy-Key', 'proxy-key',
    'traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    'baggage', 'llmobserve.run_id=run-1,team=blue',
    'Accept-Encoding', 'gzip, br',
    'X-Request-Id', 'req-1',
    'Set-Cookie-Like', 'a',
    'Set-Cookie-Like', 'b',
  ];

  test('drops hop-by-hop, proxy and LLMObserve headers; keeps the rest in order and spelling', () => {
    const out = upstreamRequestHeaders(raw, 'keep-alive, X-Hop', '00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01');
    expect(out).toEqual([
      'Authorization', 'Bearer sk-caller',
      'x-api-key', 'anthropic-key',
      'traceparent', '00-4bf92f3577b34da6a3ce929d0e0e4736-1111111111111111-01',
      'baggage', 'team=blue',
      'Accept-Encoding', 'gzip, br',
      'X-Request-Id', 'req-1',
      'Set-Cookie-Like', 'a',
      'Set-Cookie-Like', 'b',
    ]);
  });

  test('without a replacement the traceparent is kept; a baggage of only our entries is dropped', () => {
    const out = upstreamRequestHeaders(['traceparent', 'tp', 'baggage', 'llmobserve.run_id=r'], undefined, undefined);
    expect(out).toEqual(['traceparent', 'tp']);
  });
});

describe('downstreamResponseHeaders', () => {
  test('drops hop-by-hop headers and those the Connection header names; reads Content-Length', () => {
    const raw = ['Content-Type', 'application/json', 'Connection', 'close, X-Private', 'X-Private', '1', 'Keep-Alive', 'timeout=5', 'Transfer-Encoding', 'chunked', 'Content-Length', '42', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'].map((s) =>
      Buffer.from(s, 'latin1'),
    );
    const out = downstreamResponseHeaders(raw);
    expect(out.headers).toEqual(['Content-Type', 'application/json', 'Content-Length', '42', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']);
    expect(out.contentLength).toBe(42);
  });

  test('keeps non-ASCII bytes as they are', () => {
    const out = downstreamResponseHeaders([Buffer.from('X-Name'), Buffer.from([0x63, 0x61, 0x66, 0xe9])]);
    expect(Buffer.from(out.headers[1], 'latin1')).toEqual(Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(out.contentLength).toBeUndefined();
  });
});
