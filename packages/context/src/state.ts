import { Context, createContextKey, context as contextApi } from '@opentelemetry/api';
import type { LLMObserveState } from './types';

const STATE_KEY = createContextKey('llmobserve.state');

/** The state of a context that carries no LLMObserve values. */
export const EMPTY_STATE: LLMObserveState = Object.freeze({ sectionPath: Object.freeze([]) as readonly string[] });

/** Reads the LLMObserve values of `ctx` (the active context by default). */
export function getState(ctx: Context = contextApi.active()): LLMObserveState {
  return (ctx.getValue(STATE_KEY) as LLMObserveState | undefined) ?? EMPTY_STATE;
}

/** Returns a new context holding `state`. */
export function setState(ctx: Context, state: LLMObserveState): Context {
  return ctx.setValue(STATE_KEY, state);
}

/** Returns a new context whose state is the old one with `patch` applied. */
export function updateState(ctx: Context, patch: Partial<LLMObserveState>): Context {
  return ctx.setValue(STATE_KEY, { ...getState(ctx), ...patch });
}
