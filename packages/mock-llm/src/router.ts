import { badRequestReply, errorReply, notFoundReply } from './errors';
import type { RouteResult } from './reply';
import { anthropicMessages } from './routes/anthropic';
import { bedrock } from './routes/bedrock';
import type { Json, RouteContext } from './routes/common';
import { gemini } from './routes/gemini';
import { openaiChat } from './routes/openaiChat';
import { openaiEmbeddings } from './routes/openaiEmbeddings';
import { openaiModels } from './routes/openaiModels';
import { openaiResponses } from './routes/openaiResponses';
import { deriveScenario, type Scenario } from './scenario';
import type { MockOperation, MockProvider } from './types';

const GEMINI_PATH = /\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;
const BEDROCK_PATH = /\/model\/([^/]+)\/(converse|converse-stream|invoke)$/;

interface Target {
  provider: MockProvider;
  operation: MockOperation;
  /** Model from the path, when the path names it. */
  pathModel?: string;
}

/** Which API a POST path is, by its suffix, so any base-URL prefix works (`/v1`, `/openai/deployments/x`, `/v1beta`). */
function target(path: string): Target | undefined {
  if (path.endsWith('/chat/completions')) return { provider: 'openai', operation: 'chat.completions' };
  if (path.endsWith('/responses')) return { provider: 'openai', operation: 'responses' };
  if (path.endsWith('/embeddings')) return { provider: 'openai', operation: 'embeddings' };
  if (path.endsWith('/messages')) return { provider: 'anthropic', operation: 'messages' };
  const g = GEMINI_PATH.exec(path);
  if (g) return { provider: 'gemini', operation: g[2] as MockOperation, pathModel: decodeURIComponent(g[1]) };
  const b = BEDROCK_PATH.exec(path);
  if (b) return { provider: 'bedrock', operation: b[2] as MockOperation, pathModel: decodeURIComponent(b[1]) };
  return undefined;
}

/** Parses the body as a JSON object, or explains why not. */
export function parseBody(text: string): Json | string {
  if (text.length === 0) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : 'body is not a JSON object';
  } catch {
    return 'body is not valid JSON';
  }
}

/** Routes one request to its answer. Never throws for bad input: answers 400/404 instead. */
export function route(ctx: Omit<RouteContext, 'body'>, bodyText: string): RouteResult {
  if (ctx.method === 'GET' && ctx.path.endsWith('/models')) return openaiModels();
  const t = ctx.method === 'POST' ? target(ctx.path) : undefined;
  if (!t) return { stream: false, reply: notFoundReply(ctx.method, ctx.path) };
  const parsed = parseBody(bodyText);
  if (typeof parsed === 'string') return { provider: t.provider, operation: t.operation, stream: false, reply: badRequestReply(parsed) };
  const full: RouteContext = { ...ctx, body: parsed };
  const model = t.pathModel ?? (typeof parsed.model === 'string' ? parsed.model : '');
  const s = deriveScenario(ctx.method, ctx.path, ctx.headers, parsed, model);
  if (s.error) {
    const stream = parsed.stream === true || t.operation === 'streamGenerateContent' || t.operation === 'converse-stream';
    return { provider: t.provider, operation: t.operation, model, stream, scenario: s, reply: errorReply(t.provider, s.error, `req_${s.idSeed.slice(0, 24)}`) };
  }
  return { ...answer(t.operation, full, s), scenario: s };
}

function answer(operation: MockOperation, ctx: RouteContext, s: Scenario): RouteResult {
  switch (operation) {
    case 'chat.completions':
      return openaiChat(ctx, s);
    case 'responses':
      return openaiResponses(ctx, s);
    case 'embeddings':
      return openaiEmbeddings(ctx, s);
    case 'messages':
      return anthropicMessages(ctx, s);
    case 'generateContent':
      return gemini(ctx, s, false);
    case 'streamGenerateContent':
      return gemini(ctx, s, true);
    default:
      return bedrock(ctx, s, operation);
  }
}
