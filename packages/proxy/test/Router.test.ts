import { ProviderRegistry } from '@llmobserve/providers';
import { isRefusal, Router } from '../src/Router';
import type { RouteRefusal, RouteTarget } from '../src/Router';

const builtin = new ProviderRegistry().upstreams();
const upstreams = [
  { provider: 'my-vllm', prefix: 'vllm', baseUrl: 'http://127.0.0.1:8000/v1' },
  { provider: 'anthropic', prefix: 'corp-anthropic', baseUrl: 'https://gateway.internal/anthropic' },
];
const registry = new ProviderRegistry({ customEndpoints: upstreams.map((u) => ({ provider: u.provider, baseUrl: u.baseUrl })) });
const router = new Router(registry, builtin, upstreams, ['https://allowed.example:8443']);

function target(url: string, header?: string): RouteTarget {
  const r = router.resolve(url, header);
  if (isRefusal(r)) throw new Error(`refused: ${r.message}`);
  return r;
}

function refusal(url: string, header?: string): RouteRefusal {
  const r = router.resolve(url, header);
  if (!isRefusal(r)) throw new Error(`routed to ${r.origin}${r.path}`);
  return r;
}

describe('prefix routing', () => {
  test.each([
    ['/openai/v1/chat/completions', 'https://api.openai.com/v1/chat/completions', 'openai'],
    ['/openai/chat/completions', 'https://api.openai.com/v1/chat/completions', 'openai'],
    ['/openai/v1', 'https://api.openai.com/v1', 'openai'],
    ['/openai', 'https://api.openai.com/v1', 'openai'],
    ['/openai?x=1', 'https://api.openai.com/v1?x=1', 'openai'],
    ['/openai/v1/models?limit=2', 'https://api.openai.com/v1/models?limit=2', 'openai'],
    ['/openai/v1x/y', 'https://api.openai.com/v1/v1x/y', 'openai'],
    ['/anthropic/v1/messages', 'https://api.anthropic.com/v1/messages', 'anthropic'],
    ['/gemini/v1beta/models/gemini-2.5-flash:generateContent', 'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent', 'gcp.gemini'],
    ['/groq/openai/v1/chat/completions', 'https://api.groq.com/openai/v1/chat/completions', 'groq'],
    ['/groq/chat/completions', 'https://api.groq.com/openai/v1/chat/completions', 'groq'],
    ['/vllm/v1/chat/completions', 'http://127.0.0.1:8000/v1/chat/completions', 'my-vllm'],
    ['/corp-anthropic/v1/messages', 'https://gateway.internal/anthropic/v1/messages', 'anthropic'],
    // A path cannot change the host: dot segments are sent as they are, to the prefix's host.
    ['/openai/../anthropic/v1/messages', 'https://api.openai.com/v1/../anthropic/v1/messages', 'openai'],
    ['/openai//evil.example/x', 'https://api.openai.com/v1//evil.example/x', 'openai'],
  ])('%s → %s', (url, expected, provider) => {
    const t = target(url);
    expect(t.origin + t.path).toBe(expected);
    expect(t.provider).toBe(provider);
    expect(t.via).toBe('prefix');
  });

  test('unknown prefixes and non-path targets are refused', () => {
    expect(refusal('/nope/v1/chat/completions')).toEqual(expect.objectContaining({ status: 404, type: 'unknown_route' }));
    expect(refusal('/')).toEqual(expect.objectContaining({ status: 404 }));
    expect(refusal('http://api.openai.com/v1/chat/completions')).toEqual(expect.objectContaining({ status: 400, type: 'bad_target' }));
    expect(refusal('*')).toEqual(expect.objectContaining({ status: 400 }));
  });

  test('routes() lists the built-in and configured prefixes', () => {
    const routes = router.routes();
    expect(routes).toContainEqual({ prefix: 'openai', target: 'https://api.openai.com/v1', provider: 'openai' });
    expect(routes).toContainEqual({ prefix: 'vllm', target: 'http://127.0.0.1:8000/v1', provider: 'my-vllm' });
  });
});

describe('X-LLMObserve-Target-URL allowlist', () => {
  test.each([
    'https://api.openai.com/v1/chat/completions',
    'https://api.openai.com/v1/files',
    'https://api.anthropic.com/v1/messages',
    'http://127.0.0.1:8000/v1/chat/completions',
    'https://gateway.internal/anthropic/v1/messages',
    'https://allowed.example:8443/anything',
    // Hosts named after a resource or region: allowed for the provider API paths of the table.
    'https://my-resource.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21',
    'https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku/converse',
  ])('%s is allowed', (url) => {
    const t = target('/proxy', url);
    expect(t.origin + t.path).toBe(url);
    expect(t.via).toBe('target-url');
  });

  test.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['http://127.0.0.1:8001/v1/chat/completions', '127.0.0.1:8001'],
    ['http://localhost:8000/v1/chat/completions', 'localhost:8000'],
    ['https://127.0.0.1:8000/v1/chat/completions', '127.0.0.1:8000'],
    ['http://api.openai.com/v1/chat/completions', 'api.openai.com'],
    ['https://api.openai.com:444/v1/chat/completions', 'api.openai.com:444'],
    ['https://api.openai.com.attacker.example/v1/chat/completions', 'api.openai.com.attacker.example'],
    ['https://allowed.example/anything', 'allowed.example'],
    ['https://my-resource.openai.azure.com/admin', 'my-resource.openai.azure.com'],
    ['https://my-resource.openai.azure.com:8443/openai/deployments/x/chat/completions', 'my-resource.openai.azure.com:8443'],
    ['http://[::1]:8000/v1/chat/completions', '[::1]:8000'],
  ])('%s → 403 naming %s', (url, host) => {
    const r = refusal('/proxy', url);
    expect(r.status).toBe(403);
    expect(r.type).toBe('forbidden_target');
    expect(r.host).toBe(host);
    expect(r.message).toContain(host);
  });

  test.each(['', 'api.openai.com/v1', 'file:///etc/passwd', 'gopher://127.0.0.1:70/', 'https://key@api.openai.com/v1/chat/completions'])('%j → 400', (url) => {
    expect(refusal('/proxy', url).status).toBe(400);
  });

  test('the endpoint match of a routed request comes from the providers table', () => {
    expect(router.match(target('/openai/v1/chat/completions'), 'POST')).toEqual(expect.objectContaining({ provider: 'openai', operation: 'chat' }));
    expect(router.match(target('/vllm/v1/chat/completions'), 'POST')).toEqual(expect.objectContaining({ provider: 'my-vllm' }));
    expect(router.match(target('/openai/v1/files'), 'POST')).toBeUndefined();
  });
});
