// Small helpers for showing and editing scenario numbers in the browser.
import type { IssueRow, QuantityFile, ScenarioFile } from './api';

/**
 * Point value of a quantity as written in a file (a range's midpoint, a distribution's mean), like the core's
 * pointValue; NaN for anything that is not a quantity (text typed into a number cell), never an exception.
 */
export function pointOf(q: QuantityFile | string | undefined | null): number {
  if (typeof q === 'number') return q;
  if (q === undefined || q === null || typeof q !== 'object') return NaN;
  if (Array.isArray(q)) return (Number(q[0]) + Number(q[1])) / 2;
  if ('uniform' in q && Array.isArray(q.uniform)) return (q.uniform[0] + q.uniform[1]) / 2;
  if ('triangular' in q && Array.isArray(q.triangular)) return (q.triangular[0] + q.triangular[1] + q.triangular[2]) / 3;
  if ('normal' in q && q.normal && typeof q.normal === 'object') return q.normal.mean;
  return NaN;
}

/** "40", "30–50", "tri(30, 40, 60)", "N(40, 5)": the editor's text for a quantity (text that is none shows as typed). */
export function quantityText(q: QuantityFile | string | undefined | null): string {
  if (q === undefined || q === null) return '';
  if (typeof q === 'number' || typeof q === 'string') return String(q);
  if (Array.isArray(q)) return `${q[0]}–${q[1]}`;
  if ('uniform' in q && Array.isArray(q.uniform)) return `${q.uniform[0]}–${q.uniform[1]}`;
  if ('triangular' in q && Array.isArray(q.triangular)) return `tri(${q.triangular.join(', ')})`;
  if ('normal' in q && q.normal) return `N(${q.normal.mean}, ${q.normal.sd})`;
  return JSON.stringify(q);
}

const NUM = String.raw`(-?\d+(?:[.,]\d+)?)`;

/** Parse what a user typed (or pasted) into a quantity; text that is not one is returned as is, for the server to reject with its message. */
export function parseQuantity(text: string): QuantityFile | string {
  const t = text.trim().replace(/\s+/g, ' ');
  const num = (s: string) => Number(s.replace(',', '.'));
  let m: RegExpMatchArray | null;
  if ((m = t.match(new RegExp(`^${NUM}$`)))) return num(m[1]!);
  if ((m = t.match(new RegExp(`^\\[?${NUM} ?(?:–|—|-|to|\\.\\.|,) ?${NUM}\\]?$`)))) return [num(m[1]!), num(m[2]!)];
  if ((m = t.match(new RegExp(`^tri(?:angular)?\\(${NUM}, ?${NUM}, ?${NUM}\\)$`, 'i')))) return { triangular: [num(m[1]!), num(m[2]!), num(m[3]!)] };
  if ((m = t.match(new RegExp(`^N\\(${NUM}, ?${NUM}\\)$`, 'i')))) return { normal: { mean: num(m[1]!), sd: num(m[2]!) } };
  return t;
}

/** "0: removed; 100: kept". */
export function anchorsText(a: Record<string, string> | undefined): string {
  if (!a) return '';
  return Object.entries(a)
    .sort((x, y) => Number(x[0]) - Number(y[0]))
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
}

export function parseAnchors(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const part of text.split(/;|\n/)) {
    const m = part.match(/^\s*(-?\d+(?:\.\d+)?)\s*[:=]\s*(.+?)\s*$/);
    if (m) out[m[1]!] = m[2]!;
  }
  return Object.keys(out).length ? out : undefined;
}

export function scaleOf(issue: IssueRow): { min: number; max: number; unit?: string } {
  return issue.scale ?? { min: 0, max: 100 };
}

/** The anchor nearest a value (ties to the lower), as the core's nearestAnchor. */
export function nearestAnchor(issue: IssueRow, value: number): { value: number; label: string } | undefined {
  let best: { value: number; label: string } | undefined;
  for (const [k, label] of Object.entries(issue.anchors ?? {})) {
    const v = Number(k);
    if (!best || Math.abs(v - value) < Math.abs(best.value - value) || (Math.abs(v - value) === Math.abs(best.value - value) && v < best.value)) best = { value: v, label };
  }
  return best;
}

export function fmt(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  const r = Number(x.toFixed(digits));
  return Number.isInteger(r) ? String(r) : r.toFixed(digits);
}

export const MODEL_COLORS: Record<string, string> = {
  compromise: '#2f6db5',
  median: '#d9822b',
  nash: '#2e9e6a',
  exchange: '#8e5cc9',
  eum: '#c2414b',
  smp: '#6b7a8f',
  ensemble: '#b5651d',
};
const EXTRA = ['#b5651d', '#4b8bbe', '#9b59b6', '#16a085', '#7f8c8d'];
export function modelColor(id: string, k = 0): string {
  return MODEL_COLORS[id] ?? EXTRA[k % EXTRA.length]!;
}

const GROUP_PALETTE = ['#2f6db5', '#d64541', '#7a8b99', '#2e9e6a', '#d9822b', '#8e5cc9', '#16a085', '#b5651d'];
/** Stable colour per group (in order of first appearance in the scenario). */
export function groupColors(s: ScenarioFile): Map<string, string> {
  const m = new Map<string, string>();
  for (const a of s.actors ?? []) {
    const g = a.group ?? 'No group';
    if (!m.has(g)) m.set(g, GROUP_PALETTE[m.size % GROUP_PALETTE.length]!);
  }
  return m;
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 48) || 'parley';
}

export function timeAgo(iso: string): string {
  const s = (Date.now() - new Date(iso).getTime()) / 1000;
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
}

export function download(name: string, data: Blob | string, type = 'text/plain') {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 5000);
}

export function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
