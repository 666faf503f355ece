import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { erfc, normalCdf, normalQuantile, normalSurvival } from './normal.js';

// Reference values confirmed with Python 3.12: math.erfc, and statistics.NormalDist().inv_cdf (Wichura's AS241).
const close = (actual: number, expected: number, rel: number) => expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));

describe('erfc', () => {
  it.each([
    [0.1, 0.8875370839817152],
    [0.5, 0.4795001221869535],
    [1, 0.15729920705028513],
    [1.5, 0.033894853524689274],
    [1.99, 0.004888586800383003],
    [2, 0.004677734981047265],
    [2.5, 0.0004069520174449589],
    [3, 2.2090496998585438e-5],
    [5, 1.5374597944280351e-12],
    [10, 2.088487583762545e-45],
    [-0.7, 1.6778011938374184],
    [-2.5, 1.999593047982555],
  ])('erfc(%d) = %d to 1e-13 relative', (z, expected) => close(erfc(z), expected, 1e-13));

  it('is 1 at 0, 0 far right, 2 far left, NaN for NaN', () => {
    expect(erfc(0)).toBe(1);
    expect(erfc(40)).toBe(0);
    expect(erfc(-40)).toBe(2);
    expect(erfc(NaN)).toBeNaN();
  });
});

describe('normal distribution function', () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1.959963984540054, 0.02500000000000002],
    [-3, 0.0013498980316300957],
    [-6, 9.865876450377012e-10],
    [-10, 7.619853024160593e-24],
    [-20, 2.7536241186063314e-89],
    [2.5, 0.9937903346742238],
  ])('Φ(%d) = %d', (x, expected) => close(normalCdf(x), expected, 1e-12));

  it('Φ(x) + Φ(−x) = 1 and the survival function mirrors Φ', () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(Math.abs(normalCdf(x) + normalCdf(-x) - 1)).toBeLessThan(1e-15);
        expect(normalSurvival(x)).toBe(normalCdf(-x));
      }),
    );
  });
});

describe('normal quantile', () => {
  it.each([
    [0.5, 0],
    [0.975, 1.9599639845400536],
    [0.95, 1.6448536269514715],
    [0.01, -2.3263478740408408],
    [0.3, -0.5244005127080407],
    [1e-10, -6.361340902404056],
    [1e-300, -37.0470962993612],
    [0.999999, 4.753424308817089],
  ])('Φ⁻¹(%d) = %d', (p, expected) => {
    if (expected === 0) expect(Math.abs(normalQuantile(p))).toBeLessThan(1e-15);
    else close(normalQuantile(p), expected, 1e-13);
  });

  it('inverts Φ across (0, 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => {
        const x = normalQuantile(p);
        const back = p < 0.5 ? normalCdf(x) : 1 - normalSurvival(x);
        // Round trip limited by x itself: Φ′(x)/Φ(x) ≈ |x| amplifies x's last-bit error to about |x|²·1e-16 relative.
        expect(Math.abs(back - p)).toBeLessThanOrEqual(3e-14 * p);
      }),
    );
  });

  it('has infinite ends and rejects probabilities outside [0, 1]', () => {
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
  });
});
