import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * Real clients in a plain Node process (no jest sandbox: Node's global fetch and its dispatcher live in the
 * process's main realm, which a jest sandbox does not share). The fixture runs the compiled dist.
 */
interface Result {
  clientSha?: string;
  clientError?: string;
  error?: string;
  spans: number;
  attrs?: Record<string, unknown>;
  rec?: { bodySha256: string; cut: boolean; clientAborted: boolean; body: string };
  sdkUsage?: Record<string, unknown>;
  text?: string;
  dims?: number;
}

function runFixture(env: Record<string, string> = {}): { observation: string; results: Record<string, Result> } {
  const script = path.join(__dirname, 'fixtures', 'clients.cjs');
  const out = spawnSync(process.execPath, [script], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  if (out.status !== 0) throw new Error(`fixture failed (${String(out.status)}): ${out.stderr}`);
  return JSON.parse(out.stdout) as { observation: string; results: Record<string, Result> };
}

let run: ReturnType<typeof runFixture>;
beforeAll(() => {
  run = runFixture();
});

const usage = (r: Result): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r.attrs ?? {}).filter(([k]) => k.startsWith('gen_ai.usage.') || k.startsWith('llmobserve.usage.')));

it('observes global fetch bodies on this Node through npm undici or natively', () => {
  expect(['npm-undici', 'native']).toContain(run.observation);
});

it('every call made exactly one span and every client got the bytes the mock sent', () => {
  for (const [name, r] of Object.entries(run.results)) {
    expect([name, r.spans]).toEqual([name, 1]);
    if (r.clientSha !== undefined) expect([name, r.clientSha]).toEqual([name, r.rec?.bodySha256]);
  }
});

it('global fetch: JSON (br), SSE with usage (gzip), SSE without usage (estimated)', () => {
  const r = run.results;
  expect(usage(r['fetch.chat.json.br'])).toMatchObject({
    'gen_ai.usage.input_tokens': 7,
    'gen_ai.usage.cache_read.input_tokens': 2,
    'gen_ai.usage.output_tokens': 11,
    'gen_ai.usage.reasoning.output_tokens': 3,
  });
  expect(usage(r['fetch.chat.sse.usage.gzip'])).toMatchObject({ 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.output_tokens': 8 });
  expect(r['fetch.chat.sse.usage.gzip'].attrs?.['llmobserve.stream']).toBe(true);
  expect(r['fetch.chat.sse.nousage'].attrs?.['llmobserve.usage.estimated']).toBe(true);
});

it('global fetch: an abandoned stream keeps the usage seen so far; a cut stream is flagged', () => {
  const cancel = run.results['fetch.anthropic.sse.cancel'];
  expect(cancel.rec?.clientAborted).toBe(true);
  expect(cancel.attrs).toMatchObject({ 'llmobserve.stream.aborted': true, 'gen_ai.usage.input_tokens': 4 });
  const cut = run.results['fetch.chat.sse.cut'];
  expect(cut.rec?.cut).toBe(true);
  expect(cut.clientError).toBe('TypeError');
  expect(cut.attrs?.['llmobserve.usage.error']).toBe('truncated_stream');
  expect(cut.attrs?.['gen_ai.usage.input_tokens']).toBeUndefined();
});

it('openai SDK: span usage equals what the SDK parsed, streamed or not', () => {
  const r = run.results;
  expect(usage(r['openai.chat.json'])).toMatchObject({ 'gen_ai.usage.input_tokens': 7, 'gen_ai.usage.output_tokens': 11, 'gen_ai.usage.reasoning.output_tokens': 3 });
  for (const name of ['openai.chat.parsed', 'openai.chat.stream.usage']) {
    const sdk = r[name].sdkUsage as { prompt_tokens: number; completion_tokens: number; prompt_tokens_details: { cached_tokens: number } };
    expect(usage(r[name])).toMatchObject({
      'gen_ai.usage.input_tokens': sdk.prompt_tokens,
      'gen_ai.usage.output_tokens': sdk.completion_tokens,
      'gen_ai.usage.cache_read.input_tokens': sdk.prompt_tokens_details.cached_tokens,
    });
  }
  expect(r['openai.chat.stream.usage'].text).toBe('The quick brown fox jumps over the lazy');
  expect(r['openai.chat.stream.raw'].attrs?.['llmobserve.usage.estimated']).toBe(true);
  expect(r['openai.chat.stream.abort'].attrs).toMatchObject({ 'llmobserve.stream.aborted': true });
  expect(usage(r['openai.responses.stream'])).toMatchObject({ 'gen_ai.usage.input_tokens': 4, 'gen_ai.usage.output_tokens': 12, 'gen_ai.usage.reasoning.output_tokens': 4 });
  expect(r['openai.embeddings'].dims).toBe(8);
  expect(usage(r['openai.embeddings'])).toMatchObject({ 'gen_ai.usage.input_tokens': 4 });
  expect(r['openai.429'].error).toMatch(/429/);
  expect(r['openai.429'].attrs?.['llmobserve.usage.error']).toBe('http_429');
});

it('anthropic SDK: cache reads and writes land in the GenAI attributes (input includes them)', () => {
  const r = run.results;
  expect(usage(r['anthropic.messages.json'])).toMatchObject({
    'gen_ai.usage.input_tokens': 122,
    'gen_ai.usage.cache_read.input_tokens': 100,
    'gen_ai.usage.cache_creation.input_tokens': 20,
    'gen_ai.usage.output_tokens': 8,
  });
  const s = r['anthropic.messages.stream'];
  const sdk = s.sdkUsage as { input_tokens: number; cache_read_input_tokens: number; output_tokens: number };
  expect(usage(s)).toMatchObject({
    'gen_ai.usage.input_tokens': sdk.input_tokens + sdk.cache_read_input_tokens,
    'gen_ai.usage.output_tokens': sdk.output_tokens,
  });
  expect(r['anthropic.500'].attrs?.['llmobserve.usage.error']).toBe('http_500');
});

it('includeUsage adds stream_options.include_usage to fetch requests, so streams report real usage', () => {
  const iu = runFixture({ LLMOBSERVE_INCLUDE_USAGE: '1' });
  const raw = iu.results['openai.chat.stream.raw'];
  expect(JSON.parse(raw.rec!.body)).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  expect(raw.attrs?.['llmobserve.usage.estimated']).toBeUndefined();
  expect(usage(raw)).toMatchObject({ 'gen_ai.usage.input_tokens': 5, 'gen_ai.usage.output_tokens': 8 });
  // What the caller received is exactly what the mock sent for the (rewritten) request.
  expect(raw.clientSha).toBe(raw.rec?.bodySha256);
  // Requests that already ask for usage, and non-streaming ones, are sent unchanged.
  expect(iu.results['fetch.chat.json.br'].rec?.body).toBe(run.results['fetch.chat.json.br'].rec?.body);
  expect(iu.results['fetch.chat.sse.usage.gzip'].rec?.body).toBe(run.results['fetch.chat.sse.usage.gzip'].rec?.body);
});
