import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Options of {@link startChild}. */
export interface ChildOptions {
  /** Environment of the child (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Working directory. */
  cwd?: string;
  /** A stdout or stderr line matching this means "ready"; its match is returned. Without it the child is ready at once. */
  ready?: RegExp;
  /** Do not relay the child's output (it is still kept for error messages). */
  quiet?: boolean;
  /** How long to wait for `ready`, ms. Default 20,000. */
  timeoutMs?: number;
}

/** A child process whose output is relayed line by line, prefixed with its name. */
export interface ChildService {
  readonly name: string;
  /** The match of the `ready` pattern (empty when none was asked for). */
  readonly match: RegExpExecArray | [];
  readonly pid: number | undefined;
  /** The last 200 lines the child printed (stdout and stderr). */
  output(): readonly string[];
  /** Resolves with the exit code (null after a signal) once the child has exited and its output is relayed. */
  readonly exited: Promise<number | null>;
  /** SIGTERM (SIGKILL after `graceMs`), then waits for {@link exited}. */
  stop(graceMs?: number): Promise<number | null>;
}

/**
 * Starts `command` and relays its output as `[name] line`, so several
 * processes stay readable in one terminal. Resolves when a line matches
 * `options.ready`; rejects (with the output so far) when the child exits
 * first or takes longer than `timeoutMs`.
 */
export function startChild(name: string, command: string, args: readonly string[], options: ChildOptions = {}): Promise<ChildService> {
  const child: ChildProcess = spawn(command, args, {
    env: options.env ?? process.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kept: string[] = [];
  let readyMatch: RegExpExecArray | undefined;
  let onReady: ((m: RegExpExecArray) => void) | undefined;
  let open = 2;
  let onClosed: (() => void) | undefined;
  const relay = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream): void => {
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    rl.on('line', (line) => {
      kept.push(line);
      if (kept.length > 200) kept.shift();
      if (!options.quiet) out.write(`[${name}] ${line}\n`);
      if (readyMatch === undefined && options.ready !== undefined) {
        const m = options.ready.exec(line);
        if (m !== null) {
          readyMatch = m;
          onReady?.(m);
        }
      }
    });
    rl.on('close', () => {
      if (--open === 0) onClosed?.();
    });
  };
  relay(child.stdout!, process.stdout);
  relay(child.stderr!, process.stderr);

  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((resolve) => {
    let code: number | null = null;
    let gotExit = false;
    let streamsClosed = false;
    const done = (): void => {
      if (gotExit && streamsClosed) resolve(code);
    };
    onClosed = () => {
      streamsClosed = true;
      done();
    };
    child.once('exit', (c) => {
      code = c;
      exitCode = c;
      gotExit = true;
      done();
    });
    child.once('error', (err) => {
      kept.push(`[spawn error] ${err.message}`);
      exitCode = -1;
      gotExit = true;
      streamsClosed = true;
      done();
    });
  });

  const service: Omit<ChildService, 'match'> = {
    name,
    pid: child.pid,
    output: () => kept,
    exited,
    async stop(graceMs = 5000) {
      if (exitCode !== undefined) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };

  if (options.ready === undefined) return Promise.resolve({ ...service, match: [] });
  return new Promise<ChildService>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 20_000;
    const timer = setTimeout(() => {
      void service.stop();
      reject(new Error(`${name} did not get ready within ${timeoutMs} ms\n${kept.join('\n')}`));
    }, timeoutMs);
    onReady = (m) => {
      clearTimeout(timer);
      resolve({ ...service, match: m });
    };
    if (readyMatch !== undefined) onReady(readyMatch);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (code ${String(code)}) before it was ready\n${kept.join('\n')}`));
    });
  });
}

/** Runs a compiled Node script of an example as a child service (same Node binary). */
export function startNodeChild(name: string, file: string, env: NodeJS.ProcessEnv = {}, ready?: RegExp): Promise<ChildService> {
  return startChild(name, process.execPath, [file], { env: { ...process.env, ...env }, ready });
}
