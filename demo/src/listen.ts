import type { Server } from 'node:net';

/** A start-up failure the runner reports as is (no stack trace), then exits non-zero. */
export class DemoError extends Error {}

/**
 * `server.listen(port, '127.0.0.1')` that fails with a message naming the port
 * and what wanted it when the port is taken or not allowed.
 */
export function listen<S extends Server>(server: S, port: number, what: string, flag?: string): Promise<S> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'EADDRINUSE') {
        reject(new DemoError(`port ${port} on 127.0.0.1 (${what}) is already taken by another process; stop it${flag ? ` or choose another port with ${flag} <n> (0 picks a free one)` : ''}`));
      } else if (err.code === 'EACCES') {
        reject(new DemoError(`port ${port} on 127.0.0.1 (${what}) needs privileges; use a port above 1023${flag ? ` with ${flag} <n>` : ''}`));
      } else {
        reject(new DemoError(`${what} could not listen on 127.0.0.1:${port}: ${err.message}`));
      }
    };
    server.once('error', onError);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', onError);
      resolve(server);
    });
  });
}
