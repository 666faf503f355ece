/**
 * Run several models on a scenario and line their forecasts up issue by issue: the report behind
 * `parley forecast` and the API's forecast endpoint. Pure.
 */
import { InputError, problem } from './errors.js';
import { MODELS, resolveModels } from './models/registry.js';
import type { ForecastOptions, ModelForecast } from './models/types.js';
import { nearestAnchor, type Anchor, type Scenario } from './scenario.js';
import { modelOptionProblems } from './models/modelOptions.js';
import { scenarioProblems } from './checkScenario.js';

export interface IssueForecastRow {
  id: string;
  name: string;
  scale: { min: number; max: number; unit?: string };
  status_quo: number | null;
  no_deal: number | null;
  /** Model id → forecast. */
  forecasts: Record<string, number>;
  /** Largest minus smallest forecast across the models run. */
  spread: number;
  /** Mean of the models' forecasts, and the anchor nearest to it: what the forecasts mean in policy terms. */
  consensus: number;
  meaning: Anchor | null;
  outcome: number | null;
}

export interface ForecastReport {
  scenario: { title: string; date: string | null; actors: number; issues: number };
  models: { id: string; name: string; source: string }[];
  issues: IssueForecastRow[];
  /** Each model's full result, with explanations and details. */
  details: ModelForecast[];
}

/** Keys of ForecastOptions that are not a model's section. */
const NOT_MODEL_KEYS: ReadonlySet<string> = new Set(['explain']);

/**
 * Forecasts of the named models. Every model's options in `options` are checked first, and all problems are thrown
 * together (InputError): unknown names and values out of range, by model; an unknown model id, named or given
 * options, is an InputError too, and so is a scenario that would not pass `parley validate` (checkScenario.ts), an empty
 * model list or a model named twice. Sections of registered models not run are not checked. Otherwise pure and total.
 */
export function forecastScenario(scenario: Scenario, modelIds: readonly string[], options: ForecastOptions = {}): ForecastReport {
  const scenarioErrors = scenarioProblems(scenario);
  if (scenarioErrors.length > 0) throw new InputError(scenarioErrors);
  const twice = modelIds.find((id, k) => modelIds.indexOf(id) !== k);
  if (twice !== undefined) throw new InputError([problem('duplicate-model', ['model'], `model "${twice}" is named twice`, 'name each model once')]);
  const models = resolveModels(modelIds);
  const skip = new Set([...NOT_MODEL_KEYS, ...MODELS.filter((m) => !models.includes(m)).map((m) => m.id)]);
  const problems = modelOptionProblems(options, MODELS, [], skip);
  if (problems.length > 0) throw new InputError(problems);
  const details = models.map((m) => m.forecast(scenario, options));
  const issues = scenario.issues.map((issue, k): IssueForecastRow => {
    const forecasts: Record<string, number> = {};
    for (const d of details) forecasts[d.model] = d.issues[k]!.value;
    const values = Object.values(forecasts);
    const consensus = values.reduce((a, b) => a + b, 0) / values.length;
    return {
      id: issue.id,
      name: issue.name,
      scale: issue.scale,
      status_quo: issue.status_quo ?? null,
      no_deal: issue.no_deal ?? null,
      forecasts,
      spread: Math.max(...values) - Math.min(...values),
      consensus,
      meaning: nearestAnchor(issue, consensus) ?? null,
      outcome: issue.outcome ?? null,
    };
  });
  return {
    scenario: { title: scenario.title, date: scenario.date ?? null, actors: scenario.actors.length, issues: scenario.issues.length },
    models: models.map((m) => ({ id: m.id, name: m.name, source: m.source })),
    issues,
    details,
  };
}
