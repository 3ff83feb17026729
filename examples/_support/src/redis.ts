import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../../test/peers/process';
import { startChild } from './ChildService';

/** A redis-server started for one example run. */
export interface RedisProcess {
  readonly host: '127.0.0.1';
  readonly port: number;
  stop(): Promise<void>;
}

const INSTALL = 'bash scripts/install-redis.sh';

function findRedisServer(): string {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/sbin', '/usr/local/bin'];
  for (const dir of dirs) {
    const candidate = join(dir, 'redis-server');
    if (dir !== '' && existsSync(candidate)) return candidate;
  }
  throw new Error(`redis-server is missing (not on PATH, /usr/bin or /usr/sbin). Install it with: ${INSTALL}`);
}

/**
 * Starts Debian's `redis-server` on a free 127.0.0.1 port with nothing written
 * to disk (no RDB, no AOF, a temporary working directory), and stops it.
 */
export async function startRedis(): Promise<RedisProcess> {
  const bin = findRedisServer();
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'llmobserve-redis-'));
  const child = await startChild(
    'redis',
    bin,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
    { ready: /Ready to accept connections/, quiet: true },
  );
  await waitForPong(port);
  return {
    host: '127.0.0.1',
    port,
    async stop() {
      await child.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitForPong(port: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.setTimeout(1000);
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (d) => {
        socket.destroy();
        resolve(d.toString().startsWith('+PONG'));
      });
      socket.once('error', () => resolve(false));
      socket.once('timeout', () => {
        socket.destroy();
        resolve(false);
      });
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on 127.0.0.1:${port} did not answer PING within 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
