import { context as contextApi, Context, diag } from '@opentelemetry/api';
import { getState, updateState } from './state';
import { sanitizeId } from './sanitize';
import { uuidv7 } from './uuidv7';

/** The run id of the active context, or `undefined` outside a run. */
export function getRunId(ctx: Context = contextApi.active()): string | undefined {
  return getState(ctx).runId;
}

/** The customer id of the active context, or `undefined`. */
export function getCustomerId(ctx: Context = contextApi.active()): string | undefined {
  return getState(ctx).customerId;
}

/** The section stack of the active context, outermost first (empty outside sections). */
export function getSectionPath(ctx: Context = contextApi.active()): readonly string[] {
  return getState(ctx).sectionPath;
}

/** The innermost section of the active context, or `undefined`. */
export function getSection(ctx: Context = contextApi.active()): string | undefined {
  const path = getState(ctx).sectionPath;
  return path.length === 0 ? undefined : path[path.length - 1];
}

/** The request id of the active context, or `undefined`. */
export function getRequestId(ctx: Context = contextApi.active()): string | undefined {
  return getState(ctx).requestId;
}

/**
 * Returns `ctx` with the run id set. A missing or invalid id is replaced by a new
 * UUID v7 (an invalid one is reported through `diag`).
 */
export function setRunId(ctx: Context, id?: string): Context {
  let runId = sanitizeId(id);
  if (runId === undefined) {
    if (id !== undefined) diag.warn(`llmobserve: run id ${JSON.stringify(String(id).slice(0, 64))} is invalid; a new one is used`);
    runId = uuidv7();
  }
  return updateState(ctx, { runId });
}

/** Returns `ctx` with the customer id set; an invalid id leaves `ctx` unchanged. */
export function setCustomerId(ctx: Context, id: string): Context {
  const customerId = sanitizeId(id);
  if (customerId === undefined) {
    diag.warn('llmobserve: customer id is invalid (empty, longer than 256 characters or with control characters); ignored');
    return ctx;
  }
  return updateState(ctx, { customerId });
}

/** Returns `ctx` with the request id set; an invalid id leaves `ctx` unchanged. */
export function setRequestId(ctx: Context, id: string): Context {
  const requestId = sanitizeId(id);
  if (requestId === undefined) {
    diag.warn('llmobserve: request id is invalid; ignored');
    return ctx;
  }
  return updateState(ctx, { requestId });
}

/**
 * Runs `fn` inside a run. With no `id`, a new time-ordered UUID v7 is used.
 * Works for sync and async functions: the run follows every `await`, timer and
 * callback started inside `fn`.
 */
export function withRun<T>(id: string | undefined, fn: () => T): T {
  return contextApi.with(setRunId(contextApi.active(), id), fn);
}

/** Runs `fn` with the customer id set. */
export function withCustomer<T>(id: string, fn: () => T): T {
  return contextApi.with(setCustomerId(contextApi.active(), id), fn);
}

/** Runs `fn` with the request id set. */
export function withRequestId<T>(id: string, fn: () => T): T {
  return contextApi.with(setRequestId(contextApi.active(), id), fn);
}
