/**
 * Bueno de Mesquita's expected utility model (EUM): actors challenge, confront, compromise and capitulate,
 * round by round, on each issue separately; the forecast is where the positions end.
 *
 * Sources: Bueno de Mesquita, B. (1994), "Political forecasting: an expected utility method", in Bueno de
 * Mesquita & Stokman (eds.), European Community Decision Making, Yale UP, pp. 71–104 (built on Bueno de
 * Mesquita 1985, "The War Trap Revisited", APSR 79:156–177); as reconstructed by Scholz, J. B., Calbert, G. J. &
 * Smith, G. A. (2011), "Unravelling Bueno De Mesquita's group decision model", Journal of Theoretical Politics
 * 23(4):510–531, doi:10.1177/0951629811418142, equations (P), (EU), (R) and the appendix algorithm;
 * ../shared/specs/forecasting-models.md §4, whose two deviations from the printed formulas reproduce the
 * published run (see ./expectedUtility/engine.ts and docs/eum.md).
 *
 * Per issue, actors i = 1..n with position x_i, capability c_i, salience s_i ∈ [0, 1], Δ = range of the initial
 * positions. Each round: risk exponents r_i ∈ [½, 2] from each actor's danger D_i = Σ_j E^i(U_ji) (all r = 1);
 * P(x_i beats x_j) from capability × salience votes with the voters' risk exponents; every actor's expected
 * utility of challenging every other, E^i(U_ij), and its estimate of the other's, E^i(U_ji):
 *   E^i(U_ij) = s_j[P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s − Q U_sq − (1 − Q)[T U_b + (1 − T) U_w]
 * with U_s/U_f = 2 − 4(½ ∓ ½|x_i − x_j|/Δ)^{r_i}; then each actor adopts one offer — a lost confrontation
 * (move to x_j), a compromise (move |e_ij/e_ji| of the way to x_j) or a capitulation (move to x_j) — and all
 * move at once.
 *
 * Forecast: the capability × salience weighted mean of the final positions (the headline; the median of the
 * final positions is reported beside it; docs/eum.md says why). Parameters: Q (default 1), T (0.5; irrelevant
 * when Q = 1), rounds (10), compromiseRule ('reference' = Scholz et al.'s code, reproduces the published run;
 * 'least-movement' = the paper's wording), stop ('rounds'; 'median' / 'mean' = stop once that statistic moves
 * by at most tolerance·Δ, default 1e-6, within at most 1000 rounds unless rounds is given). Every stop rule
 * detects a repeated state (the run then cycles forever) and reports the cycle and its length; 'median' and
 * 'mean' stop there.
 *
 * Complexity: O(R·n²) per issue for R rounds (3n² Math.pow calls a round), O(R·m·n²) for m issues; the story
 * (`parley dynamics`) adds O(R·n²) objects per issue for the quad map. Deterministic. Rejects (InputError)
 * unknown options and out-of-range values, naming the allowed ones; the scenario itself is validated upstream.
 */
import { didYouMean, InputError, isRecord, plural, problem, shownValue, type InputPath, type InputProblem } from '../errors.js';
import { issueTables, type IssueTable } from '../issueTable.js';
import type { Scenario } from '../scenario.js';
import type { Challenge, DynamicsModel, DynamicsOptions, DynamicsResult, DynamicsRound, Move } from '../dynamics/types.js';
import {
  EUM_DEFAULTS,
  EUM_SETTLE_MAX_ROUNDS,
  eumSettings,
  MOVE_CAPITULATION,
  MOVE_COMPROMISE,
  MOVE_CONFRONTATION,
  MOVE_KINDS,
  MOVE_NONE,
  runEum,
  type CompromiseRule,
  type EumRun,
  type EumSettings,
  type StopRule,
} from './expectedUtility/engine.js';
import type { ForecastModel, ForecastOptions, IssueForecast, ModelForecast } from './types.js';
import { problemsOf } from './modelOptions.js';

export { eumDiagnostics, runEum, eumSettings, EUM_DEFAULTS } from './expectedUtility/engine.js';
export type { CompromiseRule, EumDiagnostics, EumInput, EumRun, EumSettings, StopRule } from './expectedUtility/engine.js';

export const EUM_ID = 'eum';
const NAME = "Bueno de Mesquita's expected utility model (challenges, compromises, capitulations by round)";
const SOURCE = 'Bueno de Mesquita 1994 (European Community Decision Making, ch. 4); Scholz, Calbert & Smith 2011, JTP 23(4)';
/** What the forecast is, in words. */
export const EUM_HEADLINE = 'capability × salience weighted mean of final positions';

// ---------------------------------------------------------------- options

/** The options the EUM takes, and what each accepts. */
export const EUM_OPTIONS: Record<keyof EumSettings, string> = {
  rounds: `a whole number from 1 to 100000 (default ${EUM_DEFAULTS.rounds}; with stop=median or mean, the most rounds, default ${EUM_SETTLE_MAX_ROUNDS})`,
  compromiseRule: "'reference' (Scholz et al.'s code, default) or 'least-movement' (the paper's wording)",
  stop: "'rounds' (default), 'median' or 'mean'",
  Q: `a number from 0 to 1 (default ${EUM_DEFAULTS.Q})`,
  T: `a number from 0 to 1 (default ${EUM_DEFAULTS.T})`,
  tolerance: `a number ≥ 0, a fraction of the initial range (default ${EUM_DEFAULTS.tolerance})`,
};
const COMPROMISE_RULES: readonly CompromiseRule[] = ['reference', 'least-movement'];
const STOP_RULES: readonly StopRule[] = ['rounds', 'median', 'mean'];
/** Keys a front end may pass that are not model options. */
const FRONT_END_KEYS = new Set(['onProgress']);

interface OptionSource {
  values: Record<string, unknown> | undefined;
  path: InputPath;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}


/**
 * EUM settings from option sources, later ones overriding earlier ones (scenario `model_options.eum`, then what
 * the caller passes). Values may be strings (`--param Q=0.9`). Throws InputError with every problem found.
 */
export function parseEumOptions(sources: OptionSource[]): Partial<EumSettings> {
  const out: Partial<EumSettings> = {};
  const problems: InputProblem[] = [];
  const keys = Object.keys(EUM_OPTIONS) as (keyof EumSettings)[];
  for (const { values, path } of sources) {
    if (values === undefined) continue;
    for (const [key, raw] of Object.entries(values)) {
      if (raw === undefined || FRONT_END_KEYS.has(key)) continue;
      const at = [...path, key];
      if (!(keys as string[]).includes(key)) {
        const guess = didYouMean(key, keys);
        problems.push(
          problem('unknown-option', at, `the expected utility model has no option "${key}"`, `${guess ? `did you mean "${guess}"? ` : ''}its options are ${keys.join(', ')}`),
        );
        continue;
      }
      const k = key as keyof EumSettings;
      const bad = () => problems.push(problem('bad-option', at, `EUM option ${key} cannot be ${shownValue(raw)}`, `use ${EUM_OPTIONS[k]}`));
      if (k === 'compromiseRule' || k === 'stop') {
        const allowed: readonly string[] = k === 'stop' ? STOP_RULES : COMPROMISE_RULES;
        if (typeof raw === 'string' && allowed.includes(raw.trim())) (out as Record<string, unknown>)[k] = raw.trim();
        else {
          const guess = typeof raw === 'string' ? didYouMean(raw, allowed) : undefined;
          problems.push(
            problem('bad-option', at, `EUM option ${key} cannot be ${shownValue(raw)}`, `${guess ? `did you mean "${guess}"? ` : ''}use ${EUM_OPTIONS[k]}`),
          );
        }
        continue;
      }
      const v = asNumber(raw);
      if (v === undefined) bad();
      else if (k === 'rounds') {
        if (Number.isInteger(v) && v >= 1 && v <= 100000) out.rounds = v;
        else bad();
      } else if (k === 'tolerance') {
        if (v >= 0) out.tolerance = v;
        else bad();
      } else if (v >= 0 && v <= 1) out[k] = v;
      else bad();
    }
  }
  if (problems.length > 0) throw new InputError(problems);
  return out;
}


/** The scenario's `model_options.eum`, checked to be a mapping. */
function scenarioOptions(scenario: Scenario): OptionSource {
  const v = scenario.model_options?.[EUM_ID];
  if (v !== undefined && !isRecord(v)) {
    throw new InputError([problem('bad-option', ['model_options', EUM_ID], 'model_options.eum is not a mapping', 'write it as a mapping, e.g. eum: { rounds: 20 }')]);
  }
  return { values: v, path: ['model_options', EUM_ID] };
}

// ---------------------------------------------------------------- words

const MINUS = '\u2212';

/** A number for prose: `digits` decimals, trailing zeros dropped, a true minus sign. */
export function fmtNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return String(x);
  let s = x.toFixed(digits);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  if (s === '-0') s = '0';
  return s.startsWith('-') ? MINUS + s.slice(1) : s;
}

/** "France's", "Netherlands'". */
const possessive = (name: string) => (/s$/i.test(name) ? `${name}'` : `${name}'s`);

/** An expected utility for prose: three decimals (more when asked), so that values line up. */
function fmtEU(v: number, digits = 3): string {
  const s = v.toFixed(digits);
  return /^-0\.0*$/.test(s) ? s.slice(1) : s.replace('-', MINUS);
}

/**
 * Two numbers written with the fewest decimals, from `digits` up to `max`, that tell them apart: a comparison in
 * words ("0.000 against 0.000") never shows equal text for numbers that differ. The decimals used, or null when the
 * numbers agree to `max` decimals.
 */
function decimalsApart(a: number, b: number, f: (x: number, d: number) => string, digits: number, max: number): number | null {
  for (let d = digits; d <= max; d++) if (f(a, d) !== f(b, d)) return d;
  return null;
}

/** The most decimals an expected utility is shown with to tell two apart. */
const EU_MAX_DIGITS = 9;

/** The statistic's last step, "47.5 → 47.500001", or "a change of less than 0.000001" when six decimals cannot show it. */
function settledStep(before: number, after: number): string {
  const a = fmtNumber(before, 6);
  const b = fmtNumber(after, 6);
  return a !== b ? `${a} → ${b}` : `${a}, a change of less than 0.000001`;
}

/** "(50 → 10)", or, when the move is too small to show at three decimals, "— a negligible move (less than 0.001) from 100". */
function movePath(from: number, to: number): string {
  if (fmtNumber(from) !== fmtNumber(to)) return ` (${fmtNumber(from)} → ${fmtNumber(to)})`;
  return ` — a negligible move (less than 0.001) from ${fmtNumber(from)}`;
}

/** "A's 0.123 against B's 0.120", with enough decimals to differ (or "equal … to 9 decimals"). */
function euPair(a: number, b: number): [string, string] {
  const d = decimalsApart(a, b, fmtEU, 3, EU_MAX_DIGITS) ?? 3;
  return [fmtEU(a, d), fmtEU(b, d)];
}

export function explainMove(kind: number, actor: string, other: string, eij: number, eji: number, from: number, to: number, issue?: string): string {
  const path = movePath(from, to);
  const on = issue ? ` on ${issue}` : '';
  switch (kind) {
    case MOVE_CONFRONTATION: {
      const [ji, ij] = euPair(eji, eij);
      const tie = ji === ij ? ` (equal to ${EU_MAX_DIGITS} decimals)` : '';
      return `${actor} loses a confrontation with ${other}${on} and moves to ${possessive(other)} position: ${possessive(other)} expected utility of challenging ${actor} is ${ji} against ${possessive(actor)} ${ij}${tie}${path}.`;
    }
    case MOVE_COMPROMISE: {
      const [ij, ji] = euPair(eij, eji);
      return `${actor} compromises with ${other}${on}: its expected utility of challenging ${other} is ${ij} against ${possessive(other)} ${ji}, so it moves ${fmtNumber((100 * -eij) / eji, 0)}% of the way toward ${other}${path}.`;
    }
    case MOVE_CAPITULATION: {
      // The loss is larger than the gain: compare their sizes with enough decimals to show it.
      const d = decimalsApart(-eij, eji, fmtEU, 3, EU_MAX_DIGITS) ?? 3;
      return `${actor} capitulates to ${other}${on}: its expected utility of challenging ${other} is ${fmtEU(eij, d)}, a loss larger than ${possessive(other)} gain of ${fmtEU(eji, d)} from challenging it${path}.`;
    }
    default:
      return `${actor} stays at ${fmtNumber(from)}${on}.`;
  }
}

/** Actors whose direction of movement reversed at least twice: they swing between camps. */
function swingers(run: EumRun): { actor: number; reversals: number[] }[] {
  const { n, rounds, positions } = run;
  const out: { actor: number; reversals: number[] }[] = [];
  for (let i = 0; i < n; i++) {
    let dir = 0;
    const reversals: number[] = [];
    for (let t = 1; t <= rounds; t++) {
      const d = Math.sign(positions[t * n + i]! - positions[(t - 1) * n + i]!);
      if (d === 0) continue;
      if (dir !== 0 && d !== dir) reversals.push(t);
      dir = d;
    }
    if (reversals.length >= 2) out.push({ actor: i, reversals });
  }
  return out;
}

function movedLastRound(run: EumRun): number {
  const { n, rounds, positions } = run;
  if (rounds === 0) return 0;
  let c = 0;
  for (let i = 0; i < n; i++) if (positions[rounds * n + i] !== positions[(rounds - 1) * n + i]) c++;
  return c;
}

/** The largest move of any actor in the last round, in scale units. */
function largestLastMove(run: EumRun): number {
  const { positions, rounds, n } = run;
  let m = 0;
  for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(positions[rounds * n + i]! - positions[(rounds - 1) * n + i]!));
  return m;
}

/** " (by at most 1.2e−7)": how far the last round's movers moved, so that tiny residual moves read as such. */
function byAtMost(run: EumRun): string {
  const m = largestLastMove(run);
  return m > 0 ? ` (by at most ${m >= 0.01 ? fmtNumber(m, 2) : m.toExponential(1).replace('-', '\u2212')})` : '';
}

/** Has the run stopped without settling or cycling (fixed rounds, actors still moving, no repeat)? */
function unsettled(run: EumRun): boolean {
  return run.delta > 0 && run.stop.reason === 'rounds' && run.fixedFrom === null && run.cycle === null;
}

/**
 * One issue's stop, in words: in full for a single issue, `brief` (a clause, no actor list) when it is one of
 * several.
 */
export function describeStop(run: EumRun, names: string[], brief = false): string {
  const st = run.settings;
  const cyc = run.cycle;
  if (run.delta === 0) return brief ? 'all actors agree from the start' : 'every actor already holds the same position: there is nothing to challenge';
  const cycleWords = cyc
    ? brief
      ? `cycles with period ${cyc.length} (round ${cyc.to} repeats round ${cyc.from})`
      : `the positions at the end of round ${cyc.to} repeat those of round ${cyc.from}, so the run cycles with period ${cyc.length} and never converges`
    : '';
  switch (run.stop.reason) {
    case 'cycle':
      return cycleWords;
    case 'converged': {
      const stat = run.stop.statistic === 'median' ? run.median : run.mean;
      const still = movedLastRound(run);
      const base = brief
        ? `the ${run.stop.statistic} settled in round ${run.rounds}`
        : `the ${run.stop.statistic} settled in round ${run.rounds} (${settledStep(stat[run.rounds - 1]!, stat[run.rounds]!)}, tolerance ${st.tolerance}·Δ)`;
      if (run.fixedFrom !== null) return `${base}: nobody moves any more`;
      return brief
        ? `${base}, ${plural(still, 'actor')} still moving${byAtMost(run)}`
        : `${base}, but ${plural(still, 'actor')} still moved in that round${byAtMost(run)}, so the positions themselves have not settled`;
    }
    case 'max-rounds':
      return `the ${st.stop} had not settled within ${plural(run.rounds, 'round')}${brief ? '' : ' (raise rounds, or use stop=rounds)'}`;
    default: {
      if (run.fixedFrom !== null) return `${brief ? '' : `ran ${plural(run.rounds, 'round')}; `}nobody moves from round ${run.fixedFrom} on (a fixed point)`;
      if (cyc) return brief ? cycleWords : `ran ${plural(run.rounds, 'round')}; ${cycleWords}`;
      const sw = swingers(run);
      const moving = plural(movedLastRound(run), 'actor');
      if (brief) return `not converged: ${moving} moved in the last round${byAtMost(run)}${sw.length > 0 ? `, ${sw.length} keep reversing direction` : ''}`;
      const swing = sw.length > 0 ? `; ${sw.map((x) => `${names[x.actor]} reversed direction in rounds ${x.reversals.join(', ')}`).join('; ')}` : '';
      return `ran ${plural(run.rounds, 'round')}; ${moving} still moved in the last round${byAtMost(run)} and no state has repeated yet, so the run has not converged${swing} (stop=mean runs until it settles or cycles)`;
    }
  }
}

// ---------------------------------------------------------------- forecast

function actorNames(scenario: Scenario, t: IssueTable): string[] {
  return Array.from(t.actorIndex, (a) => scenario.actors[a]!.name || scenario.actors[a]!.id);
}

function eumIssue(scenario: Scenario, t: IssueTable, settings: Partial<EumSettings>, explain: boolean): IssueForecast {
  const run = runEum(t, settings);
  if (!explain) return { issue: t.issue.id, value: run.mean[run.rounds]!, explanation: '', detail: {} };
  const names = actorNames(scenario, t);
  const R = run.rounds;
  const n = run.n;
  const mean = run.mean[R]!;
  const median = run.median[R]!;
  const moved: string[] = [];
  for (let i = 0; i < n; i++) if (run.positions[R * n + i] !== run.positions[i]) moved.push(t.actorIds[i]!);
  let moves = 0;
  for (let k = 0; k < run.moveKind.length; k++) if (run.moveKind[k] !== MOVE_NONE) moves++;
  const finalPositions: Record<string, number> = {};
  t.actorIds.forEach((id, i) => (finalPositions[id] = run.positions[R * n + i]!));
  const who = moved.length === 0 ? 'nobody moved' : `${moved.length} of ${n} actors ended elsewhere than they started`;
  return {
    issue: t.issue.id,
    value: mean,
    explanation:
      `After ${R} round${R === 1 ? '' : 's'} of challenges (${who}), the capability × salience weighted mean of final positions is ` +
      `${fmtNumber(mean, 3)} (the headline) and their weighted median ${fmtNumber(median, 3)}. Stop: ${describeStop(run, names)}.`,
    detail: {
      headline: 'mean',
      mean,
      median,
      initial_mean: run.mean[0]!,
      initial_median: run.median[0]!,
      rounds: R,
      stop: run.stop.reason,
      cycle: run.cycle,
      fixed_from: run.fixedFrom,
      moves,
      moved,
      final_positions: finalPositions,
      settings: run.settings,
    },
  };
}

function settingsNote(s: EumSettings): string {
  return (
    `EUM settings: Q = ${s.Q}${s.Q === 1 ? ' (T irrelevant)' : `, T = ${s.T}`}, compromise rule '${s.compromiseRule}', ` +
    `stop '${s.stop}'${s.stop === 'rounds' ? ` after ${plural(s.rounds, 'round')}` : ` (tolerance ${s.tolerance}·Δ, at most ${plural(s.rounds, 'round')})`}; ` +
    'each issue runs separately, Δ = range of its initial positions.'
  );
}

export function eumForecast(scenario: Scenario, options: ForecastOptions = {}): ModelForecast {
  const given = options[EUM_ID];
  if (given !== undefined && !isRecord(given)) {
    throw new InputError([problem('bad-option', [EUM_ID], 'the EUM options are not a mapping', `pass them as { rounds: 20, stop: 'mean' }; the options are ${Object.keys(EUM_OPTIONS).join(', ')}`)]);
  }
  const settings = parseEumOptions([scenarioOptions(scenario), { values: given, path: [EUM_ID] }]);
  return {
    model: EUM_ID,
    issues: issueTables(scenario).map((t) => eumIssue(scenario, t, settings, options.explain ?? true)),
    notes: [settingsNote(eumSettings(settings))],
  };
}

export const expectedUtilityModel: ForecastModel = {
  id: EUM_ID,
  name: NAME,
  source: SOURCE,
  forecast: eumForecast,
  checkOptions: (values, path) => problemsOf(() => parseEumOptions([{ values, path }])),
};

// ---------------------------------------------------------------- dynamics

const KIND_WORDS: Record<number, string> = {
  [MOVE_CONFRONTATION]: 'confrontation',
  [MOVE_COMPROMISE]: 'compromise',
  [MOVE_CAPITULATION]: 'capitulation',
};

export function eumDynamics(scenario: Scenario, options: DynamicsOptions = {}): DynamicsResult {
  const settings = parseEumOptions([scenarioOptions(scenario), { values: options, path: [] }]);
  const full = eumSettings(settings);
  const tables = issueTables(scenario);
  const A = scenario.actors.length;
  const K = tables.length;
  const total = K * full.rounds;
  const runs: EumRun[] = [];
  tables.forEach((t, k) => {
    runs.push(runEum(t, settings, true));
    options.onProgress?.((k + 1) * full.rounds, total);
  });
  const T = runs.reduce((m, r) => Math.max(m, r.rounds), 0);
  const names = tables.map((t) => actorNames(scenario, t));

  const rounds: DynamicsRound[] = [];
  for (let t = 0; t <= T; t++) {
    const positions: (number | null)[][] = Array.from({ length: A }, () => new Array<number | null>(K).fill(null));
    const outcomes: Record<string, number> = {};
    const moves: Move[] = [];
    const challenges: Challenge[] = [];
    tables.forEach((tab, k) => {
      const run = runs[k]!;
      const n = run.n;
      const tt = Math.min(t, run.rounds);
      for (let i = 0; i < n; i++) positions[tab.actorIndex[i]!]![k] = run.positions[tt * n + i]!;
      outcomes[tab.issue.id] = run.mean[tt]!;
      if (t === 0 || t > run.rounds) return;
      const at = (t - 1) * n;
      for (let i = 0; i < n; i++) {
        const kind = run.moveKind[at + i]!;
        const from = run.positions[(t - 1) * n + i]!;
        const to = run.positions[t * n + i]!;
        if (kind === MOVE_NONE || from === to) continue;
        const j = run.moveTarget[at + i]!;
        const eij = run.moveInitiatorEU[at + i]!;
        const eji = run.moveReceiverEU[at + i]!;
        moves.push({
          round: t,
          actor: tab.actorIds[i]!,
          issue: tab.issue.id,
          from,
          to,
          toward: tab.actorIds[j]!,
          kind: KIND_WORDS[kind] ?? MOVE_KINDS[kind]!,
          explanation: explainMove(kind, names[k]![i]!, names[k]![j]!, eij, eji, from, to, tab.issue.name || tab.issue.id),
        });
      }
      const rec = run.record![t - 1]!;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          if (i === j) continue;
          challenges.push({
            round: t,
            issue: tab.issue.id,
            initiator: tab.actorIds[i]!,
            receiver: tab.actorIds[j]!,
            initiator_gain: rec.initiatorEU[i * n + j]!,
            receiver_gain: rec.receiverEU[i * n + j]!,
            probability: rec.probability[i * n + j]!,
          });
        }
      }
    });
    const round: DynamicsRound = { round: t, positions, outcomes, moves };
    if (t > 0) round.challenges = challenges;
    rounds.push(round);
  }

  const forecast: Record<string, number> = {};
  const notes: string[] = [settingsNote(full)];
  const details: string[] = [];
  tables.forEach((tab, k) => {
    const run = runs[k]!;
    forecast[tab.issue.id] = run.mean[run.rounds]!;
    details.push(K === 1 ? describeStop(run, names[k]!) : `${tab.issue.id}: ${describeStop(run, names[k]!, true)}`);
    notes.push(
      `${tab.issue.id}: weighted mean of final positions ${fmtNumber(run.mean[run.rounds]!, 6)} (headline), ` +
        `weighted median ${fmtNumber(run.median[run.rounds]!, 6)}; at the start ${fmtNumber(run.mean[0]!, 6)} and ${fmtNumber(run.median[0]!, 6)}.`,
    );
  });
  notes.push(
    "Challenge map: initiator_gain is E^i(U_ij), the initiator's expected utility of challenging the receiver; receiver_gain is " +
      "E^i(U_ji), the receiver's expected utility of challenging the initiator as the initiator estimates it (Bueno de Mesquita's " +
      'quad-map axes); probability is P(initiator beats receiver).',
  );
  let reason: DynamicsResult['stop']['reason'] = 'rounds';
  if (full.stop !== 'rounds') {
    if (runs.some((r) => r.stop.reason === 'cycle')) reason = 'cycle';
    else if (runs.some((r) => r.stop.reason === 'max-rounds')) reason = 'max-rounds';
    else reason = 'converged';
  }
  const firstCycle = runs.find((r) => r.cycle !== null)?.cycle;
  let detail = details.join('; ');
  if (K > 1) {
    const head = full.stop === 'rounds' ? `ran ${plural(T, 'round')}` : `stop=${full.stop}, at most ${plural(full.rounds, 'round')}`;
    const open = runs.filter(unsettled).length;
    detail = `${head}. ${detail}.${open > 0 ? ` ${open} of ${K} issues ${open === 1 ? 'has' : 'have'} not converged (stop=mean runs until each settles or cycles).` : ''}`;
  }
  const stop: DynamicsResult['stop'] = { reason, detail };
  if (firstCycle) stop.cycle_length = firstCycle.length;
  return {
    model: EUM_ID,
    actors: scenario.actors.map((a) => a.id),
    issues: scenario.issues.map((i) => i.id),
    rounds,
    stop,
    forecast,
    headline: EUM_HEADLINE,
    notes,
  };
}

export const expectedUtilityDynamics: DynamicsModel = {
  id: EUM_ID,
  name: NAME,
  source: SOURCE,
  run: eumDynamics,
};
