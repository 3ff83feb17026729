/**
 * What one call consumed, normalised across providers. This is the input of the
 * cost engine and the output of the response parsers in `@llmobserve/providers`.
 *
 * Token semantics follow the OpenTelemetry GenAI conventions: `inputTokens`
 * INCLUDES cached reads and cache writes, `outputTokens` INCLUDES reasoning
 * tokens. Parsers of providers that report exclusively (Anthropic's
 * `input_tokens` excludes cache reads/writes; Gemini's thoughts are separate
 * from candidates) convert to this form. Every field is optional; absent means
 * "not reported", not zero.
 *
 * Subsets: `cachedInputTokens`, `cacheWriteTokens`, `cacheWrite1hTokens`,
 * `audioInputTokens` and `imageInputTokens` are parts of `inputTokens`
 * (`cachedAudioInputTokens` is part of both `cachedInputTokens` and
 * `audioInputTokens`); `reasoningTokens`, `audioOutputTokens`,
 * `imageOutputTokens` and `videoOutputTokens` are parts of `outputTokens`. The
 * engine bills each token once: the plain input rate applies to what is left of
 * `inputTokens` after the subsets. Subsets larger than their total are
 * `bad_usage`. When a total is absent, only the subsets are billed.
 *
 * Set a non-token count only when the provider bills it: a count the matched
 * price has no rate for makes the result `missing_rate` rather than a guess.
 */
export interface Usage {
  /** All prompt tokens, cached reads and cache writes included. */
  inputTokens?: number;
  /** Prompt tokens read from the provider's prompt cache (subset of inputTokens). */
  cachedInputTokens?: number;
  /** Prompt tokens written to the cache, 5-minute TTL (subset of inputTokens). */
  cacheWriteTokens?: number;
  /** Prompt tokens written to the cache, 1-hour TTL (subset of inputTokens). */
  cacheWrite1hTokens?: number;
  /** Audio prompt tokens (subset of inputTokens). */
  audioInputTokens?: number;
  /** Audio prompt tokens read from the cache (subset of cachedInputTokens and of audioInputTokens). */
  cachedAudioInputTokens?: number;
  /** Image prompt tokens (subset of inputTokens). */
  imageInputTokens?: number;
  /** All completion tokens, reasoning included. */
  outputTokens?: number;
  /** Reasoning/thinking tokens (subset of outputTokens). */
  reasoningTokens?: number;
  /** Audio completion tokens (subset of outputTokens). */
  audioOutputTokens?: number;
  /** Image completion tokens (subset of outputTokens). */
  imageOutputTokens?: number;
  /** Video completion tokens (subset of outputTokens). */
  videoOutputTokens?: number;
  /** Citation tokens billed on top of the prompt (Perplexity deep research). */
  citationTokens?: number;
  /** Characters billed (text-to-speech input, character-priced models). Whitespace counts: providers bill it. */
  characters?: number;
  /** Output characters, for the few models that price generated characters apart. */
  outputCharacters?: number;
  /** Seconds billed (speech-to-text audio length, generated video/audio, hardware or VCU time). May be fractional. */
  seconds?: number;
  /** Generated seconds, only for entries that price input and output seconds apart. */
  outputSeconds?: number;
  /** Seconds of audio in the prompt (multimodal embeddings and models priced per audio second). */
  audioInputSeconds?: number;
  /** Seconds of video in the prompt. */
  videoInputSeconds?: number;
  /** Images generated or analysed. */
  images?: number;
  /** Images in the prompt, for models that price prompt images apart from generated ones. */
  inputImages?: number;
  /** Pixels, for entries priced per pixel with no fixed size. */
  pixels?: number;
  /** Image size of a generation call, `1024x1024` (selects the size variant of image models). */
  imageSize?: string;
  /** Image quality of a generation call: `low`, `medium`, `high`, `standard`, `hd`. */
  imageQuality?: string;
  /** Diffusion steps of a generation call (`50`, `max`), for models priced by steps. */
  imageSteps?: string;
  /** Requests / queries / search units billed per call (web search, rerank, search APIs). */
  requests?: number;
  /** Web-search calls made by a chat model (billed per call at the search-context-size price). */
  webSearchRequests?: number;
  /** Search context size of the web-search calls: `low`, `medium` (default) or `high`. */
  searchContextSize?: 'low' | 'medium' | 'high';
  /** Results requested from a search API that prices by result count. */
  searchResults?: number;
  /** Pages processed (OCR, document parsing). */
  pages?: number;
  /** Pages annotated (OCR with annotations). */
  annotationPages?: number;
  /** Provider credits consumed (APIs that bill in credits). */
  credits?: number;
  /** Sessions opened (code interpreter containers). */
  sessions?: number;
  /** Vector-DB or search operations (queries, vCUs, commands). */
  operations?: number;
  /** Read units (vector DBs that bill reads and writes apart). */
  readUnits?: number;
  /** Write units (vector DBs that bill reads and writes apart). */
  writeUnits?: number;
  /** Million-vector-dimension-months stored, as a plain count of vector-dimension-months. */
  vectorDimensionMonths?: number;
  /** GiB written (storage APIs priced per GiB written). */
  dataWrittenGiB?: number;
  /** GiB returned by queries (APIs priced per GiB returned). */
  dataReturnedGiB?: number;
  /** Messages or emails sent (Twilio, SendGrid). */
  messages?: number;
  /** Minutes billed (voice calls). */
  minutes?: number;
  /** Transaction amount in USD, for percentage fees (Stripe, PayPal), as a decimal string or number. */
  transactionAmountUsd?: number | string;
  /** Transactions, for the fixed part of payment fees. */
  transactions?: number;
  /**
   * Service tier the call ran on: `batch`, `flex` or `priority` select those prices when the
   * entry has them (no such prices → `missing_rate`); `standard`, `default`, `auto` or absent
   * mean standard prices.
   */
  serviceTier?: string;
  /**
   * Price multipliers the call is subject to, by the names the catalog entry lists under
   * `modifiers` (`us`, `eu` data residency, `fast` mode). Names the entry does not list are ignored.
   */
  pricingModifiers?: readonly string[];
}
