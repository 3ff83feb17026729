/**
 * The application service: starts the trace, INJECTS its context into the
 * headers of its request to the gateway (no HTTP auto-instrumentation needed
 * for this hop), and sends it.
 */
import { setUpTracing } from './tracing';
const tracing = setUpTracing('application');

import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { getRunId, withCustomer, withRun, withSection } from '@llmobserve/context';

const tracer = trace.getTracer('application');
const GATEWAY_URL = process.env.GATEWAY_URL ?? 'http://127.0.0.1:5001';

async function processRequest(customerId: string, text: string): Promise<void> {
  await withRun(undefined, () =>
    withCustomer(customerId, () =>
      tracer.startActiveSpan('application_process_request', async (parent) => {
        try {
          await withSection('workflow:summarise', () =>
            tracer.startActiveSpan('gateway_request', { kind: SpanKind.CLIENT }, async (span) => {
              try {
                const headers: Record<string, string> = { 'content-type': 'application/json' };
                propagation.inject(context.active(), headers); // traceparent, baggage, X-LLMObserve-*, X-Request-Id
                const res = await fetch(`${GATEWAY_URL}/v1/summarise`, { method: 'POST', headers, body: JSON.stringify({ text }) });
                const body = (await res.json()) as { summary?: string; usage?: { total_tokens: number } };
                span.setAttribute('http.response.status_code', res.status);
                console.log(
                  `application: trace ${span.spanContext().traceId} run ${getRunId()} customer ${customerId} -> gateway ${res.status}, ${body.usage?.total_tokens ?? 0} tokens`,
                );
              } finally {
                span.end();
              }
            }),
          );
        } finally {
          parent.end();
        }
      }),
    ),
  );
}

async function main(): Promise<void> {
  await processRequest('acme', 'Quarterly revenue rose 12 percent on strong demand for the new espresso line.');
  await processRequest('globex', 'The board approved the merger.');
  await tracing.shutdown();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
