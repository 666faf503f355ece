import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { errorMetrics, median, scaledError } from './metrics.js';

describe('errorMetrics', () => {
  it('matches a hand computation on five issues', () => {
    // forecasts 50, 20, 80, 0, 45 against outcomes 40, 20, 100, 6, 30 → errors +10, 0, −20, −6, +15
    const errors = [50 - 40, 20 - 20, 80 - 100, 0 - 6, 45 - 30];
    const m = errorMetrics(errors);
    expect(m.n).toBe(5);
    expect(m.mae).toBeCloseTo((10 + 0 + 20 + 6 + 15) / 5, 12); // 10.2
    expect(m.median_ae).toBe(10); // sorted |e|: 0, 6, 10, 15, 20
    expect(m.rmse).toBeCloseTo(Math.sqrt((100 + 0 + 400 + 36 + 225) / 5), 12); // √152.2 = 12.337
    expect(m.within_5).toBe(1 / 5); // only the 0
    expect(m.within_10).toBe(3 / 5); // 0, 6 and 10 (the bound counts as within)
    expect(m.within_20).toBe(1); // 20 is within 20
    expect(m.mean_signed_error).toBeCloseTo((10 + 0 - 20 - 6 + 15) / 5, 12); // −0.2
  });
  it('takes the mean of the middle two for an even count', () => {
    expect(errorMetrics([1, -3, 5, -7]).median_ae).toBe(4);
    expect(median([])).toBeNaN();
  });
  it('refuses an empty list', () => {
    expect(() => errorMetrics([])).toThrow(RangeError);
  });
  it('does not modify its input', () => {
    const errors = Object.freeze([3, -1, 2]);
    errorMetrics(errors);
    expect(errors).toEqual([3, -1, 2]);
  });
  it('rescales errors on other scales to points of 0–100', () => {
    expect(scaledError(7, 4, { min: 4, max: 10 })).toBeCloseTo(50, 12);
    expect(scaledError(30, 40, { min: 0, max: 100 })).toBe(-10);
  });

  const errorList = fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 60 });
  it('orders its statistics: median AE ≤ max |e|, MAE ≤ RMSE, |mean signed| ≤ MAE, within 5 ≤ 10 ≤ 20', () => {
    fc.assert(
      fc.property(errorList, (errors) => {
        const m = errorMetrics(errors);
        const eps = 1e-9;
        expect(m.mae).toBeLessThanOrEqual(m.rmse + eps);
        expect(Math.abs(m.mean_signed_error)).toBeLessThanOrEqual(m.mae + eps);
        expect(m.median_ae).toBeLessThanOrEqual(Math.max(...errors.map(Math.abs)) + eps);
        expect(m.within_5).toBeLessThanOrEqual(m.within_10);
        expect(m.within_10).toBeLessThanOrEqual(m.within_20);
      }),
    );
  });
  it('does not depend on the order of the issues', () => {
    fc.assert(
      fc.property(errorList, (errors) => {
        const a = errorMetrics(errors);
        const b = errorMetrics([...errors].reverse());
        expect(b.mae).toBeCloseTo(a.mae, 9);
        expect(b.median_ae).toBe(a.median_ae);
        expect(b.rmse).toBeCloseTo(a.rmse, 9);
      }),
    );
  });
});
