/**
 * The uncertain inputs of a scenario (or of several experts' versions of it) and how one Monte Carlo draw samples them.
 *
 * An input is one number a model reads: an actor's capability, or an actor's position or salience on an issue. It is
 * uncertain when the file gives it a range or distribution, when the scenario's `uncertainty:` defaults widen a plain
 * number (./defaults.ts), or when experts disagree on it. Inputs are named as `parley shock --set` names them:
 * `ACTOR.capability`, `ACTOR.ISSUE.position`, `ACTOR.ISSUE.salience`, and listed in a fixed order (capabilities in
 * actor order, then each stance's position and salience in stance order), which is also the order a draw consumes
 * its random numbers in.
 *
 * Experts. Several versions of one scenario (same actors, issues and stances; different numbers) are combined by a
 * linear opinion pool (Stone 1961, "The opinion pool", Ann. Math. Stat. 32:1339–1342; Clemen & Winkler 1999,
 * "Combining probability distributions from experts in risk analysis", Risk Analysis 19:187–203), equal weights:
 *   pool  (default) — each input of a draw comes from an expert chosen at random for that input: the inputs' margins are
 *                     the equal mixtures of the experts' distributions, and the inputs stay independent;
 *   joint           — each draw takes one expert, chosen at random, for all its inputs: an expert's numbers stay
 *                     together (correlated inputs; variance-based indices then overlap and may sum above 1).
 * The point value of an input (what `parley forecast` and one-at-a-time sensitivity hold it at) is the mean of the
 * experts' point values. Issue definitions (scale, status quo, no-deal point) must agree.
 *
 * Draw i. `sampleDraw` reseeds the generator at stream (seed, i), then for each uncertain input in order takes (pool
 * mode, several experts) one expert choice and one uniform, mapped through the input's truncated inverse
 * distribution function. So draw i depends only on (seed, i) and the inputs, never on which thread runs it or what ran
 * before. Cost per draw: O(J) for J uncertain inputs, no allocation; `scenarioAt` builds the model's scenario in O(a + s)
 * for a actors and s stances, allocating only the objects that change.
 */
import { didYouMean, problem, type InputPath, type InputProblem } from '../errors.js';
import { describeQuantity, pointValue, type Quantity } from '../quantity.js';
import { compileSampler, sampleAt, samplerSupport, type Sampler } from '../random/samplers.js';
import type { Xoshiro128 } from '../random/xoshiro128.js';
import type { Actor, Issue, Scenario, Stance, UncertainScenario } from '../scenario.js';
import { applyDefault, type InputKind } from './defaults.js';

export type { InputKind } from './defaults.js';
export type ExpertMode = 'pool' | 'joint';
export const EXPERT_MODES: readonly ExpertMode[] = ['pool', 'joint'];

export interface ExpertScenario {
  /** How the expert is named in reports (the file name). */
  name: string;
  scenario: UncertainScenario;
}

export interface UncertainInput {
  /** "US.capability", "CN.rare_earths.salience". */
  id: string;
  kind: InputKind;
  actor: string;
  /** null for capability. */
  issue: string | null;
  /** One sampler per expert. */
  samplers: Sampler[];
  /** Each expert's distribution, as written or as widened by the defaults. */
  distributions: Quantity[];
  /** Per expert: did the `uncertainty:` defaults make this number uncertain? */
  fromDefaults: boolean[];
  /** The value the point forecast uses: the mean of the experts' point values. */
  base: number;
  /** The range one-at-a-time sensitivity sweeps: from the lowest to the highest value any expert's distribution takes. */
  low: number;
  high: number;
  /** The range the number must lie in. */
  valid: [number, number];
}

export interface InputSpace {
  experts: string[];
  mode: ExpertMode;
  /** The point scenario: the first expert's scenario with every input at its base value (actors and stances frozen). */
  base: Scenario;
  /** The uncertain inputs only, in sampling order. */
  inputs: UncertainInput[];
  /** For each actor / stance of `base`: the index of its uncertain capability / position / salience input, or −1. */
  capabilityInput: Int32Array;
  positionInput: Int32Array;
  salienceInput: Int32Array;
}

export interface ExpertProblem {
  /** Index of the expert whose file the problem is in. */
  expert: number;
  problem: InputProblem;
}

const stanceKey = (actor: string, issue: string) => `${actor}\u0000${issue}`;

/** Do the experts' scenarios describe the same negotiation? Problems point into the file that differs from the first. */
function compareExperts(experts: ExpertScenario[]): ExpertProblem[] {
  const out: ExpertProblem[] = [];
  const ref = experts[0]!;
  const refActors = new Set(ref.scenario.actors.map((a) => a.id));
  const refIssues = new Map(ref.scenario.issues.map((i) => [i.id, i]));
  const refStances = new Set(ref.scenario.stances.map((t) => stanceKey(t.actor, t.issue)));
  const differ = (expert: number, path: InputPath, message: string, fix: string) => out.push({ expert, problem: problem('experts-differ', path, message, fix) });
  const same = `experts' versions of a scenario must have the same actors, issues and stances as the first (${ref.name}); only capability, position and salience may differ`;
  experts.forEach((e, k) => {
    if (k === 0) return;
    const ids = new Set(e.scenario.actors.map((a) => a.id));
    e.scenario.actors.forEach((a, i) => {
      if (!refActors.has(a.id)) {
        const guess = didYouMean(a.id, refActors);
        differ(k, ['actors', i, 'id'], `actor "${a.id}" is not in ${ref.name}`, guess ? `did you mean "${guess}"? (${same})` : same);
      }
    });
    for (const id of refActors) if (!ids.has(id)) differ(k, ['actors'], `actor "${id}" of ${ref.name} is missing`, same);
    const issueIds = new Set(e.scenario.issues.map((i) => i.id));
    e.scenario.issues.forEach((issue, i) => {
      const r = refIssues.get(issue.id);
      if (!r) {
        const guess = didYouMean(issue.id, refIssues.keys());
        differ(k, ['issues', i, 'id'], `issue "${issue.id}" is not in ${ref.name}`, guess ? `did you mean "${guess}"? (${same})` : same);
        return;
      }
      if (issue.scale.min !== r.scale.min || issue.scale.max !== r.scale.max) {
        differ(k, ['issues', i, 'scale'], `issue "${issue.id}" has the scale ${issue.scale.min}–${issue.scale.max}, ${ref.name} has ${r.scale.min}–${r.scale.max}`, 'give every expert the same scale');
      }
      for (const key of ['status_quo', 'no_deal'] as const) {
        if (issue[key] !== r[key]) {
          differ(k, ['issues', i, key], `issue "${issue.id}" has ${key} ${issue[key] ?? '(none)'}, ${ref.name} has ${r[key] ?? '(none)'}`, `give every expert the same ${key}; experts may differ only on capability, position and salience`);
        }
      }
    });
    for (const id of refIssues.keys()) if (!issueIds.has(id)) differ(k, ['issues'], `issue "${id}" of ${ref.name} is missing`, same);
    const pairs = new Set<string>();
    e.scenario.stances.forEach((t, i) => {
      pairs.add(stanceKey(t.actor, t.issue));
      if (refActors.has(t.actor) && refIssues.has(t.issue) && !refStances.has(stanceKey(t.actor, t.issue))) {
        differ(k, ['stances', i], `actor "${t.actor}" takes part in issue "${t.issue}" here but not in ${ref.name}`, same);
      }
    });
    for (const t of ref.scenario.stances) {
      if (ids.has(t.actor) && issueIds.has(t.issue) && !pairs.has(stanceKey(t.actor, t.issue))) {
        differ(k, ['stances'], `no stance of actor "${t.actor}" on issue "${t.issue}" (${ref.name} has one)`, same);
      }
    }
  });
  return out;
}

/**
 * The input space of one scenario or of several experts' versions of it. O(E·(a + s)) for E experts; returns problems
 * (never throws) when the experts' scenarios do not match.
 */
export function buildInputSpace(experts: ExpertScenario[], mode: ExpertMode = 'pool'): { space?: InputSpace; problems: ExpertProblem[] } {
  if (experts.length === 0) throw new RangeError('buildInputSpace needs at least one scenario');
  const problems = compareExperts(experts);
  if (problems.length > 0) return { problems };
  const ref = experts[0]!.scenario;
  const actorMaps = experts.map((e) => new Map(e.scenario.actors.map((a) => [a.id, a])));
  const stanceMaps = experts.map((e) => new Map(e.scenario.stances.map((t) => [stanceKey(t.actor, t.issue), t])));
  const issueById = new Map(ref.issues.map((i) => [i.id, i]));
  const inputs: UncertainInput[] = [];

  const consider = (id: string, kind: InputKind, actor: string, issue: Issue | null, quantities: Quantity[]): { index: number; base: number } => {
    const valid: [number, number] = kind === 'capability' ? [0, Infinity] : kind === 'salience' ? [0, 100] : [issue!.scale.min, issue!.scale.max];
    const widened = quantities.map((q, e) => applyDefault(q, kind, experts[e]!.scenario.uncertainty, issue?.scale));
    const samplers = widened.map((w) => compileSampler(w.quantity, valid[0], valid[1]));
    const base = quantities.reduce<number>((acc, q) => acc + pointValue(q), 0) / quantities.length;
    const points = samplers.map((s) => (s.kind === 'point' ? s.a : NaN));
    const uncertain = points.some((p) => Number.isNaN(p) || p !== points[0]);
    if (!uncertain) return { index: -1, base };
    let low = Infinity;
    let high = -Infinity;
    for (const s of samplers) {
      const [lo, hi] = samplerSupport(s);
      low = Math.min(low, lo);
      high = Math.max(high, hi);
    }
    inputs.push({
      id,
      kind,
      actor,
      issue: issue?.id ?? null,
      samplers,
      distributions: widened.map((w) => w.quantity),
      fromDefaults: widened.map((w) => w.derived),
      base,
      low,
      high,
      valid,
    });
    return { index: inputs.length - 1, base };
  };

  const capabilityInput = new Int32Array(ref.actors.length);
  const actors: Actor[] = ref.actors.map((a, i) => {
    const r = consider(`${a.id}.capability`, 'capability', a.id, null, actorMaps.map((m) => m.get(a.id)!.capability));
    capabilityInput[i] = r.index;
    return Object.freeze({ ...a, capability: r.base });
  });
  const positionInput = new Int32Array(ref.stances.length);
  const salienceInput = new Int32Array(ref.stances.length);
  const stances: Stance[] = ref.stances.map((t, i) => {
    const key = stanceKey(t.actor, t.issue);
    const issue = issueById.get(t.issue)!;
    const versions = stanceMaps.map((m) => m.get(key)!);
    const p = consider(`${t.actor}.${t.issue}.position`, 'position', t.actor, issue, versions.map((v) => v.position));
    const s = consider(`${t.actor}.${t.issue}.salience`, 'salience', t.actor, issue, versions.map((v) => v.salience));
    positionInput[i] = p.index;
    salienceInput[i] = s.index;
    return Object.freeze({ ...t, position: p.base, salience: s.base });
  });
  const { uncertainty: _u, ...rest } = ref;
  // Issue, actor and stance objects are shared by every draw that leaves them unchanged: frozen copies, so that a model
  // that wrote into its input would fail loudly instead of changing later draws.
  const base: Scenario = { ...rest, issues: ref.issues.map((i) => Object.freeze({ ...i })), actors, stances };
  return {
    space: { experts: experts.map((e) => e.name), mode, base, inputs, capabilityInput, positionInput, salienceInput },
    problems: [],
  };
}

/**
 * Sample draw `draw` of `seed` into `out` (length ≥ inputs). Reseeds `rng` (its previous state does not matter).
 * O(J), allocation-free.
 */
export function sampleDraw(space: InputSpace, rng: Xoshiro128, seed: number, draw: number, out: Float64Array): void {
  rng.reseed(seed, draw);
  const e = space.experts.length;
  const pool = space.mode === 'pool' && e > 1;
  const expert = space.mode === 'joint' && e > 1 ? rng.nextBelow(e) : 0;
  const inputs = space.inputs;
  for (let j = 0; j < inputs.length; j++) {
    const k = pool ? rng.nextBelow(e) : expert;
    out[j] = sampleAt(inputs[j]!.samplers[k]!, rng.nextOpen01());
  }
}

/** The input values of the point scenario. */
export function baseValues(space: InputSpace): Float64Array {
  return Float64Array.from(space.inputs, (x) => x.base);
}

/** The point scenario with the uncertain inputs set to `values` (indexed like space.inputs). O(a + s). */
export function scenarioAt(space: InputSpace, values: ArrayLike<number>): Scenario {
  const { base, capabilityInput, positionInput, salienceInput } = space;
  const actors = base.actors.map((a, i) => {
    const j = capabilityInput[i]!;
    return j < 0 ? a : { ...a, capability: values[j]! };
  });
  const stances = base.stances.map((t, i) => {
    const jp = positionInput[i]!;
    const js = salienceInput[i]!;
    if (jp < 0 && js < 0) return t;
    return { ...t, position: jp < 0 ? t.position : values[jp]!, salience: js < 0 ? t.salience : values[js]! };
  });
  return { ...base, actors, stances };
}

/** How an input's uncertainty reads in reports: "30–50", "±10 (default)", "experts: 40 | 30–50 | 45". */
export function describeInput(input: UncertainInput): string {
  const one = (q: Quantity, e: number) => {
    const sampler = input.samplers[e]!;
    const { shown, cut } = withinValidRange(q, sampler.lo, sampler.hi);
    return `${describeQuantity(roundQuantity(shown))}${cut ? ` (cut to ${formatBound(sampler.lo)}–${formatBound(sampler.hi)})` : ''}${input.fromDefaults[e] ? ' (default)' : ''}`;
  };
  if (input.distributions.length === 1) return one(input.distributions[0]!, 0);
  return `experts: ${input.distributions.map((q, e) => one(q, e)).join(' | ')}`;
}

const formatBound = (x: number) => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '∞');

/**
 * A range as the draws see it: the sampler conditions every distribution on the input's valid range (capability ≥ 0,
 * salience 0–100, the issue's scale), so a uniform or triangular range that reaches beyond it is shown cut to it
 * (capability ±200 % of 40 reads 0–120, not −40–120). A triangular or normal one keeps its parameters and says
 * "(cut to lo–hi)" (a normal when its mean ± 3 sd reaches beyond the range).
 */
function withinValidRange(q: Quantity, lo: number, hi: number): { shown: Quantity; cut: boolean } {
  if (typeof q === 'number') return { shown: q, cut: false };
  if (q.kind === 'normal') return { shown: q, cut: q.mean - 3 * Math.abs(q.sd) < lo || q.mean + 3 * Math.abs(q.sd) > hi };
  if (q.low >= lo && q.high <= hi) return { shown: q, cut: false };
  const low = Math.max(q.low, lo);
  const high = Math.min(q.high, hi);
  if (q.kind === 'uniform') return { shown: { kind: 'uniform', low, high }, cut: false };
  return { shown: q, cut: true };
}

function roundQuantity(q: Quantity): Quantity {
  const r = (x: number) => Math.round(x * 1e6) / 1e6;
  if (typeof q === 'number') return r(q);
  switch (q.kind) {
    case 'uniform':
      return { kind: 'uniform', low: r(q.low), high: r(q.high) };
    case 'triangular':
      return { kind: 'triangular', low: r(q.low), mode: r(q.mode), high: r(q.high) };
    case 'normal':
      return { kind: 'normal', mean: r(q.mean), sd: r(q.sd) };
  }
}
