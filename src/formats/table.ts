/**
 * Plain-text tables for terminals and Markdown, and CSV. One small writer shared by every report, so all
 * commands print alike. Pure.
 */
import { stringify } from 'csv-stringify/sync';

export { plural, pluralWord } from '../core/errors.js';

export type Align = 'left' | 'right';
export interface Column {
  header: string;
  align?: Align;
}

/** East Asian Wide (W) and Fullwidth (F) code points: two columns in a terminal. */
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f5],
  [0x26fa, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe4],
  [0x17000, 0x18cff],
  [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

const ZERO_WIDTH = /[\p{Mn}\p{Me}\p{Cf}]/u;

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x300) return cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? 0 : 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid]!;
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return 2;
  }
  return 1;
}

/**
 * The columns a text takes in a terminal: East Asian Wide and Fullwidth characters (CJK, most emoji) count 2,
 * combining marks and format characters 0, everything else 1.
 */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/** One line of a table cell: line breaks and tabs become spaces, so a cell never breaks the table's rows. */
export function oneLine(s: string): string {
  return s.replace(/\r\n|[\r\n\t\v\f\u2028\u2029]/g, ' ');
}

/** Pad to `width` terminal columns (display width), at the end or, for `right`, at the start. */
export function padDisplay(s: string, width: number, align: Align = 'left'): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'right' ? fill + s : s + fill;
}

/** Aligned columns separated by two spaces, with a rule under the header; aligned by display width. */
export function textTable(columns: Column[], rows: string[][]): string {
  const head = columns.map((c) => oneLine(c.header));
  const body = rows.map((r) => columns.map((_, i) => oneLine(r[i] ?? '')));
  const widths = columns.map((_, i) => Math.max(displayWidth(head[i]!), ...body.map((r) => displayWidth(r[i]!))));
  const line = (cells: string[]) => cells.map((c, i) => padDisplay(c, widths[i]!, columns[i]!.align)).join('  ').trimEnd();
  return [line(head), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n') + '\n';
}

/**
 * Name-and-value lines ("  Fentanyl tariff   45.5"), the names padded to the widest by display width (so CJK names
 * line up) and put on one line.
 */
export function alignedLines(rows: readonly (readonly string[])[], indent = '  ', gap = '  '): string[] {
  const cells = rows.map((r) => r.map(oneLine));
  const n = Math.max(0, ...cells.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => Math.max(0, ...cells.map((r) => (i < r.length - 1 ? displayWidth(r[i]!) : 0))));
  return cells.map((r) => indent + r.map((c, i) => (i < r.length - 1 ? padDisplay(c, widths[i]!) : c)).join(gap).trimEnd());
}

export function markdownTable(columns: Column[], rows: string[][]): string {
  const esc = (s: string) => oneLine(s).replace(/\|/g, '\\|');
  const head = `| ${columns.map((c) => esc(c.header)).join(' | ')} |`;
  const rule = `|${columns.map((c) => (c.align === 'right' ? '---:' : '---')).join('|')}|`;
  return [head, rule, ...rows.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n') + '\n';
}

export function csvTable(headers: string[], rows: (string | number | null)[][]): string {
  return stringify([headers, ...rows.map((r) => r.map((v) => (v === null ? '' : v)))]);
}

/**
 * Decimals that show a value on a scale as finely as `base` decimals show it on 0–100: one more per tenfold narrower
 * scale (a −1..1 scale gets 3 where 0–100 gets 1), one fewer per tenfold wider; from 0 to 8.
 */
export function scaleDigits(scale: { min: number; max: number } | undefined, base = 1): number {
  const width = scale ? Math.abs(scale.max - scale.min) : 100;
  if (!(width > 0) || !Number.isFinite(width)) return base;
  return Math.min(8, Math.max(0, base + Math.ceil(Math.log10(100 / width) - 1e-9)));
}

/** A number for people: up to `digits` decimals, trailing zeros dropped; "–" for null. */
export function fmt(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '–';
  const s = x.toFixed(digits);
  const t = s.includes('.') ? s.replace(/\.?0+$/, '') : s;
  return t === '-0' ? '0' : t;
}
