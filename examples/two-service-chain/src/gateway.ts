/**
 * The gateway service: receives the application's request, EXTRACTS the trace
 * context (and the run, customer and section that travel with it) from the
 * headers, continues the trace and calls the LLM.
 */
import { setUpTracing } from './tracing';
setUpTracing('llm-gateway');

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { getCustomerId, getRunId, getSectionPath } from '@llmobserve/context';
import OpenAI from 'openai';

const tracer = trace.getTracer('llm-gateway');
const openai = new OpenAI({ maxRetries: 0 }); // OPENAI_BASE_URL, OPENAI_API_KEY

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    // The one line that joins this service to the caller's trace.
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    void context.with(parent, () =>
      tracer.startActiveSpan('llm_gateway_process', { kind: SpanKind.SERVER }, async (span) => {
        try {
          const { text } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string };
          console.log(
            `gateway: trace ${span.spanContext().traceId} run ${getRunId()} customer ${getCustomerId()} section ${getSectionPath().join('/')}`,
          );
          const completion = await openai.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [{ role: 'user', content: `Summarise in one line: ${text}` }],
          });
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ summary: completion.choices[0]?.message.content, usage: completion.usage }));
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
          res.writeHead(502, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: (err as Error).message }));
        } finally {
          span.end();
        }
      }),
    );
  });
});

server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
process.once('SIGTERM', () => server.close());
