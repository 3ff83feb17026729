/**
 * The `application` service of seed 001: a research agent. Each request runs
 * in a run of one customer, through sections
 *
 *   agent:research → step:planning → tool:openai       (via the gateway)
 *                  → step:search   → tool:web_search   (no LLM; a priced API call)
 *                  → step:synthesis → tool:anthropic   (streamed, via the gateway)
 *
 * Calls to the gateway are plain `fetch`; the zero-code entry traces them and
 * sends trace context, run, customer and section along. When the planner is rate
 * limited (429) the agent falls back to another model.
 *
 *   POST /research  ResearchRequest → ResearchResponse
 */
import type * as http from 'node:http';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_ERROR_TYPE } from '@opentelemetry/semantic-conventions';
import { getRunId, withCustomer, withRun, withSection } from '@llmobserve/context';
import { COST_ATTRIBUTES } from '@llmobserve/span-processors';
import { APPLICATION_RESEARCH_PATH, GATEWAY_CHAT_PATH, SERVICE_ENV, SPAN_NAMES } from '../constants';
import type { ChatCall, GatewayChatRequest, GatewayChatResponse, ResearchRequest, ResearchResponse } from '../types';
import { nameServerSpan, readJson, requireEnv, sendJson, serve } from './serve';

const gatewayUrl = requireEnv('application', SERVICE_ENV.gatewayUrl);
const tracer = trace.getTracer('llmobserve-demo-application');

const SYSTEM_PROMPT =
  'You are a careful research assistant for a SaaS analytics team. Answer with short, sourced findings, ' +
  'say what you are unsure about, and never invent numbers that are not in the sources you were given.';

/** The gateway answered with an error status. */
class GatewayError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function gatewayRequest(call: ChatCall, prompt: string, maxTokens: number): RequestInit {
  const body: GatewayChatRequest = {
    provider: call.provider,
    model: call.model,
    system: SYSTEM_PROMPT,
    prompt,
    maxTokens,
    ...(call.stream ? { stream: true } : {}),
    ...(call.reasoningEffort ? { reasoningEffort: call.reasoningEffort } : {}),
  };
  return { method: 'POST', headers: { 'content-type': 'application/json', ...call.mock }, body: JSON.stringify(body) };
}

async function failIfNotOk(res: Response): Promise<void> {
  if (res.ok) return;
  await res.arrayBuffer().catch(() => undefined);
  throw new GatewayError(res.status, `gateway answered ${res.status}`);
}

/** One call through the gateway, answer as JSON. */
async function ask(call: ChatCall, prompt: string, maxTokens: number): Promise<GatewayChatResponse> {
  const res = await fetch(`${gatewayUrl}${GATEWAY_CHAT_PATH}`, gatewayRequest(call, prompt, maxTokens));
  await failIfNotOk(res);
  return (await res.json()) as GatewayChatResponse;
}

/** One streamed call through the gateway: reads the server-sent events as they come. */
async function askStreamed(call: ChatCall, prompt: string, maxTokens: number): Promise<string> {
  const res = await fetch(`${gatewayUrl}${GATEWAY_CHAT_PATH}`, gatewayRequest({ ...call, stream: true }, prompt, maxTokens));
  await failIfNotOk(res);
  if (res.body === null) return '';
  const decoder = new TextDecoder();
  let buffered = '';
  let text = '';
  for await (const chunk of res.body) {
    buffered += decoder.decode(chunk as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = event.startsWith('data: ') ? event.slice(6) : '';
      if (data !== '' && data !== '[DONE]') text += (JSON.parse(data) as { text: string }).text;
    }
  }
  return text;
}

/** A web search API billed per call: no LLM, so its price is set on the span as a custom cost. */
async function webSearch(query: string, costUsd: string): Promise<string[]> {
  trace.getActiveSpan()?.setAttributes({ [COST_ATTRIBUTES.customUsd]: costUsd, 'search.query': query });
  await new Promise((resolve) => setTimeout(resolve, 15));
  return [`${query}: industry report 2026`, `${query}: customer interviews`, `${query}: product analytics export`];
}

async function research(r: ResearchRequest): Promise<Omit<ResearchResponse, 'traceId' | 'runId' | 'customer'>> {
  const recovered: number[] = [];
  return withSection('agent:research', async () => {
    const plan = await withSection('step:planning', async () => {
      const prompt = `Plan the research for: ${r.question}. List the searches to run.`;
      try {
        return await withSection('tool:openai', () => ask(r.planner, prompt, 400));
      } catch (err) {
        if (!(err instanceof GatewayError) || err.status !== 429) throw err;
        recovered.push(err.status);
        return withSection('tool:openai', () => ask(r.fallbackPlanner, prompt, 400));
      }
    });
    const hits = await withSection('step:search', () => withSection('tool:web_search', () => webSearch(r.question, r.searchCostUsd)));
    const answer = await withSection('step:synthesis', () =>
      withSection('tool:anthropic', () =>
        askStreamed(r.synthesis, `Question: ${r.question}\nPlan: ${plan.text}\nSources:\n${hits.join('\n')}\nWrite the findings.`, 1024),
      ),
    );
    return { answerWords: answer.split(/\s+/).filter(Boolean).length, planner: plan.model, recovered };
  });
}

serve('application', async (req: http.IncomingMessage, res: http.ServerResponse) => {
  const path = (req.url ?? '').split('?')[0];
  if (req.method !== 'POST' || path !== APPLICATION_RESEARCH_PATH) {
    sendJson(res, 404, { error: `only POST ${APPLICATION_RESEARCH_PATH}` });
    return;
  }
  nameServerSpan('POST', APPLICATION_RESEARCH_PATH);
  const body = (await readJson(req)) as ResearchRequest;
  await withRun(undefined, () =>
    withCustomer(body.customer, () =>
      tracer.startActiveSpan(
        SPAN_NAMES.application,
        { kind: SpanKind.INTERNAL },
        async (span) => {
          const ids = { traceId: span.spanContext().traceId, runId: getRunId() ?? '', customer: body.customer };
          try {
            const result = await research(body);
            span.end();
            const answer: ResearchResponse = { ...ids, ...result };
            sendJson(res, 200, answer);
          } catch (err) {
            const status = err instanceof GatewayError ? err.status : 500;
            span.setAttribute(ATTR_ERROR_TYPE, String(status));
            span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
            span.end();
            sendJson(res, status, { ...ids, error: (err as Error).message });
          }
        },
      ),
    ),
  );
});
