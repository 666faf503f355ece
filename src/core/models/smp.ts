/**
 * KTAB's Spatial Model of Politics (SMP) as a Parley forecasting model ('smp') and dynamic model ('smp').
 *
 * Source: KAPSARC Toolkit for Behavioral Analysis (KTAB) v1.4, Spatial Model of Politics (B. Wise, KAPSARC
 * discussion papers 2015–2017); ../shared/specs/forecasting-models.md §SMP.1–SMP.10. The computation is in
 * ./smp/engine.ts (formulas and complexity there); this file maps a scenario onto it and its history back:
 *
 *   dimensions   every issue of the scenario at once (multi-dimensional SMP), or each issue alone (perIssue: true)
 *   positions    x = (position − scale.min) / (scale.max − scale.min) ∈ [0,1]; reported back on the issue's scale
 *   saliences    s = salience / 100; when some actor's saliences sum to more than 100 (KTAB requires ≤ 100),
 *                every salience is divided by the largest actor sum, so S_i ≤ 1 while keeping all ratios
 *   capability   c as given (the SMP is invariant to its scale)
 *   non-participants  an actor without a stance on an issue has salience 0 there and starts at the issue's
 *                status quo, else the capability × salience weighted mean of the participants; it is not reported
 *   forecast     per issue, the win-probability-weighted mean of the final state's unique positions,
 *                Σ_u p_u·x_u (SMP.6's distribution over outcomes); the most probable position is in the detail.
 *                Positions less than 1e-3 apart count as one, grouped greedily; KTAB groups in input order, so a
 *                chain of near-coincident final positions could group differently, and move the forecast by points,
 *                when the actors are listed in another order. Parley groups the final state in order of position
 *                (engine.ts canonicalOrder), so the forecast depends on the positions alone; the per-round
 *                probabilities of `dynamics` stay KTAB's (test/registry-properties.test.ts; smp-ktab.test.ts)
 *
 * Cost: that of the engine, O(r·(n³ + n²·d)) for r iterations (≤ 100), n actors, d issues. Deterministic unless
 * StateTransitions = Stochastic, which is reproducible from its seed. Rejects (InputError) unknown options or values,
 * and accommodation entries that name unknown actors or make a row sum above 1.
 */
import type { DynamicsModel, DynamicsOptions, DynamicsResult, DynamicsRound, Move, Challenge } from '../dynamics/types.js';
import { didYouMean, InputError, plural, problem, type InputProblem } from '../errors.js';
import type { Scenario } from '../scenario.js';
import { runSmp, type SmpInput, type SmpRun } from './smp/engine.js';
import { describeNonDefault, parseSmpOptions, type OptionLayer, type SmpOptions } from './smp/options.js';
import type { ForecastModel, ForecastOptions, IssueForecast, ModelForecast } from './types.js';

export { SMP_DEFAULTS, SMP_PARAMETER_VALUES, runSmp } from './smp/engine.js';
export type { SmpParameters, SmpRun } from './smp/engine.js';
export { parseSmpOptions } from './smp/options.js';
export type { SmpOptions } from './smp/options.js';

const NAME = "KTAB Spatial Model of Politics (challenges, bargains, Condorcet probabilities)";
const SOURCE = 'KAPSARC KTAB v1.4 Spatial Model of Politics (Wise 2015–2017)';
const HEADLINE = 'win-probability-weighted mean of the final positions';

// ---------------------------------------------------------------- scenario → engine

/** One SMP run's input built from a scenario: which actors and issues, and how to map back. */
export interface SmpProblemInput {
  /** Indices into scenario.actors / scenario.issues of the actors and dimensions in the run. */
  actors: number[];
  issues: number[];
  input: SmpInput;
  /** participates[i·d + k]: actor i has a stance on dimension k. */
  participates: Uint8Array;
  /** The positions as given, on the issues' scales, [i·d + k]. */
  inputPositions: Float64Array;
  /** Factor every salience/100 was divided by (1 when the saliences already sum to ≤ 100 per actor). */
  salienceDivisor: number;
  notes: string[];
}

/** Build the engine input for the given issues (indices into scenario.issues). Problems for bad accommodation entries. */
export function smpInput(scenario: Scenario, issueIdx: readonly number[], opts: SmpOptions): { run: SmpProblemInput; problems: InputProblem[] } {
  const d = issueIdx.length;
  const issues = issueIdx.map((k) => scenario.issues[k]!);
  const kOf = new Map(issues.map((issue, k) => [issue.id, k]));
  const actorPos = new Map(scenario.actors.map((a, i) => [a.id, i]));
  const stanceOf = new Map<string, { position: number; salience: number }>();
  const takesPart = new Set<number>();
  for (const st of scenario.stances) {
    const k = kOf.get(st.issue);
    const a = actorPos.get(st.actor);
    if (k === undefined || a === undefined) continue;
    stanceOf.set(`${a}\u0000${k}`, { position: st.position, salience: st.salience });
    takesPart.add(a);
  }
  const actors = scenario.actors.map((_, i) => i).filter((i) => takesPart.has(i));
  const n = actors.length;
  const notes: string[] = [];
  const position = new Float64Array(n * d);
  const salience = new Float64Array(n * d);
  const capability = new Float64Array(n);
  const participates = new Uint8Array(n * d);
  const inputPositions = new Float64Array(n * d);
  for (let k = 0; k < d; k++) {
    const issue = issues[k]!;
    const { min, max } = issue.scale;
    let fill = issue.status_quo;
    if (fill === undefined) {
      let sw = 0;
      let swx = 0;
      let sx = 0;
      let count = 0;
      for (const a of actors) {
        const st = stanceOf.get(`${a}\u0000${k}`);
        if (!st) continue;
        const w = scenario.actors[a]!.capability * st.salience;
        sw += w;
        swx += w * st.position;
        sx += st.position;
        count++;
      }
      fill = sw > 0 ? swx / sw : sx / Math.max(count, 1);
    }
    let missing = 0;
    actors.forEach((a, i) => {
      const st = stanceOf.get(`${a}\u0000${k}`);
      const x = st ? st.position : fill!;
      inputPositions[i * d + k] = x;
      position[i * d + k] = Math.min(1, Math.max(0, (x - min) / (max - min)));
      salience[i * d + k] = st ? st.salience / 100 : 0;
      participates[i * d + k] = st ? 1 : 0;
      if (!st) missing++;
    });
    if (missing > 0) {
      notes.push(
        `${missing} actor${missing === 1 ? '' : 's'} without a stance on "${issue.id}" took part with salience 0, starting at ` +
          `${issue.status_quo !== undefined ? 'its status quo' : "the participants' capability × salience weighted mean"} (${round(fill!)}).`,
      );
    }
  }
  actors.forEach((a, i) => (capability[i] = scenario.actors[a]!.capability));
  let maxSum = 0;
  let maxActor = -1;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < d; k++) sum += salience[i * d + k]!;
    if (sum > maxSum) {
      maxSum = sum;
      maxActor = i;
    }
  }
  let salienceDivisor = 1;
  if (maxSum > 1 + 1e-9) {
    salienceDivisor = maxSum;
    for (let t = 0; t < n * d; t++) salience[t] = salience[t]! / maxSum;
    notes.push(
      `Saliences were divided by ${round(maxSum)} (the sum of ${scenario.actors[actors[maxActor]!]!.id}'s saliences / 100): the SMP treats an actor's ` +
        'saliences as shares of its attention that add up to at most 100 across the issues run together.',
    );
  }
  const skipped = scenario.actors.length - n;
  if (skipped > 0 && d > 0) notes.push(`${skipped} actor${skipped === 1 ? '' : 's'} without a stance on ${d === 1 ? 'this issue' : 'any of these issues'} took no part.`);

  const problems: InputProblem[] = [];
  let accommodation: Float64Array | null = null;
  if (opts.accommodation && opts.accommodation.length > 0) {
    const A = new Float64Array(n * n);
    for (let i = 0; i < n; i++) A[i * n + i] = 1;
    const runIndex = new Map(actors.map((a, i) => [scenario.actors[a]!.id, i]));
    const ids = scenario.actors.map((a) => a.id);
    opts.accommodation.forEach((e, t) => {
      for (const [field, id] of [['actor', e.actor], ['reference', e.reference]] as const) {
        if (!actorPos.has(id)) {
          const guess = didYouMean(id, ids);
          problems.push(problem('unknown-actor', ['model_options', 'smp', 'accommodation', t, field], `unknown actor "${id}" in the accommodation matrix`, guess ? `did you mean "${guess}"?` : `use actor ids: ${ids.slice(0, 8).join(', ')}${ids.length > 8 ? ', …' : ''}`));
        }
      }
      const i = runIndex.get(e.actor);
      const j = runIndex.get(e.reference);
      if (i !== undefined && j !== undefined) A[i * n + j] = e.adjust; // actors outside this run are skipped
    });
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < n; j++) sum += A[i * n + j]!;
      if (sum > 1 + 1e-10) {
        const id = scenario.actors[actors[i]!]!.id;
        problems.push(
          problem(
            'accommodation-row',
            ['model_options', 'smp', 'accommodation'],
            `the accommodation weights of ${id} sum to ${round(sum)}, more than 1`,
            `lower them; unless you list { actor: ${id}, reference: ${id}, adjust: … }, ${id}'s weight on its own position stays 1`,
          ),
        );
      }
    }
    accommodation = A;
    notes.push('Ideals move by the accommodation matrix: y ← A·x′ + (1 − ΣA)·y after every round.');
  }
  return {
    run: { actors, issues: [...issueIdx], input: { actors: n, dims: d, position, salience, capability, accommodation }, participates, inputPositions, salienceDivisor, notes },
    problems,
  };
}

/** Options from the scenario, then options.smp, then loose keys (the CLI's --param), each overriding the last. */
function resolveOptions(scenario: Scenario, layers: OptionLayer[]): SmpOptions {
  const all: OptionLayer[] = [{ path: ['model_options', 'smp'], values: scenario.model_options?.smp }, ...layers];
  const { options, problems } = parseSmpOptions(all);
  if (problems.length > 0) throw new InputError(problems);
  return options;
}

/** `record`: keep every turn's bargains and challenges (the dynamics story needs them; a forecast does not). */
function runOn(scenario: Scenario, issueIdx: number[], opts: SmpOptions, onProgress?: (done: number, total: number) => void, record = true) {
  const { run, problems } = smpInput(scenario, issueIdx, opts);
  if (problems.length > 0) throw new InputError(problems);
  const result = runSmp(run.input, opts, { maxIterations: opts.rounds, seed: opts.seed ?? 0, onProgress, record });
  return { run, result };
}

/**
 * Probability-weighted mean of the unique positions of state t, per dimension, on the [0,1] scale. The last state is
 * taken as grouped in canonical order (`result.final`), so the forecast does not depend on the order the actors are
 * listed in; earlier states as KTAB groups them.
 */
function expectedPosition(result: SmpRun, t: number): Float64Array {
  const s = t === result.states.length - 1 ? result.final : result.states[t]!;
  const d = result.dims;
  const out = new Float64Array(d);
  for (let q = 0; q < s.unique.length; q++) {
    const i = s.unique[q]!;
    for (let k = 0; k < d; k++) out[k] = out[k]! + s.uniqueProbability[q]! * s.position[i * d + k]!;
  }
  return out;
}

/**
 * Actor i's position on dimension k in state t, on the issue's scale. State 0 is the input exactly (the round trip
 * min + (x − min)/(max − min)·(max − min) can differ in the last bit).
 */
function reported(scenario: Scenario, run: SmpProblemInput, result: SmpRun, t: number, i: number, k: number): number {
  const d = result.dims;
  return t === 0 ? run.inputPositions[i * d + k]! : toScale(scenario, run.issues[k]!, result.states[t]!.position[i * d + k]!);
}

function toScale(scenario: Scenario, issue: number, x: number): number {
  const { min, max } = scenario.issues[issue]!.scale;
  return min + x * (max - min);
}

// ---------------------------------------------------------------- forecast

export function smpForecast(scenario: Scenario, options: ForecastOptions = {}): ModelForecast {
  const opts = resolveOptions(scenario, [{ path: ['options', 'smp'], values: asRecord(options.smp) }]);
  const groups = opts.perIssue ? scenario.issues.map((_, k) => [k]) : [scenario.issues.map((_, k) => k)];
  const byIssue: IssueForecast[] = new Array(scenario.issues.length);
  const notes = baseNotes(opts);
  for (const group of groups) {
    const { run, result } = runOn(scenario, group, opts, undefined, false);
    notes.push(...run.notes);
    const T = result.states.length - 1;
    const last = result.final;
    const mean = expectedPosition(result, T);
    if (options.explain === false) {
      group.forEach((issue, k) => (byIssue[issue] = { issue: scenario.issues[issue]!.id, value: toScale(scenario, issue, mean[k]!), explanation: '', detail: {} }));
      continue;
    }
    let mode = 0;
    for (let q = 1; q < last.unique.length; q++) if (last.uniqueProbability[q]! > last.uniqueProbability[mode]!) mode = q;
    const d = result.dims;
    group.forEach((issue, k) => {
      const id = scenario.issues[issue]!.id;
      const value = toScale(scenario, issue, mean[k]!);
      const modeValue = toScale(scenario, issue, last.position[last.unique[mode]! * d + k]!);
      const holders = run.actors.filter((_, i) => last.uniqueOf[i] === mode).map((a) => scenario.actors[a]!.id);
      const positions: Record<string, number> = {};
      const probabilities: Record<string, number> = {};
      run.actors.forEach((a, i) => {
        if (!run.participates[i * d + k]) return;
        positions[scenario.actors[a]!.id] = toScale(scenario, issue, last.position[i * d + k]!);
        probabilities[scenario.actors[a]!.id] = last.winProbability[i]!;
      });
      byIssue[issue] = {
        issue: id,
        value,
        explanation:
          `After ${T} round${T === 1 ? '' : 's'} (${stopWords(result, opts)}), the win probabilities of the ${plural(last.unique.length, 'distinct final position')} average to ` +
          `${fmtPosition(scenario, issue, value)}; the most probable, ${fmtPosition(scenario, issue, modeValue)} (${holders.slice(0, 3).join(', ')}${holders.length > 3 ? ', …' : ''}), has probability ${last.uniqueProbability[mode]!.toFixed(2)}.`,
        detail: {
          statistic: HEADLINE,
          rounds: T,
          stop: result.stop,
          dimensions: group.map((g) => scenario.issues[g]!.id),
          most_probable: { value: modeValue, probability: last.uniqueProbability[mode]!, actors: holders },
          final_positions: positions,
          win_probabilities: probabilities,
        },
      };
    });
  }
  return { model: 'smp', issues: byIssue, notes: dedupe(notes) };
}

export const smpModel: ForecastModel = {
  id: 'smp',
  name: NAME,
  source: SOURCE,
  forecast: smpForecast,
  checkOptions: (values, path) => parseSmpOptions([{ values, path }]).problems,
};

// ---------------------------------------------------------------- dynamics

const DYNAMICS_RESERVED = new Set(['rounds', 'onProgress', 'smp']);

export function smpDynamics(scenario: Scenario, options: DynamicsOptions = {}): DynamicsResult {
  const loose: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(options)) if (!DYNAMICS_RESERVED.has(k)) loose[k] = v;
  const opts = resolveOptions(scenario, [
    { path: ['options', 'smp'], values: asRecord(options.smp) },
    { path: ['param'], values: loose },
    { path: ['rounds'], values: options.rounds !== undefined ? { rounds: options.rounds } : undefined },
  ]);
  const userRounds = options.rounds !== undefined || opts.rounds !== undefined;
  const nIssues = scenario.issues.length;
  const groups = opts.perIssue ? scenario.issues.map((_, k) => [k]) : [scenario.issues.map((_, k) => k)];
  const runs = groups.map((group, g) =>
    runOn(scenario, group, opts, options.onProgress ? (done, total) => options.onProgress!(g * total + done, groups.length * total) : undefined),
  );
  const nRounds = Math.max(...runs.map((r) => r.result.states.length));
  const actorIds = scenario.actors.map((a) => a.id);
  const issueIds = scenario.issues.map((i) => i.id);
  const rounds: DynamicsRound[] = [];
  for (let t = 0; t < nRounds; t++) {
    const positions: (number | null)[][] = scenario.actors.map(() => new Array<number | null>(nIssues).fill(null));
    const outcomes: Record<string, number> = {};
    const moves: Move[] = [];
    const challenges: Challenge[] = [];
    for (const { run, result } of runs) {
      const T = Math.min(t, result.states.length - 1);
      const d = result.dims;
      run.actors.forEach((a, i) => {
        run.issues.forEach((issue, k) => {
          if (run.participates[i * d + k]) positions[a]![issue] = reported(scenario, run, result, T, i, k);
        });
      });
      const mean = expectedPosition(result, T);
      run.issues.forEach((issue, k) => (outcomes[issueIds[issue]!] = toScale(scenario, issue, mean[k]!)));
      if (t > 0 && t < result.states.length) {
        moves.push(...movesOf(scenario, run, result, t, opts));
        challenges.push(...challengesOf(scenario, run, result, t));
      }
    }
    const round: DynamicsRound = { round: t, positions, outcomes, moves, challenges: t > 0 ? challenges : undefined };
    if (runs.length === 1) {
      const { run, result } = runs[0]!;
      const win = new Array<number>(scenario.actors.length).fill(0);
      run.actors.forEach((a, i) => (win[a] = result.states[t]!.winProbability[i]!));
      round.win_probabilities = win;
      if (t > 0) round.fractional_change = result.fractionalChange[t - 1];
    }
    rounds.push(round);
  }
  const notes = baseNotes(opts);
  for (const { run } of runs) notes.push(...run.notes);
  if (!opts.perIssue && nIssues > 1) notes.push('SMP challenges are over all issues at once: the challenge (quad map) entries have issue "*".');
  if (opts.perIssue) notes.push('Run one issue at a time (perIssue): win probabilities and fractional changes differ by issue and are in each issue\'s own run (parley forecast --model smp shows them per issue).');
  for (const { result } of runs) {
    if (result.degenerateRiskStates.length > 0) {
      notes.push(`In round${result.degenerateRiskStates.length === 1 ? '' : 's'} ${result.degenerateRiskStates.join(', ')} all positions were equally likely (typically: all actors at one position), so every risk attitude was set to 0 (KTAB divides by zero there).`);
    }
  }
  const stop = stopOf(runs.map((r) => r.result), opts, userRounds, groups.map((g) => g.map((k) => issueIds[k]!)));
  const last = rounds[rounds.length - 1]!;
  return {
    model: 'smp',
    actors: actorIds,
    issues: issueIds,
    rounds,
    stop,
    forecast: { ...last.outcomes },
    headline: HEADLINE,
    notes: dedupe(notes),
  };
}

export const smpDynamicsModel: DynamicsModel = { id: 'smp', name: NAME, source: SOURCE, run: smpDynamics };

function movesOf(scenario: Scenario, run: SmpProblemInput, result: SmpRun, t: number, opts: SmpOptions): Move[] {
  const turn = result.turns[t - 1]!;
  const before = result.states[t - 1]!;
  const after = result.states[t]!;
  const d = result.dims;
  const id = (i: number) => scenario.actors[run.actors[i]!]!.id;
  // The words use actors' and issues' names, as the EUM's do; the Move's fields keep the ids.
  const name = (i: number) => scenario.actors[run.actors[i]!]!.name || id(i);
  const out: Move[] = [];
  run.actors.forEach((_, k) => {
    const b = turn.bargains[turn.chosen[k]!];
    if (!b || b.initiator === b.receiver) return;
    const init = b.initiator;
    const partner = init === k ? b.receiver : init;
    const phi = turn.probability[init]!;
    const gain = turn.gain[init]!;
    const how = opts.StateTransitions === 'Stochastic' ? 'drawn' : 'chosen';
    const size = turn.queueSize[k]!;
    const queue = `${how} with probability ${turn.chosenProbability[k]!.toFixed(2)} ${size === 1 ? 'as the only bargain' : `among the ${plural(size, 'bargain')}`} in ${possessive(name(k))} queue`;
    run.issues.forEach((issue, dim) => {
      if (!run.participates[k * d + dim]) return;
      if (before.position[k * d + dim] === after.position[k * d + dim]) return;
      const from = reported(scenario, run, result, t - 1, k, dim);
      const to = reported(scenario, run, result, t, k, dim);
      const where = `${movePath(scenario, issue, from, to)} on ${scenario.issues[issue]!.name || scenario.issues[issue]!.id}`;
      const explanation =
        init === k
          ? `${name(k)} challenges ${name(partner)} (its estimate: it wins with probability φ = ${phi.toFixed(3)}, expected gain ΔEU = ${signed(gain)}) and the bargain it proposes is ${queue}: ${name(k)} moves ${where}.`
          : `${name(partner)} challenges ${name(k)} (φ = ${phi.toFixed(3)}, ΔEU = ${signed(gain)} in ${possessive(name(partner))} estimate); ${name(k)} gives way to the bargain, ${queue}: it moves ${where}.`;
      out.push({ round: t, actor: id(k), issue: scenario.issues[issue]!.id, from, to, toward: id(partner), kind: 'bargain', explanation });
    });
  });
  return out;
}

function challengesOf(scenario: Scenario, run: SmpProblemInput, result: SmpRun, t: number): Challenge[] {
  const turn = result.turns[t - 1]!;
  const issue = run.issues.length === 1 ? scenario.issues[run.issues[0]!]!.id : '*';
  const out: Challenge[] = [];
  run.actors.forEach((a, i) => {
    const j = turn.target[i]!;
    if (j < 0) return;
    out.push({
      round: t,
      issue,
      initiator: scenario.actors[a]!.id,
      receiver: scenario.actors[run.actors[j]!]!.id,
      initiator_gain: turn.gain[i]!,
      receiver_gain: turn.receiverGain[i]!,
      probability: turn.probability[i]!,
    });
  });
  return out;
}

function stopOf(results: SmpRun[], opts: SmpOptions, userRounds: boolean, groups: string[][]): DynamicsResult['stop'] {
  const converged = results.every((r) => r.stop === 'converged');
  const parts = results.map((r, g) => {
    const T = r.states.length - 1;
    const fc = r.fractionalChange[T - 1] ?? 0;
    const what = r.stop === 'converged' ? `converged after ${plural(T, 'round')} (fractional change ${fc.toFixed(4)} < 0.02)` : `stopped at the cap of ${plural(T, 'round')} (fractional change ${fc.toFixed(4)})`;
    return results.length > 1 ? `${groups[g]!.join(', ')}: ${what}` : what;
  });
  const reason = converged ? 'converged' : userRounds ? 'rounds' : 'max-rounds';
  return { reason, detail: `${parts.join('; ')}${opts.rounds === undefined && !converged && !userRounds ? " (KTAB's cap is 100)" : ''}.` };
}

// ---------------------------------------------------------------- helpers

function baseNotes(opts: SmpOptions): string[] {
  const notes: string[] = [];
  const changed = describeNonDefault(opts);
  notes.push(changed.length > 0 ? `SMP parameters: ${changed.join(', ')}; the others are KTAB's defaults.` : "SMP parameters: KTAB's defaults.");
  if (opts.StateTransitions === 'Stochastic') {
    notes.push(`Stochastic transitions with seed ${opts.seedText ?? '0 (default)'}${opts.seedText && opts.seed !== Number(opts.seedText) ? ` (used modulo 2^53: ${opts.seed})` : ''}; the same seed gives the same run.`);
  }
  return notes;
}

function stopWords(r: SmpRun, opts: SmpOptions): string {
  return r.stop === 'converged' ? 'converged' : `stopped at the ${opts.rounds !== undefined ? 'requested' : "KTAB's"} cap`;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

/** A number for messages: at most 3 decimals, trailing zeros dropped. */
function round(x: number): string {
  return String(Number(x.toFixed(3)));
}

/** A position for the story, to the model's resolution (bargains are rounded to 1e-4 of the scale: 2 decimals on 0–100). */
function fmtPosition(scenario: Scenario, issue: number, x: number): string {
  const { min, max } = scenario.issues[issue]!.scale;
  const decimals = Math.min(10, Math.max(0, 4 - Math.floor(Math.log10(max - min))));
  return x.toFixed(decimals);
}

/** "60.00 → 49.19", or a negligible move when the scale's decimals cannot show it. */
function movePath(scenario: Scenario, issue: number, from: number, to: number): string {
  const a = fmtPosition(scenario, issue, from);
  const b = fmtPosition(scenario, issue, to);
  if (a !== b) return `${a} → ${b}`;
  const step = a.includes('.') ? `0.${'0'.repeat(a.length - a.indexOf('.') - 2)}1` : '1';
  return `a negligible amount (less than ${step}) from ${a}`;
}

/** "France's", "Netherlands'". */
const possessive = (name: string) => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
}
