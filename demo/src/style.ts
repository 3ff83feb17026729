/**
 * Terminal styling: colours only on a TTY and only when `NO_COLOR` is unset or
 * empty (https://no-color.org); widths are measured on the plain text, so
 * columns stay aligned with or without colour.
 */
const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  dim: '\u001b[2m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  blue: '\u001b[34m',
  magenta: '\u001b[35m',
  cyan: '\u001b[36m',
} as const;

/** A colour or weight. */
export type Style = Exclude<keyof typeof ANSI, 'reset'>;

/** Whether to colour output written to `stream`. */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const noColor = env.NO_COLOR;
  return stream.isTTY === true && (noColor === undefined || noColor === '') && env.TERM !== 'dumb';
}

/** Paints text when colours are on. */
export class Painter {
  constructor(readonly color: boolean) {}

  paint(style: Style | undefined, text: string): string {
    return this.color && style !== undefined && text !== '' ? `${ANSI[style]}${text}${ANSI.reset}` : text;
  }
}

/** A table cell: plain text, how to paint it, and its alignment (`decimal`: on the decimal point). */
export interface Cell {
  text: string;
  style?: Style;
  align?: 'left' | 'right' | 'decimal';
}

/** A line printed as is between table rows (a trace header); it does not widen the columns. */
export interface Line {
  line: string;
}

function isLine(row: Cell[] | Line): row is Line {
  return !Array.isArray(row);
}

function splitDecimal(text: string): [string, string] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, ''] : [text.slice(0, dot), text.slice(dot)];
}

/**
 * Lays out rows as aligned columns (two spaces apart, `indent` first), painting
 * each cell after padding it, so colours never shift a column. Trailing blanks
 * are trimmed.
 */
export function table(rows: ReadonlyArray<Cell[] | Line>, painter: Painter, indent = ''): string {
  const widths: number[] = [];
  const intWidths: number[] = [];
  const fracWidths: number[] = [];
  for (const row of rows) {
    if (isLine(row)) continue;
    row.forEach((cell, i) => {
      if (cell.align === 'decimal') {
        const [int, frac] = splitDecimal(cell.text);
        intWidths[i] = Math.max(intWidths[i] ?? 0, int.length);
        fracWidths[i] = Math.max(fracWidths[i] ?? 0, frac.length);
      } else {
        widths[i] = Math.max(widths[i] ?? 0, cell.text.length);
      }
    });
  }
  for (let i = 0; i < Math.max(widths.length, intWidths.length); i++) {
    widths[i] = Math.max(widths[i] ?? 0, (intWidths[i] ?? 0) + (fracWidths[i] ?? 0));
  }
  let out = '';
  for (const row of rows) {
    if (isLine(row)) {
      out += `${row.line}\n`;
      continue;
    }
    const parts = row.map((cell, i) => {
      let text = cell.text;
      if (cell.align === 'decimal' && text !== '') {
        const [int, frac] = splitDecimal(text);
        text = int.padStart(intWidths[i] ?? 0) + frac.padEnd(fracWidths[i] ?? 0);
      }
      const pad = ' '.repeat(Math.max(0, widths[i] - text.length));
      const painted = painter.paint(cell.style, text.trimEnd()) + ' '.repeat(text.length - text.trimEnd().length);
      return cell.align === 'right' || (cell.align === 'decimal' && text === '') ? pad + painted : painted + pad;
    });
    out += `${indent}${parts.join('  ')}`.trimEnd() + '\n';
  }
  return out;
}
