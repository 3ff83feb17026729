/**
 * `npm start`: a real redis-server on a free 127.0.0.1 port, the mock provider,
 * the BullMQ worker process, the producer (two jobs), then the worker-threads
 * variant; everything is stopped at the end.
 */
import { join } from 'node:path';
import { startMockLlmProcess, startNodeChild, startRedis } from 'llmobserve-examples-support';

async function main(): Promise<void> {
  const redis = await startRedis();
  console.log(`redis-server on 127.0.0.1:${redis.port}\n`);
  try {
    const mock = await startMockLlmProcess();
    try {
      const env = { OPENAI_BASE_URL: `${mock.url}/v1`, OPENAI_API_KEY: 'sk-example', REDIS_PORT: String(redis.port) };
      const worker = await startNodeChild('worker', join(__dirname, 'bullmq-worker.js'), env, /^worker ready$/);
      try {
        const producer = await startNodeChild('producer', join(__dirname, 'bullmq-producer.js'), env);
        if ((await producer.exited) !== 0) throw new Error('the producer failed');
      } finally {
        await worker.stop();
      }
      console.log('');
      const threads = await startNodeChild('threads', join(__dirname, 'threads.js'), env);
      if ((await threads.exited) !== 0) throw new Error('the worker-threads run failed');
    } finally {
      await mock.stop();
    }
  } finally {
    await redis.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
