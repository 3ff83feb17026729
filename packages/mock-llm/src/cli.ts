#!/usr/bin/env node
import { startMockLlm } from './server';
import type { MockLlmOptions } from './types';

const USAGE = 'usage: mock-llm [--port N] [--host H] [--no-compression] [--chunk-delay-ms N]';

/** Parses the command line into options; throws naming the bad flag. */
export function parseArgs(argv: readonly string[]): MockLlmOptions {
  const options: MockLlmOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`mock-llm: ${flag} needs a value\n${USAGE}`);
      return v;
    };
    switch (flag) {
      case '--port':
        options.port = Number(value());
        break;
      case '--host':
        options.host = value();
        break;
      case '--no-compression':
        options.compression = false;
        break;
      case '--chunk-delay-ms':
        options.chunkDelayMs = Number(value());
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`mock-llm: unknown flag ${flag}\n${USAGE}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  let options: MockLlmOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  const mock = await startMockLlm({ ...options, maxLoggedRequests: 0 });
  // One line on stdout so a parent process can read the URL.
  process.stdout.write(`mock-llm listening on ${mock.url}\n`);
  const stop = (): void => {
    void mock.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`mock-llm: ${String(err)}`);
    process.exit(1);
  });
}
