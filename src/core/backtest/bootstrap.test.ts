import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clusterBootstrapMean, quantileSorted } from './bootstrap.js';

describe('clusterBootstrapMean', () => {
  it('is reproducible with a seed and changes with it', () => {
    const values = [3, -1, 4, 1, -5, 9, 2, -6, 5, 3];
    const group = [0, 0, 1, 1, 1, 2, 3, 3, 4, 4];
    const a = clusterBootstrapMean(values, group, { replicates: 500, seed: 7 });
    const b = clusterBootstrapMean(values, group, { replicates: 500, seed: 7 });
    const c = clusterBootstrapMean(values, group, { replicates: 500, seed: 8 });
    expect(b).toEqual(a);
    expect(c.interval).not.toEqual(a.interval);
    expect(a.estimate).toBeCloseTo(15 / 10, 12);
  });
  it('resamples whole groups: the statistic is the ratio of the drawn groups’ sums to their issue counts', () => {
    // Group 0: two issues at 0; group 1: one issue at 3. Draws of two groups give {0,0} → 0, {0,1} → 3/3 = 1,
    // {1,1} → 6/2 = 3, with probabilities ¼, ½, ¼: the 2.5 % and 97.5 % quantiles are 0 and 3.
    const r = clusterBootstrapMean([0, 0, 3], [0, 0, 1], { replicates: 4000, seed: 1 });
    expect(r.estimate).toBe(1);
    expect(r.interval).toEqual([0, 3]);
    // Resampling issues instead would give values like 1.5 and 2; a narrower level shows the middle value 1.
    const middle = clusterBootstrapMean([0, 0, 3], [0, 0, 1], { replicates: 4000, seed: 1, level: 0.4 });
    expect(middle.interval).toEqual([1, 1]);
  });
  it('gives a zero-width interval when every group has the same mean', () => {
    const r = clusterBootstrapMean([2, 2, 2, 2], [0, 1, 1, 2], { replicates: 200, seed: 3 });
    expect(r.interval[0]).toBeCloseTo(2, 12);
    expect(r.interval[1]).toBeCloseTo(2, 12);
  });
  it('ignores group numbers that hold no issues', () => {
    const a = clusterBootstrapMean([1, 5], [0, 1], { replicates: 300, seed: 2 });
    const b = clusterBootstrapMean([1, 5], [10, 20], { replicates: 300, seed: 2 });
    expect(b).toEqual(a);
  });
  it('refuses empty input and bad options', () => {
    expect(() => clusterBootstrapMean([], [], { replicates: 10, seed: 1 })).toThrow(RangeError);
    expect(() => clusterBootstrapMean([1], [0, 1], { replicates: 10, seed: 1 })).toThrow(RangeError);
    expect(() => clusterBootstrapMean([1], [0], { replicates: 0, seed: 1 })).toThrow(RangeError);
    expect(() => clusterBootstrapMean([1], [0], { replicates: 10, seed: 1, level: 1 })).toThrow(RangeError);
  });
  it('keeps its interval inside the range of the group means', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.integer({ min: 0, max: 6 })), { minLength: 1, maxLength: 40 }), fc.nat(1000), (rows, seed) => {
        const values = rows.map((r) => r[0]);
        const group = rows.map((r) => r[1]);
        const r = clusterBootstrapMean(values, group, { replicates: 50, seed });
        const means = new Map<number, number[]>();
        rows.forEach(([v, g]) => means.set(g, [...(means.get(g) ?? []), v]));
        const m = [...means.values()].map((l) => l.reduce((a, b) => a + b, 0) / l.length);
        expect(r.interval[0]).toBeGreaterThanOrEqual(Math.min(...m) - 1e-9);
        expect(r.interval[1]).toBeLessThanOrEqual(Math.max(...m) + 1e-9);
        expect(r.interval[0]).toBeLessThanOrEqual(r.interval[1]);
      }),
    );
  });
});

describe('quantileSorted (type 7)', () => {
  it('interpolates linearly between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4);
    expect(quantileSorted([10, 20], 0.25)).toBe(12.5); // R: quantile(c(10, 20), 0.25) = 12.5
  });
});
