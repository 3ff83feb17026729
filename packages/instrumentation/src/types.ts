import type { CustomEndpoint } from '@llmobserve/providers';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import type { UndiciInstrumentationConfig } from '@opentelemetry/instrumentation-undici';

/** Options of {@link LLMObserveInstrumentation}. */
export interface LLMObserveInstrumentationConfig extends InstrumentationConfig {
  /**
   * Add `stream_options: { include_usage: true }` to OpenAI-style streaming
   * requests that lack it, so the stream's last chunk carries the real usage
   * instead of an estimate. **This changes the request body** (and the caller
   * then also receives that extra usage chunk, whose `choices` is empty).
   * Applies to requests made through fetch/undici; node:http clients write
   * their body after the headers are out, so it cannot be changed there.
   * Default false.
   */
  includeUsage?: boolean;
  /**
   * Record prompt and completion text as `gen_ai.input.messages` /
   * `gen_ai.output.messages` (bounded by `maxContentChars`). Default false:
   * no content leaves the process unless asked for.
   */
  recordContent?: boolean;
  /** Upper bound of each recorded content attribute, in characters. Default 16,384. */
  maxContentChars?: number;
  /**
   * Load the offline tokenizer tables at `enable()` (on the next event-loop
   * turn) instead of at the first request that needs them: a streamed OpenAI
   * request without `include_usage`, whose prompt and output are then counted.
   * Loading takes a few hundred milliseconds of one event-loop turn; the tables
   * then hold about 19 MiB of heap, which every full garbage collection of the
   * process must trace (about +20 ms each, measured on Node 20). Default false:
   * processes whose streams all carry usage never pay either cost.
   */
  preloadTokenizers?: boolean;
  /** Self-hosted or gateway base URLs to recognise (vLLM, Ollama, LiteLLM, a corporate gateway). */
  customEndpoints?: CustomEndpoint[];
  /**
   * Bytes a response parser may keep beyond the event it is parsing
   * (an unterminated SSE line, a JSON body being searched for `usage`).
   * Default 65,536. Bodies are never buffered whole.
   */
  maxBufferBytes?: number;
  /**
   * Largest request body read to learn the model and `stream` flag of a
   * node:http request (fetch bodies are already in memory and read in place).
   * Default 4 MiB; larger bodies pass untouched and the model comes from the response.
   */
  maxRequestBodyBytes?: number;
  /**
   * Trace only calls to recognised provider endpoints; other HTTP calls get no
   * span from this instrumentation. Default false (every HTTP client call is
   * traced, as with the plain OTel HTTP instrumentations).
   */
  providerCallsOnly?: boolean;
  /**
   * Settings passed to the wrapped `@opentelemetry/instrumentation-undici`.
   * Hooks given here run after LLMObserve's own.
   */
  undici?: Omit<UndiciInstrumentationConfig, 'enabled'>;
  /**
   * Settings passed to the wrapped `@opentelemetry/instrumentation-http`.
   * Hooks given here run after LLMObserve's own. Incoming (server) requests
   * are not traced unless `disableIncomingRequestInstrumentation: false`.
   */
  http?: Omit<HttpInstrumentationConfig, 'enabled'>;
}

/**
 * How global `fetch`'s response bodies are observed, decided at `enable()`:
 *
 * - `native`: the runtime's bundled undici (≥ 7.11, Node 24) publishes
 *   `undici:request:bodyChunkReceived` itself.
 * - `npm-undici`: the bundled undici is older (Node 20/22), so fetch's global
 *   dispatcher is npm `undici` 7's (installed when the slot was empty, or
 *   already there), whose requests publish the channel.
 * - `foreign`: some other dispatcher was already global (set by the
 *   application, or by a `fetch` made before the instrumentation was enabled);
 *   it is left alone and fetch response bodies may not be observable
 *   (spans then get `llmobserve.usage.error = body_not_observed`).
 * - `unavailable`: npm `undici` could not be loaded.
 */
export type FetchBodyObservation = 'native' | 'npm-undici' | 'foreign' | 'unavailable';
