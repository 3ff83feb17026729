/**
 * The mock LLM provider as its own process (OpenAI and Anthropic routes by
 * path suffix, JSON and SSE, cached and reasoning usage, 429 on request), with
 * the same ready line and parent watch as the other demo services.
 */
import { startMockLlm } from '@llmobserve/mock-llm';
import { READY_PREFIX } from '../constants';

async function main(): Promise<void> {
  const mock = await startMockLlm({ port: 0, host: '127.0.0.1', maxLoggedRequests: 0 });
  process.stdout.write(`${READY_PREFIX}${mock.url}\n`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    void mock.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.on('error', stop);
  process.stdin.resume();
}

main().catch((err: unknown) => {
  process.stderr.write(`mock-llm: ${String(err)}\n`);
  process.exit(1);
});
