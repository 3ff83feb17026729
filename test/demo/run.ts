import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The compiled runner (`npm test` builds it with `tsc -b` before jest runs). */
export const RUNNER = path.resolve(__dirname, '..', '..', 'demo', 'dist', 'demo', 'src', 'run.js');

/** A demo process started by a test. */
export interface DemoProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name) when it exits. */
  readonly exited: Promise<number | string>;
  /** Resolves once stdout contains `text` (rejects if the demo exits first or after `timeoutMs`). */
  waitFor(text: string, timeoutMs: number): Promise<void>;
}

/** Starts the built runner with NO_COLOR, output piped. */
export function startDemo(args: string[], env: NodeJS.ProcessEnv = {}): DemoProcess {
  if (!fs.existsSync(RUNNER)) throw new Error(`${RUNNER} not found: run npx tsc -b first (npm test does)`);
  const child = spawn(process.execPath, [RUNNER, ...args], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.LLMOBSERVE_CACHE !== undefined ? { LLMOBSERVE_CACHE: process.env.LLMOBSERVE_CACHE } : {}),
      NO_COLOR: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (c: Buffer) => {
    out += c.toString('utf8');
    listeners.forEach((l) => l());
  });
  child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor: (text, timeoutMs) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!out.includes(text)) return;
          cleanup();
          resolve();
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`demo did not print ${JSON.stringify(text)} within ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then((code) => {
          if (!out.includes(text)) {
            cleanup();
            reject(new Error(`demo exited (${code}) before printing ${JSON.stringify(text)}\nstdout:\n${out}\nstderr:\n${err}`));
          }
        });
        check();
      }),
  };
}

/** Runs the demo to the end. */
export async function runDemo(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const demo = startDemo(args, env);
  const code = await demo.exited;
  return { code, stdout: demo.stdout(), stderr: demo.stderr() };
}
