import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Quantity } from '../quantity.js';
import { normalCdf, normalPdf } from './normal.js';
import { compileSampler, sampleAt, samplerSupport, triangularCdf, triangularQuantile } from './samplers.js';
import { Xoshiro128 } from './xoshiro128.js';

/** Sample mean and variance of n seeded draws. */
function moments(q: Quantity, lo: number, hi: number, n = 100_000, seed = 11): { mean: number; variance: number; min: number; max: number } {
  const s = compileSampler(q, lo, hi);
  const g = new Xoshiro128(seed, 0);
  let sum = 0;
  let sum2 = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = sampleAt(s, g.nextOpen01());
    sum += x;
    sum2 += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = sum / n;
  return { mean, variance: (sum2 - n * mean * mean) / (n - 1), min, max };
}

/** |sample mean − μ| within 4 standard errors, sample variance within 3% of σ². */
function expectMoments(m: { mean: number; variance: number }, mean: number, variance: number, n = 100_000): void {
  expect(Math.abs(m.mean - mean)).toBeLessThan(4 * Math.sqrt(variance / n));
  expect(Math.abs(m.variance - variance)).toBeLessThan(0.03 * variance);
}

/** Mean and variance of N(μ, σ) truncated to [a, b] (Johnson, Kotz & Balakrishnan 1994, §10.1). */
function truncatedNormalMoments(mu: number, sd: number, a: number, b: number): { mean: number; variance: number } {
  const alpha = (a - mu) / sd;
  const beta = (b - mu) / sd;
  const z = normalCdf(beta) - normalCdf(alpha);
  const pa = Number.isFinite(alpha) ? normalPdf(alpha) : 0;
  const pb = Number.isFinite(beta) ? normalPdf(beta) : 0;
  const aa = Number.isFinite(alpha) ? alpha * pa : 0;
  const bb = Number.isFinite(beta) ? beta * pb : 0;
  const shift = (pa - pb) / z;
  return { mean: mu + sd * shift, variance: sd * sd * (1 + (aa - bb) / z - shift * shift) };
}

describe('samplers: moments of seeded samples', () => {
  it('uniform [30, 50]: mean 40, variance 400/12', () => {
    const m = moments({ kind: 'uniform', low: 30, high: 50 }, 0, 100);
    expectMoments(m, 40, 400 / 12);
    expect(m.min).toBeGreaterThanOrEqual(30);
    expect(m.max).toBeLessThanOrEqual(50);
  });

  it('uniform cut by the valid range is uniform on the overlap', () => {
    const m = moments({ kind: 'uniform', low: 90, high: 110 }, 0, 100);
    expectMoments(m, 95, 100 / 12);
  });

  it('triangular [30, 40, 60]: mean 130/3, variance (a²+b²+c²−ab−ac−bc)/18', () => {
    const [a, c, b] = [30, 40, 60];
    const m = moments({ kind: 'triangular', low: a, mode: c, high: b }, 0, 100);
    expectMoments(m, (a + b + c) / 3, (a * a + b * b + c * c - a * b - a * c - b * c) / 18);
  });

  it('triangular with the mode at an end', () => {
    const m = moments({ kind: 'triangular', low: 0, mode: 0, high: 30 }, 0, 100);
    expectMoments(m, 10, (900) / 18);
  });

  it('normal far from the bounds is N(μ, σ)', () => {
    const m = moments({ kind: 'normal', mean: 50, sd: 5 }, 0, 100);
    expectMoments(m, 50, 25);
  });

  it('normal truncated at a bound has the truncated-normal moments', () => {
    const q: Quantity = { kind: 'normal', mean: 95, sd: 10 };
    const m = moments(q, 0, 100);
    const t = truncatedNormalMoments(95, 10, 0, 100);
    expectMoments(m, t.mean, t.variance);
    expect(m.max).toBeLessThanOrEqual(100);
  });

  it('normal truncated to a range entirely above its mean (mirror branch)', () => {
    const m = moments({ kind: 'normal', mean: 0, sd: 1 }, 1, 3);
    const t = truncatedNormalMoments(0, 1, 1, 3);
    expectMoments(m, t.mean, t.variance);
    expect(m.min).toBeGreaterThanOrEqual(1);
    expect(m.max).toBeLessThanOrEqual(3);
  });

  it('capability: normal truncated at 0 with no upper bound', () => {
    const m = moments({ kind: 'normal', mean: 2, sd: 2 }, 0, Infinity);
    const t = truncatedNormalMoments(2, 2, 0, Infinity);
    expectMoments(m, t.mean, t.variance);
    expect(m.min).toBeGreaterThanOrEqual(0);
  });
});

describe('samplers: shape', () => {
  it('points and zero-width distributions are constant', () => {
    for (const q of [40, { kind: 'uniform', low: 40, high: 40 }, { kind: 'normal', mean: 40, sd: 0 }, { kind: 'triangular', low: 40, mode: 40, high: 40 }] as Quantity[]) {
      const s = compileSampler(q, 0, 100);
      expect(s.kind).toBe('point');
      expect(sampleAt(s, 0.3)).toBe(40);
    }
  });

  it('sampleAt is non-decreasing in u and stays in the valid range (inversion)', () => {
    const dist = fc.oneof(
      fc.tuple(fc.double({ min: -50, max: 150, noNaN: true }), fc.double({ min: 0, max: 80, noNaN: true })).map(([l, w]): Quantity => ({ kind: 'uniform', low: l, high: l + w })),
      fc
        .tuple(fc.double({ min: -50, max: 150, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 80, noNaN: true }))
        .map(([l, m, w]): Quantity => ({ kind: 'triangular', low: l, mode: l + m * w, high: l + w })),
      fc.tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 60, noNaN: true })).map(([mu, sd]): Quantity => ({ kind: 'normal', mean: mu, sd })),
    );
    fc.assert(
      fc.property(dist, fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), (q, u1, u2) => {
        const s = compileSampler(q, 0, 100);
        const [x1, x2] = [sampleAt(s, Math.min(u1, u2)), sampleAt(s, Math.max(u1, u2))];
        expect(x1).toBeLessThanOrEqual(x2 + 1e-9);
        for (const x of [x1, x2]) {
          expect(x).toBeGreaterThanOrEqual(0);
          expect(x).toBeLessThanOrEqual(100);
        }
        const [lo, hi] = samplerSupport(s);
        expect(lo).toBeLessThanOrEqual(hi);
      }),
    );
  });

  it('triangular quantile inverts its distribution function', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (p, m) => {
        const x = triangularQuantile(p, 10, 10 + 40 * m, 50);
        expect(Math.abs(triangularCdf(x, 10, 10 + 40 * m, 50) - p)).toBeLessThan(1e-12);
      }),
    );
  });

  it('a distribution wholly outside the valid range collapses to the nearest end', () => {
    expect(sampleAt(compileSampler({ kind: 'uniform', low: 120, high: 130 }, 0, 100), 0.5)).toBe(100);
    expect(sampleAt(compileSampler({ kind: 'triangular', low: -30, mode: -20, high: -10 }, 0, 100), 0.5)).toBe(0);
  });
});
