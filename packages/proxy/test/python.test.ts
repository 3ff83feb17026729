import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startStack } from './helpers';

const run = promisify(execFile);

/** The peers' Python; a missing one fails the test, naming the install script. */
function pythonPeer(): string {
  const venv = process.env.LLMOBSERVE_VENV ?? join(process.env.LLMOBSERVE_CACHE ?? join(homedir(), '.cache', 'llmobserve'), 'venv');
  const python = join(venv, 'bin', 'python');
  if (!existsSync(python)) throw new Error(`The Python peer is missing: ${python} not found. Run: bash scripts/install-python-peers.sh`);
  return python;
}

interface PyResult {
  status: number;
  cost: string | null;
  body: { error?: { type: string; host?: string }; lines?: number; last?: string };
}

test('a Python requests client sending the LLMObserve headers: the proxy spans land in its run, customer and section', async () => {
  const python = pythonPeer();
  const stack = await startStack();
  try {
    const runId = '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b';
    const { stdout } = await run(python, [join(__dirname, 'fixtures', 'python_client.py'), stack.proxy.url, stack.mock.url, runId], { timeout: 20_000 });
    const results = JSON.parse(stdout) as PyResult[];
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 403]);
    expect(results[3].body.error).toEqual(expect.objectContaining({ type: 'forbidden_target', host: '169.254.169.254' }));
    expect(results[2].body.last).toBe('data: [DONE]');

    const spans = (await stack.spans()).sort((a, b) => a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1]);
    expect(spans).toHaveLength(3);
    for (const span of spans) {
      // No traceparent from the caller: the trace id is the run id (a UUID), so the run is one trace.
      expect(span.spanContext().traceId).toBe(runId.replace(/-/g, ''));
      expect(span.attributes['llmobserve.run_id']).toBe(runId);
      expect(span.attributes['llmobserve.customer_id']).toBe('cust-42');
      expect(span.attributes['llmobserve.section_path']).toBe('agent:research/step:planning/tool:openai');
      expect(span.attributes['llmobserve.section']).toBe('tool:openai');
      expect(span.attributes['gen_ai.provider.name']).toBe('openai');
      expect(typeof span.attributes['llmobserve.cost.total_usd']).toBe('number');
    }
    expect(spans.map((s) => s.attributes['llmobserve.proxy.route'])).toEqual(['prefix', 'target-url', 'prefix']);
    expect(results[0].cost).toBe(spans[0].attributes['llmobserve.cost.total_usd_exact']);
    expect(results[1].cost).toBe(spans[1].attributes['llmobserve.cost.total_usd_exact']);
    expect(spans[2].attributes['llmobserve.stream']).toBe(true);

    // The provider saw the caller's key but none of the LLMObserve headers; nothing recorded the key.
    expect(stack.mock.requests).toHaveLength(3);
    for (const r of stack.mock.requests) {
      expect(r.headers.authorization).toBe('Bearer sk-python-SECRET-key');
      expect(Object.keys(r.headers).filter((h) => h.startsWith('x-llmobserve-'))).toEqual([]);
    }
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain('SECRET');
  } finally {
    await stack.close();
  }
});
