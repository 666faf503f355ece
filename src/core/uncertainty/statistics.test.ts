import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../random/xoshiro128.js';
import { argsort, binsFor, firstOrderIndex, quantileSorted, summariseSample } from './statistics.js';

describe('quantiles and summaries', () => {
  it('type-7 quantiles of 1..10 (confirmed with NumPy: numpy.quantile(range(1, 11), [.05, .5, .95]) = 1.45, 5.5, 9.55)', () => {
    const x = Float64Array.from({ length: 10 }, (_, i) => i + 1);
    expect(quantileSorted(x, 0.05)).toBeCloseTo(1.45, 12);
    expect(quantileSorted(x, 0.5)).toBeCloseTo(5.5, 12);
    expect(quantileSorted(x, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantileSorted(x, 0)).toBe(1);
    expect(quantileSorted(x, 1)).toBe(10);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('summarises a sample, leaving out failed (NaN) draws', () => {
    const s = summariseSample([3, NaN, 1, 2, 4, 100], { min: 0, max: 100 }, 4, [2, 50, 100]);
    expect(s.n).toBe(5);
    expect(s.mean).toBeCloseTo(22, 12);
    // sd of 1, 2, 3, 4, 100 (n − 1 divisor), confirmed with Python: statistics.stdev([1, 2, 3, 4, 100])
    expect(s.sd).toBeCloseTo(43.617656975128774, 12);
    expect(s.median).toBe(3);
    expect([s.min, s.max]).toEqual([1, 100]);
    // bins of width 25: [0,25) holds 1..4, the last bin [75,100] holds 100
    expect(s.histogram).toEqual([4, 0, 0, 1]);
    expect(s.above).toEqual([3 / 5, 1 / 5, 0]);
  });

  it('an empty sample has NaN statistics and an empty histogram', () => {
    const s = summariseSample([NaN, NaN], { min: 0, max: 10 }, 5, [1]);
    expect(s.n).toBe(0);
    expect(s.mean).toBeNaN();
    expect(s.histogram).toEqual([0, 0, 0, 0, 0]);
    expect(s.above[0]).toBeNaN();
  });
});

/** N draws of k independent U(lo, hi) inputs, seeded. */
function uniformInputs(n: number, k: number, lo: number, hi: number, seed = 5): Float64Array[] {
  const xs = Array.from({ length: k }, () => new Float64Array(n));
  for (let d = 0; d < n; d++) {
    const g = new Xoshiro128(seed, d);
    for (let j = 0; j < k; j++) xs[j]![d] = lo + (hi - lo) * g.nextOpen01();
  }
  return xs;
}

describe('first-order indices from a given sample', () => {
  it('reproduce the analytic indices of the Ishigami function (S1 = 0.3139, S2 = 0.4424, S3 = 0)', () => {
    // Ishigami & Homma (1990); analytic variances as in Saltelli et al. (2008), Global Sensitivity Analysis: The Primer, §4.
    const a = 7;
    const b = 0.1;
    const n = 20_000;
    const [x1, x2, x3] = uniformInputs(n, 3, -Math.PI, Math.PI) as [Float64Array, Float64Array, Float64Array];
    const y = Float64Array.from({ length: n }, (_, d) => Math.sin(x1[d]!) + a * Math.sin(x2[d]!) ** 2 + b * x3[d]! ** 4 * Math.sin(x1[d]!));
    const pi4 = Math.PI ** 4;
    const v = (a * a) / 8 + (b * pi4) / 5 + (b * b * pi4 * pi4) / 18 + 0.5;
    const s1 = (0.5 * (1 + (b * pi4) / 5) ** 2) / v;
    const s2 = (a * a) / 8 / v;
    expect(s1).toBeCloseTo(0.3139, 4);
    expect(s2).toBeCloseTo(0.4424, 4);
    const est = [x1, x2, x3].map((x) => firstOrderIndex(x, y, argsort(x)).index);
    expect(Math.abs(est[0]! - s1)).toBeLessThan(0.03);
    expect(Math.abs(est[1]! - s2)).toBeLessThan(0.03);
    expect(est[2]!).toBeLessThan(0.02);
  });

  it('a linear model: S_j = a_j² / Σ a_k² for uniform inputs', () => {
    const n = 5000;
    const [x1, x2] = uniformInputs(n, 2, 0, 1) as [Float64Array, Float64Array];
    const y = Float64Array.from({ length: n }, (_, d) => 3 * x1[d]! + x2[d]!);
    expect(firstOrderIndex(x1, y, argsort(x1)).index).toBeCloseTo(0.9, 1);
    expect(firstOrderIndex(x2, y, argsort(x2)).index).toBeCloseTo(0.1, 1);
  });

  it('an input that does not matter gets about 0 (the bias correction), and a constant output gives NaN', () => {
    const n = 2000;
    const [x1, x2] = uniformInputs(n, 2, 0, 1, 9) as [Float64Array, Float64Array];
    const y = Float64Array.from(x1, (v) => v * v);
    const noise = firstOrderIndex(x2, y, argsort(x2));
    expect(noise.raw).toBeGreaterThan(0);
    expect(noise.index).toBeLessThan(0.02);
    expect(firstOrderIndex(x1, new Float64Array(n).fill(3), argsort(x1)).index).toBeNaN();
  });

  it('sums over many irrelevant inputs stay near 0 with the unclipped estimates (clipping would add their noise up)', () => {
    const n = 1000;
    const xs = uniformInputs(n, 101, 0, 1, 13);
    const y = Float64Array.from(xs[0]!);
    const indices = xs.slice(1).map((x) => firstOrderIndex(x, y, argsort(x)));
    const clipped = indices.reduce((a, r) => a + r.index, 0);
    const corrected = indices.reduce((a, r) => a + r.corrected, 0);
    expect(Math.abs(corrected)).toBeLessThan(0.1);
    expect(clipped).toBeGreaterThan(corrected + 0.1);
    expect(firstOrderIndex(xs[0]!, y, argsort(xs[0]!)).index).toBeGreaterThan(0.98);
  });

  it('never splits equal input values across bins (discrete inputs, e.g. pooled experts)', () => {
    const n = 1000;
    const x = Float64Array.from({ length: n }, (_, d) => d % 3);
    const y = Float64Array.from(x, (v) => v * 10);
    const r = firstOrderIndex(x, y, argsort(x));
    expect(r.bins).toBe(3);
    expect(r.index).toBeCloseTo(1, 10);
    expect(binsFor(n)).toBe(16);
  });
});
