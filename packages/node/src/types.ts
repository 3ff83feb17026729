import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { CreatePropagatorOptions } from '@llmobserve/propagator';
import type { LLMObserveInstrumentationConfig } from '@llmobserve/instrumentation';
import type {
  ContextAttributesSpanProcessorConfig,
  CostSpanProcessorConfig,
  RedactionSpanProcessorConfig,
  TraceConsistentSamplerConfig,
} from '@llmobserve/span-processors';
import type { SpoolOptions } from '@llmobserve/exporter';
import type { EXPORTER_NAMES } from './constants';

/** An exporter preset by name. */
export type ExporterName = (typeof EXPORTER_NAMES)[number];

/** Options of {@link llmobserveSpanProcessors}. */
export interface SpanProcessorsOptions {
  /** ContextAttributesSpanProcessor options (baggage allow-list …). */
  context?: ContextAttributesSpanProcessorConfig;
  /** CostSpanProcessor options, or `false` for no cost attributes. */
  cost?: CostSpanProcessorConfig | false;
  /** RedactionSpanProcessor options, or `false` for no redaction. Default on. */
  redaction?: RedactionSpanProcessorConfig | false;
  /** Add OpenInference attributes (for Phoenix). Default: on when a Phoenix exporter is configured. */
  openInference?: boolean;
}

/** Options of {@link register}. */
export interface RegisterOptions extends SpanProcessorsOptions {
  /** `service.name`; default `OTEL_SERVICE_NAME`, else the package name of the working directory, else `unknown_service:node`. */
  serviceName?: string;
  /**
   * Where spans go: preset names (`console`, `jaeger`, `phoenix`, `tempo`, `otlp`, `none`) or
   * SpanExporter instances. Default: `otlp` when `OTEL_EXPORTER_OTLP_ENDPOINT` is set, `phoenix`
   * when `PHOENIX_COLLECTOR_ENDPOINT` is set, else `console`.
   */
  exporters?: Array<ExporterName | SpanExporter>;
  /** Put a durable disk spool in front of every network exporter. */
  spool?: SpoolOptions;
  /** Propagator options (`createPropagator`). */
  propagation?: CreatePropagatorOptions;
  /** Capture options (`LLMObserveInstrumentation`), or `false` to leave fetch and http alone. */
  capture?: LLMObserveInstrumentationConfig | false;
  /** Trace-consistent sampling; default: keep everything. */
  sampling?: TraceConsistentSamplerConfig;
  /** More instrumentations to register alongside ours. */
  instrumentations?: Instrumentation[];
  /** Extra span processors, run after ours and before the exporters. */
  spanProcessors?: SpanProcessor[];
  /** Flush on SIGTERM, SIGINT and `beforeExit`. Default true. */
  flushOnExit?: boolean;
}

/** What {@link register} returns. */
export interface Registration {
  /** Flushes every exporter. */
  forceFlush(): Promise<void>;
  /** Flushes, shuts down and unregisters everything `register` set up. */
  shutdown(): Promise<void>;
}
