export type { LLMObserveState } from './types';
export {
  MAX_ID_LENGTH,
  MAX_SECTION_DEPTH,
  MAX_SECTION_NAME_LENGTH,
  MAX_SECTION_PATH_LENGTH,
  SECTION_SEPARATOR,
} from './constants';
export { getState, setState, updateState, EMPTY_STATE } from './state';
export {
  getRunId,
  getCustomerId,
  getSection,
  getSectionPath,
  getRequestId,
  setRunId,
  setCustomerId,
  setRequestId,
  withRun,
  withCustomer,
  withRequestId,
} from './accessors';
export { withSection, SECTION_ATTRIBUTES } from './section';
export {
  sanitizeId,
  sanitizeSectionName,
  parseSectionPath,
  formatSectionPath,
  isCleanText,
} from './sanitize';
export { uuidv7 } from './uuidv7';
