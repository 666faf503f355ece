/**
 * The shapes of a backtest: a data set of past negotiations with known outcomes, and the report that scores every
 * forecasting model on it. Readers in src/formats/backtestData.ts produce a `BacktestDataset`; `runBacktest`
 * (./run.ts) turns it into a `BacktestReport`; the CLI and the server render the report.
 */
import type { ForecastOptions } from '../models/types.js';
import type { Scenario } from '../scenario.js';

/**
 * One negotiation (a DEU proposal, or one scenario file): the unit that cross-validation folds and the bootstrap
 * resample. Its issues are forecast together, so multi-issue models see them together.
 */
export interface BacktestCase {
  id: string;
  name: string;
  /** Decision rule of the deciding body where the data records it (DEU: "qmv" or "unanimity"). */
  voting_rule?: string;
  /** Legislative procedure where the data records it (DEU: "COD" co-decision, "CNS" consultation). */
  procedure?: string;
  /**
   * Usually one scenario. A DEU proposal whose issues were coded with different vote weights (decided before and
   * after an enlargement) becomes one scenario per set of weights, since a scenario holds one capability per actor.
   * Issues carry `outcome` where it is known; issues without one are forecast but not scored.
   */
  scenarios: Scenario[];
}

export interface BacktestDataset {
  /** The folder or file name, for headings. */
  name: string;
  /** "deu" (issues.csv + stances.csv) or "scenarios" (a folder of scenario files). */
  format: 'deu' | 'scenarios';
  cases: BacktestCase[];
  /** How the reader interpreted the input (blank saliences, issues left unscored, …), one sentence each. */
  notes: string[];
}

/** Error statistics of one model, in points of a 0–100 scale (issues on other scales are rescaled). */
export interface ErrorMetrics {
  /** Issues scored. */
  n: number;
  mae: number;
  median_ae: number;
  rmse: number;
  /** Share of issues (0–1) whose absolute error is at most 5, 10, 20 points. */
  within_5: number;
  within_10: number;
  within_20: number;
  /** Mean of forecast − outcome: positive when forecasts run high. */
  mean_signed_error: number;
}

/** Mean paired difference of absolute errors (model − baseline) with a bootstrap interval that resamples cases. */
export interface PairedDifference {
  baseline: string;
  /** Issues both models forecast. */
  n: number;
  /** MAE(model) − MAE(baseline) over those issues: negative means the model is more accurate. */
  difference: number;
  /** 95 % percentile bootstrap interval; [difference, difference] for the baseline itself. */
  ci95: [number, number];
  replicates: number;
}

export interface ModelFailure {
  model: string;
  case: string;
  /** The issue, when only some issues of the case failed (a non-finite forecast). */
  issue?: string;
  message: string;
}

export interface ModelResult {
  id: string;
  name: string;
  /** Null when the model forecast no issue at all. */
  metrics: ErrorMetrics | null;
  vs_baseline: PairedDifference | null;
  failures: ModelFailure[];
}

/** One scored issue and every model's forecast of it (null where the model failed). */
export interface IssueRecord {
  case: string;
  case_name: string;
  issue: string;
  issue_name: string;
  voting_rule: string | null;
  procedure: string | null;
  /** The issue's no-deal point (DEU reference point), null when unknown. */
  reference_point: number | null;
  outcome: number;
  scale: { min: number; max: number };
  /** Actors with a stance on the issue. */
  participants: number;
  predictions: Record<string, number | null>;
}

/** MAE of every model within one group of issues (one voting rule, one procedure, …). */
export interface BreakdownRow {
  value: string;
  issues: number;
  cases: number;
  mae: Record<string, number | null>;
}

export interface Breakdown {
  /** What the issues are grouped by ("voting rule"). */
  by: string;
  rows: BreakdownRow[];
}

export interface CrossValidationFold {
  fold: number;
  /** Case ids held out in this fold. */
  cases: string[];
  /** Parameters fitted on the other folds, by model id. */
  parameters: Record<string, Record<string, number>>;
}

export interface CrossValidationInfo {
  k: number;
  seed: number;
  /** Models whose parameters were refitted in every fold (the others have none to fit: their figures are unchanged). */
  fitted: string[];
  folds: CrossValidationFold[];
}

export interface BacktestReport {
  dataset: { name: string; format: 'deu' | 'scenarios'; cases: number; issues: number };
  baseline: string;
  seed: number;
  /** Bootstrap replicates behind every interval. */
  replicates: number;
  models: ModelResult[];
  breakdowns: Breakdown[];
  /** Present when the figures are cross-validated (`--cv K`). */
  cv: CrossValidationInfo | null;
  issues: IssueRecord[];
  notes: string[];
}

/**
 * A model with parameters fitted from past outcomes. `fit` sees only the training scenarios (whose issues carry
 * `outcome`) and the options the user fixed, and returns the options that make `forecast` use the fitted values
 * (merged over the user's, model section by model section) and the values themselves for the report.
 * Cross-validation calls it once per fold.
 */
export interface FittableModel {
  fit(training: readonly Scenario[], options?: ForecastOptions): { options: ForecastOptions; parameters: Record<string, number> };
}
