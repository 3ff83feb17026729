import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMockLlm } from '@llmobserve/mock-llm';
import { runProxyCli } from '@llmobserve/proxy';
import type { ProxyServer } from '@llmobserve/proxy';
import { CHAT_BODY, rawRequest } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'llmobserve-proxy-cli-'));

function io(signal?: AbortSignal, onListening?: (s: ProxyServer) => void) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, env: {}, signal, onListening },
  };
}

describe('runProxyCli', () => {
  test('--help prints the usage', async () => {
    const t = io();
    expect(await runProxyCli(['--help'], t.io)).toBe(0);
    expect(t.out.join('')).toContain('usage: llmobserve proxy [--port 9000]');
  });

  test("the llmobserve CLI's { out, err } output shape works too", async () => {
    const out: string[] = [];
    const err: string[] = [];
    expect(await runProxyCli(['--help'], { out: (s) => out.push(s), err: (s) => err.push(s) })).toBe(0);
    expect(out.join('')).toContain('usage: llmobserve proxy');
    expect(await runProxyCli(['--nope'], { out: (s) => out.push(s), err: (s) => err.push(s) })).toBe(2);
    expect(err.join('')).toContain('unknown argument "--nope"');
  });

  test.each<[string[], RegExp]>([
    [['--bogus'], /unknown argument "--bogus"/],
    [['--port'], /--port needs a value/],
    [['--port', 'abc'], /command line: port: must be an integer from 0 to 65535, got "abc"/],
    [['--port=99999'], /command line: port: must be an integer from 0 to 65535, got 99999/],
    [['--config', join(dir, 'nope.json')], /nope\.json: \(file\): cannot be read/],
  ])('%j → exit 2 with a message naming the problem', async (argv, message) => {
    const t = io();
    expect(await runProxyCli(argv, t.io)).toBe(2);
    expect(t.err.join('')).toMatch(message);
  });

  test('a bad field in the config file → exit 2 naming the file and the field', async () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ upstreams: [{ provider: 'x', baseUrl: 'http://a', compatibleWith: 'grpc' }] }));
    const t = io();
    expect(await runProxyCli(['--config', file], t.io)).toBe(2);
    expect(t.err.join('')).toContain(`${file}: upstreams[0].compatibleWith: must be "openai" or "anthropic", got "grpc"`);
  });

  test('serves with the config file and the flags until the signal, then shuts down', async () => {
    const mock = await startMockLlm();
    try {
      const file = join(dir, 'ok.json');
      writeFileSync(file, JSON.stringify({ port: 1, exporter: 'none', upstreams: [{ provider: 'openai', baseUrl: `${mock.url}/v1` }] }));
      const stop = new AbortController();
      let proxy: ProxyServer | undefined;
      const t = io(stop.signal, (s) => (proxy = s));
      const running = runProxyCli(['--config', file, '--port=0', '--host', '127.0.0.1'], t.io);
      while (proxy === undefined) await new Promise((r) => setTimeout(r, 5));
      expect(t.out.join('')).toContain(`llmobserve proxy listening on ${proxy.url}`);
      const res = await rawRequest(`${proxy.url}/openai/v1/chat/completions`, { headers: { 'content-type': 'application/json' }, body: CHAT_BODY });
      expect(res.status).toBe(200);
      stop.abort();
      expect(await running).toBe(0);
      expect(t.out.join('')).toContain('shutting down');
    } finally {
      await mock.close();
    }
  });

  test('a port in use → exit 1', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    try {
      const t = io(AbortSignal.abort());
      expect(await runProxyCli(['--port', String((blocker.address() as AddressInfo).port)], t.io)).toBe(1);
      expect(t.err.join('')).toContain('EADDRINUSE');
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });
});

test('the llmobserve-proxy bin serves until SIGTERM and exits 0', async () => {
  const child = spawn(process.execPath, [join(__dirname, '..', 'dist', 'bin.js'), '--port', '0'], { env: { ...process.env, OTEL_EXPORTER_OTLP_ENDPOINT: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listening line; stdout: ${out}`)), 10_000);
    child.stdout.on('data', () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  const res = await rawRequest(`${url}/proxy`, { headers: { 'x-llmobserve-target-url': 'http://10.0.0.1/' }, body: '{}' });
  expect(res.status).toBe(403);
  const code = await new Promise<number | null>((resolve) => {
    child.on('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  expect(code).toBe(0);
});
