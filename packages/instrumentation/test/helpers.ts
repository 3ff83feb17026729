import { createHash } from 'node:crypto';
import { LLMObserveInstrumentation, type LLMObserveInstrumentationConfig } from '@llmobserve/instrumentation';
import { startMockLlm, type MockLlm, type RecordedRequest } from '@llmobserve/mock-llm';
import type { Attributes } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** A mock provider, an in-memory exporter and the instrumentation wired to them. */
export interface Harness {
  mock: MockLlm;
  exporter: InMemorySpanExporter;
  instrumentation: LLMObserveInstrumentation;
  /** Base URLs of each API on the mock, registered as custom endpoints of the built-in providers. */
  openai: string;
  anthropic: string;
  gemini: string;
  bedrock: string;
  close(): Promise<void>;
}

export async function startHarness(config: LLMObserveInstrumentationConfig = {}): Promise<Harness> {
  const mock = await startMockLlm();
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  const openai = `${mock.url}/openai/v1`;
  const anthropic = `${mock.url}/anthropic`;
  const gemini = `${mock.url}/gemini`;
  const bedrock = `${mock.url}/bedrock`;
  const instrumentation = new LLMObserveInstrumentation({
    customEndpoints: [
      { baseUrl: openai, provider: 'openai' },
      { baseUrl: anthropic, provider: 'anthropic' },
      { baseUrl: gemini, provider: 'gcp.gemini' },
      { baseUrl: bedrock, provider: 'aws.bedrock' },
    ],
    ...config,
  });
  instrumentation.setTracerProvider(provider);
  return {
    mock,
    exporter,
    instrumentation,
    openai,
    anthropic,
    gemini,
    bedrock,
    async close() {
      instrumentation.disable();
      await mock.close();
      await provider.shutdown();
    },
  };
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Waits until `n` spans have ended (spans end on trailers/close, just after the client sees the end). */
export async function spans(exporter: InMemorySpanExporter, n = 1): Promise<ReadableSpan[]> {
  for (let i = 0; i < 200; i++) {
    const got = exporter.getFinishedSpans();
    if (got.length >= n) return got;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`expected ${n} finished spans, got ${exporter.getFinishedSpans().length}`);
}

/** The single span of a call, after resetting the exporter before the call. */
export async function onlySpan(exporter: InMemorySpanExporter): Promise<ReadableSpan> {
  const s = await spans(exporter, 1);
  if (s.length !== 1) throw new Error(`expected one span, got ${s.length}: ${s.map((x) => x.name).join(', ')}`);
  return s[0];
}

/** Only the gen_ai.* and llmobserve.* attributes. */
export function genAi(attrs: Attributes): Attributes {
  return Object.fromEntries(Object.entries(attrs).filter(([k]) => k.startsWith('gen_ai.') || k.startsWith('llmobserve.')));
}

/** The mock's record of the last request, once its answer is settled. */
export async function lastRecord(mock: MockLlm): Promise<RecordedRequest> {
  const r = mock.requests[mock.requests.length - 1];
  return mock.settled(r.seq);
}
