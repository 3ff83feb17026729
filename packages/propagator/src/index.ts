export { W3CTraceContextPropagator } from './W3CTraceContextPropagator';
export { W3CBaggagePropagator } from './W3CBaggagePropagator';
export { LLMObservePropagator } from './LLMObservePropagator';
export { RequestIdPropagator } from './RequestIdPropagator';
export { LLMObserveCompositePropagator } from './LLMObserveCompositePropagator';
export { createPropagator } from './createPropagator';
export { exportContext, importContext, contextFrom } from './exportContext';
export type { ExportedContext } from './exportContext';
export { requestIdMiddleware } from './requestIdMiddleware';
export type { RequestWithId, RequestIdMiddlewareOptions } from './requestIdMiddleware';
export { TraceState } from './TraceState';
export { encodeValue, decodeValue } from './codec';
export { isValidRequestId } from './requestId';
export {
  LLMOBSERVE_HEADERS,
  LLMOBSERVE_BAGGAGE_KEYS,
  REQUEST_ID_HEADER,
  TRACE_PARENT_HEADER,
  TRACE_STATE_HEADER,
  BAGGAGE_HEADER,
} from './constants';
export type {
  CreatePropagatorOptions,
  LLMObservePropagationMode,
  LLMObservePropagatorConfig,
  RequestIdPropagatorConfig,
  W3CTraceContextPropagatorConfig,
} from './types';
