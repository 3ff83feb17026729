/** Options of {@link W3CTraceContextPropagator}. */
export interface W3CTraceContextPropagatorConfig {
  /**
   * Whether trace ids made in this process are random, so that traces started
   * here are sent with the Level-2 `random` flag. True for the OTel JS SDK's
   * default id generator; set false with a time-based generator (AWS X-Ray).
   * Default true.
   */
  localTraceIdsAreRandom?: boolean;
}

/** Where the LLMObserve values travel. */
export type LLMObservePropagationMode = 'headers' | 'baggage' | 'both';

/** Options of {@link LLMObservePropagator}. */
export interface LLMObservePropagatorConfig {
  /**
   * `headers`: `X-LLMObserve-*` only; `baggage`: W3C baggage entries
   * (`llmobserve.run_id` …) only, which services that speak only W3C forward;
   * `both` (default). When both arrive and disagree, the header wins.
   */
  mode?: LLMObservePropagationMode;
}

/** Options of {@link RequestIdPropagator}. */
export interface RequestIdPropagatorConfig {
  /** Make a new request id on extract when the carrier has none. Default true. */
  generate?: boolean;
}

/** Options of {@link createPropagator}. */
export interface CreatePropagatorOptions extends W3CTraceContextPropagatorConfig, LLMObservePropagatorConfig, RequestIdPropagatorConfig {
  /** Leave out the request-id propagator. Default false. */
  disableRequestId?: boolean;
}
