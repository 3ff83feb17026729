import { readFileSync } from 'node:fs';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, Node as YamlNode } from 'yaml';

/**
 * A value read from a JSON or YAML data file, with the line it starts on, so
 * validators can report `FILE:LINE: message`.
 */
export type Located =
  | { readonly kind: 'map'; readonly line: number; readonly entries: ReadonlyMap<string, Located>; readonly keyLines: ReadonlyMap<string, number> }
  | { readonly kind: 'seq'; readonly line: number; readonly items: readonly Located[] }
  | { readonly kind: 'scalar'; readonly line: number; readonly value: unknown };

/** Thrown at set-up for a bad data file; `problems` holds one `FILE:LINE: message` per problem. */
export class DataFileError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? problems[0] : `${problems.length} problems:\n  ${problems.join('\n  ')}`);
    this.name = 'DataFileError';
  }
}

/** Collects problems while a validator walks a file. */
export class Problems {
  readonly list: string[] = [];
  constructor(readonly file: string) {}

  add(line: number, message: string): void {
    this.list.push(`${this.file}:${line}: ${message}`);
  }

  throwIfAny(): void {
    if (this.list.length > 0) throw new DataFileError(this.list);
  }
}

function locate(node: YamlNode | null | undefined, lc: LineCounter, fallbackLine: number): Located {
  const line = node?.range ? lc.linePos(node.range[0]).line : fallbackLine;
  if (isMap(node)) {
    const entries = new Map<string, Located>();
    const keyLines = new Map<string, number>();
    for (const pair of node.items) {
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
      const keyLine = keyNode?.range ? lc.linePos(keyNode.range[0]).line : line;
      keyLines.set(key, keyLine);
      entries.set(key, locate(pair.value as YamlNode | null, lc, keyLine));
    }
    return { kind: 'map', line, entries, keyLines };
  }
  if (isSeq(node)) {
    return { kind: 'seq', line, items: node.items.map((item) => locate(item as YamlNode | null, lc, line)) };
  }
  if (isScalar(node)) return { kind: 'scalar', line, value: node.value };
  return { kind: 'scalar', line, value: null };
}

/**
 * Parses JSON or YAML text (JSON is read by the YAML 1.2 parser, which keeps
 * positions). Syntax errors throw {@link DataFileError} with `FILE:LINE`.
 */
export function parseDataText(text: string, file: string): Located {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new DataFileError(
      doc.errors.map((e) => `${file}:${e.linePos?.[0].line ?? 1}: ${e.message.split('\n')[0]}`),
    );
  }
  return locate(doc.contents as YamlNode | null, lineCounter, 1);
}

/** Reads and parses a data file; an unreadable file throws naming the path. */
export function readDataFile(file: string): Located {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new DataFileError([`${file}:1: cannot read the file (${(err as Error).message})`]);
  }
  return parseDataText(text, file);
}

/** Plain JavaScript value of a located node (for values a validator has checked). */
export function plain(node: Located): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plain);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of node.entries) out[k] = plain(v);
      return out;
    }
  }
}

/** Reports keys of `map` outside `known` (typos fail loudly instead of being ignored). */
export function checkKnownKeys(map: Located & { kind: 'map' }, known: readonly string[], where: string, problems: Problems): void {
  for (const [key, line] of map.keyLines) {
    if (!known.includes(key)) problems.add(line, `${where}: unknown field "${key}" (known: ${known.join(', ')})`);
  }
}

/** Describes a located value for an error message. */
export function describe(node: Located | undefined): string {
  if (node === undefined) return 'nothing';
  if (node.kind === 'scalar') return JSON.stringify(node.value) ?? String(node.value);
  return node.kind === 'map' ? 'a mapping' : 'a list';
}
