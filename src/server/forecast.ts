/**
 * Forecasts as the API answers them: the request's `models` and `options` checked with paths into the request, the
 * report of `parley forecast --format json` (per issue each model's forecast and explanation, notes by model) plus the
 * models' full results (`details`, which the web app reads), and the cost guard that keeps a synchronous forecast from
 * holding up every other request.
 *
 * Cost guard. A route that forecasts on the request thread (POST /api/forecast, GET /api/scenarios/{id}/forecast,
 * /compare, /combine) first estimates the work from the scenario's size, n actors and m issues, with each model's
 * complexity (its file's header) and a constant measured on a 2-core machine (ms):
 *
 *   exchange   0.03 · C, C = m(m−1)/2 · ⌊n²/4⌋ candidate exchanges        (10 rounds)
 *   smp        0.001 · (n³ + n²·m)                                         (≤ 100 turns)
 *   eum        0.005 · m·n²
 *   others     0.001 · n·m
 *
 * summed over the models asked for and over the scenarios the route forecasts. Above the budget (2 000 ms of
 * estimate by default; AppOptions.syncForecastBudgetMs) the request is refused with 422 `too-costly`, naming the costliest
 * models and pointing to the `forecast` job, which runs in a worker thread. The Busan example (16 × 14) estimates
 * about 0.2 s; 40 actors × 20 issues with exchange about 2.3 s (refused); without exchange 0.05 s.
 */
import { InputError, problem, type InputPath, type InputProblem } from '../core/errors.js';
import { forecastScenario } from '../core/forecast.js';
import { modelOptionProblems } from '../core/models/modelOptions.js';
import { DEFAULT_MODELS, MODELS } from '../core/models/registry.js';
import type { ForecastOptions } from '../core/models/types.js';
import { toPointScenario, type UncertainScenario } from '../core/scenario.js';
import { isRecord, namesProblems } from './params.js';

type Json = Record<string, unknown>;

export const DEFAULT_SYNC_FORECAST_BUDGET_MS = 2000;

/** Estimated milliseconds of one model's forecast of an n-actor, m-issue scenario (see the module header). */
export function modelCostMs(model: string, n: number, m: number): number {
  switch (model) {
    case 'exchange':
      return 0.03 * ((m * (m - 1)) / 2) * Math.floor((n * n) / 4);
    case 'smp':
      return 0.001 * (n ** 3 + n * n * m);
    case 'eum':
      return 0.005 * m * n * n;
    default:
      return 0.001 * n * m;
  }
}

const seconds = (ms: number) => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);

/**
 * Refuse (HttpError-like 422 `too-costly`, thrown as CostError) when forecasting `scenarios` with `models` would take
 * longer than `budgetMs` by the estimate. `where` is the path of the models in the request (["models"]).
 */
export function guardForecastCost(scenarios: readonly { actors: unknown[]; issues: unknown[] }[], models: readonly string[], budgetMs: number, where: InputPath, how: string): void {
  const byModel = models.map((id) => ({ id, ms: scenarios.reduce((s, x) => s + modelCostMs(id, x.actors.length, x.issues.length), 0) }));
  const total = byModel.reduce((s, x) => s + x.ms, 0);
  if (total <= budgetMs) return;
  const worst = [...byModel].sort((a, b) => b.ms - a.ms);
  // The quicker models that fit in the budget together, cheapest first.
  const cheap: string[] = [];
  let sum = 0;
  for (const x of [...byModel].sort((a, b) => a.ms - b.ms)) {
    if (sum + x.ms > budgetMs) break;
    sum += x.ms;
    cheap.push(x.id);
  }
  const first = scenarios[0]!;
  const size = `${first.actors.length} actors × ${first.issues.length} issues${scenarios.length > 1 ? ` (${scenarios.length} scenarios)` : ''}`;
  throw new CostError(
    problem(
      'too-costly',
      where,
      `forecasting ${size} with ${models.join(', ')} would take about ${seconds(total)} (${worst
        .slice(0, 3)
        .map((x) => `${x.id} ${seconds(x.ms)}`)
        .join(', ')}), more than a request may take (${seconds(budgetMs)}): every other request would wait for it`,
      `run it as a job, which runs beside the server: POST /api/jobs { "kind": "forecast", ${how}, "params": { "models": [...] } }${
        cheap.length > 0 ? `; or ask only for quicker models: ${models.filter((id) => cheap.includes(id)).join(', ')}` : ''
      }`,
    ),
  );
}

/** A synchronous forecast refused for its cost (422 `too-costly`). */
export class CostError extends Error {
  constructor(readonly problem: InputProblem) {
    super(problem.message);
    this.name = 'CostError';
  }
}

/** The model ids of a request (`models`, default all) and its `options` by model id, checked; problems located under `base`. */
export function readForecastRequest(models: unknown, options: unknown, base: InputPath = []): { ids: string[]; options: ForecastOptions; problems: InputProblem[] } {
  const problems: InputProblem[] = [];
  const known = MODELS.map((m) => m.id);
  let ids: string[] = [...DEFAULT_MODELS];
  if (models !== undefined && models !== null) {
    if (!Array.isArray(models) || !models.every((m) => typeof m === 'string')) {
      problems.push(problem('wrong-type', [...base, 'models'], '`models` is not a list of model ids', `send e.g. ["${known.join('", "')}"], or leave it out for all`));
    } else if (models.length === 0) {
      problems.push(problem('no-models', [...base, 'models'], '`models` is an empty list', `name at least one of: ${known.join(', ')}, or leave it out for all`));
    } else {
      problems.push(...namesProblems(models, known, [...base, 'models'], 'model'));
      ids = models;
    }
  }
  let opts: ForecastOptions = {};
  if (options !== undefined && options !== null) {
    if (!isRecord(options)) problems.push(problem('wrong-type', [...base, 'options'], '`options` is not a mapping', 'send options by model id, e.g. { "nash": { "utility": "quadratic" } }'));
    else {
      problems.push(...modelOptionProblems(options, MODELS, [...base, 'options']));
      opts = options as ForecastOptions;
    }
  }
  return { ids, options: opts, problems };
}

/**
 * The forecast report: `parley forecast --format json`'s fields (per issue `explanations` by model, `notes` by model)
 * and `details`, each model's full result. Each model lays the request's options over the scenario's `model_options`, as
 * for the CLI's flags.
 */
export function forecastJson(scenario: UncertainScenario, ids: readonly string[], options: ForecastOptions = {}): Json {
  const report = forecastScenario(toPointScenario(scenario), ids, options);
  return {
    scenario: report.scenario,
    models: report.models,
    issues: report.issues.map((i) => ({
      ...i,
      explanations: Object.fromEntries(report.details.map((d) => [d.model, d.issues.find((x) => x.issue === i.id)?.explanation ?? null])),
    })),
    notes: Object.fromEntries(report.details.map((d) => [d.model, d.notes])),
    details: report.details,
  };
}

/** Check a request's models and options (InputError with every problem), then forecast. */
export function forecastRequest(scenario: UncertainScenario, models: unknown, options: unknown, base: InputPath = []): Json {
  const r = readForecastRequest(models, options, base);
  if (r.problems.length > 0) throw new InputError(r.problems);
  return forecastJson(scenario, r.ids, r.options);
}
