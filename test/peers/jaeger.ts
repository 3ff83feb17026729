/**
 * A real Jaeger for tests: all-in-one with in-memory storage on free
 * 127.0.0.1 ports, ready when its query API answers, stopped by the test.
 *
 * ```ts
 * const jaeger = await startJaeger();
 * // export to jaeger.otlpTracesUrl, then:
 * const trace = await jaeger.waitForSpans(traceId, 3);
 * await jaeger.stop();
 * ```
 *
 * Works with both builds scripts/install-jaeger.sh may produce: v2 (configured
 * through a generated YAML file) and the v1.48 all-in-one fallback (flags). Both
 * serve `/api/traces/{id}`, which the query helpers use.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PEER_CACHE, PeerProcess, freePorts, portAccepts, requirePeer, waitFor } from './process';

/** One span as Jaeger's query API returns it, tags flattened. */
export interface JaegerSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly serviceName?: string;
  /** Span tags (attributes, span kind, status) by key. */
  readonly tags: Readonly<Record<string, string | number | boolean>>;
  /** Process (resource) tags by key. */
  readonly processTags: Readonly<Record<string, string | number | boolean>>;
}

/** A trace read back from Jaeger. */
export interface JaegerTrace {
  readonly traceId: string;
  readonly spans: readonly JaegerSpan[];
}

/** A running Jaeger. */
export interface JaegerPeer {
  /** `v2.20.0` or `v1.48.0`, from the install stamp. */
  readonly version: string;
  /** OTLP/HTTP base URL (`http://127.0.0.1:<port>`). */
  readonly otlpBaseUrl: string;
  /** OTLP/HTTP traces URL (`…/v1/traces`). */
  readonly otlpTracesUrl: string;
  /** Query API base URL. */
  readonly queryUrl: string;
  /** The trace, or undefined when Jaeger has none with that id. */
  getTrace(traceId: string): Promise<JaegerTrace | undefined>;
  /** Polls until the trace has at least `minSpans` distinct spans. */
  waitForSpans(traceId: string, minSpans: number, timeoutMs?: number): Promise<JaegerTrace>;
  /** Distinct span ids Jaeger holds for each trace id (missing traces give empty sets). */
  spanIds(traceIds: readonly string[]): Promise<Map<string, Set<string>>>;
  /** SIGKILL (storage is lost, it is in memory). */
  kill(): Promise<void>;
  /** Starts again on the same ports and waits until ready. */
  restart(): Promise<void>;
  /** Stops it and removes its temporary files. */
  stop(): Promise<void>;
}

const INSTALL_SCRIPT = 'scripts/install-jaeger.sh';

/** Path of the Jaeger binary the install script produces. */
export const JAEGER_BIN = path.join(PEER_CACHE, 'bin', 'jaeger');

function v2Config(ports: Record<string, number>): string {
  return `service:
  extensions: [jaeger_storage, jaeger_query, healthcheckv2]
  pipelines:
    traces:
      receivers: [otlp]
      processors: [batch]
      exporters: [jaeger_storage_exporter]
  telemetry:
    metrics:
      level: none
    logs:
      level: warn
extensions:
  healthcheckv2:
    use_v2: true
    http:
      endpoint: 127.0.0.1:${ports.admin}
  jaeger_query:
    storage:
      traces: memstore
    http:
      endpoint: 127.0.0.1:${ports.query}
    grpc:
      endpoint: 127.0.0.1:${ports.queryGrpc}
  jaeger_storage:
    backends:
      memstore:
        memory:
          max_traces: 100000
receivers:
  otlp:
    protocols:
      http:
        endpoint: 127.0.0.1:${ports.otlpHttp}
      grpc:
        endpoint: 127.0.0.1:${ports.otlpGrpc}
processors:
  batch:
    timeout: 100ms
exporters:
  jaeger_storage_exporter:
    trace_storage: memstore
`;
}

function v1Args(ports: Record<string, number>): string[] {
  const at = (p: number): string => `127.0.0.1:${p}`;
  return [
    `--admin.http.host-port=${at(ports.admin)}`,
    `--collector.otlp.http.host-port=${at(ports.otlpHttp)}`,
    `--collector.otlp.grpc.host-port=${at(ports.otlpGrpc)}`,
    `--collector.grpc-server.host-port=${at(ports.collectorGrpc)}`,
    `--reporter.grpc.host-port=${at(ports.collectorGrpc)}`,
    `--query.http-server.host-port=${at(ports.query)}`,
    `--query.grpc-server.host-port=${at(ports.queryGrpc)}`,
    '--collector.http-server.host-port=127.0.0.1:0',
    '--http-server.host-port=127.0.0.1:0',
    '--processor.jaeger-binary.server-host-port=127.0.0.1:0',
    '--processor.jaeger-compact.server-host-port=127.0.0.1:0',
    '--processor.zipkin-compact.server-host-port=127.0.0.1:0',
    '--log-level=warn',
  ];
}

type RawTag = { key: string; value: string | number | boolean };
interface RawTrace {
  traceID: string;
  spans: Array<{
    traceID: string;
    spanID: string;
    operationName: string;
    references?: Array<{ refType: string; spanID: string }>;
    tags?: RawTag[];
    processID?: string;
  }>;
  processes?: Record<string, { serviceName: string; tags?: RawTag[] }>;
}

function tagMap(tags: RawTag[] | undefined): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const t of tags ?? []) out[t.key] = t.value;
  return out;
}

function normalise(raw: RawTrace): JaegerTrace {
  return {
    traceId: raw.traceID,
    spans: raw.spans.map(s => {
      const proc = s.processID === undefined ? undefined : raw.processes?.[s.processID];
      return {
        traceId: s.traceID,
        spanId: s.spanID,
        parentSpanId: s.references?.find(r => r.refType === 'CHILD_OF')?.spanID,
        name: s.operationName,
        serviceName: proc?.serviceName,
        tags: tagMap(s.tags),
        processTags: tagMap(proc?.tags),
      };
    }),
  };
}

/** Starts Jaeger on free ports and waits until it accepts OTLP and answers queries. */
export async function startJaeger(): Promise<JaegerPeer> {
  requirePeer(JAEGER_BIN, 'Jaeger', INSTALL_SCRIPT);
  const versionFile = `${JAEGER_BIN}.version`;
  const version = fs.existsSync(versionFile) ? fs.readFileSync(versionFile, 'utf8').trim() : 'unknown';
  const isV2 = version.startsWith('v2');
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmobserve-jaeger-'));
  const [admin, otlpHttp, otlpGrpc, collectorGrpc, query, queryGrpc] = await freePorts(6);
  const ports = { admin, otlpHttp, otlpGrpc, collectorGrpc, query, queryGrpc };
  let args: string[];
  if (isV2) {
    const configFile = path.join(workDir, 'jaeger.yaml');
    fs.writeFileSync(configFile, v2Config(ports));
    args = ['--config', configFile];
  } else {
    args = v1Args(ports);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SPAN_STORAGE_TYPE: 'memory',
    // Jaeger traces itself over OTLP/gRPC to localhost:4317 by default; keep that away from other peers.
    OTEL_TRACES_SAMPLER: 'always_off',
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9',
  };
  const proc = new PeerProcess(`jaeger ${version}`, JAEGER_BIN, args, env, workDir);
  const queryUrl = `http://127.0.0.1:${query}`;

  const waitReady = async (): Promise<void> => {
    await waitFor(
      `Jaeger ${version} on 127.0.0.1:${otlpHttp} (OTLP) and ${query} (query)`,
      async () => {
        proc.assertRunning();
        const res = await fetch(`${queryUrl}/api/services`);
        return res.ok && (await portAccepts(otlpHttp));
      },
      30_000,
      () => proc.tail(),
    );
  };

  const getTrace = async (traceId: string): Promise<JaegerTrace | undefined> => {
    const res = await fetch(`${queryUrl}/api/traces/${traceId}`);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`Jaeger query /api/traces/${traceId} answered ${res.status}: ${await res.text()}`);
    const body = (await res.json()) as { data?: RawTrace[] | null };
    const raw = body.data?.[0];
    return raw === undefined ? undefined : normalise(raw);
  };

  proc.start();
  try {
    await waitReady();
  } catch (err) {
    await proc.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
    throw err;
  }

  return {
    version,
    otlpBaseUrl: `http://127.0.0.1:${otlpHttp}`,
    otlpTracesUrl: `http://127.0.0.1:${otlpHttp}/v1/traces`,
    queryUrl,
    getTrace,
    async waitForSpans(traceId, minSpans, timeoutMs = 15_000) {
      let last: JaegerTrace | undefined;
      return waitFor(
        `${minSpans} spans of trace ${traceId} in Jaeger`,
        async () => {
          last = await getTrace(traceId);
          return last !== undefined && new Set(last.spans.map(s => s.spanId)).size >= minSpans ? last : undefined;
        },
        timeoutMs,
        () => `Jaeger holds ${last === undefined ? 0 : new Set(last.spans.map(s => s.spanId)).size} spans of it\n${proc.tail()}`,
        150,
      );
    },
    async spanIds(traceIds) {
      const out = new Map<string, Set<string>>();
      // A few requests at a time: the in-memory store answers in about a millisecond.
      for (let i = 0; i < traceIds.length; i += 8) {
        const slice = traceIds.slice(i, i + 8);
        const traces = await Promise.all(slice.map(id => getTrace(id)));
        slice.forEach((id, j) => out.set(id, new Set(traces[j]?.spans.map(s => s.spanId) ?? [])));
      }
      return out;
    },
    kill: () => proc.kill(),
    async restart() {
      await proc.stop();
      proc.start();
      await waitReady();
    },
    async stop() {
      await proc.stop();
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
