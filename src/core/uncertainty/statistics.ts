/**
 * Summaries of a Monte Carlo sample of forecasts, and first-order variance-based sensitivity indices from it.
 *
 * Quantiles: Hyndman & Fan (1996), "Sample quantiles in statistical packages", Am. Stat. 50:361–365, definition 7
 * (R's and NumPy's default): with the n values sorted, h = (n − 1)·p, Q(p) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋).
 * Mean and variance by compensated sums (../math/sum.ts), variance with the n − 1 divisor.
 * Histogram: `bins` equal bins over the scale, the last bin closed on the right.
 *
 * First-order index from a given sample (no special design): the correlation ratio
 *   η²_j = Var(E[Y | X_j]) / Var(Y) ≈ Σ_b n_b (ȳ_b − ȳ)² / Σ_i (y_i − ȳ)²
 * with the draws sorted by X_j and cut into B bins of about equal count, ties never split (Pearson 1905; used for
 * global sensitivity "from given data" by Plischke, Borgonovo & Smith 2013, Eur. J. Oper. Res. 226:536–550). Binning
 * biases η² upward by about (B − 1)/(N − 1), its expectation when Y does not depend on X_j (one-way ANOVA), so the
 * reported index is (η² − c)/(1 − c) with c = (B − 1)/(N − 1), clipped to [0, 1]. With independent inputs, S_j is the
 * share of Var(Y) that X_j explains alone; Σ_j S_j ≤ 1 and the rest is interaction. Sums over inputs add the unclipped
 * corrected values: clipping each at 0 would add every irrelevant input's noise. B = ⌈√N / 2⌉, at least 2.
 * Costs: summary O(N log N); each index O(N) after an O(N log N) sort of X_j (the sort is shared by all outputs).
 */
import { compensatedSum } from '../math/sum.js';

/** Type-7 quantile of an ascending array (no NaN). NaN for an empty array. O(1). */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Mean and standard deviation (n − 1 divisor) by compensated sums, ignoring NaN; NaN when empty, sd 0 for one value. O(n). */
export function meanAndSd(values: ArrayLike<number>): { n: number; mean: number; sd: number } {
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) kept.push(values[i]!);
  const finite = Float64Array.from(kept);
  const n = finite.length;
  const mean = n > 0 ? compensatedSum(finite) / n : NaN;
  for (let i = 0; i < n; i++) finite[i] = (finite[i]! - mean) * (finite[i]! - mean);
  const sd = n > 1 ? Math.sqrt(compensatedSum(finite) / (n - 1)) : n === 1 ? 0 : NaN;
  return { n, mean, sd };
}

export interface SampleSummary {
  /** Draws with a forecast (others failed: the model gave no number). */
  n: number;
  mean: number;
  sd: number;
  min: number;
  p05: number;
  median: number;
  p95: number;
  max: number;
  /** Counts in `bins` equal bins over [scale.min, scale.max]. */
  histogram: number[];
  /** Share of draws with a forecast strictly above each threshold (in the order given). */
  above: number[];
}

/** Summary of a sample, ignoring NaN (failed draws). O(N log N). */
export function summariseSample(values: ArrayLike<number>, scale: { min: number; max: number }, bins: number, thresholds: readonly number[] = []): SampleSummary {
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) finite.push(values[i]!);
  const sorted = Float64Array.from(finite).sort();
  const n = sorted.length;
  const { mean, sd } = meanAndSd(sorted);
  const histogram = new Array<number>(bins).fill(0);
  const width = (scale.max - scale.min) / bins;
  for (let i = 0; i < n; i++) {
    const b = Math.floor((sorted[i]! - scale.min) / width);
    histogram[b < 0 ? 0 : b >= bins ? bins - 1 : b]!++;
  }
  const above = thresholds.map((t) => {
    if (n === 0) return NaN;
    // first index with value > t, by binary search on the sorted sample
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return (n - lo) / n;
  });
  return {
    n,
    mean,
    sd,
    min: n > 0 ? sorted[0]! : NaN,
    p05: quantileSorted(sorted, 0.05),
    median: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    max: n > 0 ? sorted[n - 1]! : NaN,
    histogram,
    above,
  };
}

/** Indices 0..n−1 ordered by x ascending (stable). O(n log n). */
export function argsort(x: ArrayLike<number>): Int32Array {
  const order = Int32Array.from({ length: x.length }, (_, i) => i);
  return order.sort((a, b) => x[a]! - x[b]! || a - b);
}

/** Number of bins the first-order estimator uses for a sample of n. */
export function binsFor(n: number): number {
  return Math.max(2, Math.ceil(Math.sqrt(n) / 2));
}

export interface FirstOrderIndex {
  /** Bias-corrected first-order index, in [0, 1]; NaN when Y does not vary or X takes a single value. */
  index: number;
  /** The same before clipping to [0, 1]: unbiased, so sums over many inputs should use it (clipped values add noise up). */
  corrected: number;
  /** The raw correlation ratio η², before the bias correction. */
  raw: number;
  bins: number;
}

/**
 * First-order sensitivity index of Y to X from a sample, given `order` = argsort(X). Draws where Y is NaN are left out.
 * O(N).
 */
export function firstOrderIndex(x: ArrayLike<number>, y: ArrayLike<number>, order: Int32Array): FirstOrderIndex {
  const idx: number[] = [];
  for (let r = 0; r < order.length; r++) if (!Number.isNaN(y[order[r]!]!)) idx.push(order[r]!);
  const n = idx.length;
  const target = binsFor(n);
  if (n < 4) return { index: NaN, corrected: NaN, raw: NaN, bins: 0 };
  const ys = new Float64Array(n);
  for (let r = 0; r < n; r++) ys[r] = y[idx[r]!]!;
  const mean = compensatedSum(ys) / n;
  const dev = new Float64Array(n);
  for (let r = 0; r < n; r++) dev[r] = (ys[r]! - mean) * (ys[r]! - mean);
  const total = compensatedSum(dev);
  if (!(total > 1e-24 * n * Math.max(1, mean * mean))) return { index: NaN, corrected: NaN, raw: NaN, bins: 0 };
  // Bins of about n / target draws, extended so that draws with equal X share a bin.
  const between: number[] = [];
  let bins = 0;
  let start = 0;
  while (start < n) {
    let end = Math.min(n, Math.max(start + 1, Math.round(((bins + 1) * n) / target)));
    while (end < n && x[idx[end]!] === x[idx[end - 1]!]) end++;
    const part = ys.subarray(start, end);
    const m = compensatedSum(part) / part.length;
    between.push(part.length * (m - mean) * (m - mean));
    bins++;
    start = end;
  }
  if (bins < 2) return { index: NaN, corrected: NaN, raw: NaN, bins };
  const raw = Math.min(1, compensatedSum(between) / total);
  const c = (bins - 1) / (n - 1);
  const corrected = (raw - c) / (1 - c);
  return { index: Math.min(1, Math.max(0, corrected)), corrected, raw, bins };
}
