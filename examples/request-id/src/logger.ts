import { trace } from '@opentelemetry/api';
import { getRequestId } from '@llmobserve/context';

/**
 * A logger whose every line carries the request id and the trace id of the
 * active context — no id passed around by hand.
 */
export const log = {
  info(message: string): void {
    const traceId = trace.getActiveSpan()?.spanContext().traceId;
    console.log(`INFO  [request_id=${getRequestId() ?? '-'} trace_id=${traceId ?? '-'}] ${message}`);
  },
};
