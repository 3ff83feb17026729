/**
 * Lets the OTLP/HTTP exporters send from inside jest.
 *
 * `@opentelemetry/otlp-exporter-base` 0.223 loads `http`/`https` with a dynamic
 * `import()` on the first export. Jest runs CommonJS code in a VM context whose
 * dynamic import needs `--experimental-vm-modules`, so every export fails with
 * "A dynamic import callback was invoked without --experimental-vm-modules".
 * Outside jest (a real process) nothing of this is needed.
 *
 * `primeOtlpTransport(exporter)` finds the OTLP exporter(s) inside `exporter`
 * (through wrappers that keep theirs in an `inner` field) and pre-fills the
 * transport's lazily loaded `{ agent, request }` with statically imported ones.
 * It throws if the internals it relies on moved, so an upgrade fails loudly.
 */
import * as http from 'node:http';
import * as https from 'node:https';

interface HttpTransportLike {
  _utils: unknown;
  _parameters: { url: string };
}

function findTransport(node: unknown, depth = 0): HttpTransportLike | undefined {
  if (node === null || typeof node !== 'object' || depth > 6) return undefined;
  const record = node as Record<string, unknown>;
  if ('_utils' in record && '_parameters' in record) return record as unknown as HttpTransportLike;
  for (const key of ['_delegate', '_transport', 'inner']) {
    const found = findTransport(record[key], depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Makes `exporter` (an OTLP exporter or a wrapper around one) able to send from inside jest. */
export function primeOtlpTransport<T>(exporter: T): T {
  const transport = findTransport(exporter);
  if (transport === undefined) {
    throw new Error('primeOtlpTransport: no OTLP HTTP transport found (otlp-exporter-base internals changed?)');
  }
  const secure = new URL(transport._parameters.url).protocol === 'https:';
  transport._utils = secure
    ? { agent: new https.Agent({ keepAlive: true }), request: https.request }
    : { agent: new http.Agent({ keepAlive: true }), request: http.request };
  return exporter;
}
