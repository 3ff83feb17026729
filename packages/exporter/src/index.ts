export { phoenix, jaeger, tempo, otlp } from './presets';
export { OpenInferenceSpanProcessor, openInferenceAttributes } from './OpenInferenceSpanProcessor';
export { loadOpenInferenceTable, validateOpenInferenceTable, OPENINFERENCE_DATA_FILE } from './openInferenceData';
export type { OpenInferenceTable, OpenInferenceSpanKind } from './openInferenceData';
export { SpoolingExporter } from './SpoolingExporter';
export type { SpoolStats } from './SpoolingExporter';
export { ConsoleTreeExporter } from './ConsoleTreeExporter';
export { decodeOtlpJson, decodeOtlpAttributes, nanosToHrTime } from './otlpJson';
export type { OtlpJsonRequest, OtlpKeyValue, OtlpAnyValue } from './otlpJson';
export { ConfigError } from './ConfigError';
export type { Environment } from './config';
export {
  ENV,
  GEN_AI_ATTRIBUTES,
  LLMOBSERVE_ATTRIBUTES,
  OPENINFERENCE_ATTRIBUTES,
  PHOENIX_PROJECT_HEADER,
  DEFAULT_OTLP_ENDPOINT,
  DEFAULT_PHOENIX_ENDPOINT,
} from './constants';
export type {
  CommonExporterOptions,
  ConsoleTreeExporterOptions,
  JaegerOptions,
  OtlpCompression,
  OtlpPresetOptions,
  OtlpProtocol,
  PhoenixOptions,
  SpoolFsyncPolicy,
  SpoolOptions,
  TempoOptions,
  TextSink,
} from './types';
