import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compromiseModel } from '../models/compromise.js';
import { ensembleModel } from '../models/ensemble.js';
import { assignFolds, isFittable } from './crossValidation.js';

describe('assignFolds', () => {
  const ids = Array.from({ length: 23 }, (_, k) => `case${k}`);
  it('puts every case in exactly one of k folds, sizes differing by at most one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 23 }), fc.nat(10_000), (k, seed) => {
        const folds = assignFolds(ids, k, seed);
        expect(folds).toHaveLength(ids.length);
        const sizes = Array.from({ length: k }, (_, f) => folds.filter((x) => x === f).length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        expect(sizes.every((s) => s >= 1)).toBe(true);
      }),
    );
  });
  it('is reproducible, independent of the order of the cases, and changes with the seed', () => {
    const a = assignFolds(ids, 5, 42);
    expect(assignFolds(ids, 5, 42)).toEqual(a);
    const reversed = [...ids].reverse();
    const b = assignFolds(reversed, 5, 42);
    reversed.forEach((id, k) => expect(b[k]).toBe(a[ids.indexOf(id)]));
    expect(assignFolds(ids, 5, 43)).not.toEqual(a);
  });
  it('with k = number of cases leaves one case out per fold', () => {
    expect([...assignFolds(ids, ids.length, 1)].sort((x, y) => x - y)).toEqual(ids.map((_, k) => k));
  });
  it('refuses k below 2 or above the number of cases', () => {
    expect(() => assignFolds(ids, 1, 1)).toThrow(RangeError);
    expect(() => assignFolds(ids, 24, 1)).toThrow(RangeError);
    expect(() => assignFolds(ids, 2.5, 1)).toThrow(RangeError);
  });
});

describe('isFittable', () => {
  it('knows which models have parameters to fit', () => {
    expect(isFittable(ensembleModel)).toBe(true);
    expect(isFittable(compromiseModel)).toBe(false);
  });
});
