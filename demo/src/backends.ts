/**
 * Optional backends the collector fans spans out to: a local Jaeger or Phoenix
 * (started from ~/.cache/llmobserve with the test peer harness, on free ports),
 * and any OTLP endpoint the user names with `OTEL_EXPORTER_OTLP_ENDPOINT`.
 */
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { jaeger, otlp, phoenix } from '@llmobserve/exporter';
import { startJaeger } from '../../test/peers/jaeger';
import type { JaegerPeer } from '../../test/peers/jaeger';
import { startPhoenix } from '../../test/peers/phoenix';
import type { PhoenixPeer } from '../../test/peers/phoenix';
import { JAEGER_UI_PLACEHOLDER, PHOENIX_PROJECT } from './constants';
import { DemoError } from './listen';

/** Where one trace can be looked at. */
export interface TraceLink {
  readonly backend: string;
  readonly url: string;
}

/** One fan-out target. */
interface Target {
  readonly name: string;
  readonly exporter: SpanExporter;
  /** Resolves once the backend holds `spans` spans of the trace (or throws saying what it holds). */
  check?(traceId: string, spans: number): Promise<void>;
  link?(traceId: string): Promise<string>;
  /** Where to look around (UI, project). */
  home?: string;
  /** Something to know about the links (printed under them). */
  note?: string;
  stop?(): Promise<void>;
}

/** The backends of one demo run. */
export class Backends {
  private readonly targets: Target[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly failures: string[] = [];
  private readonly sentSpans = new Map<string, number>();
  /** Peers being started: stop() waits for them so none is left running. */
  private readonly starting = new Set<Promise<unknown>>();
  private stopped = false;

  private starts<T extends { stop(): Promise<void> }>(start: Promise<T>): Promise<T> {
    const wrapped = start.then(async (peer) => {
      if (!this.stopped) return peer;
      await peer.stop();
      throw new DemoError('stopped while starting');
    });
    this.starting.add(wrapped);
    wrapped.then(
      () => this.starting.delete(wrapped),
      () => this.starting.delete(wrapped),
    );
    return wrapped;
  }

  /** Names of the backends spans go to, besides the console. */
  get names(): string[] {
    return this.targets.map((t) => t.name);
  }

  /** Backends that run locally and can be opened in a browser. */
  get homes(): Array<{ name: string; url: string }> {
    return this.targets.flatMap((t) => (t.home !== undefined ? [{ name: t.name, url: t.home }] : []));
  }

  /** Spans each backend accepted, by backend name. */
  get sent(): ReadonlyMap<string, number> {
    return this.sentSpans;
  }

  /** Notes about the links of the local backends. */
  get notes(): string[] {
    return this.targets.flatMap((t) => (t.note !== undefined ? [`${t.name}: ${t.note}`] : []));
  }

  /** Export failures so far (`Jaeger: …`). */
  get errors(): readonly string[] {
    return this.failures;
  }

  /** Starts the local Jaeger (free ports, in-memory storage). Throws naming the install script when missing. */
  async addJaeger(): Promise<void> {
    let peer: JaegerPeer;
    try {
      peer = await this.starts(startJaeger());
    } catch (err) {
      throw new DemoError(`--jaeger: ${(err as Error).message}`);
    }
    // A Jaeger built with `go install` (scripts/install-jaeger.sh) has no UI assets and
    // serves a placeholder page; its query API works, so link to that instead.
    const page = await fetch(`${peer.queryUrl}/`).then((r) => r.text()).catch(() => '');
    const hasUi = !page.includes(JAEGER_UI_PLACEHOLDER);
    this.targets.push({
      name: 'Jaeger',
      exporter: jaeger({ endpoint: peer.otlpBaseUrl, spool: false }),
      home: peer.queryUrl,
      ...(hasUi ? {} : { note: 'this build has no UI assets (go install), so the links open its query API (JSON); a Jaeger release binary shows the trace view at /trace/<id>' }),
      check: async (traceId, spans) => {
        await peer.waitForSpans(traceId, spans, 10_000);
      },
      link: async (traceId) => (hasUi ? `${peer.queryUrl}/trace/${traceId}` : `${peer.queryUrl}/api/traces/${traceId}`),
      stop: () => peer.stop(),
    });
  }

  /** Starts the local Phoenix (about 10 s: database migrations). Throws naming the install script when missing. */
  async addPhoenix(): Promise<void> {
    let peer: PhoenixPeer;
    try {
      peer = await this.starts(startPhoenix());
    } catch (err) {
      throw new DemoError(`--phoenix: ${(err as Error).message}`);
    }
    let projectUrl: string | undefined;
    const project = async (): Promise<string> => {
      if (projectUrl !== undefined) return projectUrl;
      const res = await fetch(`${peer.baseUrl}/v1/projects`);
      const body = (await res.json()) as { data?: Array<{ id: string; name: string }> };
      const found = body.data?.find((p) => p.name === PHOENIX_PROJECT);
      projectUrl = found !== undefined ? `${peer.baseUrl}/projects/${found.id}` : `${peer.baseUrl}/projects`;
      return projectUrl;
    };
    this.targets.push({
      name: 'Phoenix',
      exporter: phoenix({ endpoint: peer.baseUrl, projectName: PHOENIX_PROJECT, spool: false }),
      home: peer.baseUrl,
      check: async (traceId, spans) => {
        await peer.waitForSpans(PHOENIX_PROJECT, traceId, spans, 15_000);
      },
      link: async (traceId) => `${await project()}/traces/${traceId}`,
      stop: () => peer.stop(),
    });
  }

  /** Exports to `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT` as well, when the user set it. */
  addOtlpFromEnv(env: NodeJS.ProcessEnv): void {
    const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || env.OTEL_EXPORTER_OTLP_ENDPOINT;
    if (!endpoint) return;
    try {
      this.targets.push({ name: `OTLP ${endpoint}`, exporter: otlp({}, env) });
    } catch (err) {
      throw new DemoError(`OTEL_EXPORTER_OTLP_ENDPOINT: ${(err as Error).message}`);
    }
  }

  /** Sends a batch to every backend; failures are collected, never thrown. */
  export(spans: ReadableSpan[]): void {
    for (const target of this.targets) {
      const done = new Promise<void>((resolve) => {
        try {
          target.exporter.export(spans, (result: ExportResult) => {
            if (result.code !== 0) this.failures.push(`${target.name}: export failed: ${result.error?.message ?? 'unknown error'}`);
            else this.sentSpans.set(target.name, (this.sentSpans.get(target.name) ?? 0) + spans.length);
            resolve();
          });
        } catch (err) {
          this.failures.push(`${target.name}: export failed: ${String(err)}`);
          resolve();
        }
      });
      this.pending.add(done);
      void done.then(() => this.pending.delete(done));
    }
  }

  /** Waits for every export in flight, then flushes the exporters. */
  async drain(): Promise<void> {
    await Promise.all([...this.pending]);
    await Promise.all(this.targets.map((t) => t.exporter.forceFlush?.().catch(() => undefined)));
  }

  /**
   * Reads each trace back from every local backend and returns its links, or
   * the problems (a backend that holds fewer spans than were sent).
   */
  async verify(traces: ReadonlyArray<{ traceId: string; spans: number }>): Promise<{ links: Map<string, TraceLink[]>; problems: string[] }> {
    const links = new Map<string, TraceLink[]>();
    const problems: string[] = [];
    for (const target of this.targets) {
      if (target.check === undefined || target.link === undefined) continue;
      for (const { traceId, spans } of traces) {
        try {
          await target.check(traceId, spans);
          const list = links.get(traceId) ?? [];
          list.push({ backend: target.name, url: await target.link(traceId) });
          links.set(traceId, list);
        } catch (err) {
          problems.push(`${target.name} does not hold trace ${traceId}: ${(err as Error).message.split('\n')[0]}`);
        }
      }
    }
    return { links, problems };
  }

  /** Shuts the exporters down and stops the local backends. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.starting].map((p) => p.catch(() => undefined)));
    await Promise.all(
      this.targets.map(async (t) => {
        await t.exporter.shutdown().catch(() => undefined);
        await t.stop?.().catch(() => undefined);
      }),
    );
    this.targets.length = 0;
  }
}
