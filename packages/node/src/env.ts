import { ENV_VARS } from './constants';
import { parseExporterNames } from './exporters';
import type { RegisterOptions } from './types';

function bool(env: NodeJS.ProcessEnv, name: string): boolean | undefined {
  const v = env[name];
  if (v === undefined || v === '') return undefined;
  if (/^(1|true|yes|on)$/i.test(v)) return true;
  if (/^(0|false|no|off)$/i.test(v)) return false;
  throw new TypeError(`${name} must be true or false, got ${JSON.stringify(v)}`);
}

/**
 * The {@link register} options the environment describes (the zero-code
 * entry). Standard `OTEL_*` and `PHOENIX_*` variables are read by the exporter
 * presets themselves; this adds the `LLMOBSERVE_*` ones. A bad value throws,
 * naming the variable.
 */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): RegisterOptions {
  const options: RegisterOptions = {};
  const exporters = env[ENV_VARS.exporter];
  if (exporters) options.exporters = parseExporterNames(exporters, ENV_VARS.exporter);
  const spoolDir = env[ENV_VARS.spoolDir];
  if (spoolDir) options.spool = { dir: spoolDir };
  const ratio = env[ENV_VARS.sampleRatio];
  if (ratio !== undefined && ratio !== '') {
    const r = Number(ratio);
    if (!Number.isFinite(r) || r < 0 || r > 1) throw new TypeError(`${ENV_VARS.sampleRatio} must be a number from 0 to 1, got ${JSON.stringify(ratio)}`);
    options.sampling = { ratio: r };
  }
  const includeUsage = bool(env, ENV_VARS.includeUsage);
  const recordContent = bool(env, ENV_VARS.recordContent);
  if (includeUsage !== undefined || recordContent !== undefined) {
    options.capture = {
      ...(includeUsage !== undefined ? { includeUsage } : {}),
      ...(recordContent !== undefined ? { recordContent } : {}),
    };
  }
  const mode = env[ENV_VARS.propagation];
  if (mode) {
    if (mode !== 'headers' && mode !== 'baggage' && mode !== 'both') {
      throw new TypeError(`${ENV_VARS.propagation} must be headers, baggage or both, got ${JSON.stringify(mode)}`);
    }
    options.propagation = { mode };
  }
  const keys = env[ENV_VARS.baggageKeys];
  if (keys) options.context = { baggageKeys: keys.split(',').map((k) => k.trim()).filter(Boolean) };
  if (bool(env, ENV_VARS.redaction) === false) options.redaction = false;
  return options;
}
