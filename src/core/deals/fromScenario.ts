/**
 * A Parley scenario as a deal space: which packages are possible, and what each party thinks of them.
 *
 * Outcomes. Each issue (all of them, or the ones chosen) becomes a discrete issue: its own `options` when the
 * scenario lists them, otherwise its scale cut into `points` evenly spaced values from min to max (default 5:
 * 0, 25, 50, 75, 100 on a 0–100 scale) or into steps of `step` scale units (the max is always included).
 *
 * Parties. An actor, or a group of actors (the scenario's `group` field, e.g. "United States"), as the caller
 * chooses. A party's utility for a package x is the salience-weighted closeness of x to its members' positions,
 * members weighted by capability:
 *
 *   u_P(x) = Σ_j Σ_{a∈P} c_a·s_aj·(1 − δ(x_j, p_aj)) / Σ_j Σ_{a∈P} c_a·s_aj
 *
 * with c_a the capability, s_aj ∈ [0, 1] the salience (the file's 0–100 / 100), p_aj the position of actor a on
 * issue j (only actors with a stance on j count there), and δ the distance as a share of the scale:
 * δ = |x − p|/(max − min) (linear, default) or ((x − p)/(max − min))² (quadratic). So u_P ∈ [0, 1]; 1 means
 * every member gets its position on every issue it cares about, and an issue matters to the party in
 * proportion to the capability × salience its members put on it (the weights the compromise and Nash models
 * use). For a single actor this is Σ_j s_j(1 − δ_j)/Σ_j s_j. It is additive over issues:
 * c_Pj(v) = Σ_a c_a s_aj (1 − δ(v, p_aj)) / T_P, T_P the double sum — so the exact merge frontier applies.
 *
 * Reservation utility: u_P of the no-deal package, each issue at its `no_deal` point, else its `status_quo`;
 * null (with a note) if an issue has neither. Parties with no stance on any chosen issue are refused.
 * Cost: O(s + m·V·n) for s stances, m issues, V values per issue, n actors. Pure; the scenario is not changed.
 */
import { scenarioProblems } from '../checkScenario.js';
import { didYouMean, InputError, problem, type InputProblem } from '../errors.js';
import { nearestAnchor, type Issue, type Scenario } from '../scenario.js';
import type { DealIssue, DealSpace } from './space.js';

export interface ScenarioSpaceOptions {
  /** "groups" (the actors' `group` fields; actors without one stand alone), "actors", or a list of group names / actor ids. Default "groups". */
  parties?: 'groups' | 'actors' | string[];
  /** Values per issue when the issue has no options (default 5). */
  points?: number;
  /** Or a step in scale units (overrides points). */
  step?: number;
  /** Issue ids to include (default all). */
  issues?: string[];
  /** Distance inside the utility: linear (default) or quadratic. */
  loss?: 'linear' | 'quadratic';
}

/** One party's stake on one issue: the weights behind its utility. */
export interface PartyStake {
  /** Σ_a c_a s_aj over the party's members with a stance on the issue. */
  weight: number;
  /** Capability-weighted mean salience of those members, 0–100 ("how much the party cares"). */
  salience: number;
  /** Capability × salience weighted mean position (where the party wants the issue), or null without a stance. */
  position: number | null;
}

export interface ScenarioDealSpace extends DealSpace {
  /** Scenario issue for each deal issue. */
  sourceIssues: Issue[];
  /** Actor ids in each party. */
  members: string[][];
  /** stakes[p][j] for party p, deal issue j. */
  stakes: PartyStake[][];
  /** terms[p][j]: the members' weights c_a·s_aj/T_P and positions on issue j, for utilities at any point of the scale. */
  terms: { weight: Float64Array; position: Float64Array }[][];
  /** The no-deal package as scale values (no_deal, else status_quo; NaN where neither). */
  noDeal: number[];
  loss: 'linear' | 'quadratic';
}

/** Party p's contribution from issue j at scale value x: Σ_a (c_a s_aj / T_P)·(1 − δ(x, p_aj)). O(members). */
export function issueContribution(space: ScenarioDealSpace, p: number, j: number, x: number): number {
  const { weight, position } = space.terms[p]![j]!;
  const issue = space.sourceIssues[j]!;
  const range = issue.scale.max - issue.scale.min;
  let s = 0;
  for (let t = 0; t < weight.length; t++) {
    const d = (x - position[t]!) / range;
    s += weight[t]! * (1 - (space.loss === 'linear' ? Math.abs(d) : d * d));
  }
  return s;
}

/** Party p's utility of a package given as scale values (one per deal issue), summed in issue order. O(m·members). */
export function packageUtility(space: ScenarioDealSpace, p: number, x: ArrayLike<number>): number {
  let u = 0;
  for (let j = 0; j < space.sourceIssues.length; j++) u += issueContribution(space, p, j, x[j]!);
  return u;
}

/** The discrete values of an issue: its options, or evenly spaced points / steps on its scale. */
export function issueGrid(issue: Issue, points = 5, step?: number): { values: number[]; labels: string[] } {
  if (issue.options && issue.options.length > 0) {
    return { values: issue.options.map((o) => o.value), labels: issue.options.map((o) => o.label) };
  }
  const { min, max } = issue.scale;
  const values: number[] = [];
  if (step !== undefined) {
    for (let t = 0; min + t * step < max - 1e-9 * (max - min); t++) values.push(round(min + t * step));
    values.push(max);
  } else if (points <= 1) values.push(round((min + max) / 2));
  else for (let t = 0; t < points; t++) values.push(round(min + ((max - min) * t) / (points - 1)));
  return { values, labels: values.map((v) => valueLabel(issue, v)) };
}

const round = (x: number) => Math.round(x * 1e9) / 1e9;

/** The words of a value: the option's label, the anchor's text when an anchor sits at it, else "40 (near 50: …)". */
export function valueLabel(issue: Issue, value: number): string {
  const option = issue.options?.find((o) => o.value === value);
  if (option) return option.label;
  const anchor = nearestAnchor(issue, value);
  if (!anchor) return String(value);
  if (anchor.value === value) return anchor.label;
  return `${value} (near ${anchor.value}: ${anchor.label})`;
}

interface PartyDef {
  id: string;
  name: string;
  actors: number[];
}

function partyDefs(scenario: Scenario, parties: ScenarioSpaceOptions['parties'], problems: InputProblem[]): PartyDef[] {
  const mode = parties ?? 'groups';
  if (mode === 'actors') return scenario.actors.map((a, i) => ({ id: a.id, name: a.name, actors: [i] }));
  const groups = new Map<string, number[]>();
  scenario.actors.forEach((a, i) => {
    const key = a.group ?? a.id;
    const list = groups.get(key) ?? [];
    list.push(i);
    groups.set(key, list);
  });
  const byGroup = [...groups.entries()].map(([key, actors]) => ({
    id: key,
    name: actors.length === 1 && scenario.actors[actors[0]!]!.group === undefined ? scenario.actors[actors[0]!]!.name : key,
    actors,
  }));
  if (mode === 'groups') return byGroup;
  const out: PartyDef[] = [];
  const named = (def: PartyDef, k: number) => {
    if (out.some((d) => d.id === def.id)) problems.push(problem('repeated-party', ['parties', k], `"${mode[k]}" is named twice: a party cannot negotiate with itself`, 'name each party once'));
    else out.push(def);
  };
  mode.forEach((want, k) => {
    const g = byGroup.find((x) => x.id === want || x.id.toLowerCase() === want.toLowerCase());
    if (g) return void named(g, k);
    const ai = scenario.actors.findIndex((a) => a.id === want);
    if (ai >= 0) return void named({ id: scenario.actors[ai]!.id, name: scenario.actors[ai]!.name, actors: [ai] }, k);
    const names = [...byGroup.map((x) => x.id), ...scenario.actors.map((a) => a.id)];
    const guess = didYouMean(want, names);
    problems.push(problem('unknown-party', ['parties', k], `no group or actor "${want}"`, guess ? `did you mean "${guess}"?` : `choose from: ${names.join(', ')}`));
  });
  return out;
}

/** The most discrete values one issue may have: the deal space is their product over issues. */
export const MAX_VALUES_PER_ISSUE = 1001;

/** Build the deal space of a (point) scenario. Throws InputError for an invalid scenario (checkScenario.ts), unknown parties/issues or an unusable choice. */
export function scenarioDealSpace(scenario: Scenario, options: ScenarioSpaceOptions = {}): ScenarioDealSpace {
  const invalid = scenarioProblems(scenario);
  if (invalid.length > 0) throw new InputError(invalid);
  const problems: InputProblem[] = [];
  const loss = options.loss ?? 'linear';
  const points = options.points ?? 5;
  if (options.step !== undefined && !(options.step > 0)) problems.push(problem('bad-step', ['step'], `step ${options.step} is not positive`, 'give a step in scale units, e.g. 10'));
  if (!(Number.isInteger(points) && points >= 2 && points <= MAX_VALUES_PER_ISSUE)) {
    problems.push(problem('bad-points', ['points'], `${points} points per issue`, `give a whole number from 2 to ${MAX_VALUES_PER_ISSUE}`));
  }
  if (options.step !== undefined && options.step > 0) {
    const widest = Math.max(...scenario.issues.filter((i) => !options.issues?.length || options.issues.includes(i.id)).map((i) => (i.scale.max - i.scale.min) / options.step!));
    if (widest + 1 > MAX_VALUES_PER_ISSUE) {
      problems.push(problem('bad-step', ['step'], `step ${options.step} cuts a scale into ${widest >= 1e6 ? widest.toExponential(1) : Math.ceil(widest) + 1} values`, `give a step that leaves at most ${MAX_VALUES_PER_ISSUE} values per issue (e.g. a tenth of the scale)`));
    }
  }
  let issueIdx = scenario.issues.map((_, j) => j);
  if (options.issues && options.issues.length > 0) {
    issueIdx = [];
    options.issues.forEach((id, k) => {
      const j = scenario.issues.findIndex((i) => i.id === id);
      if (j >= 0 && issueIdx.includes(j)) problems.push(problem('repeated-issue', ['issues', k], `issue "${id}" is named twice`, 'name each issue once'));
      else if (j >= 0) issueIdx.push(j);
      else {
        const guess = didYouMean(id, scenario.issues.map((i) => i.id));
        problems.push(problem('unknown-issue', ['issues', k], `no issue "${id}"`, guess ? `did you mean "${guess}"?` : `choose from: ${scenario.issues.map((i) => i.id).join(', ')}`));
      }
    });
  }
  const defs = partyDefs(scenario, options.parties, problems);
  if (problems.length === 0 && defs.length < 2) problems.push(problem('too-few-parties', ['parties'], `a deal needs two or more parties; got ${defs.length}`, 'name two or more groups or actors'));
  if (problems.length > 0) throw new InputError(problems);

  const actorIndex = new Map(scenario.actors.map((a, i) => [a.id, i]));
  const issueIndex = new Map(scenario.issues.map((i, j) => [i.id, j]));
  // stance[a][j] for scenario issue j
  const stance: ({ position: number; salience: number } | undefined)[][] = scenario.actors.map(() => new Array(scenario.issues.length));
  for (const st of scenario.stances) {
    const a = actorIndex.get(st.actor);
    const j = issueIndex.get(st.issue);
    if (a !== undefined && j !== undefined) stance[a]![j] = { position: st.position, salience: st.salience / 100 };
  }
  const sourceIssues = issueIdx.map((j) => scenario.issues[j]!);
  const grids = sourceIssues.map((issue) => issueGrid(issue, points, options.step));
  const issues: DealIssue[] = sourceIssues.map((issue, j) => ({ id: issue.id, name: issue.name, values: grids[j]!.labels, points: grids[j]!.values }));
  const noDeal = sourceIssues.map((i) => i.no_deal ?? i.status_quo ?? NaN);
  const notes: string[] = [
    `Parley convention: u = Σ capability·salience·(1 − ${loss === 'linear' ? '|x − position|/scale' : '((x − position)/scale)²'}) / Σ capability·salience over each party's members; 1 = every member gets its position.`,
  ];
  if (noDeal.some(Number.isNaN)) notes.push(`No no-deal point or status quo on ${sourceIssues.filter((_, j) => Number.isNaN(noDeal[j]!)).map((i) => i.id).join(', ')}: no reservation utilities.`);

  const stakes: PartyStake[][] = [];
  const terms: ScenarioDealSpace['terms'] = [];
  const members: string[][] = [];
  const kept: PartyDef[] = [];
  for (const def of defs) {
    let total = 0;
    const partyStakes = issueIdx.map((j) => {
      let weight = 0;
      let cap = 0;
      let pos = 0;
      for (const a of def.actors) {
        const st = stance[a]![j];
        if (!st) continue;
        const c = scenario.actors[a]!.capability;
        weight += c * st.salience;
        cap += c;
        pos += c * st.salience * st.position;
      }
      total += weight;
      return { weight, salience: cap > 0 ? (100 * weight) / cap : 0, position: weight > 0 ? pos / weight : null };
    });
    if (!(total > 0)) {
      problems.push(problem('party-without-stake', ['parties', def.id], `"${def.name}" takes no position (with salience and capability above 0) on the chosen issues`, 'leave it out or choose issues it cares about'));
      continue;
    }
    terms.push(
      issueIdx.map((j) => {
        const w: number[] = [];
        const x: number[] = [];
        for (const a of def.actors) {
          const st = stance[a]![j];
          if (!st) continue;
          w.push((scenario.actors[a]!.capability * st.salience) / total);
          x.push(st.position);
        }
        return { weight: Float64Array.from(w), position: Float64Array.from(x) };
      }),
    );
    stakes.push(partyStakes);
    members.push(def.actors.map((a) => scenario.actors[a]!.id));
    kept.push(def);
  }
  if (problems.length > 0) throw new InputError(problems);
  const space: ScenarioDealSpace = { title: scenario.title, issues, parties: [], convention: 'parley', notes, sourceIssues, members, stakes, terms, noDeal, loss };
  space.parties = kept.map((def, p) => ({
    id: def.id,
    name: def.name,
    utility: { kind: 'additive', contributions: grids.map((g, j) => Float64Array.from(g.values, (x) => issueContribution(space, p, j, x))) },
    reservation: noDeal.some(Number.isNaN) ? null : packageUtility(space, p, noDeal),
    discount: null,
    source: members[p]!.join(', '),
  }));
  return space;
}
