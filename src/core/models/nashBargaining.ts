/**
 * Generalised (asymmetric) Nash bargaining solution on each issue.
 *
 * Source: Nash (1950), "The bargaining problem", Econometrica 18:155–162; the asymmetric form of Kalai (1977)
 * and Roth (1979); its use on EU legislation: Achen (2006) and Schneider, Finke & Bailer (2010), as in
 * ../shared/specs/forecasting-models.md §3.
 *
 *   x* = argmax_x Π_i (U_i(x) − U_i(d))^{w_i}   subject to U_i(x) ≥ U_i(d) for every bargainer,
 *   U_i(x) = −|x − x_i| (linear, default) or −(x − x_i)² (quadratic),   w_i = c_i·s_i (default) or c_i.
 *
 * d is the issue's no-deal point; without one, its status quo; without either, every actor's disagreement
 * utility is its worst point on the scale (the far end), which is stated in the result's notes.
 * Bargainers are the participants with w_i > 0. An actor whose position equals d gains from no point (its
 * best is the no-deal outcome): it cannot enter the product, so it is excluded and reported by name, not
 * dropped silently. Each bargainer accepts the interval [x_i − |d − x_i|, x_i + |d − x_i|]; their intersection
 * always contains d. If it is d alone, no outcome makes every bargainer better off and the forecast is d.
 * Otherwise log Π = Σ w_i log g_i(x) is strictly concave on the open interval, so its unique maximiser is found
 * by bisection on the derivative Σ w_i g_i'(x)/g_i(x) (non-increasing), to 1e-12 of the scale.
 * Deterministic. O(n·log(1/ε)) per issue (about 60 derivative evaluations of O(n)).
 */
import { issueTables, type IssueTable } from '../issueTable.js';
import type { Scenario } from '../scenario.js';
import type { ForecastModel, ForecastOptions, IssueForecast, ModelForecast, NashOptions } from './types.js';
import { InputError } from '../errors.js';
import { choiceOptions } from './modelOptions.js';

export interface NashResult {
  value: number;
  /** The disagreement point used, or null when each actor's worst point was used. */
  disagreement: number | null;
  disagreementSource: 'no_deal' | 'status_quo' | 'worst point';
  /** Indices of participants that entered the product. */
  bargainers: number[];
  /** Indices of participants excluded because no point beats the no-deal point for them. */
  excluded: number[];
  /** Interval of outcomes that every bargainer weakly prefers to d. */
  acceptable: [number, number];
  /** Utility gain U_i(x*) − U_i(d) of every participant (0 for the excluded). */
  gains: Float64Array;
}

/**
 * Nash point of one issue. `d` is the disagreement point, or null for "each actor's worst point on [lo, hi]".
 */
export function nashBargaining(
  position: ArrayLike<number>,
  weight: ArrayLike<number>,
  d: number | null,
  scale: { min: number; max: number },
  utility: 'linear' | 'quadratic' = 'linear',
): Omit<NashResult, 'disagreementSource'> {
  const n = position.length;
  const loss = utility === 'linear' ? (z: number) => Math.abs(z) : (z: number) => z * z;
  // Disagreement utility −loss(dist_i) where dist_i is the distance from x_i to its own disagreement point.
  const reach = new Float64Array(n);
  const bargainers: number[] = [];
  const excluded: number[] = [];
  let lo = scale.min;
  let hi = scale.max;
  for (let i = 0; i < n; i++) {
    if (!(weight[i]! > 0)) continue;
    const x = position[i]!;
    reach[i] = d === null ? Math.max(x - scale.min, scale.max - x) : Math.abs(d - x);
    if (reach[i] === 0) {
      excluded.push(i);
      continue;
    }
    bargainers.push(i);
    lo = Math.max(lo, x - reach[i]!);
    hi = Math.min(hi, x + reach[i]!);
  }
  const gainOf = (i: number, x: number) => loss(reach[i]!) - loss(x - position[i]!);
  const gains = new Float64Array(n);
  let value: number;
  if (bargainers.length === 0) {
    value = d ?? (scale.min + scale.max) / 2;
  } else if (hi - lo <= 1e-12 * (scale.max - scale.min)) {
    value = d ?? lo;
  } else {
    // f'(x) = Σ w_i g_i'(x) / g_i(x); g_i' = −sign(x − x_i) (linear) or −2(x − x_i) (quadratic).
    const slope = (x: number) => {
      let s = 0;
      for (const i of bargainers) {
        const z = x - position[i]!;
        const dg = utility === 'linear' ? -Math.sign(z) : -2 * z;
        s += (weight[i]! * dg) / gainOf(i, x);
      }
      return s;
    };
    let a = lo;
    let b = hi;
    const tol = 1e-12 * (scale.max - scale.min);
    for (let iter = 0; iter < 200 && b - a > tol; iter++) {
      const mid = (a + b) / 2;
      const s = slope(mid);
      if (s > 0) a = mid;
      else if (s < 0) b = mid;
      else a = b = mid;
    }
    value = (a + b) / 2;
  }
  for (const i of bargainers) gains[i] = gainOf(i, value);
  return { value, disagreement: d, bargainers, excluded, acceptable: [lo, hi], gains };
}

export function nashIssue(t: IssueTable, options: NashOptions = {}, explain = true): IssueForecast & { notes: string[] } {
  const utility = options.utility ?? 'linear';
  const weights = options.weights ?? 'capability-salience';
  const w = weights === 'capability' ? Float64Array.from(t.capability, (c, i) => (t.salience[i]! > 0 ? c : 0)) : t.weight;
  const { issue } = t;
  const source: NashResult['disagreementSource'] = issue.no_deal !== undefined ? 'no_deal' : issue.status_quo !== undefined ? 'status_quo' : 'worst point';
  const d = issue.no_deal ?? issue.status_quo ?? null;
  const r = nashBargaining(t.position, w, d, issue.scale, utility);
  if (!explain) return { issue: issue.id, value: r.value, explanation: '', detail: {}, notes: [] };
  const ids = (list: number[]) => list.map((i) => t.actorIds[i]!);
  const notes: string[] = [];
  if (source === 'status_quo') notes.push(`${issue.id}: no no_deal point, the status quo ${d} is the disagreement point.`);
  if (source === 'worst point') notes.push(`${issue.id}: no no_deal point or status quo; each actor's disagreement point is the end of the scale farthest from it.`);
  let explanation: string;
  if (r.bargainers.length === 0) {
    explanation = `No participant gains from any agreement over the no-deal point ${d}; the forecast is the no-deal point.`;
  } else if (r.acceptable[1] - r.acceptable[0] <= 1e-12 * (issue.scale.max - issue.scale.min)) {
    explanation = `No outcome leaves every bargainer better off than the no-deal point ${d} (actors sit on both sides of it), so the forecast is the no-deal point.`;
  } else {
    explanation = `Maximises the weighted product of gains over the ${source === 'worst point' ? "actors' worst points" : `no-deal point ${d}`} within the acceptable range ${fmt(r.acceptable[0])}–${fmt(r.acceptable[1])}.`;
  }
  if (r.excluded.length > 0) {
    explanation +=
      ` Excluded, since nothing beats the no-deal point for them: ${ids(r.excluded).join(', ')}.` +
      (r.bargainers.length > 0
        ? ` They sit exactly at it: moved off it by any amount, they would bargain and pull the forecast toward the no-deal point (the Nash point jumps there), so read this issue's Monte Carlo range rather than the point.`
        : '');
  }
  return {
    issue: issue.id,
    value: r.value,
    explanation,
    detail: {
      utility,
      weights,
      disagreement_point: d,
      disagreement_source: source,
      acceptable_range: r.acceptable,
      excluded: ids(r.excluded),
      gains: Object.fromEntries(r.bargainers.map((i) => [t.actorIds[i]!, r.gains[i]!])),
    },
    notes,
  };
}

const checkNashOptions = choiceOptions('Nash bargaining model', {
  utility: { choices: ['linear', 'quadratic'], help: 'linear (−|x − x_i|, the default) or quadratic (−(x − x_i)²)' },
  weights: { choices: ['capability-salience', 'capability'], help: 'capability-salience (the default) or capability' },
});

/** The scenario's `model_options.nash`, overridden by `options.nash`; throws InputError on an unknown name or value. */
function resolveNashOptions(scenario: Scenario, options: ForecastOptions): NashOptions {
  const layers = [
    { values: scenario.model_options?.nash, path: ['model_options', 'nash'] },
    { values: options.nash as Record<string, unknown> | undefined, path: ['nash'] },
  ];
  const problems = layers.flatMap((l) => (l.values ? checkNashOptions(l.values, l.path) : []));
  if (problems.length > 0) throw new InputError(problems);
  const out: Record<string, string> = {};
  for (const l of layers) for (const [k, v] of Object.entries(l.values ?? {})) if (typeof v === 'string') out[k] = v.trim();
  return out as NashOptions;
}

export function nashForecast(scenario: Scenario, options: ForecastOptions = {}): ModelForecast {
  const explain = options.explain ?? true;
  const nash = resolveNashOptions(scenario, options);
  const issues = issueTables(scenario).map((t) => nashIssue(t, nash, explain));
  const notes = issues.flatMap((i) => i.notes);
  const u = nash.utility ?? 'linear';
  const w = nash.weights ?? 'capability-salience';
  notes.unshift(`Nash bargaining with ${u} utilities and ${w === 'capability' ? 'capability' : 'capability × salience'} weights.`);
  return { model: 'nash', issues: issues.map(({ notes: _n, ...rest }) => rest), notes };
}

export const nashModel: ForecastModel = {
  id: 'nash',
  name: 'Nash bargaining solution (generalised, weights capability × salience)',
  source: 'Nash 1950; Kalai 1977; Achen 2006',
  forecast: nashForecast,
  checkOptions: checkNashOptions,
};

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
