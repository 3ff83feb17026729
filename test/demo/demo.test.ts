/**
 * Smoke test of `npm run demo` (the built runner): three processes, one trace
 * per request across application and gateway, costs that add up exactly and
 * match the price catalog, the 429 and the custom tool cost on the page.
 */
import * as net from 'node:net';
import { computeCost, formatUsd, parseUsd } from '@llmobserve/pricing';
import { parseDemoOutput, parseTokens } from './output';
import type { DemoOutput, Row } from './output';
import { runDemo } from './run';

const sum = (amounts: string[]): bigint => amounts.reduce((acc, a) => acc + parseUsd(a), 0n);
const isLlmCall = (r: Row): boolean => r.model !== '';

let run: { code: number | string; stdout: string; stderr: string };
let out: DemoOutput;

beforeAll(async () => {
  run = await runDemo([]);
  out = parseDemoOutput(run.stdout);
}, 60_000);

describe('npm run demo', () => {
  it('exits 0 and says it worked, in plain text when NO_COLOR is set', () => {
    expect({ code: run.code, stderr: run.stderr.slice(-2000) }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(run.stdout).toContain('✓ every trace spans application and gateway');
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it('prints one trace per request, each spanning application and gateway spans under one trace id', () => {
    expect(out.traces.map((t) => t.customer)).toEqual(['acme', 'globex', 'initech', 'acme', 'globex']);
    expect(new Set(out.traces.map((t) => t.traceId)).size).toBe(5);
    for (const t of out.traces) {
      expect(t.services).toEqual(['application', 'gateway']);
      const services = new Set(t.rows.map((r) => r.service));
      expect(services).toEqual(new Set(['application', 'gateway']));
      // seed 001: application → gateway → LLM, in that order down the tree
      const names = t.rows.map((r) => `${r.service}:${r.name}`);
      expect(names.indexOf('application:application_process_request')).toBeLessThan(names.indexOf('gateway:llm_gateway_process'));
      expect(t.rows.filter((r) => r.service === 'gateway' && isLlmCall(r)).length).toBeGreaterThanOrEqual(2);
    }
  });

  it('prices every LLM call at the catalog price of its printed tokens', () => {
    const calls = out.traces.flatMap((t) => t.rows.filter((r) => isLlmCall(r) && r.cost !== ''));
    expect(calls.length).toBe(10);
    expect(new Set(calls.map((c) => c.model))).toEqual(new Set(['gpt-4o-mini', 'o4-mini', 'gpt-4.1-mini', 'claude-sonnet-4-6']));
    for (const call of calls) {
      const t = parseTokens(call.tokens);
      const result = computeCost(
        { inputTokens: t.input, cachedInputTokens: t.cached, cacheWriteTokens: t.written, outputTokens: t.output, reasoningTokens: t.reasoning },
        { model: call.model },
      );
      if (!result.priced) throw new Error(`${call.model} is not in the catalog: ${result.reason}`);
      expect(`${call.model} ${call.tokens} $${call.cost}`).toBe(`${call.model} ${call.tokens} $${formatUsd(result.total)}`);
    }
    // cache reads and writes and reasoning tokens all appear
    expect(calls.some((c) => /cached/.test(c.tokens) && /written/.test(c.tokens))).toBe(true);
    expect(calls.some((c) => /\d+ written\) out/.test(c.tokens) && !/cached/.test(c.tokens))).toBe(true);
    expect(calls.some((c) => c.model === 'o4-mini' && parseTokens(c.tokens).reasoning > 0)).toBe(true);
  });

  it('rolls cost up across the process boundary: each section subtree is the exact sum of the calls below it', () => {
    for (const t of out.traces) {
      const own = t.rows.filter((r) => r.cost !== '').map((r) => r.cost);
      expect(t.total).toBe(formatUsd(sum(own)));
      expect(t.rows[0].subtree).toBe(t.total);
      const synthesis = t.rows.findIndex((r) => r.name === 'step:synthesis');
      const claude = t.rows.slice(synthesis).find((r) => r.model === 'claude-sonnet-4-6');
      // application-side section, gateway-side call: only a trace-wide roll-up can know this
      expect(t.rows[synthesis].service).toBe('application');
      expect(claude?.service).toBe('gateway');
      expect(t.rows[synthesis].subtree).toBe(claude?.cost);
    }
  });

  it('prints per-customer totals equal to the sum of the per-call costs of their traces', () => {
    const expected = new Map<string, bigint>();
    for (const t of out.traces) {
      expected.set(t.customer, (expected.get(t.customer) ?? 0n) + sum(t.rows.filter((r) => r.cost !== '').map((r) => r.cost)));
    }
    const printed = new Map(out.customers.map((r) => [r[0], parseUsd(r[r.length - 1].replace('$', ''))]));
    expect(printed.get('acme')).toBe(expected.get('acme'));
    expect(printed.get('globex')).toBe(expected.get('globex'));
    expect(printed.get('initech')).toBe(expected.get('initech'));
    expect(printed.get('all')).toBe([...expected.values()].reduce((a, b) => a + b, 0n));
    const byModel = sum(out.models.map((r) => r[r.length - 1].replace('$', '')));
    expect(byModel).toBe(printed.get('all'));
  });

  it('shows the 429 as a failed call, and the recovery on the fallback model', () => {
    const failed = out.traces.flatMap((t) => t.rows.filter((r) => r.notes === '✗ 429' && isLlmCall(r)).map((r) => ({ customer: t.customer, r })));
    expect(failed).toHaveLength(1);
    expect(failed[0].customer).toBe('globex');
    expect(failed[0].r).toMatchObject({ service: 'gateway', model: 'gpt-4o-mini', cost: '' });
    const trace = out.traces.find((t) => t.rows.includes(failed[0].r))!;
    expect(trace.rows.some((r) => r.model === 'gpt-4.1-mini' && r.cost !== '')).toBe(true);
    expect(out.customers.find((r) => r[0] === 'globex')?.[3]).toBe('1');
  });

  it('shows the custom cost of the web search tool ($0.01 per call) on the span and in the model table', () => {
    for (const t of out.traces) {
      const tool = t.rows.find((r) => r.name === 'tool:web_search');
      expect(tool).toMatchObject({ service: 'application', cost: '0.01', notes: 'custom cost' });
    }
    const row = out.models.find((r) => r[0] === 'custom: tool:web_search');
    expect(row?.slice(1)).toEqual(['5', '0', '$0.05']);
  });

  it('stops every process it started', async () => {
    expect(Object.keys(out.urls).sort()).toEqual(['application', 'collector', 'gateway', 'mock LLM']);
    for (const url of Object.values(out.urls)) {
      const port = Number(new URL(url).port);
      const open = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host: '127.0.0.1', port }, () => {
          s.destroy();
          resolve(true);
        });
        s.once('error', () => resolve(false));
      });
      expect({ url, open }).toEqual({ url, open: false });
    }
  });
});

describe('npm run demo: errors a person can act on', () => {
  it('names the port when the collector port is taken', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const r = await runDemo(['--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`port ${port} on 127.0.0.1 (embedded OTLP collector) is already taken`);
    } finally {
      server.close();
    }
  }, 30_000);

  it('names the install script when Jaeger is missing', async () => {
    const r = await runDemo(['--jaeger'], { LLMOBSERVE_CACHE: '/nonexistent/llmobserve-cache' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Jaeger is missing');
    expect(r.stderr).toContain('bash scripts/install-jaeger.sh');
  }, 30_000);

  it('rejects an unknown argument with the usage', async () => {
    const r = await runDemo(['--verbose']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown argument "--verbose"');
    expect(r.stderr).toContain('--jaeger');
  }, 30_000);
});
