/**
 * Every forecasting model Parley offers, in the order reports show them. Add a model by writing its module
 * (one model per file, headed by its source and formulas) and listing it here: the CLI, the HTTP API,
 * backtests and Monte Carlo pick it up from this list.
 */
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
