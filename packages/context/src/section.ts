import { context as contextApi, diag, Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { TRACER_NAME } from './constants';
import { canPushSection, formatSectionPath, sanitizeSectionName } from './sanitize';
import { getState, updateState } from './state';

/** Attribute names `withSection` writes on its span. */
export const SECTION_ATTRIBUTES = {
  section: 'llmobserve.section',
  sectionPath: 'llmobserve.section_path',
  sectionDepth: 'llmobserve.section_depth',
} as const;

function endWithError(span: Span, err: unknown): void {
  span.recordException(err instanceof Error ? err : String(err));
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  span.end();
}

function normaliseName(name: string): string {
  const clean = sanitizeSectionName(name);
  if (clean !== undefined) return clean;
  const fixed = sanitizeSectionName(
    String(name).replace(/[/\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '_').slice(0, 256),
  );
  diag.warn(`llmobserve: section name ${JSON.stringify(String(name).slice(0, 64))} is invalid; using ${JSON.stringify(fixed ?? 'section')}`);
  return fixed ?? 'section';
}

/**
 * Runs `fn` inside a named section (`agent:research`, `step:planning`,
 * `tool:web_search`). The section is pushed on the section path of the context
 * and an INTERNAL span named after the section is started, so traces read
 * agent → step → tool → LLM call. The span ends when `fn` returns or, for a
 * promise, when it settles; a throw or rejection marks it as an error and is
 * passed on unchanged.
 *
 * Past 32 levels or 1 KiB of path, the section is not pushed (reported via
 * `diag`) but its span is still made.
 */
export function withSection<T>(name: string, fn: () => T): T {
  const sectionName = normaliseName(name);
  const parent = contextApi.active();
  const state = getState(parent);
  let sectionPath = state.sectionPath;
  if (canPushSection(sectionPath, sectionName)) {
    sectionPath = [...sectionPath, sectionName];
  } else {
    diag.warn(`llmobserve: section path is full (32 levels or 1 KiB); section ${JSON.stringify(sectionName)} is not added to it`);
  }
  const tracer = trace.getTracer(TRACER_NAME);
  const span = tracer.startSpan(
    sectionName,
    {
      kind: SpanKind.INTERNAL,
      attributes: {
        [SECTION_ATTRIBUTES.section]: sectionName,
        [SECTION_ATTRIBUTES.sectionPath]: formatSectionPath(sectionPath),
        [SECTION_ATTRIBUTES.sectionDepth]: sectionPath.length,
      },
    },
    parent,
  );
  const ctx = trace.setSpan(updateState(parent, { sectionPath }), span);
  let result: T;
  try {
    result = contextApi.with(ctx, fn);
  } catch (err) {
    endWithError(span, err);
    throw err;
  }
  if (result !== null && typeof result === 'object' && typeof (result as { then?: unknown }).then === 'function') {
    (result as unknown as PromiseLike<unknown>).then(
      () => span.end(),
      (err: unknown) => endWithError(span, err),
    );
    return result;
  }
  span.end();
  return result;
}
