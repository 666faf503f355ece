/**
 * Accuracy of point forecasts against outcomes: the statistics forecasting studies of EU negotiations report
 * (Thomson, Stokman, Achen & König 2006, The European Union Decides, ch. 10; Achen 2006 ch. 4 reports mean absolute
 * error). With e_k = forecast_k − outcome_k over n issues, in points of a 0–100 scale:
 *
 *   MAE = Σ|e_k| / n            median AE = median of |e_k|        RMSE = √(Σ e_k² / n)
 *   within t = #{k : |e_k| ≤ t} / n  (t = 5, 10, 20; the bound counts as within)
 *   mean signed error = Σ e_k / n  (> 0: forecasts run high)
 *
 * Sums are compensated (Neumaier); the median sorts a copy. O(n log n); pure; needs n ≥ 1 and finite errors.
 */
import { compensatedSum } from '../math/sum.js';
import type { ErrorMetrics } from './types.js';

/** The error of a forecast in points of a 0–100 scale: 100·(forecast − outcome)/(max − min). */
export function scaledError(forecast: number, outcome: number, scale: { min: number; max: number }): number {
  const width = scale.max - scale.min;
  return width === 100 ? forecast - outcome : (100 * (forecast - outcome)) / width;
}

/** Median of a list of numbers (the mean of the middle two for an even count). Does not modify the input. O(n log n). */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Statistics of the signed errors `errors` (forecast − outcome). Throws RangeError for an empty list. */
export function errorMetrics(errors: ArrayLike<number>): ErrorMetrics {
  const n = errors.length;
  if (n === 0) throw new RangeError('errorMetrics needs at least one error');
  const absolute = new Float64Array(n);
  const squared = new Float64Array(n);
  let within5 = 0;
  let within10 = 0;
  let within20 = 0;
  for (let k = 0; k < n; k++) {
    const e = errors[k]!;
    const a = Math.abs(e);
    absolute[k] = a;
    squared[k] = e * e;
    if (a <= 5) within5++;
    if (a <= 10) within10++;
    if (a <= 20) within20++;
  }
  return {
    n,
    mae: compensatedSum(absolute) / n,
    median_ae: median(absolute),
    rmse: Math.sqrt(compensatedSum(squared) / n),
    within_5: within5 / n,
    within_10: within10 / n,
    within_20: within20 / n,
    mean_signed_error: compensatedSum(errors) / n,
  };
}
