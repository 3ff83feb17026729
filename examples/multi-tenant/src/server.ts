/**
 * A multi-tenant "support answers" API. The tenant comes from the API key; the
 * whole request runs inside `withCustomer(tenant, …)`, so every span below —
 * LLM calls included — carries `llmobserve.customer_id`, and its cost is the
 * tenant's.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { trace } from '@opentelemetry/api';
import { withCustomer, withSection } from '@llmobserve/context';
import { COST_ATTRIBUTES } from '@llmobserve/span-processors';
import OpenAI from 'openai';
import tenants from './tenants.json';
import { costs } from './tracing';

const openai = new OpenAI({ maxRetries: 0 });
const tracer = trace.getTracer('support-api');
const TENANTS: Readonly<Record<string, string>> = tenants;

/** What the vector store charges per query (a non-LLM cost, priced by us). */
const VECTOR_QUERY_USD = '0.000002';

function tenantOf(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization ?? '';
  return auth.startsWith('Bearer ') ? TENANTS[auth.slice(7)] : undefined;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<{ question?: string }> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as { question?: string };
}

/** agent:assistant → tool:embeddings, tool:vector-search, tool:openai (seed 000, use case 1). */
async function answer(question: string): Promise<{ answer: string; traceId: string }> {
  return tracer.startActiveSpan('POST /v1/answer', async (span) => {
    try {
      const text = await withSection('agent:assistant', async () => {
        const embedding = await withSection('tool:embeddings', () =>
          openai.embeddings.create({ model: 'text-embedding-3-small', input: question }),
        );
        const passages = await withSection('tool:vector-search', async () => {
          trace.getActiveSpan()?.setAttribute(COST_ATTRIBUTES.customUsd, VECTOR_QUERY_USD);
          return [`${embedding.data.length} matching passage(s) from the help centre`];
        });
        const completion = await withSection('tool:openai', () =>
          openai.chat.completions.create({
            model: 'gpt-4o-mini',
            messages: [
              { role: 'system', content: `Answer from these passages: ${passages.join('; ')}` },
              { role: 'user', content: question },
            ],
          }),
        );
        return completion.choices[0]?.message.content ?? '';
      });
      return { answer: text, traceId: span.spanContext().traceId };
    } finally {
      span.end();
    }
  });
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const tenant = tenantOf(req);
  if (tenant === undefined) return send(res, 401, { error: 'unknown API key' });
  if (req.method === 'POST' && req.url === '/v1/answer') {
    const { question } = await readJson(req);
    if (typeof question !== 'string' || question === '') return send(res, 400, { error: 'question is required' });
    const result = await withCustomer(tenant, () => answer(question));
    // Every span of the request has ended: its cost is known.
    return send(res, 200, result, { 'x-request-cost-usd': costs.takeTraceCost(result.traceId) });
  }
  if (req.method === 'GET' && req.url === '/v1/usage') {
    // A tenant sees its own spend only.
    return send(res, 200, costs.customer(tenant));
  }
  send(res, 404, { error: 'not found' });
}

/** Starts the API on 127.0.0.1 (port 0 = a free one). */
export function startServer(port = 0): Promise<Server> {
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, 500, { error: (err as Error).message }));
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}
