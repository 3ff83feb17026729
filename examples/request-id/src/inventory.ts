/** The downstream service: receives the request id from the caller's headers. */
import { setUpTracing } from './tracing';
setUpTracing('inventory');

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { requestIdMiddleware } from '@llmobserve/propagator';
import { log } from './logger';

const withRequestId = requestIdMiddleware();

const server = createServer((req, res) =>
  withRequestId(req, res, () => {
    log.info(`stock lookup ${req.url ?? ''}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ available: 3 }));
  }),
);
server.listen(0, '127.0.0.1', () => console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
process.once('SIGTERM', () => server.close());
