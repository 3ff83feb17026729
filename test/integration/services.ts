import { ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** A span as the fixtures report it. */
export interface ReportedSpan {
  name: string;
  kind?: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string | null;
  service: string;
  attributes?: Record<string, unknown>;
}

/** A running fixture service. */
export interface RunningService {
  url: string;
  spans: ReportedSpan[];
  stop(): Promise<void>;
}

const FIXTURES = join(__dirname, 'fixtures');

function waitForPort(child: ChildProcess, label: string, onLine?: (line: string) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${label} did not start within 20 s`)), 20_000);
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const m = /^listening (\d+)$/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      } else {
        onLine?.(line);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with code ${code} before listening`));
    });
  });
}

/** Starts one Node fixture service (app, gateway or leaf) as a separate process. */
export async function startNodeService(role: 'app' | 'gateway' | 'leaf', downstream?: string): Promise<RunningService> {
  const child = fork(join(FIXTURES, 'service.js'), [role], {
    env: { ...process.env, DOWNSTREAM: downstream ?? '' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const spans: ReportedSpan[] = [];
  child.on('message', (m: { type: string; spans?: ReportedSpan[] }) => {
    if (m.type === 'spans' && m.spans) spans.push(...m.spans);
  });
  const port = await waitForPort(child, role);
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send({ type: 'stop' });
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}

/** The Python interpreter of the peers' venv, or a thrown error that says how to install it. */
export function pythonPeer(): string {
  const venv = process.env.LLMOBSERVE_VENV ?? join(process.env.LLMOBSERVE_CACHE ?? join(homedir(), '.cache', 'llmobserve'), 'venv');
  const python = join(venv, 'bin', 'python');
  if (!existsSync(python)) {
    throw new Error(`The Python peer is missing: ${python} not found. Run: bash scripts/install-python-peers.sh`);
  }
  return python;
}

/** Starts the Python W3C-only hop in front of `downstream`. */
export async function startPythonHop(downstream: string): Promise<RunningService> {
  const child = spawn(pythonPeer(), [join(FIXTURES, 'python_hop.py')], {
    env: { ...process.env, DOWNSTREAM: downstream, OTEL_PROPAGATORS: 'tracecontext,baggage' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const spans: ReportedSpan[] = [];
  const port = await waitForPort(child, 'python hop', (line) => {
    if (line.startsWith('span ')) spans.push(JSON.parse(line.slice(5)) as ReportedSpan);
  });
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
