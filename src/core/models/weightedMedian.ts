/**
 * Weighted median voter: the Condorcet winner among the actors' positions under capability × salience
 * weighted votes with linear utilities.
 *
 * Source: Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in Bueno de Mesquita
 * & Stokman (eds.), European Community Decision Making, Yale UP; Scholz, Calbert & Smith (2011) §3.2;
 * ../shared/specs/forecasting-models.md §2.
 *
 *   v(x_j, x_k) = Σ_i c_i s_i (|x_i − x_k| − |x_i − x_j|)       (> 0: x_j beats x_k)
 *   forecast μ = the position that beats every other position pairwise.
 *
 * On one dimension μ is the weighted median. Candidates are the distinct positions. When no position beats
 * every other strictly (the weight splits exactly in half), the candidates that lose to none are tied: the
 * forecast is the tied candidate nearest the weighted mean, the lower one if still tied, and the detail lists
 * them all. Deterministic. O(m²·n) per issue for m distinct positions (m ≤ n): every pair of candidates is voted on,
 * exactly as the definition says (n is at most a few hundred; the EUM keeps its own O(n log n) median).
 */
import { issueTables, type IssueTable } from '../issueTable.js';
import type { Scenario } from '../scenario.js';
import { weightedMean } from './compromise.js';
import type { ForecastModel, ForecastOptions, IssueForecast, ModelForecast } from './types.js';
import { noOptions } from './modelOptions.js';

/** Net weighted vote of `a` over `b`: Σ_i w_i (|x_i − b| − |x_i − a|). O(n). */
export function pairwiseVote(position: ArrayLike<number>, weight: ArrayLike<number>, a: number, b: number): number {
  let v = 0;
  for (let i = 0; i < position.length; i++) v += weight[i]! * (Math.abs(position[i]! - b) - Math.abs(position[i]! - a));
  return v;
}

export interface MedianResult {
  value: number;
  /** Positions that lose to no other position (one, unless the vote ties). */
  tied: number[];
  /** Share of total weight strictly below / at / strictly above the forecast. */
  below: number;
  at: number;
  above: number;
  /** Participants at the forecast position: without any of them the median would move. */
  pivots: number[];
}

/** Condorcet winner among positions (the weighted median), with ties and pivots. O(m²·n). */
export function weightedMedian(position: ArrayLike<number>, weight: ArrayLike<number>): MedianResult {
  const n = position.length;
  const distinct = [...new Set(Array.from(position))].sort((a, b) => a - b);
  const strict: number[] = [];
  const weak: number[] = [];
  for (const a of distinct) {
    let beatsAll = true;
    let losesNone = true;
    for (const b of distinct) {
      if (a === b) continue;
      const v = pairwiseVote(position, weight, a, b);
      if (v <= 0) beatsAll = false;
      if (v < 0) losesNone = false;
    }
    if (beatsAll) strict.push(a);
    if (losesNone) weak.push(a);
  }
  let tied = strict.length > 0 ? strict : weak;
  // One dimension always has a weak winner; keep a defensive fallback for weights that are all zero.
  if (tied.length === 0) tied = distinct;
  const mean = weightedMean(position, weight);
  let value = tied[0]!;
  for (const c of tied) if (Math.abs(c - mean) < Math.abs(value - mean) - 1e-12) value = c;

  let total = 0;
  let below = 0;
  let at = 0;
  const pivots: number[] = [];
  for (let i = 0; i < n; i++) {
    total += weight[i]!;
    if (position[i]! < value) below += weight[i]!;
    else if (position[i]! === value) {
      at += weight[i]!;
      pivots.push(i);
    }
  }
  return { value, tied, below: below / total, at: at / total, above: (total - below - at) / total, pivots };
}

export function weightedMedianIssue(t: IssueTable, explain = true): IssueForecast {
  const m = weightedMedian(t.position, t.weight);
  if (!explain) return { issue: t.issue.id, value: m.value, explanation: '', detail: {} };
  const pivotIds = m.pivots.map((i) => t.actorIds[i]!);
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const tie = m.tied.length > 1 ? ` The vote ties between ${m.tied.join(' and ')}; the one nearest the weighted mean is shown.` : '';
  return {
    issue: t.issue.id,
    value: m.value,
    explanation:
      `${m.value} beats every other position in pairwise weighted votes: ${pct(m.below)} of the weight lies below it, ` +
      `${pct(m.above)} above, and the pivot ${pivotIds.join(', ')} holds ${pct(m.at)} at it.${tie}`,
    detail: { pivot: pivotIds, share_below: m.below, share_at: m.at, share_above: m.above, tied: m.tied },
  };
}

export function weightedMedianForecast(scenario: Scenario, options: ForecastOptions = {}): ModelForecast {
  const explain = options.explain ?? true;
  return { model: 'median', issues: issueTables(scenario).map((t) => weightedMedianIssue(t, explain)), notes: [] };
}

export const weightedMedianModel: ForecastModel = {
  id: 'median',
  name: 'Weighted median voter (Condorcet winner, capability × salience votes)',
  source: 'Bueno de Mesquita 1994; Scholz, Calbert & Smith 2011 §3.2',
  forecast: weightedMedianForecast,
  checkOptions: noOptions('weighted median model'),
};
