import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paretoFrontier } from './pareto.js';
import { analyseDeals, distance, distanceToFrontier, egalitarianPoint, kalaiSmorodinskyPoint, nashPoint, oppositionLevel } from './points.js';
import { enumerateUtilities, outcomeCount, type DealSpace } from './space.js';

/** One issue whose five values give the two parties these utilities (binary fractions: no rounding anywhere). */
function pointsSpace(points: [number, number][], reservation: [number | null, number | null] = [null, null]): DealSpace {
  return {
    title: 'points',
    convention: 'parley',
    notes: [],
    issues: [{ id: 'x', name: 'x', values: points.map((_, v) => `v${v}`) }],
    parties: [0, 1].map((p) => ({
      id: `p${p}`,
      name: `p${p}`,
      reservation: reservation[p]!,
      discount: null,
      utility: { kind: 'additive' as const, contributions: [Float64Array.from(points, (pt) => pt[p])] },
    })),
  };
}

const FIVE: [number, number][] = [
  [0.25, 1],
  [0.5, 0.875],
  [0.75, 0.5],
  [1, 0.125],
  [0.375, 0.375], // dominated
];

describe('bargaining points (hand-computed)', () => {
  const a = analyseDeals(pointsSpace(FIVE));

  it('frontier and ranges', () => {
    expect(a.frontier.distinct).toBe(4);
    expect(a.parties.map((p) => [p.min, p.max])).toEqual([
      [0.25, 1],
      [0.125, 1],
    ]);
  });

  it('Nash with d = 0: products 0.25, 0.4375, 0.375, 0.125 → (0.5, 0.875)', () => {
    expect(a.nash!.utilities).toEqual([0.5, 0.875]);
    expect(a.nash!.value).toBe(0.4375);
    expect(a.nash!.outcome).toEqual([1]);
  });

  it('Nash with d = max(reservation, minimum) = (0.25, 0.125): gains products 0, 0.1875, 0.1875, 0 → first in frontier order, 2 tied', () => {
    expect(a.nashMinUtility!.utilities).toEqual([0.5, 0.875]);
    expect(a.nashMinUtility!.ties).toBe(2);
  });

  it('Kalai–Smorodinsky: equal normalised gains → (0.75, 0.5); egalitarian: largest smallest gain → (0.75, 0.5)', () => {
    expect(a.kalaiSmorodinsky!.utilities).toEqual([0.75, 0.5]);
    expect(a.egalitarian!.utilities).toEqual([0.75, 0.5]);
    expect(a.egalitarian!.value).toBe(0.375);
  });

  it('maximum welfare 1.375 at (0.5, 0.875)', () => {
    expect(a.maxWelfare!.utilities).toEqual([0.5, 0.875]);
    expect(a.maxWelfare!.value).toBe(1.375);
  });

  it('opposition level: sqrt(min Σ(1 − u/max)²) = sqrt(0.265625); reservation values restrict it', () => {
    expect(a.opposition).toBe(Math.sqrt(0.265625));
    const f = paretoFrontier(pointsSpace(FIVE));
    expect(oppositionLevel(f, [-Infinity, 0.9])).toBe(0.75);
    expect(oppositionLevel(f, [1, 1])).toBeNull();
  });

  it('reservation values shape the disagreement point', () => {
    const r = analyseDeals(pointsSpace(FIVE, [0, 0.9]));
    expect(r.nash!.utilities).toEqual([0.25, 1]); // the only point with u₂ ≥ 0.9
    expect(r.kalaiSmorodinsky!.utilities).toEqual([0.25, 1]);
    const f = paretoFrontier(pointsSpace(FIVE));
    expect(nashPoint(f, [2, 2])).toBeNull();
    expect(kalaiSmorodinskyPoint(f, [0, 0], [2, 2])).toBeNull();
    expect(egalitarianPoint(f, [0, 0], [2, 2])).toBeNull();
  });

  it('distances: to the nearest frontier point and between points', () => {
    const f = paretoFrontier(pointsSpace(FIVE));
    expect(distanceToFrontier(f, [0.5, 0.5])).toEqual({ distance: 0.25, index: 2 });
    expect(distance([0, 0], [0.6, 0.8])).toBeCloseTo(1, 15);
  });
});

describe('bargaining points (properties)', () => {
  const space = fc
    .record({ sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), values: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 64, maxLength: 64 }) })
    .map(({ sizes, values }): DealSpace => {
      let t = 0;
      return {
        title: 'r',
        convention: 'parley',
        notes: [],
        issues: sizes.map((n, j) => ({ id: `i${j}`, name: `i${j}`, values: Array.from({ length: n }, (_, v) => `${v}`) })),
        parties: [0, 1].map((p) => ({ id: `p${p}`, name: `p${p}`, reservation: null, discount: null, utility: { kind: 'additive' as const, contributions: sizes.map((n) => Float64Array.from({ length: n }, () => values[t++ % 64]! / 20)) } })),
      };
    });

  it('Nash and max-welfare points are optimal over every outcome, not only over the frontier', () => {
    fc.assert(
      fc.property(space, (s) => {
        const a = analyseDeals(s);
        const u = enumerateUtilities(s);
        const n = outcomeCount(s);
        for (let o = 0; o < n; o++) {
          expect(u[2 * o]! * u[2 * o + 1]!).toBeLessThanOrEqual(a.nash!.value * (1 + 1e-12));
          expect(u[2 * o]! + u[2 * o + 1]!).toBeLessThanOrEqual(a.maxWelfare!.value + 1e-12);
        }
      }),
      { numRuns: 60, seed: 17 },
    );
  });

  it('swapping the parties swaps every point', () => {
    fc.assert(
      fc.property(space, (s) => {
        const a = analyseDeals(s);
        const b = analyseDeals({ ...s, parties: [s.parties[1]!, s.parties[0]!] });
        expect(b.frontier.distinct).toBe(a.frontier.distinct);
        expect(b.frontier.outcomes).toBe(a.frontier.outcomes);
        expect(b.opposition).toBeCloseTo(a.opposition!, 14);
        expect(b.maxWelfare!.value).toBeCloseTo(a.maxWelfare!.value, 14);
        expect(b.nash!.value).toBeCloseTo(a.nash!.value, 14);
      }),
      { numRuns: 60, seed: 19 },
    );
  });
});
