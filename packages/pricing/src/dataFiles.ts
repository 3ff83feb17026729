import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The package's data directory. `__dirname` is `src/` under jest/ts-node and `dist/` when compiled;
 * both sit next to `data/`, which `files` in package.json ships.
 */
export const DATA_DIR = join(__dirname, '..', 'data');

/** Reads and parses a JSON data file of the package. */
export function readDataJson<T>(name: string, dir: string = DATA_DIR): T {
  return JSON.parse(readFileSync(join(dir, name), 'utf8')) as T;
}
