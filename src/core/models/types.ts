/**
 * What every forecasting model returns, so that the CLI, the server, backtests and Monte Carlo can treat
 * models alike. A model is a pure function of a point scenario and options.
 */
import type { InputPath, InputProblem } from '../errors.js';
import type { Scenario } from '../scenario.js';

export interface IssueForecast {
  /** Issue id. */
  issue: string;
  /** The forecast on the issue's scale. */
  value: number;
  /** One or two sentences that say why, in words a reader of the report understands. */
  explanation: string;
  /** Model-specific numbers that explain the forecast (weights, pivot, gains, …). JSON-serialisable. */
  detail: Record<string, unknown>;
}

export interface ModelForecast {
  model: string;
  /** One per scenario issue, in scenario order. */
  issues: IssueForecast[];
  /** Remarks that apply to the whole run (assumptions made, inputs ignored). */
  notes: string[];
}

export interface NashOptions {
  /** Loss function inside the utility: −|x − x_i| (default) or −(x − x_i)². */
  utility?: 'linear' | 'quadratic';
  /** Bargaining weights: capability × salience (default) or capability alone. */
  weights?: 'capability-salience' | 'capability';
}

/** Options of every model, one section per model; models added later extend this interface. */
export interface ForecastOptions {
  /**
   * False when the caller needs only the values (Monte Carlo draws, sweeps, backtests): a model may then skip the
   * words and details, leaving `explanation` empty and `detail` {}. The values must not change. Default true.
   */
  explain?: boolean;
  nash?: NashOptions;
  [model: string]: unknown;
}

export interface ForecastModel {
  /** Short id used on the command line and in JSON ("compromise"). */
  id: string;
  /** Long name ("Compromise model (capability × salience weighted mean)"). */
  name: string;
  /** The source the formulas come from. */
  source: string;
  forecast(scenario: Scenario, options?: ForecastOptions): ModelForecast;
  /**
   * The problems with one set of this model's options (a scenario's `model_options.<id>`, or what a caller passes
   * as `options.<id>`): unknown names, with a "did you mean", and values out of range, located at `path`. Values
   * may be strings (`--param nash.utility=quadratic`). Empty when all is well. `forecast` throws the same problems.
   * Every registered model has it (test/model-options.test.ts); a model without it takes no options.
   */
  checkOptions?(values: Record<string, unknown>, path: InputPath): InputProblem[];
}
