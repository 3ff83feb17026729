import type { Attributes } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** The fields of a `ReadableSpan` a copy may replace. */
export interface SpanOverrides {
  attributes?: Attributes;
  resource?: Resource;
}

/**
 * A plain-object `ReadableSpan` equal to `span` except for `overrides`. Used to
 * add an attribute or swap the resource for one export without touching the
 * span the SDK (and other processors) hold.
 */
export function copySpan(span: ReadableSpan, overrides: SpanOverrides): ReadableSpan {
  const context = span.spanContext();
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => context,
    parentSpanContext: span.parentSpanContext,
    startTime: span.startTime,
    endTime: span.endTime,
    status: span.status,
    attributes: overrides.attributes ?? span.attributes,
    links: span.links,
    events: span.events,
    duration: span.duration,
    ended: span.ended,
    resource: overrides.resource ?? span.resource,
    instrumentationScope: span.instrumentationScope,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}
