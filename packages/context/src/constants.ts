/** Upper bound of a run, customer or request id, in characters. */
export const MAX_ID_LENGTH = 256;

/** Upper bound of one section name, in characters. */
export const MAX_SECTION_NAME_LENGTH = 256;

/** Upper bound of a serialised section path (`a/b/c`), in characters (1 KiB). */
export const MAX_SECTION_PATH_LENGTH = 1024;

/** Upper bound of the number of levels in a section path. */
export const MAX_SECTION_DEPTH = 32;

/** Separator between the levels of a serialised section path. */
export const SECTION_SEPARATOR = '/';

/** Name of the tracer that `withSection` starts its spans with. */
export const TRACER_NAME = '@llmobserve/context';

/** Version of the object `exportContext` returns. */
export const EXPORTED_CONTEXT_VERSION = 1;
