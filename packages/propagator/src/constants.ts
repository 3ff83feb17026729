/** W3C Trace Context header names (lower-case, as Node delivers them). */
export const TRACE_PARENT_HEADER = 'traceparent';
export const TRACE_STATE_HEADER = 'tracestate';

/** W3C Baggage header name. */
export const BAGGAGE_HEADER = 'baggage';

/** The LLMObserve headers, lower-case (Node lower-cases incoming header names). */
export const LLMOBSERVE_HEADERS = {
  runId: 'x-llmobserve-run-id',
  customerId: 'x-llmobserve-customer-id',
  section: 'x-llmobserve-section',
  sectionPath: 'x-llmobserve-section-path',
  spanId: 'x-llmobserve-span-id',
  parentSpanId: 'x-llmobserve-parent-span-id',
} as const;

/** The W3C baggage keys that carry the LLMObserve values through W3C-only services. */
export const LLMOBSERVE_BAGGAGE_KEYS = {
  runId: 'llmobserve.run_id',
  customerId: 'llmobserve.customer_id',
  sectionPath: 'llmobserve.section_path',
  requestId: 'llmobserve.request_id',
} as const;

/** Prefix shared by every LLMObserve baggage key. */
export const LLMOBSERVE_BAGGAGE_PREFIX = 'llmobserve.';

/** The request id header (seed 004). */
export const REQUEST_ID_HEADER = 'x-request-id';

/** W3C Baggage: we propagate up to this many list-members (the spec asks for at least 64). */
export const MAX_BAGGAGE_MEMBERS = 180;

/** W3C Baggage: we propagate up to this many bytes (the spec asks for at least 8192). */
export const MAX_BAGGAGE_BYTES = 8192;

/** Incoming baggage headers longer than this are not parsed at all (denial-of-service guard). */
export const MAX_BAGGAGE_PARSE_BYTES = 65536;

/** W3C Trace Context: at most 32 tracestate list-members. */
export const MAX_TRACE_STATE_MEMBERS = 32;

/** W3C Trace Context Level 2 `random` trace-flag. */
export const TRACE_FLAG_RANDOM = 0x02;

/** W3C Trace Context `sampled` trace-flag. */
export const TRACE_FLAG_SAMPLED = 0x01;
