/** Attributes written by `CostSpanProcessor`. Cost parts are `llmobserve.cost.<part>_usd` (`input_usd`, `cached_input_usd`, …). */
export const COST_ATTRIBUTES = {
  /** Cost of this span's own call (LLM usage + custom), USD rounded to 1e-12. */
  totalUsd: 'llmobserve.cost.total_usd',
  /** The same, as an exact decimal string. */
  totalUsdExact: 'llmobserve.cost.total_usd_exact',
  /** Prefix of the per-part attributes. */
  partPrefix: 'llmobserve.cost.',
  pricingVersion: 'llmobserve.cost.pricing_version',
  matchedModel: 'llmobserve.cost.matched_model',
  /** Convention the usage was read from (`genai`, `openinference`, `vercel-ai`, …); written on spans that could not be priced. */
  usageConvention: 'llmobserve.cost.usage_convention',
  /** Why a span with usage has no cost: `unknown_model`, `missing_rate`, `bad_usage`, `missing_model`, `pricing_error`, `bad_custom_cost`. */
  unpricedReason: 'llmobserve.cost.unpriced_reason',
  unpricedDetail: 'llmobserve.cost.unpriced_detail',
  /** Set by users on spans of priced operations that are not LLM calls (number or decimal string, USD). */
  customUsd: 'llmobserve.cost.custom_usd',
  /** Set on a span whose usage was not priced because the priced calls below it already count it. */
  countedBelow: 'llmobserve.cost.counted_below',
  /** Cost of this span and every descendant (in this process) that ended before it. */
  subtreeUsd: 'llmobserve.cost.subtree_usd',
  subtreeUsdExact: 'llmobserve.cost.subtree_usd_exact',
  /** Priced LLM calls in the subtree. */
  subtreeLlmCalls: 'llmobserve.cost.subtree_llm_calls',
  /** Calls in the subtree that carried usage but could not be priced (the subtree cost is then a lower bound). */
  subtreeUnpricedCalls: 'llmobserve.cost.subtree_unpriced_calls',
  /** Langfuse reads this as the cost of a generation. */
  genAiUsageCost: 'gen_ai.usage.cost',
  /** OpenInference cost attributes (Phoenix shows them as attributes). */
  openInferenceTotal: 'llm.cost.total',
  openInferencePrompt: 'llm.cost.prompt',
  openInferenceCompletion: 'llm.cost.completion',
} as const;

/** Attributes written by `ContextAttributesSpanProcessor`. */
export const CONTEXT_ATTRIBUTES = {
  runId: 'llmobserve.run_id',
  customerId: 'llmobserve.customer_id',
  section: 'llmobserve.section',
  sectionPath: 'llmobserve.section_path',
  requestId: 'llmobserve.request_id',
  foreignParentSpanId: 'llmobserve.foreign_parent_span_id',
  /** Phoenix and Langfuse group traces into sessions by this (= run id). */
  sessionId: 'session.id',
  /** Phoenix and Langfuse group by user (= customer id). */
  userId: 'user.id',
} as const;

/** Attributes written by `RedactionSpanProcessor`. */
export const REDACTION_ATTRIBUTES = {
  piiDetected: 'llmobserve.pii_detected',
  /** Marker kinds found (`email`, `phone`, …). */
  piiKinds: 'llmobserve.pii_kinds',
  injectionAttempt: 'llmobserve.injection_attempt',
  /** Names of the injection patterns that fired. */
  injectionPatterns: 'llmobserve.injection_patterns',
} as const;

/** Default bound of the open-span map of the cost roll-up. */
export const DEFAULT_MAX_OPEN_SPANS = 10_000;
