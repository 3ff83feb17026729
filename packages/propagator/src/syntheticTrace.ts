import { createHash } from 'node:crypto';
import { isValidSpanIdHex, isValidTraceIdHex } from './traceparent';

/**
 * The trace id used for a caller that sends LLMObserve headers but no
 * `traceparent` (the LLMObserve Python SDK): derived from the run id, so that
 * every call of one run lands in one trace. A UUID run id gives its own 32 hex
 * digits; anything else the first 16 bytes of its SHA-256.
 */
export function traceIdForRun(runId: string): string {
  if (runId.length === 36) {
    const hex = runId.replace(/-/g, '').toLowerCase();
    if (isValidTraceIdHex(hex)) return hex;
  }
  return createHash('sha256').update('llmobserve-run:' + runId).digest('hex').slice(0, 32);
}

/**
 * The parent span id for such a caller: its `X-LLMObserve-Span-ID` when that is a
 * valid OTel span id, else a stable hash of what it sent (or of the run id).
 */
export function parentSpanIdFor(runId: string, callerSpanId: string | undefined): string {
  if (callerSpanId !== undefined && isValidSpanIdHex(callerSpanId)) return callerSpanId;
  return createHash('sha256')
    .update('llmobserve-span:' + (callerSpanId ?? runId))
    .digest('hex')
    .slice(0, 16);
}
