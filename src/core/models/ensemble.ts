/**
 * Ensemble forecast: Nash bargaining with a costly disagreement, combined with the compromise model; under unanimity
 * in a body that decides alone, the weighted median (the position no weighted majority can beat).
 *
 * Sources.
 *   Compromise model: Achen (2006), in Thomson, Stokman, Achen & König (eds.), The European Union Decides, ch. 4.
 *   Nash bargaining solution: Nash (1950), Econometrica 18:155–162; on EU legislation Schneider, Finke & Bailer
 *     (2010), Political Studies 58(1):85–103. Franchino & Mariotto (2021), "Bargaining outcomes and success in EU
 *     economic governance reforms", Political Science Research and Methods, find a procedural model accurate once
 *     failure of the talks is costly; here each actor's disagreement point is its worst point, not the reference point.
 *   Combining forecasts: Bates & Granger (1969), Operational Research Quarterly 20(4):451–468; Graefe, Armstrong,
 *     Jones & Cuzán (2014), International Journal of Forecasting 30(1):43–54.
 *   Unanimity under consultation: the Parliament is only consulted and the Council may amend the Commission's
 *     proposal by the same unanimity it needs to adopt it, so the Commission's agenda power vanishes and the Council
 *     decides alone (Steunenberg 1994, JITE 150(4):642–669; Crombez 1996, BJPolS 26(2):199–228), by consensus
 *     (Heisenberg 2005, EJPR 44(1):65–90). Its decision is forecast by the weighted median, the Condorcet winner of
 *     a weighted vote on one dimension (Black 1948, JPE 56(1):23–34).
 *
 * Formulas, per issue, with w_i = c_i·s_i:
 *   C = Σ w_i x_i / Σ w_i                                             (compromise)
 *   N = argmax_x Σ w_i log(R_i − |x − x_i|),  R_i = max(x_i − min, max − x_i)
 *       (Nash bargaining, linear utilities, each actor's disagreement point its worst point on the scale)
 *   M = weighted median of the x_i (Condorcet winner; ./weightedMedian.ts)
 *   B = (1 − α)·C + α·N                                               (bargaining forecast)
 *   forecast = (1 − λ)·B + λ·M   when consensus applies, else B.
 * Consensus applies when the voting rule is unanimity, the procedure is not co-decision (default: consultation, the
 * voting body decides alone) and the issue has at least 3 participants (with two, unanimity is bilateral bargaining).
 *
 * Parameters:
 *   α = nash_weight = ½, fixed, not fitted: the equal-weight combination of two published models.
 *     Equal weights are the robust choice when the models' accuracies are close: fitted combination weights add
 *     estimation error that usually costs more than it gains (the "forecast combination puzzle": Smith & Wallis 2009,
 *     Oxford Bulletin of Economics and Statistics 71(3):331–355; Claeskens, Magnus, Vasnev & Wang 2016, IJF 32(3)).
 *   λ = consensus_weight = 1, the one fitted parameter: least absolute error over the DEU development set
 *     (../shared/data/deu-dev) on the grid 0, 0.05, …, 1; `parley backtest --cv K` refits it in every fold and reports
 *     the out-of-fold error. λ = 1 means the Council's decision under consensus is forecast by the weighted median.
 * Why these forms: both are convex combinations of published models, so every forecast lies inside the range of the
 * models it combines and a fitted value stays interpretable. What was tried and rejected (shrinkage toward the
 * reference point, the unanimity and QMV pivots with the era's real thresholds, institution weights for the Commission
 * and the Parliament, fitting α; equal-weight, median and stacked combinations with the EU, SMP and exchange models,
 * stretching toward the scale's ends, the supporter coalition, a model per voting rule and procedure) is in
 * docs/backtest.md with its out-of-fold figures: none beat this formula out of sample (21.59 in 10-fold CV; 21.77 when
 * the consensus rule's form is also chosen inside the folds).
 *
 * A scenario has no voting-rule field: the model reads `model_options.ensemble` ({ voting_rule: unanimity | qmv |
 * majority, procedure: consultation | codecision (CNS | COD accepted), nash_weight, consensus_weight }); options given
 * to `forecast` override the scenario's. Without a voting rule, the forecast is B on every issue.
 *
 * Deterministic. O(n·log(1/ε) + d²·n) per issue for n participants and d distinct positions (the Nash bisection and
 * the pairwise median votes); the fit adds O(21·I_c) for the I_c issues under consensus.
 * Rejects (InputError): an unknown voting rule or procedure, a weight outside [0, 1].
 */
import { didYouMean, InputError, plural, problem, shownValue, type InputPath, type InputProblem } from '../errors.js';
import { issueTables, type IssueTable } from '../issueTable.js';
import type { Scenario } from '../scenario.js';
import { weightedMean } from './compromise.js';
import { nashBargaining } from './nashBargaining.js';
import type { ForecastModel, ForecastOptions, IssueForecast, ModelForecast } from './types.js';
import { weightedMedian } from './weightedMedian.js';

export interface EnsembleOptions {
  /** unanimity, qmv or majority. */
  voting_rule?: string;
  /** consultation (the voting body decides alone) or codecision (a second chamber must agree); CNS / COD accepted. */
  procedure?: string;
  /** α ∈ [0, 1]. */
  nash_weight?: number;
  /** λ ∈ [0, 1]. */
  consensus_weight?: number;
}

/** α: equal weights, fixed, not fitted (see the header). λ: fitted on ../shared/data/deu-dev; docs/backtest.md. */
export const DEFAULT_NASH_WEIGHT = 0.5;
export const DEFAULT_CONSENSUS_WEIGHT = 1;
/** The grid λ is fitted on: 0, 0.05, …, 1. */
export const PARAMETER_GRID: readonly number[] = Array.from({ length: 21 }, (_, k) => k / 20);

const VOTING_RULES = ['unanimity', 'qmv', 'majority'] as const;
const PROCEDURES: Record<string, 'consultation' | 'codecision'> = { consultation: 'consultation', cns: 'consultation', codecision: 'codecision', cod: 'codecision' };

interface Resolved {
  votingRule: (typeof VOTING_RULES)[number] | null;
  procedure: 'consultation' | 'codecision' | null;
  nashWeight: number;
  consensusWeight: number;
  /** Where the voting rule came from, for the notes. */
  from: 'options' | 'scenario' | null;
}

const OPTION_NAMES = ['voting_rule', 'procedure', 'nash_weight', 'consensus_weight'] as const;
const DEFAULT_WEIGHTS = { nash_weight: DEFAULT_NASH_WEIGHT, consensus_weight: DEFAULT_CONSENSUS_WEIGHT };

interface ParsedLayer {
  votingRule?: Resolved['votingRule'];
  procedure?: Resolved['procedure'];
  nash_weight?: number;
  consensus_weight?: number;
}

/** One layer of options (the scenario's or the caller's), checked on its own; numbers may be written as strings. */
function parseLayer(values: Record<string, unknown>, path: InputPath): { parsed: ParsedLayer; problems: InputProblem[] } {
  const parsed: ParsedLayer = {};
  const problems: InputProblem[] = [];
  for (const [key, raw] of Object.entries(values)) {
    if (raw === undefined) continue;
    const at = [...path, key];
    if (key === 'voting_rule') {
      const hit = typeof raw === 'string' ? VOTING_RULES.find((r) => r === raw.trim().toLowerCase()) : undefined;
      if (hit) parsed.votingRule = hit;
      else {
        const guess = typeof raw === 'string' ? didYouMean(raw, VOTING_RULES) : undefined;
        problems.push(problem('bad-option', at, `unknown voting rule ${shownValue(raw)}`, guess ? `did you mean "${guess}"?` : `use ${VOTING_RULES.join(', ')}`));
      }
    } else if (key === 'procedure') {
      const hit = typeof raw === 'string' ? PROCEDURES[raw.trim().toLowerCase()] : undefined;
      if (hit) parsed.procedure = hit;
      else {
        const guess = typeof raw === 'string' ? didYouMean(raw, Object.keys(PROCEDURES)) : undefined;
        problems.push(problem('bad-option', at, `unknown procedure ${shownValue(raw)}`, guess ? `did you mean "${guess}"?` : 'use consultation (the voting body decides alone) or codecision'));
      }
    } else if (key === 'nash_weight' || key === 'consensus_weight') {
      const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (v >= 0 && v <= 1) parsed[key] = v;
      else problems.push(problem('bad-option', at, `${key} ${shownValue(raw)} is not a number between 0 and 1`, `write ${key}: ${DEFAULT_WEIGHTS[key]} (the default), or another value in [0, 1]`));
    } else {
      const guess = didYouMean(key, OPTION_NAMES);
      problems.push(problem('unknown-option', at, `the ensemble model has no option "${key}"`, `${guess ? `did you mean "${guess}"? ` : ''}its options are ${OPTION_NAMES.join(', ')}`));
    }
  }
  return { parsed, problems };
}

/** The model's options: the scenario's `model_options.ensemble`, overridden by `options.ensemble`. */
function resolveOptions(scenario: Scenario, options: ForecastOptions = {}): Resolved {
  const fromScenario = parseLayer((scenario.model_options?.ensemble ?? {}) as Record<string, unknown>, ['model_options', 'ensemble']);
  const fromOptions = parseLayer((options.ensemble ?? {}) as Record<string, unknown>, ['ensemble']);
  const problems = [...fromScenario.problems, ...fromOptions.problems];
  if (problems.length > 0) throw new InputError(problems);
  const a = fromScenario.parsed;
  const b = fromOptions.parsed;
  const from = b.votingRule !== undefined ? 'options' : a.votingRule !== undefined ? 'scenario' : null;
  return {
    votingRule: b.votingRule ?? a.votingRule ?? null,
    procedure: b.procedure ?? a.procedure ?? null,
    nashWeight: b.nash_weight ?? a.nash_weight ?? DEFAULT_NASH_WEIGHT,
    consensusWeight: b.consensus_weight ?? a.consensus_weight ?? DEFAULT_CONSENSUS_WEIGHT,
    from,
  };
}

/** The three forecasts the ensemble combines, on one issue. */
export interface EnsembleComponents {
  compromise: number;
  nash: number;
  median: number;
  participants: number;
}

export function ensembleComponents(t: IssueTable): EnsembleComponents {
  return {
    compromise: weightedMean(t.position, t.weight),
    nash: nashBargaining(t.position, t.weight, null, t.issue.scale, 'linear').value,
    median: weightedMedian(t.position, t.weight).value,
    participants: t.position.length,
  };
}

/** Does the consensus rule apply: unanimity, not co-decision, at least 3 participants? */
export function consensusApplies(votingRule: Resolved['votingRule'], procedure: Resolved['procedure'], participants: number): boolean {
  return votingRule === 'unanimity' && procedure !== 'codecision' && participants >= 3;
}

/** B, or (1 − λ)·B + λ·M under consensus. */
export function combine(c: EnsembleComponents, consensus: boolean, nashWeight: number, consensusWeight: number): number {
  const bargaining = (1 - nashWeight) * c.compromise + nashWeight * c.nash;
  return consensus ? (1 - consensusWeight) * bargaining + consensusWeight * c.median : bargaining;
}

function ensembleIssue(t: IssueTable, r: Resolved): IssueForecast {
  const c = ensembleComponents(t);
  const consensus = consensusApplies(r.votingRule, r.procedure, c.participants);
  const value = combine(c, consensus, r.nashWeight, r.consensusWeight);
  const bargaining = combine(c, false, r.nashWeight, r.consensusWeight);
  const f = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const bargainingText = `${f(r.nashWeight)} × Nash bargaining with costly disagreement (${f(c.nash)}) + ${f(1 - r.nashWeight)} × compromise (${f(c.compromise)})`;
  const explanation = consensus
    ? `Unanimity in a body that decides alone: members settle where the weight is, ${f(r.consensusWeight)} × weighted median (${f(c.median)}) + ${f(1 - r.consensusWeight)} × the bargaining forecast ${f(bargaining)} (${bargainingText}).`
    : `Bargaining forecast: ${bargainingText}.`;
  return {
    issue: t.issue.id,
    value,
    explanation,
    detail: {
      compromise: c.compromise,
      nash_costly_disagreement: c.nash,
      weighted_median: c.median,
      bargaining,
      consensus,
      voting_rule: r.votingRule,
      procedure: r.procedure,
      nash_weight: r.nashWeight,
      consensus_weight: r.consensusWeight,
    },
  };
}

export function ensembleForecast(scenario: Scenario, options: ForecastOptions = {}): ModelForecast {
  const r = resolveOptions(scenario, options);
  const issues = issueTables(scenario).map((t) => ensembleIssue(t, r));
  const notes = [`Ensemble with nash_weight ${r.nashWeight} and consensus_weight ${r.consensusWeight}.`];
  if (r.votingRule === null) notes.push('No voting rule given (model_options.ensemble.voting_rule): the bargaining forecast on every issue.');
  else {
    const where = r.from === 'options' ? 'the options' : 'the scenario';
    const procedure = r.procedure ?? 'consultation (default)';
    const consensus = issues.filter((i) => i.detail.consensus).length;
    notes.push(`Voting rule ${r.votingRule}, procedure ${procedure}, from ${where}: consensus (weighted median) on ${consensus} of ${plural(issues.length, 'issue')}.`);
  }
  return { model: 'ensemble', issues, notes };
}

/**
 * Fit λ (consensus_weight) on scenarios whose issues carry outcomes: the grid point with the least total absolute
 * error, in points of a 0–100 scale (ties go to the smaller λ, nearer the bargaining forecast). α is not fitted: it
 * comes from `options` or the scenario (default ½). Issues without an outcome are ignored; with no outcome under
 * consensus at all, λ keeps its default. O(I·cost of the components + 21·I_c).
 */
export function fitEnsemble(training: readonly Scenario[], options: ForecastOptions = {}): { options: ForecastOptions; parameters: Record<string, number> } {
  const bargaining: number[] = [];
  const median: number[] = [];
  const outcome: number[] = [];
  const scale: number[] = [];
  for (const scenario of training) {
    const r = resolveOptions(scenario, options);
    for (const t of issueTables(scenario)) {
      const y = t.issue.outcome;
      if (y === undefined || !Number.isFinite(y)) continue;
      const c = ensembleComponents(t);
      if (!consensusApplies(r.votingRule, r.procedure, c.participants)) continue; // λ does not act on this issue
      const b = combine(c, false, r.nashWeight, 0);
      if (!Number.isFinite(b) || !Number.isFinite(c.median)) continue;
      bargaining.push(b);
      median.push(c.median);
      outcome.push(y);
      scale.push(100 / (t.issue.scale.max - t.issue.scale.min));
    }
  }
  let best = { error: Infinity, consensusWeight: DEFAULT_CONSENSUS_WEIGHT };
  if (outcome.length > 0) {
    const tolerance = 1e-9 * outcome.length;
    for (const l of PARAMETER_GRID) {
      let error = 0;
      for (let k = 0; k < outcome.length; k++) error += Math.abs((1 - l) * bargaining[k]! + l * median[k]! - outcome[k]!) * scale[k]!;
      if (error < best.error - tolerance) best = { error, consensusWeight: l };
    }
  }
  return { options: { ensemble: { consensus_weight: best.consensusWeight } }, parameters: { consensus_weight: best.consensusWeight } };
}

export const ensembleModel: ForecastModel & { fit: typeof fitEnsemble } = {
  id: 'ensemble',
  name: 'Ensemble: Nash bargaining (costly disagreement) with compromise; weighted median under unanimity',
  source: 'Nash 1950; Achen 2006; Bates & Granger 1969; Crombez 1996; fitted on DEU by cross-validation (docs/backtest.md)',
  forecast: ensembleForecast,
  checkOptions: (values, path) => parseLayer(values, path).problems,
  fit: fitEnsemble,
};
