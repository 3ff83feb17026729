/**
 * The front service. `requestIdMiddleware()` takes the id the propagator
 * extracted from `X-Request-Id` (or generated, a UUID v7, when there was none
 * or it was invalid), echoes it on the response and makes it the context's
 * request id: the logger, the spans and the calls this request makes (to the
 * inventory service, to the LLM) all carry it.
 */
import { setUpTracing } from './tracing';
setUpTracing('orders-api');

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestIdMiddleware } from '@llmobserve/propagator';
import OpenAI from 'openai';
import { log } from './logger';

const openai = new OpenAI({ maxRetries: 0 });
const withRequestId = requestIdMiddleware();
const INVENTORY_URL = process.env.INVENTORY_URL ?? 'http://127.0.0.1:5002';

const server = createServer((req, res) =>
  withRequestId(req, res, () => {
    void (async () => {
      log.info(`${req.method ?? ''} ${req.url ?? ''}`);
      const stock = (await (await fetch(`${INVENTORY_URL}/stock?sku=espresso-2`)).json()) as { available: number };
      log.info(`inventory: ${stock.available} available`);
      const r = await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: `Write a one-line stock notice: ${stock.available} left.` }],
      });
      log.info(`LLM answered (${r.usage?.total_tokens ?? 0} tokens)`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ notice: r.choices[0]?.message.content }));
      log.info('200 sent');
    })().catch((err: unknown) => {
      log.info(`failed: ${(err as Error).message}`);
      res.writeHead(500).end();
    });
  }),
);
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.once('SIGTERM', () => server.close());
