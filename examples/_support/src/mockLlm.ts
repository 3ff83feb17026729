import { dirname, join } from 'node:path';
import { startChild } from './ChildService';

/** The mock provider running as its own process. */
export interface MockLlmProcess {
  /** `http://127.0.0.1:<port>`: OpenAI at `${url}/v1`, Anthropic at `${url}`. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts `@llmobserve/mock-llm` — a local OpenAI/Anthropic look-alike with
 * realistic usage — as a separate process on a free 127.0.0.1 port, so that it
 * is "somewhere else", like a real provider, and none of its own HTTP server
 * work shows up in the example's traces.
 */
export async function startMockLlmProcess(): Promise<MockLlmProcess> {
  const cli = join(dirname(require.resolve('@llmobserve/mock-llm/package.json')), 'dist', 'cli.js');
  const child = await startChild('mock-llm', process.execPath, [cli, '--port', '0', '--host', '127.0.0.1'], {
    ready: /listening on (http:\/\/127\.0\.0\.1:\d+)/,
    quiet: true,
  });
  return {
    url: child.match[1]!,
    async stop() {
      await child.stop();
    },
  };
}
