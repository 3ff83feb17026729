export type {
  ChatContentPart,
  ChatMessage,
  CountTokensOptions,
  CustomEndpoint,
  EndpointMatch,
  ParseResult,
  ProviderRegistryOptions,
  RequestInfo,
  ResponseParser,
  ResponseParserOptions,
  TokenCount,
  TokenCountMethod,
  WireFormat,
} from './types';
export { ProviderRegistry } from './ProviderRegistry';
export { RESPONSE_HEADERS_READ } from './constants';
export { createResponseParser, wireFormatFor } from './createResponseParser';
export { inspectRequestBody, addIncludeUsage } from './request';
export { countTokens, countTokensDetailed, countTextTokens, imageTokens, preloadTokenizers } from './tokens';
export { TokenEstimator } from './TokenEstimator';
export { SseParser } from './parsers/SseParser';
export type { SseHandler } from './parsers/SseParser';
export { EventStreamParser, encodeEventStreamMessage } from './parsers/EventStreamParser';
export type { EventStreamHandler } from './parsers/EventStreamParser';
export { JsonStreamParser } from './parsers/JsonStreamParser';
export { BodyDecoder } from './parsers/BodyDecoder';
export { validateEndpointTable, loadEndpointTable } from './endpointTable';
export type { EndpointTable, ProviderSpec, ApiOperationSpec } from './endpointTable';
export { validateTokenizerTable } from './tokenizerTable';
export { anthropicUsage } from './normalisers/anthropic';
export { openaiUsage } from './normalisers/openai';
export { bedrockUsage } from './normalisers/bedrock';
