/**
 * Every forecasting model Parley offers, in the order reports show them. Add a model by writing its module
 * (one model per file, headed by its source and formulas) and listing it here: the CLI, the HTTP API,
 * backtests and Monte Carlo pick it up from this list.
 */
import { InputError, problem, unknownName } from '../errors.js';
import { compromiseModel } from './compromise.js';
import { ensembleModel } from './ensemble.js';
import { exchangeModel } from './exchange/index.js';
import { expectedUtilityModel } from './expectedUtility.js';
import { nashModel } from './nashBargaining.js';
import { smpModel } from './smp.js';
import type { ForecastModel } from './types.js';
import { weightedMedianModel } from './weightedMedian.js';

export const MODELS: readonly ForecastModel[] = [compromiseModel, weightedMedianModel, nashModel, expectedUtilityModel, smpModel, exchangeModel, ensembleModel];

/** The models `parley forecast` runs when none is named. */
export const DEFAULT_MODELS: readonly string[] = MODELS.map((m) => m.id);

export function findModel(id: string): ForecastModel | undefined {
  return MODELS.find((m) => m.id === id);
}

/** The models named by `ids`, in that order. InputError for an empty list or an unknown id (with "did you mean"). */
export function resolveModels(ids: readonly string[]): ForecastModel[] {
  const known = MODELS.map((m) => m.id);
  if (ids.length === 0) throw new InputError([problem('no-models', ['model'], 'no model named', `name at least one of: ${known.join(', ')}`)]);
  return ids.map((id) => {
    const m = findModel(id);
    if (!m) throw new InputError([unknownName('unknown-model', ['model'], 'model', id, known)]);
    return m;
  });
}
