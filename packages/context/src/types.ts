/**
 * The LLMObserve values of one point in the program. Immutable: every helper that
 * changes a value stores a new object in a new `Context`.
 */
export interface LLMObserveState {
  /** The run (one end-user request or agent run) this work belongs to. */
  readonly runId?: string;
  /** The customer (end user or tenant) billed for this work. */
  readonly customerId?: string;
  /** Section stack, outermost first: `['agent:research', 'step:planning']`. */
  readonly sectionPath: readonly string[];
  /** The `X-Request-Id` of the request being served. */
  readonly requestId?: string;
  /**
   * A caller's span id that is not a valid OpenTelemetry span id (the LLMObserve
   * Python SDK sends UUIDs). Kept for attributes; never used as an OTel id.
   */
  readonly foreignSpanId?: string;
  /** The caller's parent span id when it is not a valid OpenTelemetry span id. */
  readonly foreignParentSpanId?: string;
}
