import { diag } from '@opentelemetry/api';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { preloadTokenizers, ProviderRegistry } from '@llmobserve/providers';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { Instrumentation, InstrumentationModuleDefinition } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import {
  DEFAULT_MAX_BUFFER_BYTES,
  DEFAULT_MAX_CONTENT_CHARS,
  DEFAULT_MAX_REQUEST_BODY_BYTES,
  INSTRUMENTATION_NAME,
  INSTRUMENTATION_VERSION,
} from './constants';
import { ensureFetchBodyObservation } from './fetchBodyObservation';
import { HttpCapture } from './HttpCapture';
import { installIncludeUsageFetch, uninstallIncludeUsageFetch } from './includeUsageFetch';
import type { FetchBodyObservation, LLMObserveInstrumentationConfig } from './types';
import { UndiciCapture } from './UndiciCapture';

type LoggerProvider = Parameters<NonNullable<Instrumentation['setLoggerProvider']>>[0];

function positiveInteger(config: LLMObserveInstrumentationConfig, field: 'maxBufferBytes' | 'maxRequestBodyBytes' | 'maxContentChars'): void {
  const v = config[field];
  if (v !== undefined && (!Number.isSafeInteger(v) || v <= 0)) {
    throw new RangeError(`LLMObserveInstrumentation: ${field} must be a positive integer, got ${String(v)}`);
  }
}

function validate(config: LLMObserveInstrumentationConfig): void {
  positiveInteger(config, 'maxBufferBytes');
  positiveInteger(config, 'maxRequestBodyBytes');
  positiveInteger(config, 'maxContentChars');
  if (config.preloadTokenizers !== undefined && typeof config.preloadTokenizers !== 'boolean') {
    throw new TypeError(`LLMObserveInstrumentation: preloadTokenizers must be a boolean, got ${JSON.stringify(config.preloadTokenizers)}`);
  }
  if (config.customEndpoints !== undefined && !Array.isArray(config.customEndpoints)) {
    throw new TypeError(`LLMObserveInstrumentation: customEndpoints must be an array, got ${typeof config.customEndpoints}`);
  }
}

/**
 * Captures usage of LLM and AI API calls on the HTTP client span, for any SDK:
 * global `fetch`/undici through `@opentelemetry/instrumentation-undici`, and
 * node:http/https clients through `@opentelemetry/instrumentation-http`.
 * Provider calls (recognised by `@llmobserve/providers`) get `gen_ai.*`
 * attributes — provider, operation, request/response model, response id,
 * finish reasons, input/output/cache/reasoning tokens — and `llmobserve.*`
 * ones (time to first token, stream, aborted, estimated, error). What the
 * caller sends and receives is not changed (unless `includeUsage` is set).
 *
 * Use it instead of the two OTel HTTP instrumentations (it creates the same
 * client spans); register it before the first `fetch` and before HTTP clients
 * are loaded.
 *
 * @example
 * registerInstrumentations({ instrumentations: [new LLMObserveInstrumentation()] });
 */
export class LLMObserveInstrumentation implements Instrumentation<LLMObserveInstrumentationConfig> {
  readonly instrumentationName = INSTRUMENTATION_NAME;
  readonly instrumentationVersion = INSTRUMENTATION_VERSION;
  private config: LLMObserveInstrumentationConfig;
  private readonly undici: UndiciInstrumentation;
  private readonly http: HttpInstrumentation;
  private registry!: ProviderRegistry;
  private undiciCapture!: UndiciCapture;
  private httpCapture!: HttpCapture;
  private enabled = false;
  private observation: FetchBodyObservation | undefined;
  private corePatches: Array<{ def: InstrumentationModuleDefinition; exports: { request: unknown }; wrapped: unknown }> = [];

  /** Throws (naming the option and value) on invalid configuration. */
  constructor(config: LLMObserveInstrumentationConfig = {}) {
    validate(config);
    this.config = { enabled: true, ...config };
    this.undici = new UndiciInstrumentation({ enabled: false });
    this.http = new HttpInstrumentation({ enabled: false });
    this.build();
    if (this.config.enabled) this.enable();
  }

  private build(): void {
    const c = this.config;
    const registry = new ProviderRegistry({ customEndpoints: c.customEndpoints });
    this.registry = registry;
    const base = {
      maxBufferBytes: c.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES,
      maxRequestBodyBytes: c.maxRequestBodyBytes ?? DEFAULT_MAX_REQUEST_BODY_BYTES,
      maxContentChars: c.maxContentChars ?? DEFAULT_MAX_CONTENT_CHARS,
      recordContent: c.recordContent === true,
      providerCallsOnly: c.providerCallsOnly === true,
      now: (): number => performance.now(),
    };
    this.undiciCapture = new UndiciCapture(registry, base);
    this.httpCapture = new HttpCapture(registry, base);
  }

  /**
   * How global fetch's response bodies are observed on this runtime (see
   * {@link FetchBodyObservation}); undefined until the first `enable()`.
   */
  get fetchBodyObservation(): FetchBodyObservation | undefined {
    return this.observation;
  }

  /** The wrapped OTel instrumentations (already configured with LLMObserve's hooks). */
  get instrumentations(): readonly [UndiciInstrumentation, HttpInstrumentation] {
    return [this.undici, this.http];
  }

  enable(): void {
    if (this.enabled) return;
    this.enabled = true;
    if (this.config.preloadTokenizers === true) {
      // Load the tables after start-up code has run, rather than at the first request that needs them.
      setImmediate(() => {
        try {
          preloadTokenizers();
        } catch (err) {
          diag.warn(`llmobserve: could not load the tokenizer: ${String(err)}`);
        }
      }).unref();
    }
    this.config = { ...this.config, enabled: true };
    this.http.setConfig({ ...this.httpCapture.hooks(this.config.http), enabled: true });
    this.http.enable();
    this.patchCoreModules();
    this.observation = ensureFetchBodyObservation();
    if (this.config.includeUsage === true) installIncludeUsageFetch(this.registry);
    // Our channel subscribers must come before the undici instrumentation's.
    this.undiciCapture.subscribe();
    this.undici.setConfig({ ...this.undiciCapture.hooks(this.config.undici), enabled: true });
    this.undici.enable();
  }

  /**
   * instrumentation-http patches http/https on their next `require`, through
   * require-in-the-middle, which skips a module it has already seen (npm undici
   * requires http; so may the application) and does not see requires made
   * inside some test runners' sandboxes. Core modules are loaded once and their
   * exports shared, so patch them now with the instrumentation's own patch
   * functions (its guard makes a later require-time patch a no-op).
   */
  private patchCoreModules(): void {
    this.corePatches = [];
    for (const def of this.http.getModuleDefinitions()) {
      const exports: { request: unknown } | undefined = def.name === 'http' ? http : def.name === 'https' ? https : undefined;
      if (exports === undefined || typeof def.patch !== 'function') continue;
      const before = exports.request;
      def.patch(exports);
      if (exports.request !== before) this.corePatches.push({ def, exports, wrapped: exports.request });
    }
  }

  /** Undoes {@link patchCoreModules} where the instrumentation's own `disable()` did not. */
  private unpatchCoreModules(): void {
    for (const { def, exports, wrapped } of this.corePatches) {
      if (exports.request === wrapped) def.unpatch?.(exports);
    }
    this.corePatches = [];
  }

  disable(): void {
    if (!this.enabled) return;
    this.enabled = false;
    this.config = { ...this.config, enabled: false };
    this.undici.disable();
    this.http.disable();
    this.unpatchCoreModules();
    this.undiciCapture.unsubscribe();
    uninstallIncludeUsageFetch();
  }

  setTracerProvider(tracerProvider: TracerProvider): void {
    this.undici.setTracerProvider(tracerProvider);
    this.http.setTracerProvider(tracerProvider);
  }

  setMeterProvider(meterProvider: MeterProvider): void {
    this.undici.setMeterProvider(meterProvider);
    this.http.setMeterProvider(meterProvider);
  }

  setLoggerProvider(loggerProvider: LoggerProvider): void {
    this.undici.setLoggerProvider?.(loggerProvider);
    this.http.setLoggerProvider?.(loggerProvider);
  }

  /** Replaces the configuration (validated; throws on invalid values). Takes effect for new requests. */
  setConfig(config: LLMObserveInstrumentationConfig): void {
    validate(config);
    const wasEnabled = this.enabled;
    if (wasEnabled) this.disable();
    this.config = { enabled: true, ...config };
    this.build();
    if (wasEnabled && this.config.enabled) this.enable();
  }

  getConfig(): LLMObserveInstrumentationConfig {
    return { ...this.config };
  }
}
