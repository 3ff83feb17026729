export { register } from './register';
export { llmobserveSpanProcessors } from './spanProcessors';
export { optionsFromEnv } from './env';
export { ENV_VARS, EXPORTER_NAMES } from './constants';
export type { ExporterName, RegisterOptions, Registration, SpanProcessorsOptions } from './types';
export { createPropagator } from '@llmobserve/propagator';
