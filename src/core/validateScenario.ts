/**
 * Validation of a scenario read from a file: every problem at once, each with its path, message and fix.
 *
 * Two passes over the raw value (what YAML/JSON parsing produced):
 *   1. structure, by the zod schema (types, required fields, unknown keys with "did you mean");
 *   2. meaning, by hand (ids unique, stances name known actors and issues, values inside scales, every issue has
 *      someone taking a position, at least two actors, weights not all zero).
 * The second pass guards every access so that it still reports what it can when the first pass found errors.
 * Cost: O(a + i + s) for a actors, i issues, s stances.
 */
import type { z } from 'zod';
import { didYouMean, isRecord, listChoices, problem, type InputPath, type InputProblem } from './errors.js';
import { quantityBounds, type Quantity } from './quantity.js';
import { allowedKeys, scenarioSchema } from './scenarioSchema.js';
import type { Anchor, Issue, UncertainScenario } from './scenario.js';
import { modelOptionProblems } from './models/modelOptions.js';
import { MODELS } from './models/registry.js';

export interface ValidationResult {
  /** Present only when there are no problems. */
  scenario?: UncertainScenario;
  problems: InputProblem[];
}

type Raw = Record<string, unknown>;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function validateScenario(raw: unknown): ValidationResult {
  const problems: InputProblem[] = [];
  if (!isRecord(raw)) {
    problems.push(
      problem('not-a-scenario', [], 'the file does not hold a scenario (expected a mapping with title, actors, issues and stances)', 'start from `parley init FILE`'),
    );
    return { problems };
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) problems.push(...fromZodIssue(issue, raw));
  problems.push(...checkMeaning(raw));
  if (isRecord(raw.model_options)) problems.push(...modelOptionProblems(raw.model_options, MODELS));
  if (!parsed.success && problems.length === 0) {
    // Never a silent rejection: a schema problem that no friendlier check words is reported as the schema words it.
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
      problems.push(problem('schema', path, issue.message, 'see `parley schema` for what this field takes'));
    }
  }
  if (problems.length > 0 || !parsed.success) return { problems };
  return { scenario: normalise(parsed.data), problems };
}

// ---------------------------------------------------------------- structure (zod issues → problems)

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg as string];
  }
  return v;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text "${v.length > 30 ? v.slice(0, 30) + '…' : v}"`;
  return `${typeof v} ${String(v)}`;
}

/** Which kind of object a path points to, for the list of allowed keys. */
function objectKind(path: InputPath): keyof typeof allowedKeys {
  const [first, , third, , fifth] = path;
  if (path.length === 0) return 'scenario';
  if (first === 'uncertainty') return 'uncertainty';
  if (first === 'actors' && path.length === 2) return 'actor';
  if (first === 'issues' && path.length === 2) return 'issue';
  if (first === 'issues' && third === 'scale') return 'scale';
  if (first === 'issues' && third === 'options') return 'option';
  if (first === 'stances' && path.length === 2) return 'stance';
  if (path[path.length - 1] === 'normal' || fifth === 'normal') return 'normal';
  return 'distribution';
}

const ENTRY_KIND: Record<string, { kind: string; fields: string }> = {
  actors: { kind: 'actor', fields: 'id, name, capability' },
  issues: { kind: 'issue', fields: 'id, name, status_quo, no_deal, …' },
  stances: { kind: 'stance', fields: 'actor, issue, position, salience' },
};

const QUANTITY_FIELDS = new Set(['capability', 'position', 'salience']);
const QUANTITY_HELP =
  'write a number (40), a range [30, 50], or a distribution: { triangular: [30, 40, 60] } or { normal: { mean: 40, sd: 5 } }';

function fromZodIssue(issue: z.core.$ZodIssue, raw: Raw): InputProblem[] {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  const field = String(path[path.length - 1] ?? 'the file');
  const value = valueAt(raw, path);
  const quantityPath = path.findIndex((s) => typeof s === 'string' && QUANTITY_FIELDS.has(s));
  if (path[0] === 'uncertainty' && path.length === 2 && issue.code !== 'too_small') {
    return [
      field === 'shape'
        ? problem('bad-shape', path, `\`shape\` is ${typeName(value)}`, 'write uniform, triangular or normal')
        : problem('bad-spread', path, `\`${field}\` is ${typeName(value)}, not a spread`, 'write a number ≥ 0 (e.g. 10) or a percentage in quotes (e.g. "10%")'),
    ];
  }
  if (quantityPath >= 0 && path[0] !== 'issues' && path[0] !== 'uncertainty') {
    // Any structural problem inside a quantity: one message for the whole quantity.
    const qPath = path.slice(0, quantityPath + 1);
    const qValue = valueAt(raw, qPath);
    const name = String(qPath[qPath.length - 1]);
    if (qValue === undefined) return [problem('missing-field', qPath, `missing required field \`${name}\``, `add \`${name}:\` (${QUANTITY_HELP})`)];
    if ((issue.code === 'too_small' || issue.code === 'too_big') && field === 'sd') {
      return [problem('bad-quantity', path, `the standard deviation \`sd\` is ${typeName(value)}; it cannot be negative`, 'write sd as a number ≥ 0, e.g. { normal: { mean: 50, sd: 10 } }')];
    }
    if (issue.code === 'too_small' || issue.code === 'too_big') return []; // range checks are reported by checkMeaning
    if (issue.code === 'invalid_union' && Array.isArray(qValue) && qValue.every(isNumber)) {
      // A list of numbers of the wrong length.
      return [problem('bad-quantity', qPath, `\`${name}\` is a list of ${qValue.length} numbers`, 'a range has exactly two numbers, [low, high]')];
    }
    if (issue.code === 'invalid_union' || issue.code === 'invalid_type' || issue.code === 'unrecognized_keys') {
      return [quantityProblem(name, qPath, qValue)];
    }
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    return [problem('not-finite', path, `\`${field}\` is ${String(value)}, which is not a finite number`, issue.code === 'invalid_type' && issue.expected === 'number' ? 'write a finite number, e.g. 50' : 'see `parley schema` for what this field takes')];
  }
  switch (issue.code) {
    case 'invalid_type': {
      const list = path.length === 2 && typeof path[0] === 'string' ? ENTRY_KIND[path[0]] : undefined;
      if (list && value !== undefined) {
        return [problem('wrong-type', path, `${path[0]}[${path[1]}] is ${typeName(value)}, expected a mapping with ${list.fields}`, `write each ${list.kind} as \`- ${list.fields.split(',')[0]}: …\` with its other fields below`)];
      }
      if (value === undefined) return [problem('missing-field', path, `missing required field \`${field}\``, `add \`${field}: …\` (${describeExpected(issue.expected)})`)];
      if (field === 'anchors' && path[0] === 'issues') {
        return [problem('wrong-type', path, `\`anchors\` is ${typeName(value)}, expected a mapping of scale points to what they mean`, 'write each anchor as `value: label`, e.g. anchors: { 0: "no tariff", 100: "prohibitive tariff" }')];
      }
      return [problem('wrong-type', path, `\`${field}\` is ${typeName(value)}, expected ${describeExpected(issue.expected)}`, `write ${describeExpected(issue.expected)}`)];
    }
    case 'unrecognized_keys': {
      const allowed = allowedKeys[objectKind(path)];
      return issue.keys.map((key) => {
        const guess = didYouMean(key, allowed);
        return problem(
          'unknown-key',
          [...path, key],
          `unknown key \`${key}\``,
          guess ? `did you mean \`${guess}\`?` : `allowed keys here: ${allowed.join(', ')}`,
        );
      });
    }
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'array' || issue.origin === 'string') {
        return [problem('empty', path, `\`${field}\` is empty`, issue.origin === 'string' ? 'write some text' : 'add at least one entry')];
      }
      return []; // numeric ranges are reported by checkMeaning with their context
    }
    case 'invalid_format':
      return [problem('bad-format', path, `\`${field}\` ${issue.message}`, field === 'id' || field === 'actor' || field === 'issue' ? 'remove the leading and trailing spaces' : 'see `parley schema`')];
    case 'invalid_union':
      return [problem('wrong-type', path, `\`${field}\` is ${typeName(value)}, which is not allowed here`, 'see `parley schema` for what this field takes')];
    case 'invalid_key':
      return [problem('bad-key', path, `\`${field}\` has a key that is not a number`, 'anchor keys are points on the scale, e.g. 0, 50, 100')];
    default:
      return [problem('invalid', path, `\`${field}\`: ${issue.message}`, 'see `parley schema`')];
  }
}

const DISTRIBUTIONS = ['uniform', 'triangular', 'normal'] as const;
const DISTRIBUTION_SHAPE: Record<(typeof DISTRIBUTIONS)[number], string> = {
  uniform: 'two numbers [low, high]',
  triangular: 'three numbers [low, mode, high]',
  normal: 'a mapping { mean: …, sd: … }',
};

/** A value in words, for "here it is …": numbers that are not finite say so. */
function valueWords(v: unknown): string {
  if (typeof v === 'number' && !Number.isFinite(v)) return `${String(v)}, which is not a finite number`;
  return typeName(v);
}

/** The first item of a list that is not a finite number, as " (item 2 is the text "x")", or ''. */
function badItem(list: unknown[]): string {
  const k = list.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  return k < 0 ? '' : `; item ${k + 1} is ${valueWords(list[k])}`;
}

/**
 * What is wrong with a quantity (a capability, position or salience) that is neither a number, a range nor a
 * distribution, said about the part that is wrong: "triangular needs three numbers [low, mode, high]", "sd must be a
 * number", "Infinity is not a finite number", a misspelt distribution with "did you mean".
 */
function quantityProblem(name: string, path: InputPath, v: unknown): InputProblem {
  const bad = (at: InputPath, message: string, fix = QUANTITY_HELP) => problem('bad-quantity', at, message, fix);
  if (typeof v === 'number' && !Number.isFinite(v)) return bad(path, `\`${name}\` is ${String(v)}, which is not a finite number`);
  if (Array.isArray(v)) {
    return bad(path, `\`${name}\` is a list, but a range is two numbers [low, high]${badItem(v)}`, 'write the range as two numbers, e.g. [30, 50]');
  }
  if (!isRecord(v)) return bad(path, `\`${name}\` is ${typeName(v)}, not a number, range or distribution`);
  const keys = Object.keys(v);
  if (keys.length === 0) return bad(path, `\`${name}\` is an empty mapping, not a distribution`);
  const unknown = keys.filter((k) => !(DISTRIBUTIONS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    const guess = didYouMean(unknown[0]!, DISTRIBUTIONS);
    return bad([...path, unknown[0]!], `\`${name}\` has \`${unknown[0]}\`, which is not a distribution (uniform, triangular or normal)`, `${guess ? `did you mean \`${guess}\`? ` : ''}${QUANTITY_HELP}`);
  }
  if (keys.length > 1) return bad(path, `\`${name}\` names ${keys.length} distributions (${keys.join(', ')}); a quantity has one`, 'keep one of them');
  const kind = keys[0] as (typeof DISTRIBUTIONS)[number];
  const body = v[kind];
  const at = [...path, kind];
  if (kind === 'normal') {
    const example = `e.g. ${name}: { normal: { mean: 40, sd: 5 } }`;
    if (!isRecord(body)) return bad(at, `normal needs ${DISTRIBUTION_SHAPE.normal}; here it is ${valueWords(body)}`, `write ${example}`);
    const extra = Object.keys(body).filter((k) => k !== 'mean' && k !== 'sd');
    if (extra.length > 0) {
      const guess = didYouMean(extra[0]!, ['mean', 'sd']);
      return bad([...at, extra[0]!], `normal has \`${extra[0]}\`; it takes mean and sd`, `${guess ? `did you mean \`${guess}\`? ` : ''}write ${example}`);
    }
    for (const part of ['mean', 'sd'] as const) {
      const x = body[part];
      if (x === undefined) return bad(at, `normal needs ${part === 'mean' ? 'a mean' : 'an sd (standard deviation)'}`, `write ${example}`);
      if (typeof x !== 'number' || !Number.isFinite(x)) return bad([...at, part], `${part} must be a number; here it is ${valueWords(x)}`, `write ${example}`);
    }
    return bad(at, `\`${name}\` is not a valid normal distribution`, `write ${example}`);
  }
  const count = kind === 'uniform' ? 2 : 3;
  const example = kind === 'uniform' ? `e.g. ${name}: { uniform: [30, 50] }` : `e.g. ${name}: { triangular: [30, 40, 60] }`;
  if (!Array.isArray(body)) return bad(at, `${kind} needs ${DISTRIBUTION_SHAPE[kind]}; here it is ${valueWords(body)}`, `write ${example}`);
  if (body.length !== count) return bad(at, `${kind} needs ${DISTRIBUTION_SHAPE[kind]}; here it is a list of ${body.length}`, `write ${example}`);
  return bad(at, `${kind} needs ${DISTRIBUTION_SHAPE[kind]}${badItem(body)}`, `write ${example}`);
}

function describeExpected(expected: string): string {
  switch (expected) {
    case 'number':
      return 'a number';
    case 'string':
      return 'text';
    case 'array':
      return 'a list';
    case 'object':
    case 'record':
      return 'a mapping (key: value)';
    default:
      return expected;
  }
}

// ---------------------------------------------------------------- meaning

/** YYYY-MM-DD naming a real day (2025-02-29 is not one). */
function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function checkMeaning(raw: Raw): InputProblem[] {
  const out: InputProblem[] = [];
  const actors = Array.isArray(raw.actors) ? raw.actors : [];
  const issues = Array.isArray(raw.issues) ? raw.issues : [];
  const stances = Array.isArray(raw.stances) ? raw.stances : [];

  if (typeof raw.date === 'string' && !isCalendarDate(raw.date)) {
    out.push(problem('bad-date', ['date'], `date "${raw.date}" is not a day of the calendar written YYYY-MM-DD`, 'write the day the inputs describe, e.g. date: 2025-10-29, or leave date out'));
  }
  if (Array.isArray(raw.actors) && actors.length < 2) {
    out.push(problem('too-few-actors', ['actors'], `the scenario has ${actors.length} actor${actors.length === 1 ? '' : 's'}; a negotiation needs at least two`, 'add the other parties under `actors:`'));
  }
  if (Array.isArray(raw.issues) && issues.length === 0) {
    out.push(problem('no-issues', ['issues'], 'the scenario has no issues', 'add at least one issue under `issues:`'));
  }

  const actorIds = uniqueIds(actors, 'actors', 'actor', out);
  const issueIds = uniqueIds(issues, 'issues', 'issue', out);

  for (const [i, a] of actors.entries()) {
    if (!isRecord(a)) continue;
    checkQuantity(a.capability, ['actors', i, 'capability'], 0, Infinity, 'capability', 'capability is ≥ 0 (any unit; say which in capability_unit)', out);
  }

  const scales = new Map<string, { min: number; max: number }>();
  for (const [i, issue] of issues.entries()) {
    if (!isRecord(issue)) continue;
    const scale = checkScale(issue.scale, ['issues', i, 'scale'], out);
    if (typeof issue.id === 'string') scales.set(issue.id, scale);
    for (const key of ['status_quo', 'no_deal', 'outcome'] as const) {
      const v = issue[key];
      if (isNumber(v) && (v < scale.min || v > scale.max)) out.push(outOfScale(['issues', i, key], key, v, scale));
    }
    if (isRecord(issue.anchors)) {
      for (const key of Object.keys(issue.anchors)) {
        const v = Number(key);
        if (Number.isFinite(v) && (v < scale.min || v > scale.max)) out.push(outOfScale(['issues', i, 'anchors', key], 'anchor', v, scale));
      }
    }
    if (Array.isArray(issue.options)) {
      for (const [k, o] of issue.options.entries()) {
        const v = isRecord(o) ? o.value : o;
        if (isNumber(v) && (v < scale.min || v > scale.max)) out.push(outOfScale(['issues', i, 'options', k], 'option', v, scale));
      }
    }
  }

  const seenPair = new Map<string, number>();
  const participants = new Map<string, number>();
  const weightOnIssue = new Map<string, number>();
  for (const [k, st] of stances.entries()) {
    if (!isRecord(st)) continue;
    const actorOk = checkReference(st.actor, ['stances', k, 'actor'], actorIds, 'actor', out);
    const issueOk = checkReference(st.issue, ['stances', k, 'issue'], issueIds, 'issue', out);
    if (actorOk && issueOk) {
      const pair = `${String(st.actor)}\u0000${String(st.issue)}`;
      const first = seenPair.get(pair);
      if (first !== undefined) {
        out.push(problem('duplicate-stance', ['stances', k], `a second stance of actor "${String(st.actor)}" on issue "${String(st.issue)}" (the first is stances[${first}])`, 'keep one stance per actor and issue'));
      } else seenPair.set(pair, k);
      participants.set(String(st.issue), (participants.get(String(st.issue)) ?? 0) + 1);
    }
    const scale = typeof st.issue === 'string' ? scales.get(st.issue) : undefined;
    if (scale) checkQuantity(st.position, ['stances', k, 'position'], scale.min, scale.max, 'position', `positions lie on the issue's scale, ${scale.min}–${scale.max}`, out);
    checkQuantity(st.salience, ['stances', k, 'salience'], 0, 100, 'salience', 'salience is 0–100 (0 = indifferent, 100 = nothing matters more)', out);
    if (issueOk && actorOk) {
      const actor = actors.find((a) => isRecord(a) && a.id === st.actor) as Raw | undefined;
      const w = meanOf(actor?.capability) * meanOf(st.salience);
      if (Number.isFinite(w)) weightOnIssue.set(String(st.issue), (weightOnIssue.get(String(st.issue)) ?? 0) + w);
    }
  }

  if (isRecord(raw.uncertainty)) {
    for (const key of ['capability', 'position', 'salience'] as const) {
      const v = raw.uncertainty[key];
      if (isNumber(v) && v < 0) out.push(problem('out-of-range', ['uncertainty', key], `the ${key} spread ${v} is negative`, 'write the half-width as a number ≥ 0, e.g. 10 for ±10'));
    }
  }

  for (const [i, issue] of issues.entries()) {
    if (!isRecord(issue) || typeof issue.id !== 'string') continue;
    if (!participants.has(issue.id)) {
      out.push(problem('no-stances', ['issues', i], `nobody takes a position on issue "${issue.id}"`, `add stances with \`issue: ${issue.id}\`, or remove the issue`));
    } else if (weightOnIssue.get(issue.id) === 0) {
      out.push(problem('zero-weight', ['issues', i], `on issue "${issue.id}" every participant has capability × salience = 0, so no model can weigh them`, 'give at least one participant a salience and a capability above 0'));
    }
  }
  return out;
}

function meanOf(q: unknown): number {
  if (isNumber(q)) return q;
  const parsed = toQuantity(q);
  if (parsed === undefined) return NaN;
  const [lo, hi] = quantityBounds(parsed);
  return typeof parsed === 'number' ? parsed : (lo + hi) / 2;
}

const RESERVED_IDS: ReadonlySet<string> = new Set(['__proto__']);

function uniqueIds(list: unknown[], listName: string, kind: string, out: InputProblem[]): Set<string> {
  const ids = new Map<string, number>();
  for (const [i, entry] of list.entries()) {
    if (!isRecord(entry)) continue; // reported by the schema pass
    if (typeof entry.id !== 'string') continue; // reported by the schema pass
    if (RESERVED_IDS.has(entry.id)) {
      // Results are keyed by id in plain objects (JSON output), where these names are not ordinary keys.
      out.push(problem('reserved-id', [listName, i, 'id'], `${kind} id "${entry.id}" is reserved`, `choose another id, e.g. "${entry.id.replace(/_/g, '')}_${kind}"`));
      continue;
    }
    const first = ids.get(entry.id);
    if (first !== undefined) {
      out.push(problem('duplicate-id', [listName, i, 'id'], `duplicate ${kind} id "${entry.id}" (also ${listName}[${first}])`, `give each ${kind} its own id`));
    } else ids.set(entry.id, i);
  }
  return new Set(ids.keys());
}

function checkReference(v: unknown, path: InputPath, known: Set<string>, kind: string, out: InputProblem[]): boolean {
  if (typeof v !== 'string') return false;
  if (known.has(v)) return true;
  const guess = didYouMean(v, known);
  out.push(
    problem(
      `unknown-${kind}`,
      path,
      `unknown ${kind} "${v}"`,
      guess ? `did you mean "${guess}"?` : known.size > 0 ? `use one of the ${kind} ids: ${listChoices([...known])}` : `define the ${kind} under \`${kind}s:\` first`,
    ),
  );
  return false;
}

function checkScale(v: unknown, path: InputPath, out: InputProblem[]): { min: number; max: number } {
  if (!isRecord(v)) return { min: 0, max: 100 };
  const min = isNumber(v.min) ? v.min : 0;
  const max = isNumber(v.max) ? v.max : 100;
  if (min >= max) {
    out.push(problem('bad-scale', path, `the scale's min (${min}) is not below its max (${max})`, 'write scale: { min: 0, max: 100 } with min < max'));
    return { min: Math.min(min, max), max: Math.max(min, max) };
  }
  return { min, max };
}

function outOfScale(path: InputPath, what: string, v: number, scale: { min: number; max: number }): InputProblem {
  return problem('out-of-scale', path, `${what} ${v} is outside the issue's scale ${scale.min}–${scale.max}`, `use a value between ${scale.min} and ${scale.max}, or widen the issue's scale`);
}

function checkQuantity(v: unknown, path: InputPath, min: number, max: number, name: string, rule: string, out: InputProblem[]): void {
  const q = toQuantity(v);
  if (q === undefined) return; // structure problems are reported by the schema pass
  const numbers: number[] = typeof q === 'number' ? [q] : q.kind === 'normal' ? [q.mean] : q.kind === 'uniform' ? [q.low, q.high] : [q.low, q.mode, q.high];
  const bad = numbers.find((x) => x < min || x > max);
  if (bad !== undefined) {
    out.push(problem('out-of-range', path, `${name} ${bad} is out of range`, rule));
    return;
  }
  if (typeof q === 'object' && q.kind !== 'normal') {
    const sorted = q.kind === 'uniform' ? q.low <= q.high : q.low <= q.mode && q.mode <= q.high;
    if (!sorted) out.push(problem('unsorted-range', path, `${name} range ${JSON.stringify(v)} is not in increasing order`, q.kind === 'uniform' ? 'write [low, high] with low ≤ high' : 'write { triangular: [low, mode, high] } with low ≤ mode ≤ high'));
  }
}

/** A raw value as a Quantity, or undefined when it is not one (the schema pass reports why). */
export function toQuantity(v: unknown): Quantity | undefined {
  if (isNumber(v)) return v;
  if (Array.isArray(v) && v.length === 2 && v.every(isNumber)) return { kind: 'uniform', low: v[0], high: v[1] };
  if (!isRecord(v)) return undefined;
  if (Array.isArray(v.uniform) && v.uniform.length === 2 && v.uniform.every(isNumber)) return { kind: 'uniform', low: v.uniform[0], high: v.uniform[1] };
  if (Array.isArray(v.triangular) && v.triangular.length === 3 && v.triangular.every(isNumber)) {
    return { kind: 'triangular', low: v.triangular[0], mode: v.triangular[1], high: v.triangular[2] };
  }
  if (isRecord(v.normal) && isNumber(v.normal.mean) && isNumber(v.normal.sd)) return { kind: 'normal', mean: v.normal.mean, sd: v.normal.sd };
  return undefined;
}

// ---------------------------------------------------------------- normalisation

function normalise(f: z.infer<typeof scenarioSchema>): UncertainScenario {
  const q = (v: unknown): Quantity => toQuantity(v) as Quantity;
  return {
    title: f.title,
    description: f.description,
    date: f.date instanceof Date ? f.date.toISOString().slice(0, 10) : f.date,
    sources: f.sources ?? [],
    capability_unit: f.capability_unit,
    actors: f.actors.map((a) => ({ id: a.id, name: a.name, capability: q(a.capability), group: a.group, description: a.description })),
    issues: f.issues.map((i): Issue => {
      const anchors: Anchor[] = Object.entries(i.anchors ?? {})
        .map(([k, label]) => ({ value: Number(k), label }))
        .sort((a, b) => a.value - b.value);
      const options = i.options
        ?.map((o) => (typeof o === 'number' ? { value: o, label: String(o) } : o))
        .sort((a, b) => a.value - b.value);
      return {
        id: i.id,
        name: i.name,
        description: i.description,
        scale: i.scale ?? { min: 0, max: 100 },
        anchors,
        status_quo: i.status_quo,
        no_deal: i.no_deal,
        options,
        outcome: i.outcome,
      };
    }),
    stances: f.stances.map((s) => ({ actor: s.actor, issue: s.issue, position: q(s.position), salience: q(s.salience), note: s.note })),
    model_options: f.model_options,
    uncertainty: f.uncertainty,
  };
}

