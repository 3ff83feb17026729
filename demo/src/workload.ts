/**
 * The requests the demo sends: five research questions of three customers.
 * `x-mock-*` headers tell the mock LLM what to report (cache sizes, output and
 * reasoning tokens) and make one planner call fail with 429.
 */
import type { ChatCall, ResearchRequest } from './types';

const PLANNER: ChatCall = { provider: 'openai', model: 'gpt-4o-mini', mock: { 'x-mock-output-tokens': '180' } };

/** A reasoning model: 512 reasoning tokens on top of the visible output. */
const REASONING_PLANNER: ChatCall = {
  provider: 'openai',
  model: 'o4-mini',
  reasoningEffort: 'high',
  mock: { 'x-mock-output-tokens': '150', 'x-mock-reasoning-tokens': '512' },
};

const FALLBACK_PLANNER: ChatCall = { provider: 'openai', model: 'gpt-4.1-mini', mock: { 'x-mock-output-tokens': '160' } };

const RATE_LIMITED_PLANNER: ChatCall = { ...PLANNER, mock: { ...PLANNER.mock, 'x-mock-error': '429' } };

/** Streamed synthesis; the first call writes the prompt cache, later ones read it and append. */
const SYNTHESIS_WRITE: ChatCall = {
  provider: 'anthropic',
  model: 'claude-sonnet-4-6',
  stream: true,
  mock: { 'x-mock-cache-write-tokens': '2048', 'x-mock-output-tokens': '420', 'x-mock-words-per-chunk': '6' },
};
const SYNTHESIS_READ: ChatCall = {
  ...SYNTHESIS_WRITE,
  mock: { 'x-mock-cached-tokens': '2048', 'x-mock-cache-write-tokens': '256', 'x-mock-output-tokens': '380', 'x-mock-words-per-chunk': '6' },
};

/** What one web search costs (USD); set as `llmobserve.cost.custom_usd` on the tool span. */
export const SEARCH_COST_USD = '0.01';

/** One request and what the demo expects of it. */
export interface WorkloadItem {
  readonly request: ResearchRequest;
  /** Gateway errors the application is expected to recover from. */
  readonly expectRecovered: readonly number[];
}

function item(customer: string, question: string, planner: ChatCall, synthesis: ChatCall, expectRecovered: number[] = []): WorkloadItem {
  return {
    request: { customer, question, planner, fallbackPlanner: FALLBACK_PLANNER, synthesis, searchCostUsd: SEARCH_COST_USD },
    expectRecovered,
  };
}

/** The demo's requests, sent one after the other. */
export const WORKLOAD: readonly WorkloadItem[] = [
  item('acme', 'Which onboarding steps lose the most trial users?', PLANNER, SYNTHESIS_WRITE),
  item('globex', 'How do competitors price usage-based analytics?', PLANNER, SYNTHESIS_READ),
  item('initech', 'What drives churn in the enterprise tier?', REASONING_PLANNER, SYNTHESIS_READ),
  item('acme', 'Which features do retained teams adopt first?', PLANNER, SYNTHESIS_READ),
  item('globex', 'Which regions grew fastest last quarter?', RATE_LIMITED_PLANNER, SYNTHESIS_READ, [429]),
];
