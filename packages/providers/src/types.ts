import type { Usage } from '@llmobserve/pricing';

/** The wire format of a response body. `binary` bodies (audio, images) are counted, never kept. */
export type WireFormat = 'json' | 'sse' | 'aws-eventstream' | 'binary';

/** What {@link ProviderRegistry.match} found for a URL. */
export interface EndpointMatch {
  /** GenAI `gen_ai.provider.name` value (`openai`, `anthropic`, `aws.bedrock`, ...) or the custom endpoint's name. */
  provider: string;
  /** GenAI `gen_ai.operation.name` value (`chat`, `embeddings`, `generate_content`, ...). */
  operation: string;
  /** Expected wire format; the response's `content-type` wins when it says otherwise. */
  wireFormat: 'json' | 'sse' | 'aws-eventstream' | 'binary';
  /** Base URL of the provider API that matched (scheme, host and base path, no trailing slash). */
  baseUrl: string;
  /** Response schema the normaliser reads (`openai.chat`, `anthropic.messages`, `bedrock.converse`, ...). */
  schema: string;
  /** Model named in the URL path (Gemini, Vertex, Bedrock), URL-decoded. */
  model?: string;
  /**
   * OpenAI-style APIs: `opt-in` when a stream carries usage only if the request sets
   * `stream_options.include_usage` (OpenAI, Azure, self-hosted servers), `always` when the provider sends it anyway.
   */
  streamUsage?: 'opt-in' | 'always';
}

/** A self-hosted or gateway endpoint (vLLM, Ollama, LiteLLM, a corporate gateway). */
export interface CustomEndpoint {
  /** Base URL, e.g. `http://localhost:11434/v1`. Requests under it are matched against the API paths. */
  baseUrl: string;
  /** Provider name reported as `gen_ai.provider.name`. A built-in provider id (e.g. `anthropic`) selects that provider's API. */
  provider: string;
  /** The API the endpoint speaks when `provider` is not a built-in id; default `openai`. */
  compatibleWith?: 'openai' | 'anthropic';
}

/** Options of {@link ProviderRegistry}. */
export interface ProviderRegistryOptions {
  /** Extra base URLs to recognise. Checked before the built-in table. */
  customEndpoints?: CustomEndpoint[];
}

/** What the request body says that matters for capture. */
export interface RequestInfo {
  /** `model` of the request body (or of the URL for Gemini/Bedrock). */
  model?: string;
  /** The caller asked for a streamed response. */
  stream: boolean;
  /** OpenAI `stream_options.include_usage` is set: the stream's last chunk carries usage. */
  includeUsage?: boolean;
  /** Characters of the text to synthesise (text-to-speech requests), for character-billed providers. */
  inputCharacters?: number;
  /**
   * Offline estimate of the prompt's tokens. Computed only when the response cannot carry usage
   * (an OpenAI-style stream without `include_usage`), so the parser can report an estimated input count.
   */
  estimatedInputTokens?: number;
}

/** What a response parser extracted. */
export interface ParseResult {
  /** Normalised usage (GenAI semantics: input includes cache reads/writes, output includes reasoning). */
  usage?: Usage;
  /** Model the provider says served the call. */
  model?: string;
  /** Provider's response id. */
  responseId?: string;
  /** Finish/stop reasons in the order first seen. */
  finishReasons?: string[];
  /** The response was a stream (SSE, AWS event-stream or a streamed JSON array). */
  stream: boolean;
  /** `now()` when the first response byte arrived. */
  firstChunkAt?: number;
  /** `now()` when the first output token (text, tool-call or thinking delta) arrived; streams only. */
  firstTokenAt?: number;
  /** Usage was estimated from streamed text: the stream carried none. */
  estimated?: boolean;
  /**
   * Short reason when no trustworthy usage could be read: `http_429`, `malformed_json`, `truncated_stream`,
   * `decode_error`, `too_large`, `stream_error`, `no_usage`, `aborted`.
   */
  error?: string;
  /** Usage seen before a stream was cut or failed (only set with `error`). */
  partialUsage?: Usage;
  /** Completion text, only when `recordContent` was set; at most `maxContentChars`. */
  completionText?: string;
  /** Response body bytes seen (after content decoding). */
  bodyBytes: number;
  /** The caller abandoned the body ({@link ResponseParser.abort}); usage is what was seen, output estimated where missing. */
  aborted?: boolean;
}

/** An incremental response parser. Never throws; memory is bounded whatever the input. */
export interface ResponseParser {
  /** Feeds the next response body chunk, exactly as received from the network (possibly compressed). */
  write(chunk: Uint8Array): void;
  /** The body ended normally. */
  end(): ParseResult;
  /** The caller abandoned the body: returns what was seen so far (streams: usage so far, estimated where missing). */
  abort(): ParseResult;
}

/** Options of {@link createResponseParser}. */
export interface ResponseParserOptions {
  /** HTTP status code; >= 400 yields `error: 'http_<code>'` and no usage. */
  statusCode: number;
  /** Response `content-type` header. */
  contentType?: string;
  /** Response `content-encoding` header: gzip, x-gzip, deflate, br or identity. */
  contentEncoding?: string;
  /** Response headers (lower-case names), read for providers that report usage in headers. */
  headers?: Record<string, string | string[] | undefined>;
  /** What {@link inspectRequestBody} returned for the request. */
  request?: RequestInfo;
  /** Bytes kept beyond the event being parsed (default 64 KiB). */
  maxBufferBytes?: number;
  /** Keep the completion text (bounded by `maxContentChars`). */
  recordContent?: boolean;
  /** Upper bound of `completionText` in characters (default 16384). */
  maxContentChars?: number;
  /** Clock for `firstChunkAt` / `firstTokenAt` (default `performance.now`). */
  now?: () => number;
}

/** A chat message for {@link countTokens}: OpenAI chat shape (string content or content parts). */
export interface ChatMessage {
  role: string;
  content?: string | ChatContentPart[] | null;
  name?: string;
  tool_calls?: Array<{ function?: { name?: string; arguments?: string } }>;
}

/** One content part of a {@link ChatMessage}. */
export interface ChatContentPart {
  type: string;
  text?: string;
  image_url?: { url: string; detail?: 'low' | 'high' | 'auto' } | string;
  /** Image size hint (pixels) when the URL is not a data URL whose header can be read. */
  width?: number;
  height?: number;
}

/** Options of {@link countTokens}. */
export interface CountTokensOptions {
  /** Model name; picks the encoding and the vision constants (default `gpt-4o`). */
  model?: string;
}

/** How a count was made: `exact` (the model's own encoding) or `approximate` (a stand-in encoding). */
export type TokenCountMethod = 'exact' | 'approximate';

/** A token count with how it was made (seed 003's `count_tokens` returned both). */
export interface TokenCount {
  tokens: number;
  method: TokenCountMethod;
  encoding: string;
}
