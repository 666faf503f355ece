/**
 * User-input errors as values.
 *
 * A problem names where it is (a path into the input: ["stances", 3, "salience"]), what is wrong and how to
 * fix it. Validators collect every problem instead of stopping at the first. Front ends turn them into text
 * (`file:line:column: message — fix`, exit code 2) or an HTTP 422; the core never prints or exits.
 */

export type InputPath = (string | number)[];

export interface InputProblem {
  /** Stable machine-readable code, e.g. "duplicate-id", "out-of-range", "unknown-key". */
  code: string;
  path: InputPath;
  /** What is wrong, in words a user understands. */
  message: string;
  /** How to fix it. */
  fix: string;
  /** Set by the parser that knows the source text. 1-based. */
  line?: number;
  column?: number;
}

/** Thrown at the boundary of a front end, carrying every problem found. Never thrown by model code for valid input. */
export class InputError extends Error {
  readonly problems: InputProblem[];
  /** The file (or other source) the problems are in, when known. */
  readonly source?: string;

  constructor(problems: InputProblem[], source?: string) {
    super(problems.map((p) => formatProblem(p, source)).join('\n'));
    this.name = 'InputError';
    this.problems = problems;
    this.source = source;
  }
}

export function problem(code: string, path: InputPath, message: string, fix: string): InputProblem {
  return { code, path, message, fix };
}

/** "a.b[3].c" */
export function pathToString(path: InputPath): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out === '' ? seg : `.${seg}`;
  return out === '' ? '(top level)' : out;
}

/** `file:line:column: message — fix`, falling back to the path when no position is known. */
export function formatProblem(p: InputProblem, source?: string): string {
  const file = source ?? '<input>';
  const where = p.line !== undefined ? `${file}:${p.line}:${p.column ?? 1}` : p.path.length === 0 ? file : `${file}: ${pathToString(p.path)}`;
  return `${where}: ${p.message} — ${p.fix}`;
}

/** Levenshtein distance, for "did you mean" suggestions. O(|a|·|b|). */
export function editDistance(a: string, b: string): number {
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** The word for a count: `word` for 1, else `many` (default: word + "s"). */
export function pluralWord(n: number, word: string, many = `${word}s`): string {
  return n === 1 ? word : many;
}

/**
 * A count and its noun, agreeing: "1 issue", "3 issues", "0 draws"; `many` for irregular plurals ("1 party",
 * "2 parties"). The number is written as `shown` when given (e.g. with thousands separators).
 */
export function plural(n: number, word: string, many?: string, shown: string = String(n)): string {
  return `${shown} ${pluralWord(n, word, many)}`;
}

/** Names to choose from, for a fix: all of them up to `max`, else the first `max` and how many there are. */
export function listChoices(names: readonly string[], max = 20): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')}, … (${names.length} in all)`;
}

/**
 * The closest candidate when it is close enough to be a plausible typo (case-insensitive), or else the only candidate
 * that starts with (or contains) the word, for a shortened name.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const w = word.toLowerCase();
  const all = [...candidates];
  for (const c of all) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(word.length, best.length) / 3));
  if (bestDistance <= limit) return best;
  // A shortened name ("fentanyl" for "fentanyl_tariff"): the one candidate that starts with it, or else contains it.
  if (w.length < 3) return undefined;
  for (const match of [(c: string) => c.toLowerCase().startsWith(w), (c: string) => c.toLowerCase().includes(w)]) {
    const hits = all.filter(match);
    if (hits.length === 1) return hits[0];
    if (hits.length > 1) return undefined;
  }
  return undefined;
}

/** A name that is none of `known`: "unknown <kind> "<id>"", with a "did you mean" or else the list to choose from. */
export function unknownName(code: string, path: InputPath, kind: string, id: string, known: readonly string[]): InputProblem {
  const guess = didYouMean(id, known);
  return problem(code, path, `unknown ${kind} "${id}"`, guess ? `did you mean "${guess}"?` : `choose from: ${known.join(', ')}`);
}

/** A mapping (a JSON object), not null and not a list: what every reader of raw input checks before looking inside. */
export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A value as a message shows it: text in quotes, numbers as written (NaN and Infinity too, which JSON turns into null). */
export function shownValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean' || v === undefined) return String(v);
  try {
    return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x)) ?? String(v);
  } catch {
    return String(v);
  }
}
