/**
 * The exchange model (Stokman & Van Oosten 1994, the equal-gain variant of Stokman's "Decide" method; REX after
 * Dijkstra, Van Assen, Stokman & Draaijer 2018) as a Parley forecasting model ('exchange') and dynamic model
 * ('exchange'). The computation is in ./engine.ts, whose header gives the formulas; this file turns a scenario into
 * its arrays, parses the options, and tells the story in words.
 *
 * Scenario → model: positions are normalised to 0–100 on each issue's scale, x' = (x − min)·(100/(max − min)), and
 * converted back for output, x = x'/(100/(max − min)) + min (spec §1); salience s = salience/100 ∈ [0, 1];
 * capability c is the actor's, raw. A stance with c·s = 0 carries no weight in any outcome and cannot trade (every
 * move divides by c·s): it is left out of the exchanges, keeps its position, and is named in the notes.
 *
 * The headline forecast is the **voting outcome of the last round**: the capability × salience weighted mean of the
 * positions actors vote with once that round's exchanges are made (upstream's "Voting MDS"). The other candidate,
 * the preference outcome at the start of the next round (positions partly back toward where actors started), is
 * reported beside it for every round (`next_start_outcomes`, and the forecast's detail).
 *
 * Options (numbers may come as text from `--param key=value`): rounds (default 10), p (REX, 0–1, default 0),
 * seed (REX and random ties, default 0), ties ('first' = lowest creation index, the reference rule; or 'random'),
 * salience_weight (w_s, 0.4) and fixed_weight (w_f, 0.1). Unknown keys are rejected with the allowed ones named.
 * Cost: see ./engine.ts; COP21 (15 actors × 13 issues, 10 rounds) takes about 20 ms of CPU.
 */
import type { DynamicsModel, DynamicsOptions, DynamicsResult, DynamicsRound, Move } from '../../dynamics/types.js';
import { didYouMean, InputError, problem, type InputPath, type InputProblem } from '../../errors.js';
import { MersenneTwister } from '../../random/mt19937.js';
import type { Scenario } from '../../scenario.js';
import type { ForecastModel, ForecastOptions, IssueForecast, ModelForecast } from '../types.js';
import { runExchangeModel, type ExchangeData, type RealizedSnapshot, type RoundResult } from './engine.js';
import { problemsOf } from '../modelOptions.js';

export const EXCHANGE_SOURCE =
  'Stokman & Van Oosten 1994, "The exchange of voting positions", in European Community Decision Making, pp. 105–127 (Decide equal-gain variant); REX: Dijkstra, Van Assen, Stokman & Draaijer 2018';

// ---------------------------------------------------------------- options

export interface ExchangeOptions {
  rounds: number;
  p: number;
  seed: number;
  ties: 'first' | 'random';
  salience_weight: number;
  fixed_weight: number;
}

export const EXCHANGE_DEFAULTS: Readonly<ExchangeOptions> = { rounds: 10, p: 0, seed: 0, ties: 'first', salience_weight: 0.4, fixed_weight: 0.1 };
const ALLOWED = Object.keys(EXCHANGE_DEFAULTS) as (keyof ExchangeOptions)[];
/** Keys front ends pass alongside the model's own options. */
const IGNORED = new Set(['onProgress']);

/**
 * Parse option layers (later layers win), e.g. the scenario's `model_options.exchange`, then the command line.
 * Each layer comes with the path its problems are reported under. Throws InputError listing every problem.
 */
export function parseExchangeOptions(...layers: { values: Record<string, unknown> | undefined; path: InputPath }[]): ExchangeOptions {
  const out: ExchangeOptions = { ...EXCHANGE_DEFAULTS };
  const problems: InputProblem[] = [];
  for (const { values, path } of layers) {
    if (!values) continue;
    for (const [key, raw] of Object.entries(values)) {
      if (raw === undefined || IGNORED.has(key)) continue;
      const where = [...path, key];
      if (!(ALLOWED as string[]).includes(key)) {
        const guess = didYouMean(key, ALLOWED);
        problems.push(problem('unknown-option', where, `the exchange model has no option "${key}"`, `${guess ? `did you mean "${guess}"? ` : ''}allowed: ${ALLOWED.join(', ')}`));
        continue;
      }
      if (key === 'ties') {
        if (raw === 'first' || raw === 'random') out.ties = raw;
        else problems.push(problem('bad-option', where, `ties = ${String(raw)} is not a tie rule`, 'use ties=first (lowest creation index, the reference rule) or ties=random (seeded)'));
        continue;
      }
      const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      const bad = (rule: string) => problems.push(problem('bad-option', where, `${key} = ${String(raw)} is out of range`, rule));
      switch (key as keyof ExchangeOptions) {
        case 'rounds':
          if (Number.isInteger(value) && value >= 1 && value <= 10000) out.rounds = value;
          else bad('rounds is a whole number from 1 to 10000');
          break;
        case 'p':
          if (value >= 0 && value <= 1) out.p = value;
          else bad('p (REX) is a number from 0 (equal gain) to 1');
          break;
        case 'seed':
          if (Number.isSafeInteger(value) && value >= 0) out.seed = value;
          else bad('seed is a whole number ≥ 0');
          break;
        case 'salience_weight':
          if (value >= 0 && value <= 1) out.salience_weight = value;
          else bad('salience_weight (w_s) is a number from 0 to 1');
          break;
        case 'fixed_weight':
          if (value >= 0 && value <= 1) out.fixed_weight = value;
          else bad('fixed_weight (w_f) is a number from 0 to 1');
          break;
      }
    }
  }
  if (problems.length === 0 && out.salience_weight + out.fixed_weight > 1) {
    problems.push(problem('bad-option', [...(layers.at(-1)?.path ?? []), 'salience_weight'], `salience_weight + fixed_weight = ${out.salience_weight + out.fixed_weight} exceeds 1`, 'the next-start rule moves an actor at most the whole way to its voting position: keep w_s + w_f ≤ 1'));
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}

// ---------------------------------------------------------------- scenario → arrays → results

export interface ExchangeRun {
  options: ExchangeOptions;
  data: ExchangeData;
  rounds: RoundResult[];
  /** Input positions on the issues' scales, [i·m + k], NaN where the actor has no stance. */
  input: Float64Array;
  /** Stances with c·s = 0, left out of the exchanges. */
  excluded: { actor: string; issue: string }[];
  /** Back to an issue's scale. */
  toScale(k: number, normalised: number): number;
}

/** Run the model on a point scenario. `extra` can keep candidate snapshots and REX draws (tests, debugging). */
export function runExchange(
  scenario: Scenario,
  options: ExchangeOptions,
  extra: { recordCandidates?: 'all' | 'first' | 'none'; recordDraws?: boolean; onRound?: (done: number, total: number) => void } = {},
): ExchangeRun {
  const n = scenario.actors.length;
  const m = scenario.issues.length;
  const actorAt = new Map(scenario.actors.map((a, i) => [a.id, i]));
  const issueAt = new Map(scenario.issues.map((x, k) => [x.id, k]));
  const present = new Uint8Array(n * m);
  const position = new Float64Array(n * m);
  const salience = new Float64Array(n * m);
  const capability = new Float64Array(n * m);
  const input = new Float64Array(n * m).fill(NaN);
  const excluded: { actor: string; issue: string }[] = [];
  const factor = scenario.issues.map((x) => 100 / (x.scale.max - x.scale.min));
  for (const st of scenario.stances) {
    const i = actorAt.get(st.actor);
    const k = issueAt.get(st.issue);
    if (i === undefined || k === undefined) continue;
    const j = i * m + k;
    const c = scenario.actors[i]!.capability;
    const s = st.salience / 100;
    input[j] = st.position;
    position[j] = (st.position - scenario.issues[k]!.scale.min) * factor[k]!;
    salience[j] = s;
    capability[j] = c;
    if (c * s > 0 && Number.isFinite(c * s)) present[j] = 1;
    else excluded.push({ actor: st.actor, issue: st.issue });
  }
  const data: ExchangeData = { actors: scenario.actors.map((a) => a.id), issues: scenario.issues.map((x) => x.id), present, position, salience, capability };
  const draws = new MersenneTwister(options.seed);
  const tieDraws = new MersenneTwister([options.seed, 0x74696573]); // an independent stream ("ties")
  const rounds = runExchangeModel(data, {
    rounds: options.rounds,
    p: options.p,
    draw: () => draws.random(),
    ties: options.ties,
    tieDraw: () => tieDraws.random(),
    salienceWeight: options.salience_weight,
    fixedWeight: options.fixed_weight,
    recordCandidates: extra.recordCandidates ?? 'none',
    recordDraws: extra.recordDraws,
    onRound: extra.onRound,
  });
  return {
    options,
    data,
    rounds,
    input,
    excluded,
    toScale: (k, v) => v / factor[k]! + scenario.issues[k]!.scale.min,
  };
}

// ---------------------------------------------------------------- words

function num(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) ? '0' : Number.isInteger(r) ? String(r) : r.toFixed(1);
}

function gainText(g: number): string {
  return g >= 0.01 ? g.toFixed(2) : g.toPrecision(2);
}

/** An actor's name for the words (its id when it has none); Moves keep the ids. */
function actorName(scenario: Scenario, id: string): string {
  return scenario.actors.find((a) => a.id === id)?.name || id;
}

/** "90 → 0", or a negligible move when one decimal cannot show it. */
function path(from: number, to: number): string {
  return num(from) !== num(to) ? `${num(from)} → ${num(to)}` : `a negligible amount (less than 0.1) from ${num(from)}`;
}

/** The two Moves of an executed exchange: J (supplying p, the earlier issue) first, then I. */
function exchangeMoves(run: ExchangeRun, scenario: Scenario, round: number, e: RealizedSnapshot): Move[] {
  const k = (id: string) => run.data.issues.indexOf(id);
  const issueName = (id: string) => scenario.issues[k(id)]!.name;
  const first = e.J;
  const second = e.I;
  const from1 = run.toScale(k(first.supply_issue), first.x);
  const to1 = run.toScale(k(first.supply_issue), first.y);
  const from2 = run.toScale(k(second.supply_issue), second.x);
  const to2 = run.toScale(k(second.supply_issue), second.y);
  const gain = gainText(e.gain);
  const capNote = first.capped || second.capped ? ' (a move stops where the outcome reaches the partner’s position)' : '';
  const a1 = actorName(scenario, first.actor);
  const a2 = actorName(scenario, second.actor);
  const explanation1 =
    `${a1} moves on ${issueName(first.supply_issue)} toward ${a2}, ${path(from1, to1)}, ` +
    `in return for ${a2} moving on ${issueName(second.supply_issue)} toward ${a1}, ${path(from2, to2)}; gain ${gain} each${capNote}.`;
  const explanation2 = `${a2} moves on ${issueName(second.supply_issue)} toward ${a1}, ${path(from2, to2)}: its side of exchange ${e.seq} with ${a1} (gain ${gain} each).`;
  return [
    { round, actor: first.actor, issue: first.supply_issue, from: from1, to: to1, toward: second.actor, kind: 'exchange', explanation: explanation1 },
    { round, actor: second.actor, issue: second.supply_issue, from: from2, to: to2, toward: first.actor, kind: 'exchange', explanation: explanation2 },
  ];
}

// ---------------------------------------------------------------- dynamics

/** A round of the exchange model: the common shape plus the exchange-specific outcomes and records. */
export interface ExchangeDynamicsRound extends DynamicsRound {
  /** Outcome at the start of the round, before its exchanges (the "preference" outcome), issue id → value. */
  start_outcomes: Record<string, number>;
  /** Outcome of `positions`, i.e. the preference outcome the next round starts from. */
  next_start_outcomes: Record<string, number>;
  /** Every executed exchange, in order, on the issues' scales. */
  exchanges: {
    seq: number;
    gain: number;
    issues: [string, string];
    supplier_J: { actor: string; issue: string; from: number; to: number; capped: boolean };
    supplier_I: { actor: string; issue: string; from: number; to: number; capped: boolean };
  }[];
  candidate_count?: number;
  valid_candidate_count?: number;
  ties?: number;
}

export interface ExchangeDynamicsResult extends DynamicsResult {
  rounds: ExchangeDynamicsRound[];
  options: ExchangeOptions;
}

function outcomesRecord(run: ExchangeRun, values: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  run.data.issues.forEach((id, k) => (out[id] = run.toScale(k, values[k]!)));
  return out;
}

function matrix(run: ExchangeRun, values: Float64Array | null): (number | null)[][] {
  const n = run.data.actors.length;
  const m = run.data.issues.length;
  const rows: (number | null)[][] = [];
  for (let i = 0; i < n; i++) {
    const row: (number | null)[] = [];
    for (let k = 0; k < m; k++) {
      const j = i * m + k;
      if (Number.isNaN(run.input[j]!)) row.push(null);
      else if (values === null || !run.data.present[j]) row.push(run.input[j]!);
      else row.push(run.toScale(k, values[j]!));
    }
    rows.push(row);
  }
  return rows;
}

function runNotes(run: ExchangeRun): string[] {
  const o = run.options;
  const notes: string[] = [];
  const ties = run.rounds.reduce((s, r) => s + r.stats.ties, 0);
  if (o.p > 0) notes.push(`Randomised exchange rates (REX, Dijkstra et al. 2018) with p = ${o.p}, seed ${o.seed}: rerun with other seeds to see the spread.`);
  if (ties > 0) {
    notes.push(
      o.ties === 'first'
        ? `${ties} selection${ties === 1 ? '' : 's'} had exchanges of equal gain; the first created won (issue order, then actor order), as in the Decide reference runs. Ties can move outcomes by several points: try --param ties=random with a few seeds.`
        : `${ties} selection${ties === 1 ? '' : 's'} had exchanges of equal gain; one was drawn at random (seed ${o.seed}).`,
    );
  }
  if (run.excluded.length > 0) {
    const list = run.excluded.slice(0, 6).map((x) => `${x.actor} on ${x.issue}`).join(', ');
    notes.push(`${run.excluded.length} stance${run.excluded.length === 1 ? '' : 's'} with capability × salience = 0 cannot trade and keep their positions: ${list}${run.excluded.length > 6 ? ', …' : ''}.`);
  }
  const idle = run.rounds.findIndex((r) => r.realized.length === 0);
  if (idle >= 0) notes.push(`No exchange was possible from round ${idle + 1} on; later rounds repeat it.`);
  if (o.salience_weight !== EXCHANGE_DEFAULTS.salience_weight || o.fixed_weight !== EXCHANGE_DEFAULTS.fixed_weight) {
    notes.push(`Next-start weights w_s = ${o.salience_weight}, w_f = ${o.fixed_weight} (Decide's defaults are 0.4 and 0.1).`);
  }
  return notes;
}

const HEADLINE = (rounds: number) =>
  `voting outcome of round ${rounds}: the capability × salience weighted mean of the positions actors vote with once the round's exchanges are made`;

export function exchangeDynamics(scenario: Scenario, options: DynamicsOptions = {}): ExchangeDynamicsResult {
  const { onProgress, ...rest } = options;
  const parsed = parseExchangeOptions(
    { values: scenario.model_options?.exchange, path: ['model_options', 'exchange'] },
    { values: rest, path: ['param'] },
  );
  const run = runExchange(scenario, parsed, { onRound: onProgress });
  const first = run.rounds[0];
  const initialOutcome = first ? outcomesRecord(run, first.startOutcome) : {};
  const rounds: ExchangeDynamicsRound[] = [
    { round: 0, positions: matrix(run, null), outcomes: initialOutcome, moves: [], start_outcomes: initialOutcome, next_start_outcomes: initialOutcome, exchanges: [] },
  ];
  for (const r of run.rounds) {
    const moves: Move[] = [];
    for (const e of r.realized) moves.push(...exchangeMoves(run, scenario, r.round, e));
    const k = (id: string) => run.data.issues.indexOf(id);
    rounds.push({
      round: r.round,
      positions: matrix(run, r.nextPositions),
      voting_positions: matrix(run, r.votingPositions),
      outcomes: outcomesRecord(run, r.votingOutcome),
      moves,
      start_outcomes: outcomesRecord(run, r.startOutcome),
      next_start_outcomes: outcomesRecord(run, r.nextOutcome),
      exchanges: r.realized.map((e) => ({
        seq: e.seq,
        gain: e.gain,
        issues: [e.p, e.q],
        supplier_J: { actor: e.J.actor, issue: e.J.supply_issue, from: run.toScale(k(e.J.supply_issue), e.J.x), to: run.toScale(k(e.J.supply_issue), e.J.y), capped: e.J.capped },
        supplier_I: { actor: e.I.actor, issue: e.I.supply_issue, from: run.toScale(k(e.I.supply_issue), e.I.x), to: run.toScale(k(e.I.supply_issue), e.I.y), capped: e.I.capped },
      })),
      candidate_count: r.candidateCount,
      valid_candidate_count: r.validCandidateCount,
      ties: r.stats.ties,
    });
  }
  const last = run.rounds[run.rounds.length - 1]!;
  const idle = run.rounds.findIndex((r) => r.realized.length === 0);
  return {
    model: 'exchange',
    actors: run.data.actors.slice(),
    issues: run.data.issues.slice(),
    rounds,
    stop: {
      reason: 'rounds',
      detail: `after ${parsed.rounds} round${parsed.rounds === 1 ? '' : 's'}, as set (the exchange model runs a fixed number of rounds)${idle >= 0 ? `; no exchange was possible from round ${idle + 1} on` : ''}`,
    },
    forecast: outcomesRecord(run, last.votingOutcome),
    headline: `${HEADLINE(parsed.rounds)}; the outcome the next round would start from is in next_start_outcomes (--format json)`,
    notes: [
      'Positions after round r are where each actor starts round r + 1 (partly back toward its own position); the outcome of round r is its voting outcome, from the positions actors vote with (voting_position in --format csv, voting_positions in json), so it is not the weighted mean of the positions shown.',
      ...runNotes(run),
    ],
    options: parsed,
  };
}

export const exchangeDynamicsModel: DynamicsModel = {
  id: 'exchange',
  name: 'Exchange model (Stokman & Van Oosten; Decide equal gain)',
  source: EXCHANGE_SOURCE,
  run: exchangeDynamics,
};

// ---------------------------------------------------------------- forecast

export function exchangeForecast(scenario: Scenario, options: ForecastOptions = {}): ModelForecast {
  const section = options.exchange;
  const parsed = parseExchangeOptions(
    { values: scenario.model_options?.exchange, path: ['model_options', 'exchange'] },
    { values: typeof section === 'object' && section !== null ? (section as Record<string, unknown>) : undefined, path: ['exchange'] },
  );
  const run = runExchange(scenario, parsed);
  const R = run.rounds.length;
  const last = run.rounds[R - 1]!;
  if (options.explain === false) {
    const values = scenario.issues.map((issue, k) => ({ issue: issue.id, value: run.toScale(k, last.votingOutcome[k]!), explanation: '', detail: {} }));
    return { model: 'exchange', issues: values, notes: [] };
  }
  const issues: IssueForecast[] = scenario.issues.map((issue, k) => {
    const voting = run.toScale(k, last.votingOutcome[k]!);
    const next = run.toScale(k, last.nextOutcome[k]!);
    const initial = run.toScale(k, run.rounds[0]!.startOutcome[k]!);
    let count = 0;
    let biggest: { e: RealizedSnapshot; round: number; role: 'I' | 'J'; size: number } | undefined;
    for (const r of run.rounds) {
      for (const e of r.realized) {
        for (const role of ['I', 'J'] as const) {
          if (e[role].supply_issue !== issue.id) continue;
          count++;
          const size = Math.abs(e[role].y - e[role].x);
          if (!biggest || size > biggest.size) biggest = { e, round: r.round, role, size };
        }
      }
    }
    let why: string;
    if (!biggest) why = 'No exchange moved anyone on this issue.';
    else {
      const mover = biggest.e[biggest.role];
      const partner = biggest.e[biggest.role === 'I' ? 'J' : 'I'];
      const pk = run.data.issues.indexOf(partner.supply_issue);
      why =
        `${count} exchange move${count === 1 ? '' : 's'} over ${R} round${R === 1 ? '' : 's'}; the largest: ${actorName(scenario, mover.actor)} ${path(run.toScale(k, mover.x), run.toScale(k, mover.y))} ` +
        `in round ${biggest.round}, in return for ${actorName(scenario, partner.actor)} moving on ${scenario.issues[pk]!.name}.`;
    }
    return {
      issue: issue.id,
      value: voting,
      explanation: `Voting outcome after ${R} round${R === 1 ? '' : 's'} of vote trading: ${num(voting)} (before any exchange ${num(initial)}; the next round would start from ${num(next)}). ${why}`,
      detail: {
        headline: 'voting outcome of the last round',
        voting_outcome: voting,
        next_start_outcome: next,
        initial_outcome: initial,
        voting_outcome_by_round: run.rounds.map((r) => run.toScale(k, r.votingOutcome[k]!)),
        start_outcome_by_round: run.rounds.map((r) => run.toScale(k, r.startOutcome[k]!)),
        exchange_moves: count,
      },
    };
  });
  return {
    model: 'exchange',
    issues,
    notes: [`Headline: the ${HEADLINE(R)}. The outcome the next round would start from is beside it in each issue's detail (next_start_outcome), and both per round.`, ...runNotes(run)],
  };
}

export const exchangeModel: ForecastModel = {
  id: 'exchange',
  name: 'Exchange model (Stokman & Van Oosten vote trading, Decide equal gain)',
  source: EXCHANGE_SOURCE,
  forecast: exchangeForecast,
  checkOptions: (values, path) => problemsOf(() => parseExchangeOptions({ values, path })),
};
