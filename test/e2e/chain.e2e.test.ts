/**
 * End to end against the real backends: application → gateway → mock LLM, each
 * service set up with register() and the jaeger() + phoenix() presets, read back
 * through Jaeger's and Phoenix's query APIs.
 */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startMockLlm, MockLlm } from '@llmobserve/mock-llm';
import { JaegerPeer, startJaeger } from '../peers/jaeger';
import { PhoenixPeer, startPhoenix } from '../peers/phoenix';

jest.setTimeout(120_000);

const PROJECT = 'llmobserve-e2e';
let jaegerPeer: JaegerPeer;
let phoenixPeer: PhoenixPeer;
let mock: MockLlm;
const children: ChildProcess[] = [];

function startService(role: string, env: Record<string, string>): Promise<string> {
  const child = fork(join(__dirname, 'fixtures', 'chain-service.js'), [role], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (m) resolve(`http://127.0.0.1:${m[1]}`);
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

function stopAll(): Promise<unknown> {
  return Promise.all(
    children.splice(0).map(
      (c) =>
        new Promise((resolve) => {
          if (c.exitCode !== null) return resolve(undefined);
          c.once('exit', resolve);
          c.send({ type: 'stop' });
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
}

beforeAll(async () => {
  [jaegerPeer, phoenixPeer, mock] = await Promise.all([startJaeger(), startPhoenix(), startMockLlm()]);
});
afterAll(async () => {
  await stopAll();
  await Promise.all([jaegerPeer?.stop(), phoenixPeer?.stop(), mock?.close()]);
});

describe('application → gateway → LLM, exported to real Jaeger and real Phoenix', () => {
  it('shows one trace with sections, ids, tokens and cost in both backends', async () => {
    const env = { JAEGER_URL: jaegerPeer.otlpTracesUrl, PHOENIX_URL: phoenixPeer.baseUrl, PROJECT, MOCK_URL: mock.url };
    const gateway = await startService('gateway', env);
    const app = await startService('application', { ...env, DOWNSTREAM: gateway });
    const res = await fetch(`${app}/ask`, { method: 'POST', headers: { 'x-request-id': 'req-e2e-chain' } });
    expect(res.headers.get('x-request-id')).toBe('req-e2e-chain');
    const { traceId, runId } = (await res.json()) as { traceId: string; runId: string };
    await stopAll(); // flushes both services

    // Jaeger: application server → agent → step → fetch → gateway server → tool → fetch (LLM).
    const jt = await jaegerPeer.waitForSpans(traceId, 7, 30_000);
    const services = new Set(jt.spans.map((s) => s.serviceName));
    expect(services).toEqual(new Set(['application', 'gateway']));
    const byName = (n: string) => jt.spans.find((s) => s.name === n)!;
    const agent = byName('agent:research');
    const step = byName('step:answer');
    const tool = byName('tool:llm');
    expect(step.parentSpanId).toBe(agent.spanId);
    const llm = jt.spans.find((s) => s.tags['gen_ai.request.model'] === 'gpt-4o-mini')!;
    expect(llm.parentSpanId).toBe(tool.spanId);
    for (const s of [agent, step, tool, llm]) {
      expect(s.tags['llmobserve.run_id']).toBe(runId);
      expect(s.tags['llmobserve.customer_id']).toBe('acme');
      expect(s.tags['llmobserve.request_id']).toBe('req-e2e-chain');
    }
    const input = Number(llm.tags['gen_ai.usage.input_tokens']);
    const output = Number(llm.tags['gen_ai.usage.output_tokens']);
    expect(input).toBeGreaterThan(0);
    expect(output).toBeGreaterThan(0);
    // gpt-4o-mini, $0.15 and $0.60 per million tokens, by hand.
    expect(Number(llm.tags['llmobserve.cost.total_usd'])).toBeCloseTo((input * 0.15 + output * 0.6) / 1e6, 12);
    expect(tool.tags['llmobserve.cost.subtree_usd']).toBe(llm.tags['llmobserve.cost.total_usd']);
    expect(llm.tags['llmobserve.section_path']).toBe('agent:research/step:answer/tool:llm');

    // Phoenix: the same trace in our project, the LLM span of kind LLM with OpenInference attributes.
    const ps = await phoenixPeer.waitForSpans(PROJECT, traceId, 7, 30_000);
    const pLlm = ps.find((s) => s.context.span_id === llm.spanId)!;
    expect(pLlm.span_kind).toBe('LLM');
    expect(pLlm.attributes['llm.model_name']).toBe('gpt-4o-mini');
    expect(pLlm.attributes['llm.token_count.prompt']).toBe(input);
    expect(pLlm.attributes['llm.token_count.completion']).toBe(output);
    expect(pLlm.attributes['session.id']).toBe(runId);
    expect(pLlm.attributes['user.id']).toBe('acme');
    expect(ps.find((s) => s.name === 'agent:research')!.span_kind).toBe('AGENT');
    expect(ps.find((s) => s.name === 'tool:llm')!.span_kind).toBe('TOOL');
    expect(await phoenixPeer.projects()).toContain(PROJECT);
  });
});
