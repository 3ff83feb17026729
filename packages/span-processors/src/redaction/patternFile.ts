import { join } from 'node:path';
import { checkKnownKeys, describe, Located, parseDataText, Problems, readDataFile } from '../dataFile';
import { normalizePhrase } from './AhoCorasick';
import { CHECKS } from './checks';
import { LinearMatcher } from './LinearMatcher';
import type { CompiledPattern, CompiledPatternSet, PatternType } from './types';

/** The pattern file shipped with the package. */
export const DEFAULT_PATTERN_FILE = join(__dirname, '..', '..', 'data', 'redaction-patterns.yaml');

const TOP_KEYS = ['version', 'attributes', 'patterns'] as const;
const ATTRIBUTE_KEYS = ['keys', 'prefixes'] as const;
/** Fields of one pattern entry; kept in step with `data/redaction-patterns.schema.json` (a test checks). */
export const PATTERN_FIELDS = ['name', 'type', 'kind', 'description', 'regex', 'ignoreCase', 'check', 'phrases'] as const;
const TYPES: readonly PatternType[] = ['PII_STRUCTURAL', 'INJECTION_ATTEMPT'];
const NAME_RE = /^[a-z][a-z0-9_]{0,63}$/;

function stringList(node: Located | undefined, where: string, problems: Problems): string[] {
  if (node === undefined) return [];
  if (node.kind !== 'seq') {
    problems.add(node.line, `${where} must be a list of strings, got ${describe(node)}`);
    return [];
  }
  const out: string[] = [];
  for (const item of node.items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string' || item.value.length === 0) {
      problems.add(item.line, `${where}: every entry must be a non-empty string, got ${describe(item)}`);
    } else {
      out.push(item.value);
    }
  }
  return out;
}

function compilePattern(node: Located, index: number, problems: Problems, names: Map<string, number>, phrases: Map<string, string>): CompiledPattern | undefined {
  const where = `patterns[${index}]`;
  if (node.kind !== 'map') {
    problems.add(node.line, `${where} must be a mapping with name, type and regex or phrases, got ${describe(node)}`);
    return undefined;
  }
  checkKnownKeys(node, PATTERN_FIELDS, where, problems);
  const before = problems.list.length;
  const get = (k: string): Located | undefined => node.entries.get(k);
  const lineOf = (k: string): number => node.keyLines.get(k) ?? node.line;
  const str = (k: string): string | undefined => {
    const v = get(k);
    if (v === undefined) return undefined;
    if (v.kind !== 'scalar' || typeof v.value !== 'string') {
      problems.add(lineOf(k), `${where}.${k} must be a string, got ${describe(v)}`);
      return undefined;
    }
    return v.value;
  };

  const name = str('name');
  if (name === undefined) {
    if (get('name') === undefined) problems.add(node.line, `${where}: missing field "name"`);
  } else if (!NAME_RE.test(name)) {
    problems.add(lineOf('name'), `${where}.name ${JSON.stringify(name)} must match ${NAME_RE} (lower-case snake_case)`);
  } else if (names.has(name)) {
    problems.add(lineOf('name'), `${where}.name ${JSON.stringify(name)} is a duplicate (first on line ${names.get(name)})`);
  } else {
    names.set(name, lineOf('name'));
  }
  const label = name !== undefined ? `pattern "${name}"` : where;

  const type = str('type');
  if (type === undefined) {
    if (get('type') === undefined) problems.add(node.line, `${label}: missing field "type" (${TYPES.join(' or ')})`);
  } else if (!TYPES.includes(type as PatternType)) {
    problems.add(lineOf('type'), `${label}: type must be ${TYPES.join(' or ')}, got ${JSON.stringify(type)}`);
  }

  const explicitKind = str('kind');
  const kind = explicitKind ?? name;
  if (explicitKind !== undefined && !NAME_RE.test(explicitKind)) {
    problems.add(lineOf('kind'), `${label}: kind ${JSON.stringify(kind)} must match ${NAME_RE}`);
  }
  str('description');

  const ignoreCaseNode = get('ignoreCase');
  let ignoreCase = false;
  if (ignoreCaseNode !== undefined) {
    if (ignoreCaseNode.kind !== 'scalar' || typeof ignoreCaseNode.value !== 'boolean') {
      problems.add(lineOf('ignoreCase'), `${label}: ignoreCase must be true or false, got ${describe(ignoreCaseNode)}`);
    } else {
      ignoreCase = ignoreCaseNode.value;
    }
  }

  const regex = str('regex');
  const phraseList = get('phrases') !== undefined ? stringList(get('phrases'), `${label}.phrases`, problems) : undefined;
  if (regex === undefined && phraseList === undefined && get('regex') === undefined) {
    problems.add(node.line, `${label}: needs "regex" or "phrases"`);
  }
  if (regex !== undefined && phraseList !== undefined) {
    problems.add(lineOf('phrases'), `${label}: has both "regex" and "phrases"; split it into two patterns`);
  }
  if (phraseList !== undefined && phraseList.length === 0 && get('phrases')?.kind === 'seq') {
    problems.add(lineOf('phrases'), `${label}: phrases is empty`);
  }
  if (phraseList !== undefined) {
    if (ignoreCaseNode !== undefined) problems.add(lineOf('ignoreCase'), `${label}: ignoreCase applies to regex only (phrases always ignore case)`);
    const phrasesNode = get('phrases');
    const items = phrasesNode?.kind === 'seq' ? phrasesNode.items : [];
    phraseList.forEach((phrase, k) => {
      const norm = normalizePhrase(phrase);
      const line = items[k]?.line ?? lineOf('phrases');
      if (norm.length === 0) {
        problems.add(line, `${label}: phrase ${JSON.stringify(phrase)} is blank`);
      } else if (phrases.has(norm)) {
        problems.add(line, `${label}: phrase ${JSON.stringify(phrase)} duplicates one of pattern "${phrases.get(norm)}"`);
      } else {
        phrases.set(norm, name ?? where);
      }
    });
  }

  let matcher: LinearMatcher | undefined;
  if (regex !== undefined) {
    try {
      matcher = new LinearMatcher(regex, ignoreCase);
      if (matcher.matchesEmpty) {
        problems.add(lineOf('regex'), `${label}: regex ${JSON.stringify(regex)} matches the empty string`);
      }
    } catch (err) {
      problems.add(lineOf('regex'), `${label}: regex ${JSON.stringify(regex)} does not compile: ${(err as Error).message}`);
    }
  }

  const checkName = str('check');
  if (checkName !== undefined) {
    if (!(checkName in CHECKS)) {
      problems.add(lineOf('check'), `${label}: unknown check ${JSON.stringify(checkName)} (known: ${Object.keys(CHECKS).join(', ')})`);
    } else if (regex === undefined) {
      problems.add(lineOf('check'), `${label}: check applies to regex patterns only`);
    }
  }

  if (problems.list.length > before || name === undefined || type === undefined || kind === undefined) return undefined;
  return {
    name,
    type: type as PatternType,
    kind,
    ...(matcher ? { matcher } : {}),
    ...(checkName ? { check: CHECKS[checkName] } : {}),
    ...(phraseList ? { phrases: phraseList } : {}),
    line: node.line,
  };
}

function compileSet(root: Located, file: string): CompiledPatternSet {
  const problems = new Problems(file);
  if (root.kind !== 'map') {
    problems.add(root.line, `the file must be a mapping with "version", "attributes" and "patterns", got ${describe(root)}`);
    problems.throwIfAny();
  }
  const map = root as Located & { kind: 'map' };
  checkKnownKeys(map, TOP_KEYS, 'top level', problems);
  const version = map.entries.get('version');
  if (version?.kind !== 'scalar' || version.value !== 1) {
    problems.add(version?.line ?? map.line, `version must be 1, got ${describe(version)}`);
  }

  let attributeKeys: string[] = [];
  let attributePrefixes: string[] = [];
  const attrs = map.entries.get('attributes');
  if (attrs !== undefined) {
    if (attrs.kind !== 'map') {
      problems.add(attrs.line, `attributes must be a mapping with "keys" and "prefixes", got ${describe(attrs)}`);
    } else {
      checkKnownKeys(attrs, ATTRIBUTE_KEYS, 'attributes', problems);
      attributeKeys = stringList(attrs.entries.get('keys'), 'attributes.keys', problems);
      attributePrefixes = stringList(attrs.entries.get('prefixes'), 'attributes.prefixes', problems);
    }
  }

  const patternsNode = map.entries.get('patterns');
  const patterns: CompiledPattern[] = [];
  if (patternsNode?.kind !== 'seq' || patternsNode.items.length === 0) {
    problems.add(patternsNode?.line ?? map.line, `patterns must be a non-empty list, got ${describe(patternsNode)}`);
  } else {
    const names = new Map<string, number>();
    const phrases = new Map<string, string>();
    patternsNode.items.forEach((item, i) => {
      const p = compilePattern(item, i, problems, names, phrases);
      if (p) patterns.push(p);
    });
  }
  problems.throwIfAny();
  return { file, patterns, attributeKeys, attributePrefixes };
}

/**
 * Validates and compiles redaction patterns from JSON or YAML text. Every
 * problem of the file is reported at once as `FILE:LINE: message` in a
 * {@link DataFileError}: YAML/JSON syntax, unknown fields, names that are not
 * unique, types other than `PII_STRUCTURAL`/`INJECTION_ATTEMPT`, patterns that
 * do not compile (or would match the empty string), unknown checks and
 * duplicate phrases.
 */
export function parsePatternSet(text: string, file = '<patterns>'): CompiledPatternSet {
  return compileSet(parseDataText(text, file), file);
}

/** Reads, validates and compiles a pattern file (default: the bundled `data/redaction-patterns.yaml`). */
export function loadPatternSet(file: string = DEFAULT_PATTERN_FILE): CompiledPatternSet {
  return compileSet(readDataFile(file), file);
}
