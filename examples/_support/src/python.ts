import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The Python of the peers' venv (`requests`, `opentelemetry-sdk`): `$LLMOBSERVE_VENV`,
 * else `~/.cache/llmobserve/venv`. Throws naming the install script when it is missing.
 */
export function pythonPeer(): string {
  const venv = process.env.LLMOBSERVE_VENV ?? join(process.env.LLMOBSERVE_CACHE ?? join(homedir(), '.cache', 'llmobserve'), 'venv');
  const python = join(venv, 'bin', 'python');
  if (!existsSync(python)) {
    throw new Error(`The Python venv is missing (${python} not found). Install it with: bash scripts/install-python-peers.sh`);
  }
  return python;
}
