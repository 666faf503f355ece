/**
 * Shocks: what-if changes to a scenario, and how each model's forecast moves.
 *
 *   drop ACTOR                          the actor leaves: its capability and every stance are removed
 *   set ACTOR.capability=VALUE          capability becomes VALUE (≥ 0)
 *   set ACTOR.ISSUE.position=VALUE      position on the issue becomes VALUE (on the issue's scale)
 *   set ACTOR.ISSUE.salience=VALUE      salience on the issue becomes VALUE (0–100)
 * A set number replaces whatever range or distribution the file gave. Shocks apply in the order given. An issue left
 * with nobody who has capability × salience > 0 (everyone on it dropped) has no forecast after the shock; it is
 * reported, not an error.
 *
 * Random salience perturbation, the robustness check Bueno de Mesquita describes for his forecasts (The Predictioneer's
 * Game, 2009: re-run the model with the actors' salience changed at random and see whether the prediction holds). The
 * variant here is Parley's own, stated exactly: in each of N runs every salience s becomes s + δ with δ ~ U(−H, H)
 * independently, cut to [0, 100]; run i uses stream (seed, i) (./montecarlo.ts), so it is reproducible on any number of
 * threads. The report gives each model's forecast distribution under the perturbation beside the unperturbed one.
 *
 * Pure; parsing O(a + i + s) per shock; applying O(a + s).
 */
import { didYouMean, listChoices, problem, type InputProblem } from '../errors.js';
import type { ForecastModel, ForecastOptions } from '../models/types.js';
import { pointValue } from '../quantity.js';
import type { Scenario, UncertainScenario } from '../scenario.js';
import type { MonteCarloJob } from './montecarlo.js';

export type Shock =
  | { kind: 'drop'; actor: string }
  | { kind: 'set'; field: 'capability'; actor: string; issue: null; value: number }
  | { kind: 'set'; field: 'position' | 'salience'; actor: string; issue: string; value: number };

const FIELDS = ['capability', 'position', 'salience'] as const;
const SET_SYNTAX = 'write ACTOR.capability=VALUE, ACTOR.ISSUE.position=VALUE or ACTOR.ISSUE.salience=VALUE';

/** How a shock reads: "drop xi", "set xi.taiwan.salience=60". */
export function describeShock(s: Shock): string {
  if (s.kind === 'drop') return `drop ${s.actor}`;
  return `set ${s.actor}${s.issue === null ? '' : `.${s.issue}`}.${s.field}=${s.value}`;
}

function unknown(kind: 'actor' | 'issue', id: string, known: string[], option: string): InputProblem {
  const guess = didYouMean(id, known);
  return problem(
    `unknown-${kind}`,
    [option],
    `unknown ${kind} "${id}"`,
    guess ? `did you mean "${guess}"?` : `use one of the ${kind} ids: ${listChoices(known)}`,
  );
}

/** Parse `--drop ACTOR`. */
export function parseDrop(text: string, s: UncertainScenario): { shock?: Shock; problems: InputProblem[] } {
  const actor = text.trim();
  const ids = s.actors.map((a) => a.id);
  if (!ids.includes(actor)) return { problems: [unknown('actor', actor, ids, `--drop ${text}`)] };
  return { shock: { kind: 'drop', actor }, problems: [] };
}

/** Parse `--set ACTOR[.ISSUE].FIELD=VALUE` against the scenario: every problem with a "did you mean" where one is close. */
export function parseSet(text: string, s: UncertainScenario): { shock?: Shock; problems: InputProblem[] } {
  const option = `--set ${text}`;
  const bad = (code: string, message: string, fix: string) => ({ problems: [problem(code, [option], message, fix)] });
  const eq = text.indexOf('=');
  if (eq <= 0 || text.slice(eq + 1).trim() === '') return bad('bad-set', 'expected NAME=VALUE', SET_SYNTAX);
  const lhs = text.slice(0, eq).trim();
  const rhs = text.slice(eq + 1).trim();
  const dot = lhs.lastIndexOf('.');
  if (dot <= 0) return bad('bad-set', `"${lhs}" names no actor and field`, SET_SYNTAX);
  const fieldText = lhs.slice(dot + 1);
  const target = lhs.slice(0, dot);
  if (!(FIELDS as readonly string[]).includes(fieldText)) {
    const guess = didYouMean(fieldText, FIELDS);
    return bad('bad-set', `unknown field "${fieldText}"`, guess ? `did you mean "${guess}"? (${SET_SYNTAX})` : SET_SYNTAX);
  }
  const field = fieldText as (typeof FIELDS)[number];
  const actorIds = s.actors.map((a) => a.id);
  const issueIds = s.issues.map((i) => i.id);
  const value = Number(rhs);
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(rhs) || !Number.isFinite(value)) return bad('bad-set', `"${rhs}" is not a number`, `write a number after "=", e.g. ${lhs}=40`);

  if (field === 'capability') {
    if (!actorIds.includes(target)) {
      const split = splitActorIssue(target, actorIds, issueIds);
      if (split) return bad('bad-set', 'capability belongs to the actor, not to one issue', `write ${split.actor}.capability=${rhs}`);
      return { problems: [unknown('actor', target, actorIds, option)] };
    }
    if (value < 0) return bad('out-of-range', `capability ${value} is negative`, 'capability is ≥ 0');
    return { shock: { kind: 'set', field, actor: target, issue: null, value }, problems: [] };
  }

  const split = splitActorIssue(target, actorIds, issueIds);
  if (!split) {
    const first = target.indexOf('.');
    if (first <= 0) {
      if (actorIds.includes(target)) return bad('bad-set', `${field} is per issue`, `write ${target}.ISSUE.${field}=${rhs}, with ISSUE one of: ${issueIds.slice(0, 6).join(', ')}${issueIds.length > 6 ? ', …' : ''}`);
      return bad('bad-set', `"${lhs}" names no actor and issue`, SET_SYNTAX);
    }
    const actor = target.slice(0, first);
    const issue = target.slice(first + 1);
    const problems: InputProblem[] = [];
    if (!actorIds.includes(actor)) problems.push(unknown('actor', actor, actorIds, option));
    if (!issueIds.includes(issue)) problems.push(unknown('issue', issue, issueIds, option));
    return { problems };
  }
  const { actor, issue } = split;
  const stance = s.stances.find((t) => t.actor === actor && t.issue === issue);
  if (!stance) {
    const own = s.stances.filter((t) => t.actor === actor).map((t) => t.issue);
    return bad('no-stance', `actor "${actor}" takes no part in issue "${issue}"`, own.length > 0 ? `${actor} has stances on: ${own.join(', ')}; to add a stance, edit the scenario file` : `${actor} has no stances; edit the scenario file`);
  }
  if (field === 'salience' && (value < 0 || value > 100)) return bad('out-of-range', `salience ${value} is out of range`, 'salience is 0–100');
  if (field === 'position') {
    const scale = s.issues.find((i) => i.id === issue)!.scale;
    if (value < scale.min || value > scale.max) return bad('out-of-range', `position ${value} is outside the issue's scale ${scale.min}–${scale.max}`, `use a value between ${scale.min} and ${scale.max}`);
  }
  return { shock: { kind: 'set', field, actor, issue, value }, problems: [] };
}

/** Split "a.b.c" into a known actor and a known issue at some dot (ids may contain dots). */
function splitActorIssue(target: string, actorIds: string[], issueIds: string[]): { actor: string; issue: string } | undefined {
  for (let i = target.indexOf('.'); i > 0; i = target.indexOf('.', i + 1)) {
    const actor = target.slice(0, i);
    const issue = target.slice(i + 1);
    if (actorIds.includes(actor) && issueIds.includes(issue)) return { actor, issue };
  }
  return undefined;
}

export interface ShockedScenario {
  scenario: UncertainScenario;
  /** Issues that nobody with weight takes part in any more: removed, no forecast after the shock. */
  removedIssues: string[];
}

/** Apply shocks in order. Never mutates its input. O(k·(a + s)) for k shocks. */
export function applyShocks(s: UncertainScenario, shocks: Shock[]): ShockedScenario {
  let actors = s.actors;
  let stances = s.stances;
  for (const shock of shocks) {
    if (shock.kind === 'drop') {
      actors = actors.filter((a) => a.id !== shock.actor);
      stances = stances.filter((t) => t.actor !== shock.actor);
    } else if (shock.field === 'capability') {
      actors = actors.map((a) => (a.id === shock.actor ? { ...a, capability: shock.value } : a));
    } else {
      const { field, value } = shock;
      stances = stances.map((t) => (t.actor === shock.actor && t.issue === shock.issue ? { ...t, [field]: value } : t));
    }
  }
  const capability = new Map(actors.map((a) => [a.id, pointValue(a.capability)]));
  const weight = new Map<string, number>();
  for (const t of stances) weight.set(t.issue, (weight.get(t.issue) ?? 0) + (capability.get(t.actor) ?? 0) * pointValue(t.salience));
  const removedIssues = s.issues.filter((i) => !((weight.get(i.id) ?? 0) > 0)).map((i) => i.id);
  const removed = new Set(removedIssues);
  return {
    scenario: { ...s, actors, issues: s.issues.filter((i) => !removed.has(i.id)), stances: stances.filter((t) => !removed.has(t.issue)) },
    removedIssues,
  };
}

/**
 * The Monte Carlo job of the random salience perturbation: the point scenario with every salience widened to
 * U(s − H, s + H) cut to [0, 100], nothing else uncertain.
 */
export function perturbationJob(scenario: Scenario, halfWidth: number, seed: number, draws: number, base: Omit<MonteCarloJob, 'experts' | 'seed' | 'draws'>): MonteCarloJob {
  const perturbed: UncertainScenario = { ...scenario, uncertainty: { salience: halfWidth } };
  return { ...base, experts: [{ name: 'perturbation', scenario: perturbed }], expertMode: 'pool', seed, draws };
}

export interface ShockIssueRow {
  id: string;
  name: string;
  /** Model id → forecast before and after the shocks (null: no forecast, e.g. the issue was emptied). */
  before: Record<string, number | null>;
  after: Record<string, number | null>;
  /** after − before. */
  change: Record<string, number | null>;
}

/** Each model's forecast of every issue of `before`, before and after. A model that throws gives null. O(Σ_m cost_m). */
export function compareForecasts(before: Scenario, after: Scenario, models: readonly ForecastModel[], options: ForecastOptions = {}): ShockIssueRow[] {
  const valuesOnly: ForecastOptions = { ...options, explain: false };
  const run = (s: Scenario) =>
    models.map((m) => {
      const out = new Map<string, number>();
      try {
        for (const f of m.forecast(s, valuesOnly).issues) if (Number.isFinite(f.value)) out.set(f.issue, f.value);
      } catch {
        // no forecast from this model: every issue shows null
      }
      return out;
    });
  const b = run(before);
  const a = run(after);
  return before.issues.map((issue) => {
    const row: ShockIssueRow = { id: issue.id, name: issue.name, before: {}, after: {}, change: {} };
    models.forEach((m, i) => {
      const x = b[i]!.get(issue.id) ?? null;
      const y = a[i]!.get(issue.id) ?? null;
      row.before[m.id] = x;
      row.after[m.id] = y;
      row.change[m.id] = x === null || y === null ? null : y - x;
    });
    return row;
  });
}
