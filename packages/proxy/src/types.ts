import type { TracerProvider } from '@opentelemetry/api';
import type { Usage } from '@llmobserve/pricing';
import type { SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** An upstream the proxy routes `/<prefix>/...` to. */
export interface UpstreamConfig {
  /**
   * First path segment routed to this upstream: `openai` routes `/openai/...`. Default: the provider
   * name, lower-cased, with anything but `a-z 0-9 -` replaced by `-`. A prefix of a built-in provider
   * (`openai`, `anthropic`, …) replaces that provider's default upstream.
   */
  prefix?: string;
  /** Base URL, e.g. `http://localhost:11434/v1` (scheme, host, optional port and base path; no query). */
  baseUrl: string;
  /**
   * `gen_ai.provider.name` of the calls. A built-in provider id (`openai`, `anthropic`, `gcp.gemini`, …), or a
   * built-in prefix standing for it (`gemini`), selects that provider's API.
   */
  provider: string;
  /** The API the upstream speaks when `provider` is not a built-in id; default `openai`. */
  compatibleWith?: 'openai' | 'anthropic';
}

/** Where the proxy's spans go. `console` prints a cost tree; the OTLP presets read the usual `OTEL_*` variables. */
export type ExporterKind = 'console' | 'otlp' | 'phoenix' | 'jaeger' | 'tempo' | 'none';

/**
 * The proxy's settings: the JSON config file's shape (`llmobserve proxy --config FILE`), also accepted
 * by {@link startProxy}. Every field is optional; {@link validateProxyConfig} names the field and the
 * value of anything wrong.
 */
export interface ProxyConfig {
  /** TCP port; 0 picks a free one. Default 9000 (CLI) / 0 ({@link startProxy}). */
  port?: number;
  /** Address to bind. Default `127.0.0.1`. */
  host?: string;
  /** Extra upstreams (self-hosted models, gateways) and overrides of the built-in ones. */
  upstreams?: UpstreamConfig[];
  /**
   * Origins (`https://gateway.internal:8443`) accepted in `X-LLMObserve-Target-URL` besides the providers
   * table and the configured upstreams. Scheme, host and port must all match.
   */
  allowedOrigins?: string[];
  /** API key callers must present (`Proxy-Authorization: Bearer <key>` or `X-LLMObserve-Proxy-Key`). Default: none. */
  apiKey?: string;
  /** Name of an environment variable holding the API key (keeps the key out of the config file). */
  apiKeyEnv?: string;
  /** Largest request body accepted, bytes; larger → 413. Default 20 MiB. */
  maxBodyBytes?: number;
  /** Time a client has to send its request headers, ms (slowloris guard). Default 10,000. */
  headersTimeoutMs?: number;
  /** Time a client has to send its whole request, ms. Default 120,000. */
  requestTimeoutMs?: number;
  /** Longest stall of a client (upload stalled, response not read), ms. Default 60,000. */
  idleTimeoutMs?: number;
  /** Keep-alive of idle client connections, ms. Default 5,000. */
  keepAliveTimeoutMs?: number;
  /** Time to connect to an upstream, ms; exceeded → 504. Default 10,000. */
  upstreamConnectTimeoutMs?: number;
  /** Time to the upstream's response headers, ms; exceeded → 504. Default 600,000. */
  upstreamHeadersTimeoutMs?: number;
  /** Longest gap between two upstream body chunks, ms. Default 300,000. */
  upstreamBodyTimeoutMs?: number;
  /** Keep-alive of idle pooled upstream connections, ms. Default 30,000. */
  upstreamKeepAliveMs?: number;
  /** Most connections per upstream origin; 0 = unlimited (default). */
  upstreamConnections?: number;
  /** Non-streamed responses up to this size are held so the cost can be sent as a header. Default 1 MiB. */
  maxBufferedResponseBytes?: number;
  /** Time in-flight requests get to finish at shutdown, ms. Default 10,000. */
  shutdownGraceMs?: number;
  /** Send `X-LLMObserve-Cost-USD` and `X-LLMObserve-Overhead-Ms`. Default true. */
  costHeaders?: boolean;
  /** Span exporter. Default `console`, or `otlp` when `OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT` is set. */
  exporter?: ExporterKind;
}

/** A cost as the proxy needs it: the structural subset of `@llmobserve/pricing`'s `CostResult`. */
export type ProxyCost = { priced: true; totalUsdExact: string } | { priced: false; reason: string };

/** Prices one call; `@llmobserve/pricing`'s `computeCost` fits. Must not throw (a throw counts as unpriced). */
export type CostFunction = (usage: Usage, context: { provider: string; model: string }) => ProxyCost;

/** Options of {@link startProxy}: the config plus what only code can pass. */
export interface ProxyOptions extends ProxyConfig {
  /** Exporter for the proxy's spans (wins over `exporter`). */
  spanExporter?: SpanExporter;
  /** Processors run before the exporting one (e.g. redaction). */
  spanProcessors?: SpanProcessor[];
  /**
   * Use this provider instead of the proxy's own (its processors and exporter then apply; the proxy
   * neither adds processors to it nor shuts it down).
   */
  tracerProvider?: TracerProvider;
  /** Prices calls for the cost header. Default `computeCost` of `@llmobserve/pricing`. */
  computeCost?: CostFunction;
  /** Environment read for `apiKeyEnv` and the exporter presets. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** A running proxy. */
export interface ProxyServer {
  /** `http://host:port`, no trailing slash. */
  readonly url: string;
  /** Port it listens on. */
  readonly port: number;
  /** Address it listens on. */
  readonly host: string;
  /** Requests being served right now. */
  readonly inFlight: number;
  /** Client connections open right now (keep-alive ones included). */
  connections(): Promise<number>;
  /** Exports the spans of the requests finished so far (they are otherwise batched). */
  forceFlush(): Promise<void>;
  /**
   * Stops accepting connections, lets in-flight requests (streams included) finish for up to
   * `shutdownGraceMs`, then cuts what is left, closes the upstream pools and flushes the spans.
   */
  close(): Promise<void>;
}

/**
 * Where {@link runProxyCli} writes, and what stops it. Output goes to `out`/`err` (the `llmobserve` CLI's
 * shape) or else `stdout`/`stderr` streams, else the process's own.
 */
export interface ProxyCliIo {
  out?: (text: string) => void;
  err?: (text: string) => void;
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
  /** Environment; default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Stops the proxy gracefully when aborted. Default: SIGINT / SIGTERM. */
  signal?: AbortSignal;
  /** Called once the proxy listens (tests use it to learn the port). */
  onListening?: (server: ProxyServer) => void;
}
