/** OTLP/HTTP body encodings the presets support (`grpc` is not bundled). */
export type OtlpProtocol = 'http/protobuf' | 'http/json';

/** Request body compression of the OTLP exporters. */
export type OtlpCompression = 'gzip' | 'none';

/** When the spool calls `fsync` (see the README for what each one survives). */
export type SpoolFsyncPolicy = 'always' | 'never';

/** Options of the durable disk spool ({@link SpoolingExporter}). */
export interface SpoolOptions {
  /** Directory of the spool (created if missing). One process per directory. */
  dir: string;
  /** Upper bound of the spool on disk, in bytes; oldest batches are dropped past it. Default 64 MiB. */
  maxBytes?: number;
  /** Size at which a new segment file is started. Default `min(4 MiB, maxBytes / 4)`. */
  segmentBytes?: number;
  /** `'always'` (default): fsync each appended batch before reporting it stored; `'never'`: leave it to the OS. */
  fsync?: SpoolFsyncPolicy;
  /** First retry delay of the replay loop while the backend is down, ms. Default 1000. */
  retryInitialMillis?: number;
  /** Largest retry delay of the replay loop, ms. Default 30000. */
  retryMaxMillis?: number;
  /** How long one export to the inner exporter may take before the batch is spooled, ms. Default 15000. */
  exportTimeoutMillis?: number;
  /** Most spans sent in one replayed export. Default 512. */
  replayBatchSpans?: number;
}

/** Options every OTLP preset shares. */
export interface CommonExporterOptions {
  /** Extra HTTP headers; merged over `OTEL_EXPORTER_OTLP_(TRACES_)HEADERS`. */
  headers?: Record<string, string>;
  /** Per-request timeout, ms. Default `OTEL_EXPORTER_OTLP_(TRACES_)TIMEOUT` or 10000. */
  timeoutMillis?: number;
  /** Body compression. Default `OTEL_EXPORTER_OTLP_(TRACES_)COMPRESSION` or `'none'`. */
  compression?: OtlpCompression;
  /**
   * Service name for spans whose resource has none (`unknown_service…`). Default
   * `OTEL_SERVICE_NAME`. An explicit value here replaces any resource service name.
   */
  serviceName?: string;
  /**
   * Durable disk spool for batches the backend refuses or cannot take. Default:
   * on when `LLMOBSERVE_SPOOL_DIR` is set, off otherwise; `false` turns it off.
   */
  spool?: SpoolOptions | false;
}

/** Options of {@link otlp}, {@link jaeger} and {@link tempo}. */
export interface OtlpPresetOptions extends CommonExporterOptions {
  /**
   * OTLP/HTTP traces URL. A bare origin (`http://host:4318`) gets `/v1/traces`
   * appended. Default `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, then
   * `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`, then `http://localhost:4318/v1/traces`.
   */
  endpoint?: string;
  /** Body encoding. Default `OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL` or `'http/protobuf'`. */
  protocol?: OtlpProtocol;
}

/** Options of {@link jaeger}. */
export type JaegerOptions = OtlpPresetOptions;

/** Options of {@link tempo}. */
export interface TempoOptions extends OtlpPresetOptions {
  /** Tenant for multi-tenant Tempo; sent as `X-Scope-OrgID`. */
  tenant?: string;
}

/** Options of {@link phoenix}. Phoenix accepts protobuf only, so there is no `protocol`. */
export interface PhoenixOptions extends CommonExporterOptions {
  /**
   * Phoenix base URL or its `/v1/traces` URL. Default `PHOENIX_COLLECTOR_ENDPOINT`,
   * then `http://localhost:6006`.
   */
  endpoint?: string;
  /** Phoenix project (sent as `x-project-name`). Default `PHOENIX_PROJECT`, then Phoenix's `default`. */
  projectName?: string;
  /** API key of an authenticated Phoenix (sent as `authorization: Bearer …`). Default `PHOENIX_API_KEY`. */
  apiKey?: string;
}

/** Where the console exporter writes (defaults to `process.stdout`). */
export interface TextSink {
  write(chunk: string): unknown;
  /** Colours are used only when this is true and `NO_COLOR` is unset or empty. */
  isTTY?: boolean;
}

/** Options of {@link ConsoleTreeExporter}. */
export interface ConsoleTreeExporterOptions {
  /** Output stream. Default `process.stdout`. */
  stream?: TextSink;
  /** Force colours on or off; default: on only for a TTY without `NO_COLOR`. */
  color?: boolean;
  /** Most spans held while waiting for the root of their trace. Default 10000. */
  maxPendingSpans?: number;
}
