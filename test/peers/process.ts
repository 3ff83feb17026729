/**
 * Shared plumbing of the peer harness: free ports, waiting for readiness, and a
 * child process that is always stopped (SIGTERM, then SIGKILL) and whose output
 * is kept for failure messages.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Where the peer install scripts put Jaeger and the Python venv. */
export const PEER_CACHE = process.env.LLMOBSERVE_CACHE ?? path.join(os.homedir(), '.cache', 'llmobserve');

/** A TCP port that was free a moment ago on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Several distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return Array.from(ports);
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function portAccepts(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Thrown by a readiness check when the peer process has exited: waiting longer cannot help. */
export class PeerExitedError extends Error {}

/** Throws, naming the script to run, when `file` is missing. */
export function requirePeer(file: string, what: string, script: string): void {
  if (!fs.existsSync(file)) {
    throw new Error(`${what} is missing (${file} not found). Install it with: bash ${script}   (or: npm run setup:peers)`);
  }
}

/** Sleeps `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/**
 * Polls `check` every `intervalMs` until it returns a value other than
 * `undefined`/`false`, or fails after `timeoutMs` with `describe()` in the message.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  describe: () => string = () => '',
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      if (err instanceof PeerExitedError) throw err;
      lastError = err;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}\n${describe()}`);
    }
    await sleep(intervalMs);
  }
}

/** A child process of the harness. */
export class PeerProcess {
  private child: ChildProcess | undefined;
  private output = '';
  private exitCode: number | null | undefined;

  constructor(
    readonly name: string,
    private readonly command: string,
    private readonly args: readonly string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly cwd?: string,
  ) {}

  /** Starts the process (again, after a stop or kill). */
  start(): void {
    this.output = '';
    this.exitCode = undefined;
    const child = spawn(this.command, this.args, { env: this.env, cwd: this.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer): void => {
      this.output += chunk.toString('utf8');
      if (this.output.length > 64_000) this.output = this.output.slice(-32_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.on('exit', code => {
      this.exitCode = code;
    });
    child.on('error', err => {
      this.output += `\n[spawn error] ${err.message}`;
      this.exitCode = -1;
    });
    this.child = child;
  }

  /** The pid of the running process. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True while the process runs. */
  get running(): boolean {
    return this.child !== undefined && this.exitCode === undefined;
  }

  /** The last 4 KB of its output, for failure messages. */
  tail(): string {
    return `--- ${this.name} output (tail) ---\n${this.output.slice(-4000)}`;
  }

  /** Throws with the output when the process has exited. */
  assertRunning(): void {
    if (this.exitCode !== undefined) throw new PeerExitedError(`${this.name} exited with code ${this.exitCode}\n${this.tail()}`);
  }

  /** SIGKILL now, and wait for the exit. */
  async kill(): Promise<void> {
    await this.signalAndWait('SIGKILL', 5000);
  }

  /** SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 3000): Promise<void> {
    if (!this.running) return;
    const exited = await this.signalAndWait('SIGTERM', graceMs);
    if (!exited) await this.signalAndWait('SIGKILL', 5000);
  }

  private async signalAndWait(signal: NodeJS.Signals, waitMs: number): Promise<boolean> {
    const child = this.child;
    if (child === undefined || this.exitCode !== undefined) return true;
    const done = new Promise<boolean>(resolve => {
      const timer = setTimeout(() => resolve(false), waitMs);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    child.kill(signal);
    return done;
  }
}
