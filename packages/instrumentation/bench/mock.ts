/** The mock provider in its own process, for the benchmarks (built by the bench scripts). */
import { spawn } from 'node:child_process';
import * as path from 'node:path';

/** A running mock provider: its base URL and how to stop it. */
export interface RunningMock {
  url: string;
  stop: () => void;
}

/** Starts the mock provider on a free 127.0.0.1 port. */
export function startMock(): Promise<RunningMock> {
  const cli = path.join(__dirname, '..', '..', 'mock-llm', 'dist', 'cli.js');
  const child = spawn(process.execPath, [cli, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      const m = /listening on (\S+)/.exec(d.toString());
      if (m) resolve({ url: m[1], stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`mock exited ${String(code)}`)));
  });
}
