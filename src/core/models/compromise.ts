/**
 * Compromise model ("mean voter"): the capability × salience weighted mean of positions.
 *
 * Source: Achen, C. H. (2006), "Institutional realism and bargaining models", in Thomson, Stokman, Achen &
 * König (eds.), The European Union Decides, Cambridge UP, ch. 4; see ../shared/specs/forecasting-models.md §1.
 *
 *   x̂ = Σ_i c_i s_i x_i / Σ_i c_i s_i
 *
 * where c_i is capability, s_i ∈ [0, 1] salience and x_i position. Achen motivates it as a computationally
 * simple approximation of the weighted Nash bargaining solution with quadratic losses. Deterministic;
 * O(n) per issue for n participants (O(s) for a scenario with s stances). Needs Σ c_i s_i > 0, which scenario
 * validation guarantees.
 */
import { issueTables, type IssueTable } from '../issueTable.js';
import type { Scenario } from '../scenario.js';
import { compensatedSum } from '../math/sum.js';
import type { ForecastModel, ForecastOptions, IssueForecast, ModelForecast } from './types.js';
import { noOptions } from './modelOptions.js';

/** Weighted mean of `position` with weights `weight`; NaN when the weights sum to 0. O(n). */
export function weightedMean(position: ArrayLike<number>, weight: ArrayLike<number>): number {
  const products = new Float64Array(position.length);
  for (let i = 0; i < position.length; i++) products[i] = position[i]! * weight[i]!;
  return compensatedSum(products) / compensatedSum(weight);
}

export function compromiseIssue(t: IssueTable, explain = true): IssueForecast {
  const value = weightedMean(t.position, t.weight);
  if (!explain) return { issue: t.issue.id, value, explanation: '', detail: {} };
  const total = compensatedSum(t.weight);
  const shares = t.actorIds.map((id, i) => ({ actor: id, position: t.position[i]!, weight: t.weight[i]!, share: t.weight[i]! / total }));
  const top = [...shares].sort((a, b) => b.share - a.share).slice(0, 3);
  return {
    issue: t.issue.id,
    value,
    explanation:
      `Capability × salience weighted mean of ${t.actorIds.length} positions; ` +
      `heaviest: ${top.map((s) => `${s.actor} at ${round(s.position)} (${(100 * s.share).toFixed(0)}%)`).join(', ')}.`,
    detail: { total_weight: total, weights: shares },
  };
}

export function compromiseForecast(scenario: Scenario, options: ForecastOptions = {}): ModelForecast {
  const explain = options.explain ?? true;
  return { model: 'compromise', issues: issueTables(scenario).map((t) => compromiseIssue(t, explain)), notes: [] };
}

export const compromiseModel: ForecastModel = {
  id: 'compromise',
  name: 'Compromise model (capability × salience weighted mean)',
  source: 'Achen 2006, The European Union Decides ch. 4',
  forecast: compromiseForecast,
  checkOptions: noOptions('compromise model'),
};

function round(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
