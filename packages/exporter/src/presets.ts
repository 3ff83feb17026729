import { OTLPTraceExporter as OTLPJsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OTLPProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import * as http from 'node:http';
import * as https from 'node:https';
import { resolveOtlpConfig, resolvePhoenixConfig } from './config';
import type { Environment, ResolvedExporterConfig } from './config';
import { ServiceNameExporter } from './ServiceNameExporter';
import { SpoolingExporter } from './SpoolingExporter';
import type { JaegerOptions, OtlpPresetOptions, PhoenixOptions, TempoOptions } from './types';

type OtlpHttpConfig = NonNullable<ConstructorParameters<typeof OTLPProtoTraceExporter>[0]>;

/** Builds the exporter chain: [service name] → [spool] → OTLP/HTTP (protobuf or JSON). */
export function buildExporter(config: ResolvedExporterConfig): SpanExporter {
  const otlpConfig: OtlpHttpConfig = {
    url: config.url,
    headers: config.headers,
    timeoutMillis: config.timeoutMillis,
    // Same strings as the exporter's CompressionAlgorithm enum ('gzip' | 'none').
    compression: config.compression as unknown as OtlpHttpConfig['compression'],
    // Our own agent factory so the TLS files of OTEL_EXPORTER_OTLP_*CERTIFICATE /
    // *CLIENT_KEY are read (and checked) at set-up; the exporter's default factory
    // only warns at the first export when a file is unreadable.
    httpAgentOptions: (protocol: string) =>
      protocol === 'http:'
        ? new http.Agent({ keepAlive: true })
        : new https.Agent({ keepAlive: true, ca: config.tls.ca, key: config.tls.key, cert: config.tls.cert }),
  };
  let exporter: SpanExporter =
    config.protocol === 'http/json' ? new OTLPJsonTraceExporter(otlpConfig) : new OTLPProtoTraceExporter(otlpConfig);
  if (config.spool !== undefined) exporter = new SpoolingExporter(exporter, config.spool);
  if (config.serviceName !== undefined) exporter = new ServiceNameExporter(exporter, config.serviceName);
  return exporter;
}

/**
 * An OTLP/HTTP exporter for any OTLP receiver (an OpenTelemetry Collector, Jaeger,
 * Tempo, a vendor). Reads the standard `OTEL_EXPORTER_OTLP_*` variables; explicit
 * options win. Throws {@link ConfigError} naming the field on a bad value.
 *
 * @example
 * ```ts
 * const exporter = otlp({ endpoint: 'http://collector:4318', protocol: 'http/json' });
 * ```
 */
export function otlp(options: OtlpPresetOptions = {}, env: Environment = process.env): SpanExporter {
  return buildExporter(resolveOtlpConfig('otlp', options, env));
}

/**
 * Jaeger (v1.35+ and v2) through its OTLP/HTTP receiver on port 4318; protobuf by
 * default, `protocol: 'http/json'` for JSON. Jaeger shows the GenAI and
 * `llmobserve.*` attributes as tags.
 */
export function jaeger(options: JaegerOptions = {}, env: Environment = process.env): SpanExporter {
  return buildExporter(resolveOtlpConfig('jaeger', options, env));
}

/**
 * Grafana Tempo through its OTLP/HTTP receiver (4318); `tenant` sets
 * `X-Scope-OrgID` for multi-tenant set-ups. Traces are read back on port 3200
 * (`/api/v2/traces/{id}`).
 */
export function tempo(options: TempoOptions = {}, env: Environment = process.env): SpanExporter {
  return buildExporter(resolveOtlpConfig('tempo', options, env));
}

/**
 * Arize Phoenix: OTLP/HTTP protobuf (the only body Phoenix accepts) to
 * `{endpoint}/v1/traces`, project chosen with `x-project-name`. Pair it with
 * {@link OpenInferenceSpanProcessor} so Phoenix sees LLM spans, token counts and
 * prices them.
 */
export function phoenix(options: PhoenixOptions = {}, env: Environment = process.env): SpanExporter {
  return buildExporter(resolvePhoenixConfig(options, env));
}
