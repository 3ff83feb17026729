/**
 * Runs an example exactly as its README says (`npm start` in its folder) and
 * returns what it printed. The example runs in its own process group, so the
 * smoke tests can check that it left nothing running (mock provider, services,
 * redis-server, Jaeger, Phoenix): `leftovers` is true when any process of the
 * group outlived `npm start` (they are then killed).
 *
 * `npm test` builds the examples (`tsc -b . examples`) before jest, so the
 * `tsc -b` inside `npm start` only checks that they are up to date; when running
 * jest by hand, run `npx tsc -b . examples` first.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** What one `npm start` did. */
export interface ExampleRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Processes of the example's group still alive after `npm start` exited. */
  readonly leftovers: boolean;
}

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

/** The environment of a fresh shell: no OTLP/Phoenix endpoints inherited from the test runner, no colours. */
function cleanEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(OTEL_|PHOENIX_|JEST_|npm_)/.test(k)) continue;
    if (k.startsWith('LLMOBSERVE_') && k !== 'LLMOBSERVE_VENV' && k !== 'LLMOBSERVE_CACHE') continue;
    env[k] = v;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `npm start --silent -- ...args` in `examples/<name>`. */
export function runExample(name: string, args: readonly string[] = [], env: NodeJS.ProcessEnv = {}, timeoutMs = 50_000): Promise<ExampleRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '--silent', ...(args.length > 0 ? ['--', ...args] : [])], {
      cwd: join(EXAMPLES_DIR, name),
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      reject(new Error(`examples/${name}: npm start did not finish within ${timeoutMs} ms\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
    }, timeoutMs);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      // Give processes that were signalled a moment to go before calling them leftovers.
      setTimeout(() => {
        const leftovers = groupAlive(child.pid!);
        if (leftovers) process.kill(-child.pid!, 'SIGKILL');
        resolve({ code, stdout, stderr: stderr.replace(/^npm warn Unknown user config.*\n/gm, ''), leftovers });
      }, 200);
    });
  });
}

/** Fails with the example's whole output when it did not exit 0 or left processes behind. */
export function expectCleanRun(run: ExampleRun): void {
  if (run.code !== 0 || run.leftovers) {
    throw new Error(`example exited with ${String(run.code)}${run.leftovers ? ' and left processes running' : ''}\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`);
  }
}

/** One `trace <id> (<service>)` block of the console cost tree. */
export interface PrintedTree {
  readonly traceId: string;
  readonly service: string;
  /** The tree's lines, the header excluded, with any `[name] ` relay prefix removed. */
  readonly lines: string[];
}

/** Every console cost tree in the output; `prefix` selects the lines relayed from one child (`[gateway] `). */
export function printedTrees(output: string, prefix = ''): PrintedTree[] {
  const trees: PrintedTree[] = [];
  let current: { traceId: string; service: string; lines: string[] } | undefined;
  for (const raw of output.split('\n')) {
    if (!raw.startsWith(prefix)) {
      current = undefined;
      continue;
    }
    const line = raw.slice(prefix.length);
    const header = /^trace ([0-9a-f]{32}) \(([^)]+)\)/.exec(line);
    if (header !== null) {
      current = { traceId: header[1], service: header[2], lines: [] };
      trees.push(current);
    } else if (current !== undefined && /^(\S|[│├└ ]+)/.test(line) && line.trim() !== '' && /  \d/.test(line)) {
      current.lines.push(line);
    } else {
      current = undefined;
    }
  }
  return trees;
}

/** The `$…` amounts on a tree line: [own cost, subtree] as printed (own may be absent). */
export function amounts(line: string): { own?: string; subtree?: string } {
  const subtree = /subtree \$([0-9.]+)/.exec(line)?.[1];
  const own = /(?<!subtree )\$([0-9.]+)/.exec(line)?.[1];
  return { ...(own !== undefined ? { own } : {}), ...(subtree !== undefined ? { subtree } : {}) };
}

/** The tree line of the span named `name` (the first one). */
export function lineOf(tree: PrintedTree, name: string): string {
  const line = tree.lines.find((l) => l.replace(/^[│├└─ ]+/, '').startsWith(`${name}  `));
  if (line === undefined) throw new Error(`no span "${name}" in trace ${tree.traceId}:\n${tree.lines.join('\n')}`);
  return line;
}

/** One span line of a printed tree, with its depth and children. */
export interface TreeNode {
  readonly name: string;
  readonly line: string;
  readonly depth: number;
  readonly children: TreeNode[];
}

/** Rebuilds the span tree from the printed lines (each level indents by three columns). */
export function parseTree(tree: PrintedTree): TreeNode {
  const stack: TreeNode[] = [];
  let root: TreeNode | undefined;
  for (const line of tree.lines) {
    const start = line.search(/[^│├└─ ]/);
    const node: TreeNode = { name: line.slice(start).split('  ')[0], line, depth: start / 3, children: [] };
    while (stack.length > 0 && stack[stack.length - 1].depth >= node.depth) stack.pop();
    if (stack.length === 0) root ??= node;
    else stack[stack.length - 1].children.push(node);
    stack.push(node);
  }
  if (root === undefined) throw new Error(`empty tree ${tree.traceId}`);
  return root;
}
