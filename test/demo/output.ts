/**
 * Reads the demo's plain-text output (NO_COLOR) back into traces, rows and
 * tables, by the column positions of its header lines, so tests can check the
 * printed figures against each other and against the catalog.
 */

/** One span line of a printed trace tree. */
export interface Row {
  readonly name: string;
  readonly service: string;
  readonly model: string;
  readonly tokens: string;
  /** Own cost, e.g. `0.0001158` (without `$`), or '' when none is printed. */
  readonly cost: string;
  readonly subtree: string;
  readonly notes: string;
}

/** One printed trace. */
export interface Trace {
  readonly traceId: string;
  readonly customer: string;
  readonly runId: string;
  readonly services: string[];
  readonly total: string;
  readonly rows: Row[];
}

/** One line of a printed table (split on runs of 2+ spaces). */
export type TableRow = string[];

/** Everything the demo printed on stdout, parsed. */
export interface DemoOutput {
  readonly traces: Trace[];
  readonly customers: TableRow[];
  readonly models: TableRow[];
  /** Service name → URL, from the table printed after start-up. */
  readonly urls: Record<string, string>;
  /** Customer, backend, URL lines under "open the traces". */
  readonly links: Array<{ customer: string; backend: string; url: string }>;
}

const TRACE_HEADER = /^trace ([0-9a-f]{32}) {2}customer (\S+) {2}run (\S+) {2}services (.+?) {2}total \$([0-9.]+)$/;

function money(text: string): string {
  const m = /\$([0-9.]+)/.exec(text);
  return m === null ? '' : m[1];
}

/** The rows under a title line (after `skip` header lines), up to the first line that is not indented. */
function section(lines: string[], title: string, skip = 1): TableRow[] {
  const start = lines.indexOf(title);
  if (start < 0) return [];
  const rows: TableRow[] = [];
  for (let i = start + 1 + skip; i < lines.length && lines[i].startsWith('  '); i++) rows.push(lines[i].trim().split(/ {2,}/));
  return rows;
}

/** Parses the demo's stdout. Throws on a tree row that does not fit the header's columns. */
export function parseDemoOutput(stdout: string): DemoOutput {
  const lines = stdout.split('\n');
  const traces: Trace[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = TRACE_HEADER.exec(lines[i]);
    if (m === null) continue;
    const header = lines[i + 1];
    const col = (name: string): number => {
      const at = header.indexOf(` ${name}`) + 1;
      if (at <= 0) throw new Error(`no "${name}" column in ${JSON.stringify(header)}`);
      return at;
    };
    const serviceAt = col('service');
    const modelAt = col('model');
    const tokensAt = col('tokens');
    const costEnd = col('cost') + 'cost'.length;
    const subtreeEnd = col('subtree') + 'subtree'.length;
    const rows: Row[] = [];
    for (let j = i + 2; j < lines.length && lines[j].startsWith('  ') && lines[j].trim() !== ''; j++) {
      const line = lines[j].padEnd(subtreeEnd);
      const costSegment = line.slice(tokensAt, costEnd);
      const dollar = costSegment.indexOf('$');
      rows.push({
        name: line.slice(2, serviceAt).replace(/^[\s│├└─]+/, '').trim(),
        service: line.slice(serviceAt).trim().split(/\s+/)[0],
        model: line.slice(modelAt, tokensAt).trim(),
        tokens: (dollar < 0 ? costSegment : costSegment.slice(0, dollar)).trim(),
        cost: dollar < 0 ? '' : money(costSegment.slice(dollar)),
        subtree: money(line.slice(costEnd, subtreeEnd)),
        notes: line.slice(subtreeEnd).trim(),
      });
    }
    traces.push({ traceId: m[1], customer: m[2], runId: m[3], services: m[4].split(' → '), total: m[5], rows });
  }
  const urls: Record<string, string> = {};
  for (const line of lines) {
    const u = /^ {2}(mock LLM|gateway|application|collector) +(http:\/\/127\.0\.0\.1:\d+)/.exec(line);
    if (u !== null) urls[u[1]] = u[2];
  }
  const links = section(lines, 'open the traces', 0)
    .filter((r) => r.length === 3)
    .map(([customer, backend, url]) => ({ customer, backend, url }));
  return { traces, customers: section(lines, 'cost per customer'), models: section(lines, 'cost per model'), urls, links };
}

/** `in 2557 (2048 cached, 256 written) out 380 (512 reasoning)` → the numbers. */
export function parseTokens(text: string): { input: number; cached: number; written: number; output: number; reasoning: number } {
  const n = (re: RegExp): number => Number(re.exec(text)?.[1] ?? 0);
  return {
    input: n(/in (\d+)/),
    cached: n(/(\d+) cached/),
    written: n(/(\d+) written/),
    output: n(/out (\d+)/),
    reasoning: n(/(\d+) reasoning/),
  };
}
