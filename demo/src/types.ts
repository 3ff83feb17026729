/** One model call the gateway makes for the application. */
export interface ChatCall {
  provider: 'openai' | 'anthropic';
  model: string;
  /** OpenAI `reasoning_effort` (reasoning models). */
  reasoningEffort?: 'low' | 'medium' | 'high';
  /** Stream the answer back (server-sent events from the gateway). */
  stream?: boolean;
  /** `x-mock-*` headers for the mock LLM: cache sizes, output length, a 429. */
  mock?: Record<string, string>;
}

/** Body of the gateway's `POST /v1/chat`. */
export interface GatewayChatRequest extends Omit<ChatCall, 'mock'> {
  system?: string;
  prompt: string;
  maxTokens: number;
}

/** What the gateway answers to a call that is not streamed. */
export interface GatewayChatResponse {
  text: string;
  model: string;
}

/** Body of the application's `POST /research`: one question of one customer. */
export interface ResearchRequest {
  customer: string;
  question: string;
  planner: ChatCall;
  /** Planner to use when the first one is rate limited (429). */
  fallbackPlanner: ChatCall;
  synthesis: ChatCall;
  /** What one web search costs, USD (decimal string). */
  searchCostUsd: string;
}

/** What the application answers. */
export interface ResearchResponse {
  traceId: string;
  runId: string;
  customer: string;
  answerWords: number;
  /** Planner model that answered (the fallback after a 429). */
  planner: string;
  /** Status codes of the gateway calls that failed and were recovered from. */
  recovered: number[];
}
