/**
 * The billable units ("meters") a catalog entry can price, and how each maps to a cost part.
 * A price in the catalog is USD per one unit of its meter. This is the schema of the data, not data.
 */

/** The parts of a cost breakdown, one per billed meter (`fee` is the percentage of a payment). */
export type CostPart =
  | 'input'
  | 'cachedInput'
  | 'cacheWrite'
  | 'cacheWrite1h'
  | 'audioIn'
  | 'cachedAudioIn'
  | 'imageIn'
  | 'output'
  | 'reasoning'
  | 'audioOut'
  | 'imageOut'
  | 'videoOut'
  | 'citation'
  | 'character'
  | 'outputCharacter'
  | 'second'
  | 'outputSecond'
  | 'audioInSecond'
  | 'videoInSecond'
  | 'image'
  | 'inputImage'
  | 'pixel'
  | 'request'
  | 'webSearch'
  | 'page'
  | 'annotationPage'
  | 'credit'
  | 'session'
  | 'operation'
  | 'readUnit'
  | 'writeUnit'
  | 'vectorDimensionMonth'
  | 'dataWritten'
  | 'dataReturned'
  | 'message'
  | 'minute'
  | 'transactionFee'
  | 'fee';

/** Kinds of unit, for the `per` multipliers a price may use. */
export type UnitKind = 'token' | 'character' | 'second' | 'minute' | 'count' | 'gib' | 'percent';

/** What a meter bills and where its missing price falls back to. */
export interface MeterInfo {
  /** The cost part its amount is added to. */
  readonly part: CostPart;
  /** The unit of one quantity. */
  readonly unit: UnitKind;
  /**
   * When the entry has no price for this meter, the quantity is billed at this meter's price
   * (the provider bills those tokens as plain input/output); absent → `missing_rate`.
   */
  readonly fallback?: string;
  /** One-line description for `prices list` and the schema. */
  readonly doc: string;
}

/** Every meter, in breakdown order. */
export const METER_INFO = {
  input_token: { part: 'input', unit: 'token', doc: 'prompt token not in any subset below' },
  cached_input_token: { part: 'cachedInput', unit: 'token', fallback: 'input_token', doc: 'prompt token read from cache' },
  cache_write_token: { part: 'cacheWrite', unit: 'token', fallback: 'input_token', doc: 'prompt token written to cache (5-minute TTL)' },
  cache_write_1h_token: { part: 'cacheWrite1h', unit: 'token', doc: 'prompt token written to cache (1-hour TTL)' },
  audio_input_token: { part: 'audioIn', unit: 'token', fallback: 'input_token', doc: 'audio prompt token' },
  cached_audio_input_token: { part: 'cachedAudioIn', unit: 'token', fallback: 'audio_input_token', doc: 'audio prompt token read from cache' },
  image_input_token: { part: 'imageIn', unit: 'token', fallback: 'input_token', doc: 'image prompt token' },
  output_token: { part: 'output', unit: 'token', doc: 'completion token not in any subset below' },
  reasoning_token: { part: 'reasoning', unit: 'token', fallback: 'output_token', doc: 'reasoning completion token' },
  audio_output_token: { part: 'audioOut', unit: 'token', fallback: 'output_token', doc: 'audio completion token' },
  image_output_token: { part: 'imageOut', unit: 'token', fallback: 'output_token', doc: 'image completion token' },
  video_output_token: { part: 'videoOut', unit: 'token', doc: 'video completion token' },
  citation_token: { part: 'citation', unit: 'token', fallback: 'input_token', doc: 'citation token' },
  input_character: { part: 'character', unit: 'character', doc: 'input character (whitespace included)' },
  output_character: { part: 'outputCharacter', unit: 'character', doc: 'output character' },
  second: { part: 'second', unit: 'second', doc: 'second of audio, video or compute' },
  output_second: { part: 'outputSecond', unit: 'second', doc: 'generated second' },
  audio_input_second: { part: 'audioInSecond', unit: 'second', doc: 'second of prompt audio' },
  video_input_second: { part: 'videoInSecond', unit: 'second', doc: 'second of prompt video' },
  image: { part: 'image', unit: 'count', doc: 'image generated or analysed' },
  input_image: { part: 'inputImage', unit: 'count', doc: 'image in the prompt' },
  pixel: { part: 'pixel', unit: 'count', doc: 'pixel' },
  request: { part: 'request', unit: 'count', doc: 'request, query or search unit' },
  web_search_low: { part: 'webSearch', unit: 'count', doc: 'web-search call, low context' },
  web_search_medium: { part: 'webSearch', unit: 'count', doc: 'web-search call, medium context' },
  web_search_high: { part: 'webSearch', unit: 'count', doc: 'web-search call, high context' },
  page: { part: 'page', unit: 'count', doc: 'page processed' },
  annotation_page: { part: 'annotationPage', unit: 'count', doc: 'page annotated' },
  credit: { part: 'credit', unit: 'count', doc: 'provider credit' },
  session: { part: 'session', unit: 'count', doc: 'session' },
  operation: { part: 'operation', unit: 'count', doc: 'operation (query, command, vCU)' },
  read_unit: { part: 'readUnit', unit: 'count', doc: 'read unit' },
  write_unit: { part: 'writeUnit', unit: 'count', doc: 'write unit' },
  vector_dimension_month: { part: 'vectorDimensionMonth', unit: 'count', doc: 'vector dimension stored for a month' },
  data_written_gib: { part: 'dataWritten', unit: 'gib', doc: 'GiB written' },
  data_returned_gib: { part: 'dataReturned', unit: 'gib', doc: 'GiB returned' },
  message: { part: 'message', unit: 'count', doc: 'message or email sent' },
  minute: { part: 'minute', unit: 'minute', doc: 'minute of a call' },
  transaction: { part: 'transactionFee', unit: 'count', doc: 'fixed fee per transaction' },
  transaction_percent: { part: 'fee', unit: 'percent', doc: 'percent of the transaction amount (2.9 = 2.9 %)' },
} as const satisfies Record<string, MeterInfo>;

/** A meter name as written in catalog files (`input_token`, `read_unit`, ...). */
export type MeterName = keyof typeof METER_INFO;

/** Meter names in breakdown order. */
export const METER_NAMES = Object.keys(METER_INFO) as MeterName[];

/** Meter name → dense index, for the engine's rate arrays. */
export const METER_INDEX: Readonly<Record<MeterName, number>> = Object.fromEntries(
  METER_NAMES.map((m, i) => [m, i]),
) as Record<MeterName, number>;

/** `per` multipliers accepted in `{ "usd": …, "per": … }` prices, by unit kind. */
export const PER_WORDS: Readonly<Record<string, { n: bigint; kinds: readonly UnitKind[] | 'any' }>> = {
  '1': { n: 1n, kinds: 'any' },
  '1K': { n: 1000n, kinds: 'any' },
  '1M': { n: 1_000_000n, kinds: 'any' },
  '1B': { n: 1_000_000_000n, kinds: 'any' },
  minute: { n: 60n, kinds: ['second'] },
  hour: { n: 3600n, kinds: ['second', 'minute'] },
};

/** Service tiers a catalog entry may price apart. */
export const SERVICE_TIERS = ['batch', 'flex', 'priority'] as const;
/** A service tier name. */
export type ServiceTier = (typeof SERVICE_TIERS)[number];

/** Usage counts a tier threshold may look at. */
export const TIER_BASES = ['input_tokens', 'search_results'] as const;
