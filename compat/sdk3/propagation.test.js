'use strict';
// The propagation integration test, on Node 24 + @opentelemetry/api 1.10 + SDK 3.x.
// Run by scripts/test-compat-sdk3.sh with Node 24's built-in test runner.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const { fork } = require('node:child_process');
const { createInterface } = require('node:readline');
const path = require('node:path');

function start(role, downstream) {
  const child = fork(path.join(__dirname, 'service.js'), [role], {
    env: { ...process.env, DOWNSTREAM: downstream || '' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const spans = [];
  child.on('message', (m) => m.type === 'spans' && spans.push(...m.spans));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (m) resolve({ url: `http://127.0.0.1:${m[1]}`, spans, stop: () => new Promise((r) => { child.once('exit', r); child.send({ type: 'stop' }); }) });
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

test('app → gateway → leaf on SDK 3.x keeps trace, run, customer, sections and request id', async () => {
  assert.ok(process.versions.node.startsWith('24.'), `expected Node 24, got ${process.versions.node}`);
  const version = (name) => JSON.parse(require('node:fs').readFileSync(path.join(__dirname, 'node_modules', name, 'package.json'), 'utf8')).version;
  assert.equal(version('@opentelemetry/api'), '1.10.0');
  assert.match(version('@opentelemetry/sdk-trace'), /^3\./);
  // Our packages must resolve the API of this install, not the workspace's 1.9.
  assert.equal(require.resolve('@opentelemetry/api', { paths: [path.dirname(require.resolve('@llmobserve/propagator'))] }), require.resolve('@opentelemetry/api'));
  const leaf = await start('leaf');
  const gateway = await start('gateway', leaf.url);
  const app = await start('app', gateway.url);
  try {
    const res = await fetch(`${app.url}/ask`, { method: 'POST', headers: { 'x-request-id': 'req-sdk3' }, body: JSON.stringify({ customer: 'acme corp/ü' }) });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-request-id'), 'req-sdk3');
    const { hops } = await res.json();
    assert.deepEqual(hops.map((h) => h.role), ['app', 'gateway', 'leaf']);
    for (const h of hops) {
      assert.equal(h.traceId, hops[0].traceId);
      assert.equal(h.runId, hops[0].runId);
      assert.equal(h.customerId, 'acme corp/ü');
      assert.equal(h.requestId, 'req-sdk3');
    }
    assert.deepEqual(hops[2].sectionPath, ['agent:research', 'step:planning', 'tool:llm-gateway']);
    assert.match(hops[2].headers.traceparent, new RegExp(`^00-${hops[0].traceId}-[0-9a-f]{16}-03$`));
  } finally {
    await Promise.all([app.stop(), gateway.stop(), leaf.stop()]);
  }
  const spans = [...app.spans, ...gateway.spans, ...leaf.spans];
  const ids = new Set(spans.map((s) => s.spanId));
  const step = spans.find((s) => s.name === 'step:planning');
  const tool = spans.find((s) => s.name === 'tool:llm-gateway');
  assert.ok(step && tool, 'section spans exported');
  assert.equal(new Set(spans.map((s) => s.traceId)).size, 1);
  // Every span but the app's server span has its parent among the exported spans.
  const roots = spans.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
  assert.equal(roots.length, 1, `one root, got ${roots.map((s) => s.name).join(', ')}`);
});
