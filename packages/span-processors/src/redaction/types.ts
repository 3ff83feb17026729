import type { MatchCheck } from './checks';
import type { LinearMatcher } from './LinearMatcher';

/** What a pattern finds: PII (redacted) or an injection attempt (flagged, content kept). */
export type PatternType = 'PII_STRUCTURAL' | 'INJECTION_ATTEMPT';

/** One validated pattern of a redaction data file. */
export interface CompiledPattern {
  /** Unique name in the file. */
  readonly name: string;
  readonly type: PatternType;
  /** Marker kind (`[REDACTED:<kind>]`); defaults to the name. */
  readonly kind: string;
  /** Structural matcher, when the pattern has a `regex`. */
  readonly matcher?: LinearMatcher;
  /** Confirmation check run on a structural match. */
  readonly check?: MatchCheck;
  /** Literal phrases (matched case-insensitively with Aho-Corasick), when the pattern has `phrases`. */
  readonly phrases?: readonly string[];
  /** Line of the pattern in its file. */
  readonly line: number;
}

/** A validated redaction data file. */
export interface CompiledPatternSet {
  /** The file it was read from (or the name given to `parsePatternSet`). */
  readonly file: string;
  readonly patterns: readonly CompiledPattern[];
  /** Attribute keys scanned by default. */
  readonly attributeKeys: readonly string[];
  /** Attribute key prefixes scanned by default (`gen_ai.prompt.` covers `gen_ai.prompt.0.content`). */
  readonly attributePrefixes: readonly string[];
}
