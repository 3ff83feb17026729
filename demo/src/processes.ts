/**
 * The demo's child processes: started with a ready line to wait for, their
 * output kept for error messages, and always stopped (SIGTERM, then SIGKILL).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { READY_PREFIX, START_TIMEOUT_MS, STOP_TIMEOUT_MS } from './constants';
import { DemoError } from './listen';

/** A running demo service. */
export interface ServiceProcess {
  readonly name: string;
  /** What it printed after {@link READY_PREFIX}: its base URL. */
  readonly url: string;
  readonly pid: number | undefined;
  /** The last lines it wrote (stdout and stderr), for error messages. */
  tail(): string;
  /** SIGTERM (the zero-code entry flushes spans then exits), SIGKILL after the grace period. Resolves on exit. */
  stop(): Promise<{ forced: boolean }>;
}

/** How to start one service. */
export interface ServiceSpec {
  name: string;
  /** Compiled script to run with the current Node binary. */
  script: string;
  /** Node flags before the script (`--import @llmobserve/node/register`). */
  nodeArgs?: string[];
  /** The whole environment of the child (nothing else is inherited). */
  env: NodeJS.ProcessEnv;
  /** Working directory (where `--import` resolves bare package names). */
  cwd: string;
}

const MAX_TAIL = 8_000;

/** Starts a service and resolves once it printed its ready line. */
export function startService(spec: ServiceSpec): Promise<ServiceProcess> {
  // stdin stays open: the service stops when it closes (the runner is gone).
  const child = spawn(process.execPath, [...(spec.nodeArgs ?? []), spec.script], { cwd: spec.cwd, env: spec.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const keep = (text: string): void => {
    output += text;
    if (output.length > 2 * MAX_TAIL) output = output.slice(-MAX_TAIL);
  };
  child.stderr.on('data', (chunk: Buffer) => keep(chunk.toString('utf8')));
  const tail = (): string => {
    const text = output.slice(-MAX_TAIL).trimEnd();
    return text === '' ? '(no output)' : text.split('\n').map((l) => `    ${l}`).join('\n');
  };
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => {
    exited = true;
    resolve();
  }));

  const stop = async (): Promise<{ forced: boolean }> => {
    if (exited) return { forced: false };
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const inTime = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => (timer = setTimeout(() => r(false), STOP_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (inTime) return { forced: false };
    child.kill('SIGKILL');
    await exit;
    return { forced: true };
  };

  return new Promise<ServiceProcess>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new DemoError(`${spec.name} did not start within ${START_TIMEOUT_MS / 1000} s. Its output:\n${tail()}`));
    }, START_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout });
    let ready = false;
    lines.on('line', (line) => {
      if (!ready && line.startsWith(READY_PREFIX)) {
        ready = true;
        clearTimeout(timer);
        resolve({ name: spec.name, url: line.slice(READY_PREFIX.length).trim(), pid: child.pid, tail, stop });
      } else {
        keep(`${line}\n`);
      }
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new DemoError(`${spec.name} could not be started: ${err.message}`));
    });
    child.once('exit', (code, signal) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new DemoError(`${spec.name} exited (${signal ?? `code ${code}`}) before it was ready. Its output:\n${tail()}`));
    });
  });
}
