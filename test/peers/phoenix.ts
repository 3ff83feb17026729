/**
 * A real Arize Phoenix for tests: `phoenix serve` from the venv of
 * scripts/install-python-peers.sh --phoenix, on free 127.0.0.1 ports, with a
 * temporary working directory (SQLite), telemetry and external resources off.
 * Start-up takes about 10-15 s (database migrations), so start one per test file.
 *
 * ```ts
 * const phoenix = await startPhoenix();
 * // export to phoenix.baseUrl (the preset appends /v1/traces), then:
 * const spans = await phoenix.waitForSpans('my-project', traceId, 3);
 * await phoenix.stop();
 * ```
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PEER_CACHE, PeerProcess, freePorts, requirePeer, waitFor } from './process';

/** One span from Phoenix's REST API (`GET /v1/projects/{project}/spans`). */
export interface PhoenixSpan {
  readonly id: string;
  readonly name: string;
  readonly context: { readonly trace_id: string; readonly span_id: string };
  /** `LLM`, `CHAIN`, `AGENT`, `TOOL`, … or `UNKNOWN`. */
  readonly span_kind: string;
  readonly parent_id: string | null;
  readonly status_code: string;
  /** Attributes with dotted keys. */
  readonly attributes: Readonly<Record<string, unknown>>;
}

/** A running Phoenix. */
export interface PhoenixPeer {
  /** `http://127.0.0.1:<port>`: UI, REST and OTLP/HTTP (`/v1/traces`). */
  readonly baseUrl: string;
  /** Project names Phoenix knows. */
  projects(): Promise<string[]>;
  /** All spans of a trace in a project (empty when the project does not exist yet). */
  spans(project: string, traceId: string): Promise<PhoenixSpan[]>;
  /** Polls until the project holds at least `minSpans` spans of the trace. */
  waitForSpans(project: string, traceId: string, minSpans: number, timeoutMs?: number): Promise<PhoenixSpan[]>;
  /**
   * Phoenix's own cost of a span (GraphQL `costSummary`), priced from its model
   * table; undefined when Phoenix did not price it (not an LLM span, unknown model).
   */
  spanCost(spanGlobalId: string): Promise<PhoenixSpanCost | undefined>;
  /** Stops Phoenix and deletes its working directory. */
  stop(): Promise<void>;
}

/** Tokens and USD Phoenix computed for one span. */
export interface PhoenixSpanCost {
  readonly promptTokens: number | null;
  readonly completionTokens: number | null;
  readonly totalTokens: number | null;
  readonly totalCost: number | null;
}

const INSTALL_SCRIPT = 'scripts/install-python-peers.sh --phoenix';

/** The `phoenix` entry point in the peers' venv. */
export const PHOENIX_BIN = path.join(PEER_CACHE, 'venv', 'bin', 'phoenix');

/** Starts Phoenix and waits until its REST API answers. */
export async function startPhoenix(): Promise<PhoenixPeer> {
  requirePeer(PHOENIX_BIN, 'Arize Phoenix', INSTALL_SCRIPT);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llmobserve-phoenix-'));
  const [port, grpcPort] = await freePorts(2);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PHOENIX_HOST: '127.0.0.1',
    PHOENIX_PORT: String(port),
    PHOENIX_GRPC_PORT: String(grpcPort),
    PHOENIX_WORKING_DIR: workDir,
    PHOENIX_TELEMETRY_ENABLED: 'false',
    PHOENIX_ALLOW_EXTERNAL_RESOURCES: 'false',
    PYTHONUNBUFFERED: '1',
  };
  const proc = new PeerProcess('phoenix serve', PHOENIX_BIN, ['serve'], env, workDir);
  const baseUrl = `http://127.0.0.1:${port}`;
  proc.start();
  try {
    await waitFor(
      `Phoenix on ${baseUrl}`,
      async () => {
        proc.assertRunning();
        const res = await fetch(`${baseUrl}/v1/projects`);
        return res.ok;
      },
      90_000,
      () => proc.tail(),
      250,
    );
  } catch (err) {
    await proc.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
    throw err;
  }

  const spans = async (project: string, traceId: string): Promise<PhoenixSpan[]> => {
    const out: PhoenixSpan[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({ trace_id: traceId, limit: '1000' });
      if (cursor !== null) query.set('cursor', cursor);
      const res = await fetch(`${baseUrl}/v1/projects/${encodeURIComponent(project)}/spans?${query}`);
      if (res.status === 404) return [];
      if (!res.ok) throw new Error(`Phoenix GET spans answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as { data: PhoenixSpan[]; next_cursor: string | null };
      out.push(...body.data);
      cursor = body.next_cursor;
    } while (cursor !== null);
    return out;
  };

  return {
    baseUrl,
    async projects() {
      const res = await fetch(`${baseUrl}/v1/projects`);
      const body = (await res.json()) as { data: Array<{ name: string }> };
      return body.data.map(p => p.name);
    },
    spans,
    async waitForSpans(project, traceId, minSpans, timeoutMs = 20_000) {
      let last: PhoenixSpan[] = [];
      return waitFor(
        `${minSpans} spans of trace ${traceId} in Phoenix project ${project}`,
        async () => {
          last = await spans(project, traceId);
          return last.length >= minSpans ? last : undefined;
        },
        timeoutMs,
        () => `Phoenix holds ${last.length}\n${proc.tail()}`,
        200,
      );
    },
    async spanCost(spanGlobalId) {
      const query = `query ($id: ID!) { node(id: $id) { ... on Span { costSummary {
        prompt { tokens cost } completion { tokens cost } total { tokens cost } } } } }`;
      const res = await fetch(`${baseUrl}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables: { id: spanGlobalId } }),
      });
      if (!res.ok) throw new Error(`Phoenix GraphQL answered ${res.status}: ${await res.text()}`);
      type Breakdown = { tokens: number | null; cost: number | null };
      const body = (await res.json()) as {
        data?: { node?: { costSummary?: { prompt: Breakdown; completion: Breakdown; total: Breakdown } | null } };
        errors?: Array<{ message: string }>;
      };
      if (body.errors?.length) throw new Error(`Phoenix GraphQL: ${body.errors.map(e => e.message).join('; ')}`);
      const summary = body.data?.node?.costSummary;
      if (!summary) return undefined;
      return {
        promptTokens: summary.prompt.tokens,
        completionTokens: summary.completion.tokens,
        totalTokens: summary.total.tokens,
        totalCost: summary.total.cost,
      };
    },
    async stop() {
      await proc.stop(5000);
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}
