export { startMockLlm } from './server';
export type { MockLlm, MockLlmOptions, MockOperation, MockProvider, MockUsage, RecordedRequest } from './types';
export {
  MOCK_HEADERS,
  MODEL_TRIGGERS,
  DEFAULT_OUTPUT_TOKENS,
  DEFAULT_CUT_AFTER,
  DEFAULT_NOW_MS,
  COMPLETION_WORDS,
} from './constants';
export { countWords, countPromptWords, completionText, completionDeltas } from './text';
export { negotiateEncoding } from './writer';
export type { Encoding } from './writer';
export { encodeEventStreamMessage } from './eventstream';
