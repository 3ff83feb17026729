/**
 * The `gateway` service of seed 001: it continues the application's trace
 * (explicit `propagation.extract`, as `llm_gateway.py` does) and calls the LLM
 * with the real `openai` and `@anthropic-ai/sdk` clients. It knows nothing about
 * cost: `node --import @llmobserve/node/register` captures the provider calls
 * and the environment says where spans go and which base URLs are LLM APIs
 * (`LLMOBSERVE_CUSTOM_ENDPOINTS`).
 *
 *   POST /v1/chat  { provider, model, system?, prompt, maxTokens, stream?, reasoningEffort? }
 *     → { text, model }, or server-sent events `data: {"text": "…"}` … `data: [DONE]` when streamed.
 */
import type * as http from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Span } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE, ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_ROUTE } from '@opentelemetry/semantic-conventions';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { GATEWAY_CHAT_PATH, MOCK_HEADER_PREFIX, SERVICE_ENV, SPAN_NAMES } from '../constants';
import type { GatewayChatRequest, GatewayChatResponse } from '../types';
import { nameServerSpan, readJson, requireEnv, sendJson, serve } from './serve';

const llmUrl = requireEnv('gateway', SERVICE_ENV.llmUrl);
// maxRetries 0: the application decides what to do about a 429, not the SDK.
const openai = new OpenAI({ apiKey: 'demo-key', baseURL: `${llmUrl}/openai/v1`, maxRetries: 0 });
const anthropic = new Anthropic({ apiKey: 'demo-key', baseURL: `${llmUrl}/anthropic`, maxRetries: 0 });
const tracer = trace.getTracer('llmobserve-demo-gateway');

/** The `x-mock-*` headers of the incoming request, passed on to the provider call. */
function mockHeaders(req: http.IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(MOCK_HEADER_PREFIX) && typeof value === 'string') out[name] = value;
  }
  return out;
}

function isChatRequest(v: unknown): v is GatewayChatRequest {
  const r = v as GatewayChatRequest;
  return (
    typeof r === 'object' && r !== null &&
    (r.provider === 'openai' || r.provider === 'anthropic') &&
    typeof r.model === 'string' && typeof r.prompt === 'string' && Number.isInteger(r.maxTokens)
  );
}

/** The provider's HTTP status of a failed SDK call, else 502. */
function statusOf(err: unknown): number {
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 502;
}

function startStream(res: http.ServerResponse): (data: string) => void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  return (data) => res.write(`data: ${data}\n\n`);
}

async function callOpenAI(body: GatewayChatRequest, headers: Record<string, string>, res: http.ServerResponse): Promise<void> {
  const messages: OpenAI.ChatCompletionMessageParam[] = [
    ...(body.system ? [{ role: 'system' as const, content: body.system }] : []),
    { role: 'user', content: body.prompt },
  ];
  const params = {
    model: body.model,
    messages,
    max_completion_tokens: body.maxTokens,
    ...(body.reasoningEffort ? { reasoning_effort: body.reasoningEffort } : {}),
  };
  if (!body.stream) {
    const r = await openai.chat.completions.create(params, { headers });
    const answer: GatewayChatResponse = { text: r.choices[0]?.message.content ?? '', model: r.model };
    sendJson(res, 200, answer);
    return;
  }
  const stream = await openai.chat.completions.create({ ...params, stream: true }, { headers });
  const send = startStream(res);
  for await (const chunk of stream) {
    const text = chunk.choices[0]?.delta.content;
    if (text) send(JSON.stringify({ text }));
  }
  send('[DONE]');
  res.end();
}

async function callAnthropic(body: GatewayChatRequest, headers: Record<string, string>, res: http.ServerResponse): Promise<void> {
  const params = {
    model: body.model,
    max_tokens: body.maxTokens,
    ...(body.system ? { system: body.system } : {}),
    messages: [{ role: 'user' as const, content: body.prompt }],
  };
  if (!body.stream) {
    const r = await anthropic.messages.create(params, { headers });
    const text = r.content.map((b) => (b.type === 'text' ? b.text : '')).join('');
    const answer: GatewayChatResponse = { text, model: r.model };
    sendJson(res, 200, answer);
    return;
  }
  const stream = await anthropic.messages.create({ ...params, stream: true }, { headers });
  const send = startStream(res);
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') send(JSON.stringify({ text: event.delta.text }));
  }
  send('[DONE]');
  res.end();
}

async function chat(span: Span, body: GatewayChatRequest, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const headers = mockHeaders(req);
  try {
    if (body.provider === 'openai') await callOpenAI(body, headers, res);
    else await callAnthropic(body, headers, res);
  } catch (err) {
    const status = statusOf(err);
    span.setAttribute(ATTR_ERROR_TYPE, String(status));
    span.setStatus({ code: SpanStatusCode.ERROR, message: `${body.provider} answered ${status}` });
    if (!res.headersSent) sendJson(res, status, { error: { status, provider: body.provider, message: (err as Error).message } });
    else res.destroy();
  }
}

serve('gateway', async (req, res) => {
  const path = (req.url ?? '').split('?')[0];
  if (req.method !== 'POST' || path !== GATEWAY_CHAT_PATH) {
    sendJson(res, 404, { error: `only POST ${GATEWAY_CHAT_PATH}` });
    return;
  }
  const body = await readJson(req);
  if (!isChatRequest(body)) {
    sendJson(res, 400, { error: 'expected { provider: "openai" | "anthropic", model, prompt, maxTokens }' });
    return;
  }
  nameServerSpan('POST', GATEWAY_CHAT_PATH);
  // Continue the caller's trace, run, customer and section. The zero-code entry already
  // extracted them for the incoming request's server span; without it, extract them from
  // the headers as seed 001's llm_gateway.py does.
  const active = context.active();
  const traced = trace.getSpan(active) !== undefined;
  const parent = traced ? active : propagation.extract(ROOT_CONTEXT, req.headers);
  const span = tracer.startSpan(
    SPAN_NAMES.gateway,
    {
      // The entry span of this service only when nothing traced the incoming request.
      kind: traced ? SpanKind.INTERNAL : SpanKind.SERVER,
      attributes: {
        'gateway.provider': body.provider,
        'gateway.model': body.model,
        ...(traced ? {} : { [ATTR_HTTP_REQUEST_METHOD]: 'POST', [ATTR_HTTP_ROUTE]: GATEWAY_CHAT_PATH }),
      },
    },
    parent,
  );
  try {
    await context.with(trace.setSpan(parent, span), () => chat(span, body, req, res));
  } finally {
    span.end();
  }
});
