import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import {
  DEFAULT_CUT_AFTER,
  DEFAULT_OUTPUT_TOKENS,
  MAX_DERIVED_REASONING,
  MOCK_HEADERS,
  MODEL_TRIGGERS,
  REASONING_BY_EFFORT,
} from './constants';
import { countPromptWords } from './text';
import type { MockUsage } from './types';

/** A tool call the mock makes instead of answering with text. */
export interface ToolCall {
  name: string;
  /** JSON text of the arguments. */
  arguments: string;
}

/** Everything a route needs to build its answer; derived only from the request. */
export interface Scenario {
  /** Model as requested. */
  model: string;
  /** Model reported in the answer. */
  responseModel: string;
  /** Stable id seed (hex), derived from method, path and body. */
  idSeed: string;
  /** Error status to answer with instead of a completion. */
  error?: 429 | 500;
  /** Cut the stream after this many events. */
  cutAfter?: number;
  /** Normalised usage of the answer. */
  usage: MockUsage;
  /** Words of the prompt text. */
  promptWords: number;
  /** Visible output words (= output tokens minus reasoning). */
  outputWords: number;
  /** The output stopped at the request's token limit. */
  truncated: boolean;
  /** Tool call to make, when the request offers tools and has no tool result yet. */
  toolCall?: ToolCall;
  /** Words per streamed delta. */
  wordsPerChunk: number;
  /** Delay between streamed events for this request, if set by header. */
  chunkDelayMs?: number;
  /** Forced content encoding, if set by header. */
  encoding?: string;
}

type Json = Record<string, unknown>;

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function intHeader(headers: IncomingHttpHeaders, name: string): number | undefined {
  const v = header(headers, name);
  if (v === undefined) return undefined;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.floor(v) : undefined;
}

/** The request's own output-token limit, in any provider's spelling. */
function outputLimit(body: Json): number | undefined {
  return (
    num(body.max_completion_tokens) ??
    num(body.max_tokens) ??
    num(body.max_output_tokens) ??
    num(obj(body.generationConfig)?.maxOutputTokens) ??
    num(obj(body.inferenceConfig)?.maxTokens)
  );
}

/** Reasoning tokens the request asks for, in any provider's spelling. */
function derivedReasoning(body: Json): number {
  const effort =
    (typeof body.reasoning_effort === 'string' ? body.reasoning_effort : undefined) ??
    (typeof obj(body.reasoning)?.effort === 'string' ? (obj(body.reasoning)?.effort as string) : undefined);
  if (effort !== undefined) return REASONING_BY_EFFORT[effort] ?? 0;
  const thinking = obj(body.thinking);
  if (thinking?.type === 'enabled') {
    return Math.min(num(thinking.budget_tokens) ?? MAX_DERIVED_REASONING, MAX_DERIVED_REASONING);
  }
  const budget = num(obj(obj(body.generationConfig)?.thinkingConfig)?.thinkingBudget);
  if (budget !== undefined) return Math.min(budget, MAX_DERIVED_REASONING);
  return 0;
}

/** Whether the conversation already carries a tool result (then the mock answers with text). */
function hasToolResult(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasToolResult);
  const o = obj(value);
  if (!o) return false;
  if (o.role === 'tool' || o.type === 'tool_result' || o.type === 'function_call_output') return true;
  if ('functionResponse' in o || 'toolResult' in o) return true;
  return Object.values(o).some((v) => typeof v === 'object' && v !== null && hasToolResult(v));
}

interface ToolDef {
  name: string;
  schema?: Json;
}

/** First tool the request offers, in any provider's spelling. */
function firstTool(body: Json): ToolDef | undefined {
  const tools = Array.isArray(body.tools)
    ? body.tools
    : Array.isArray(obj(body.toolConfig)?.tools)
      ? (obj(body.toolConfig)?.tools as unknown[])
      : undefined;
  if (!tools || tools.length === 0) return undefined;
  const t = obj(tools[0]);
  if (!t) return undefined;
  const fn = obj(t.function);
  if (fn && typeof fn.name === 'string') return { name: fn.name, schema: obj(fn.parameters) };
  const decls = Array.isArray(t.functionDeclarations) ? obj(t.functionDeclarations[0]) : undefined;
  if (decls && typeof decls.name === 'string') return { name: decls.name, schema: obj(decls.parameters) };
  const spec = obj(t.toolSpec);
  if (spec && typeof spec.name === 'string') return { name: spec.name, schema: obj(obj(spec.inputSchema)?.json) };
  if (typeof t.name === 'string') return { name: t.name, schema: obj(t.input_schema) ?? obj(t.parameters) };
  return undefined;
}

/** Arguments for a tool call: every required property (else the first one) set to "mock". */
function toolArguments(schema: Json | undefined): string {
  const props = obj(schema?.properties) ?? {};
  const required = Array.isArray(schema?.required) ? schema.required.filter((r): r is string => typeof r === 'string') : [];
  const names = required.length > 0 ? required : Object.keys(props).slice(0, 1);
  const args: Record<string, string> = {};
  for (const n of names) args[n] = 'mock';
  return JSON.stringify(args);
}

/**
 * Derives the scenario for one request. Every number in the answer comes from
 * here, so a test can predict it: input = prompt words + cached + cache writes,
 * output = generated words + reasoning.
 */
export function deriveScenario(
  method: string,
  url: string,
  headers: IncomingHttpHeaders,
  body: Json,
  model: string,
): Scenario {
  const idSeed = createHash('sha256').update(method).update(url).update(JSON.stringify(body)).digest('hex');
  const errHeader = header(headers, MOCK_HEADERS.error);
  let error: 429 | 500 | undefined;
  if (errHeader === '429' || model.includes(MODEL_TRIGGERS.error429)) error = 429;
  else if (errHeader === '500' || model.includes(MODEL_TRIGGERS.error500)) error = 500;

  const cutAfter = intHeader(headers, MOCK_HEADERS.cutAfter) ?? (model.includes(MODEL_TRIGGERS.cut) ? DEFAULT_CUT_AFTER : undefined);

  const promptWords = countPromptWords(body);
  const cached = intHeader(headers, MOCK_HEADERS.cachedTokens) ?? 0;
  const cacheWrite = intHeader(headers, MOCK_HEADERS.cacheWriteTokens) ?? 0;
  const cacheWrite1h = intHeader(headers, MOCK_HEADERS.cacheWrite1hTokens) ?? 0;
  const reasoning = intHeader(headers, MOCK_HEADERS.reasoningTokens) ?? derivedReasoning(body);

  const tool = hasToolResult(body.messages ?? body.input ?? body.contents) ? undefined : firstTool(body);
  const toolCall = tool ? { name: tool.name, arguments: toolArguments(tool.schema) } : undefined;

  let outputWords = intHeader(headers, MOCK_HEADERS.outputTokens) ?? DEFAULT_OUTPUT_TOKENS;
  const limit = outputLimit(body);
  let truncated = false;
  if (limit !== undefined && outputWords > limit) {
    outputWords = limit;
    truncated = true;
  }

  const usage: MockUsage = {
    inputTokens: promptWords + cached + cacheWrite + cacheWrite1h,
    cachedInputTokens: cached,
    cacheWriteTokens: cacheWrite,
    cacheWrite1hTokens: cacheWrite1h,
    outputTokens: outputWords + reasoning,
    reasoningTokens: reasoning,
  };
  return {
    model,
    responseModel: header(headers, MOCK_HEADERS.responseModel) ?? model,
    idSeed,
    error,
    cutAfter,
    usage,
    promptWords,
    outputWords,
    truncated,
    toolCall,
    wordsPerChunk: Math.max(1, intHeader(headers, MOCK_HEADERS.wordsPerChunk) ?? 1),
    chunkDelayMs: intHeader(headers, MOCK_HEADERS.chunkDelayMs),
    encoding: header(headers, MOCK_HEADERS.encoding),
  };
}
