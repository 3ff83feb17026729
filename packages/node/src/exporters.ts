import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { ConsoleTreeExporter, jaeger, otlp, phoenix, tempo } from '@llmobserve/exporter';
import type { SpoolOptions } from '@llmobserve/exporter';
import { join } from 'node:path';
import { EXPORTER_NAMES } from './constants';
import type { ExporterName } from './types';

/** The exporter names to use when none are given. */
export function defaultExporterNames(env: NodeJS.ProcessEnv): ExporterName[] {
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return ['otlp'];
  if (env.PHOENIX_COLLECTOR_ENDPOINT) return ['phoenix'];
  return ['console'];
}

/** Parses a comma-separated exporter list, throwing on an unknown name. */
export function parseExporterNames(value: string, field: string): ExporterName[] {
  const names = value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  for (const n of names) {
    if (!(EXPORTER_NAMES as readonly string[]).includes(n)) {
      throw new TypeError(`${field}: unknown exporter "${n}" (known: ${EXPORTER_NAMES.join(', ')})`);
    }
  }
  return names as ExporterName[];
}

function byName(name: ExporterName, spool: SpoolOptions | undefined, env: NodeJS.ProcessEnv): SpanExporter | undefined {
  // One spool directory per exporter (a spool belongs to one exporter); `false` keeps the
  // presets from adding a second spool of their own from LLMOBSERVE_SPOOL_DIR.
  const options = { spool: spool ? { ...spool, dir: join(spool.dir, name) } : (false as const) };
  switch (name) {
    case 'console':
      return new ConsoleTreeExporter();
    case 'jaeger':
      return jaeger(options, env);
    case 'phoenix':
      return phoenix(options, env);
    case 'tempo':
      return tempo(options, env);
    case 'otlp':
      return otlp(options, env);
    case 'none':
      return undefined;
  }
}

/**
 * Builds the exporters; network exporters get a durable spool (one directory
 * each, under `spool.dir`) when `spool` is given.
 */
export function buildExporters(
  wanted: Array<ExporterName | SpanExporter>,
  spool: SpoolOptions | undefined,
  env: NodeJS.ProcessEnv,
): SpanExporter[] {
  const out: SpanExporter[] = [];
  for (const item of wanted) {
    if (typeof item !== 'string') {
      if (item === null || typeof item !== 'object' || typeof item.export !== 'function') {
        throw new TypeError('register: exporters[] must hold exporter names or SpanExporter instances');
      }
      out.push(item);
      continue;
    }
    if (!(EXPORTER_NAMES as readonly string[]).includes(item)) {
      throw new TypeError(`register: exporters: unknown exporter "${item}" (known: ${EXPORTER_NAMES.join(', ')})`);
    }
    const exporter = byName(item, spool, env);
    if (exporter !== undefined) out.push(exporter);
  }
  return out;
}
