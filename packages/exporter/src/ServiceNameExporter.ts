import type { ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { ServiceNameSetting } from './config';
import { SERVICE_NAME_ATTRIBUTE } from './constants';
import { copySpan } from './spanCopy';

/**
 * Gives exported spans a service name: `OTEL_SERVICE_NAME` fills in resources
 * that have none (`unknown_service…`); an explicit `serviceName` option replaces
 * whatever the resource says. The merged resource is built once per source
 * resource, so a batch costs one map lookup per span.
 */
export class ServiceNameExporter implements SpanExporter {
  private readonly merged = new WeakMap<Resource, Resource | null>();

  constructor(
    private readonly inner: SpanExporter,
    private readonly setting: ServiceNameSetting,
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    let out: ReadableSpan[] | undefined;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i];
      const resource = this.resourceFor(span.resource);
      if (resource === null) continue;
      out ??= spans.slice();
      out[i] = copySpan(span, { resource });
    }
    this.inner.export(out ?? spans, resultCallback);
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  /** The resource to export instead, or null to keep the span's own. */
  private resourceFor(resource: Resource): Resource | null {
    const cached = this.merged.get(resource);
    if (cached !== undefined) return cached;
    const current = resource.attributes[SERVICE_NAME_ATTRIBUTE];
    const keep =
      current === this.setting.name ||
      (!this.setting.override && typeof current === 'string' && current !== '' && !current.startsWith('unknown_service'));
    const replacement = keep ? null : resource.merge(resourceFromAttributes({ [SERVICE_NAME_ATTRIBUTE]: this.setting.name }));
    this.merged.set(resource, replacement);
    return replacement;
  }
}
