/**
 * Reading the fields of a request or of a job's `params` strictly: a number must be a JSON number (never `true`,
 * `"50"` or `[50]`), a list a JSON array, a flag `true` or `false`; `null` or a missing field means the default. Every
 * problem is collected with its path into the request (["params", "draws"]), and names nobody reads are refused with a
 * "did you mean" — the CLI's option name where a client may have used it (`deadline` → `rounds`).
 *
 * Pure; no I/O. Used by the routes (app.ts) and by every job kind (tasks.ts), both before a job is accepted and again in
 * the worker that runs it.
 */
import { didYouMean, formatProblem, isRecord, problem, shownValue as coreShownValue, type InputPath, type InputProblem } from '../core/errors.js';

type Json = Record<string, unknown>;

/** Names a client may bring from the CLI or from habit, and the name the API uses for them. */
const OTHER_NAMES: Readonly<Record<string, string>> = {
  deadline: 'rounds',
  bootstrap: 'replicates',
  'max-bids': 'max_bids',
  maxBids: 'max_bids',
  threshold: 'thresholds',
  issue: 'issues',
  model: 'models',
  n: 'draws',
  'nash-disagreement': 'nash_disagreement',
  nashDisagreement: 'nash_disagreement',
  'logroll-issues': 'logroll_issues',
  'logroll-parties': 'logroll_parties',
  experts: 'analysts',
  strategy: 'strategies',
  party: 'parties',
  baseVersion: 'base_version',
  fileName: 'file_name',
  scenarioId: 'scenario_id',
  parms: 'params',
  parameters: 'params',
  option: 'options',
  authors: 'author',
};

/** The suggestion for an unknown name among `known`: a CLI or habitual name first, else the closest. */
export function suggestName(name: string, known: readonly string[]): string | undefined {
  const other = OTHER_NAMES[name];
  if (other !== undefined && known.includes(other)) return other;
  return didYouMean(name, known) ?? known.find((k) => swapsTo(name.toLowerCase(), k.toLowerCase()));
}

/** Whether b is a with two neighbouring letters swapped ("titel" → "title"). */
function swapsTo(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff = [...a].flatMap((ch, i) => (ch === b[i] ? [] : [i]));
  return diff.length === 2 && diff[1] === diff[0]! + 1 && a[diff[0]!] === b[diff[1]!] && a[diff[1]!] === b[diff[0]!];
}

/** Problems for every key of `values` not in `known`, located at [...base, key]. */
export function unknownFields(values: Json, known: readonly string[], base: InputPath, what: string): InputProblem[] {
  return Object.keys(values)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const guess = suggestName(key, known);
      return problem(
        base.length === 0 ? 'unknown-field' : 'unknown-param',
        [...base, key],
        `${what} has no field "${key}"`,
        `${guess ? `did you mean "${guess}"? ` : ''}${known.length > 0 ? `the fields are ${known.join(', ')}` : 'it takes none'}`,
      );
    });
}

/** A value as a message shows it (core's `shownValue`), cut to 60 characters: a request may carry a whole scenario. */
export function shownValue(v: unknown): string {
  const s = coreShownValue(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export { isRecord };

/**
 * The fields of one object, read one by one. Each reader records a problem and returns the default when the value is
 * wrong, so one pass finds every problem.
 */
export class FieldReader {
  readonly problems: InputProblem[] = [];

  constructor(
    readonly values: Json,
    /** Where these fields are in the request: [] for the body, ["params"] for a job's parameters. */
    readonly base: InputPath,
  ) {}

  at(...rest: (string | number)[]): InputPath {
    return [...this.base, ...rest];
  }

  /** The raw value; undefined when missing or null. */
  raw(name: string): unknown {
    const v = this.values[name];
    return v === null ? undefined : v;
  }

  has(name: string): boolean {
    return this.raw(name) !== undefined;
  }

  add(...problems: InputProblem[]): void {
    this.problems.push(...problems);
  }

  private bad(name: string, v: unknown, rule: string, fix: string): void {
    this.problems.push(problem('bad-param', this.at(name), `${name} ${shownValue(v)} ${rule}`, fix));
  }

  /** A whole number from min to max; the fallback when missing. */
  whole(name: string, fallback: number, min: number, max: number): number;
  whole(name: string, fallback: undefined, min: number, max: number): number | undefined;
  whole(name: string, fallback: number | undefined, min: number, max: number): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.bad(name, v, `is not a whole number from ${min} to ${max}`, `give a whole number from ${min} to ${max}${fallback === undefined ? ', or leave it out' : `, or leave it out (default ${fallback})`}`);
      return fallback;
    }
    return v;
  }

  /** A finite number above 0; undefined when missing. */
  positive(name: string, example: string): number | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      this.bad(name, v, 'is not a number above 0', `give a number above 0, e.g. ${example}, or leave it out`);
      return undefined;
    }
    return v;
  }

  /** One of a few words, with a "did you mean". */
  choice<T extends string>(name: string, choices: readonly T[], fallback: T): T;
  choice<T extends string>(name: string, choices: readonly T[], fallback: undefined): T | undefined;
  choice<T extends string>(name: string, choices: readonly T[], fallback: T | undefined): T | undefined {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (typeof v === 'string' && (choices as readonly string[]).includes(v)) return v as T;
    const guess = typeof v === 'string' ? didYouMean(v, choices) : undefined;
    this.problems.push(problem('bad-param', this.at(name), `${name} cannot be ${shownValue(v)}`, `${guess ? `did you mean "${guess}"? ` : ''}use ${choices.map((c) => `"${c}"`).join(', ')}${fallback === undefined ? '' : ` (default "${fallback}")`}`));
    return fallback;
  }

  /** true or false. */
  flag(name: string, fallback: boolean): boolean {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') {
      this.bad(name, v, 'is not true or false', `send ${name}: true or false (JSON booleans, not text), or leave it out`);
      return fallback;
    }
    return v;
  }

  /** A non-empty list of text; undefined when missing. */
  strings(name: string, example: string): string[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
      this.bad(name, v, 'is not a list of names', `send a list, e.g. ${example}`);
      return undefined;
    }
    if (v.length === 0) {
      this.problems.push(problem('bad-param', this.at(name), `${name} is an empty list`, `name at least one, e.g. ${example}, or leave ${name} out for the default`));
      return undefined;
    }
    return v as string[];
  }

  /** Problems for every field not in `known`. */
  rejectUnknown(known: readonly string[], what: string): void {
    this.problems.push(...unknownFields(this.values, known, this.base, what));
  }
}

/** Problems of a list of names against the known ones: unknown (with a suggestion) or named twice, at [...path, k]. */
export function namesProblems(names: readonly string[], known: readonly string[], path: InputPath, what: string): InputProblem[] {
  const out: InputProblem[] = [];
  names.forEach((name, k) => {
    if (!known.includes(name)) {
      const guess = didYouMean(name, known);
      out.push(problem(`unknown-${what}`, [...path, k], `unknown ${what} "${name}"`, guess ? `did you mean "${guess}"?` : `choose from: ${known.join(', ')}`));
    } else if (names.indexOf(name) !== k) out.push(problem(`repeated-${what}`, [...path, k], `${what} "${name}" is named twice`, `name each ${what} once`));
  });
  return out;
}

/** Problems found by the core for a part of the request: their paths made to point into the request. */
export function relocate(problems: readonly InputProblem[], base: InputPath): InputProblem[] {
  return problems.map((p) => ({ ...p, path: [...base, ...p.path] }));
}

/** Problems as JSON: each with the CLI's one-line text (`source:line:column: message — fix`). */
export function problemsJson(problems: readonly InputProblem[], source?: string): (InputProblem & { text: string })[] {
  return problems.map((p) => ({ ...p, text: formatProblem(p, source) }));
}

/** "1 problem found", "3 problems found". */
export function problemCount(n: number): string {
  return `${n} problem${n === 1 ? '' : 's'} found`;
}
