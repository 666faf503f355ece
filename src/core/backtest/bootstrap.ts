/**
 * Case-resampling (cluster) bootstrap of a mean over issues, for paired differences of forecast errors.
 *
 * Source: Efron & Tibshirani (1993), An Introduction to the Bootstrap, Chapman & Hall, §13.3 (percentile interval);
 * Davison & Hinkley (1997), Bootstrap Methods and their Application, Cambridge UP, §3.8 (resampling clusters, not
 * their members, when members are dependent). The issues of one proposal are decided together and their errors are
 * correlated, so whole cases are resampled:
 *
 *   θ̂  = Σ_k d_k / n                                   (d_k = |e_model,k| − |e_baseline,k|, n issues)
 *   θ*_b = Σ_{c ∈ S_b} D_c / Σ_{c ∈ S_b} n_c           (S_b: C cases drawn with replacement; D_c, n_c: case sums)
 *   interval = [Q(α/2), Q(1 − α/2)] of θ*_1..θ*_B, Q the linear-interpolation quantile (Hyndman & Fan 1996, type 7)
 *
 * Replicate b draws its cases from the xoshiro128** stream (seed, b): every replicate depends only on (seed, b), so a
 * run is reproducible and independent of the number of replicates before it. Deterministic for a given seed.
 * Cost: O(n + B·C) time, O(C + B) memory.
 */
import { compensatedSum } from '../math/sum.js';
import { Xoshiro128 } from '../random/xoshiro128.js';

export interface BootstrapOptions {
  replicates: number;
  seed: number;
  /** Coverage of the interval; default 0.95. */
  level?: number;
}

export interface BootstrapResult {
  estimate: number;
  interval: [number, number];
  replicates: number;
}

/** Type-7 quantile of sorted values, p ∈ [0, 1]. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Bootstrap the mean of `values` (one per issue), resampling the groups in `group` (one group index per issue,
 * 0..groups−1; a group without issues is never drawn). Throws RangeError for no values or bad options.
 */
export function clusterBootstrapMean(values: ArrayLike<number>, group: ArrayLike<number>, options: BootstrapOptions): BootstrapResult {
  const n = values.length;
  if (n === 0) throw new RangeError('clusterBootstrapMean needs at least one value');
  if (group.length !== n) throw new RangeError('values and group must have the same length');
  if (!(Number.isInteger(options.replicates) && options.replicates >= 1)) throw new RangeError(`replicates must be a whole number ≥ 1, got ${options.replicates}`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`level must lie strictly between 0 and 1, got ${level}`);

  // Per-group sums and counts, then only the groups that hold issues.
  const slot = new Map<number, number>();
  const sums: number[][] = [];
  const counts: number[] = [];
  for (let k = 0; k < n; k++) {
    const g = group[k]!;
    let s = slot.get(g);
    if (s === undefined) {
      s = counts.length;
      slot.set(g, s);
      sums.push([]);
      counts.push(0);
    }
    sums[s]!.push(values[k]!);
    counts[s]!++;
  }
  const groups = counts.length;
  const groupSum = Float64Array.from(sums, (list) => compensatedSum(list));
  const groupCount = Float64Array.from(counts);

  const stats = new Float64Array(options.replicates);
  const rng = new Xoshiro128(options.seed, 0);
  for (let b = 0; b < options.replicates; b++) {
    rng.reseed(options.seed, b);
    let total = 0;
    let count = 0;
    for (let c = 0; c < groups; c++) {
      const pick = rng.nextBelow(groups);
      total += groupSum[pick]!;
      count += groupCount[pick]!;
    }
    stats[b] = total / count;
  }
  stats.sort();
  const tail = (1 - level) / 2;
  return {
    estimate: compensatedSum(values) / n,
    interval: [quantileSorted(stats, tail), quantileSorted(stats, 1 - tail)],
    replicates: options.replicates,
  };
}
