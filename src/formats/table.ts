/**
 * Plain-text tables for terminals and Markdown, and CSV. One small writer shared by every report, so all
 * commands print alike. Pure.
 */
import { stringify } from 'csv-stringify/sync';

export type Align = 'left' | 'right';
export interface Column {
  header: string;
  align?: Align;
}

const width = (s: string) => [...s].length;

/** Aligned columns separated by two spaces, with a rule under the header. */
export function textTable(columns: Column[], rows: string[][]): string {
  const widths = columns.map((c, i) => Math.max(width(c.header), ...rows.map((r) => width(r[i] ?? ''))));
  const pad = (s: string, i: number) => {
    const fill = ' '.repeat(widths[i]! - width(s));
    return columns[i]!.align === 'right' ? fill + s : s + fill;
  };
  const line = (cells: string[]) => cells.map((c, i) => pad(c, i)).join('  ').trimEnd();
  return [line(columns.map((c) => c.header)), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export function markdownTable(columns: Column[], rows: string[][]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const head = `| ${columns.map((c) => esc(c.header)).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`;
  return [head, rule, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n') + '\n';
}

export function csvTable(headers: string[], rows: (string | number | null)[][]): string {
  return stringify([headers, ...rows.map((r) => r.map((v) => (v === null ? '' : v)))]);
}

/** A number for people: up to `digits` decimals, trailing zeros dropped; "–" for null. */
export function fmt(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const s = x.toFixed(digits);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
