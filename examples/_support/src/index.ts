/**
 * Scaffolding the examples share: it starts what a real deployment already
 * has running (a provider, Redis, Jaeger, Phoenix, a Python interpreter).
 * The code each example is about lives in that example's own folder.
 */
export { startChild, startNodeChild } from './ChildService';
export type { ChildOptions, ChildService } from './ChildService';
export { startMockLlmProcess } from './mockLlm';
export type { MockLlmProcess } from './mockLlm';
export { startRedis } from './redis';
export type { RedisProcess } from './redis';
export { pythonPeer } from './python';
export { freePort } from '../../../test/peers/process';
export { startJaeger } from '../../../test/peers/jaeger';
export type { JaegerPeer, JaegerSpan, JaegerTrace } from '../../../test/peers/jaeger';
export { startPhoenix } from '../../../test/peers/phoenix';
export type { PhoenixPeer, PhoenixSpan } from '../../../test/peers/phoenix';
