import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrontierBuilder, frontierByClasses, frontierByEnumeration, frontierByMerge, paretoFrontier, type ParetoFrontier } from './pareto.js';
import { InputError } from '../errors.js';
import { enumerateUtilities, outcomeAt, outcomeCount, utilityOf, type DealSpace, type Rectangle } from './space.js';

// Contributions drawn from decimal fractions such as 0.1, 0.2, 0.3 create the floating-point near-ties of
// ../shared/specs/bargaining.md §5 (0.1 + 0.2 ≠ 0.3): the merge must still equal brute force exactly.
const decimal = fc.integer({ min: 0, max: 10 }).map((x) => x / 10);

const additiveSpace = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 5 }),
    parties: fc.integer({ min: 2, max: 3 }),
    seed: fc.array(fc.tuple(decimal, decimal), { minLength: 200, maxLength: 200 }),
  })
  .map(({ sizes, parties, seed }): DealSpace => {
    let t = 0;
    const next = () => {
      const [a, b] = seed[t++ % seed.length]!;
      return a * (0.5 + b); // products of decimals: more rounding
    };
    return {
      title: 'random',
      convention: 'parley',
      notes: [],
      issues: sizes.map((n, j) => ({ id: `i${j}`, name: `i${j}`, values: Array.from({ length: n }, (_, v) => `v${v}`) })),
      parties: Array.from({ length: parties }, (_, p) => ({
        id: `p${p}`,
        name: `p${p}`,
        reservation: null,
        discount: null,
        utility: { kind: 'additive' as const, contributions: sizes.map((n) => Float64Array.from({ length: n }, next)) },
      })),
    };
  });

const rectangleSpace = fc
  .record({
    sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1, maxLength: 4 }),
    rects: fc.array(
      fc.array(fc.record({ utility: fc.integer({ min: -3, max: 9 }), a: fc.nat(), b: fc.nat(), c: fc.nat(), d: fc.nat() }), { minLength: 1, maxLength: 8 }),
      { minLength: 2, maxLength: 3 },
    ),
    withAdditive: fc.boolean(),
    maxUtility: fc.integer({ min: 5, max: 30 }),
  })
  .map(({ sizes, rects, withAdditive, maxUtility }): DealSpace => {
    const m = sizes.length;
    const parties = rects.map((list, p) => {
      const rectangles: Rectangle[] = list.map((r) => {
        const j1 = r.a % m;
        const j2 = r.b % m;
        const issues = j1 === j2 ? [j1] : [j1, j2];
        const bounds = issues.map((j, t) => {
          const x = (t === 0 ? r.c : r.d) % sizes[j]!;
          const y = (t === 0 ? r.d : r.c) % sizes[j]!;
          return [Math.min(x, y), Math.max(x, y)] as const;
        });
        return { utility: r.utility, issues: Int32Array.from(issues), lo: Int32Array.from(bounds.map((b) => b[0])), hi: Int32Array.from(bounds.map((b) => b[1])) };
      });
      return { id: `p${p}`, name: `p${p}`, reservation: null, discount: null, utility: { kind: 'rectangles' as const, rectangles, weight: 1, maxUtility } };
    });
    const space: DealSpace = {
      title: 'rects',
      convention: 'genius',
      notes: [],
      issues: sizes.map((n, j) => ({ id: `i${j}`, name: `i${j}`, values: Array.from({ length: n }, (_, v) => String(v)), points: Array.from({ length: n }, (_, v) => v) })),
      parties,
    };
    if (withAdditive) {
      space.parties.push({
        id: 'add',
        name: 'add',
        reservation: null,
        discount: null,
        utility: { kind: 'additive', contributions: sizes.map((n, j) => Float64Array.from({ length: n }, (_, v) => ((v * 7 + j * 3) % 5) / 10)) },
      });
    }
    return space;
  });

/** The definition, O(n²): outcomes no other outcome weakly dominates, grouped by vector. */
function naiveFrontier(space: DealSpace): Map<string, number> {
  const n = outcomeCount(space);
  const k = space.parties.length;
  const u = enumerateUtilities(space);
  const out = new Map<string, number>();
  for (let a = 0; a < n; a++) {
    let dominated = false;
    for (let b = 0; b < n && !dominated; b++) {
      let ge = true;
      let gt = false;
      for (let i = 0; i < k; i++) {
        if (u[b * k + i]! < u[a * k + i]!) ge = false;
        if (u[b * k + i]! > u[a * k + i]!) gt = true;
      }
      dominated = ge && gt;
    }
    if (!dominated) {
      const key = Array.from(u.subarray(a * k, a * k + k)).join(',');
      out.set(key, (out.get(key) ?? 0) + 1);
    }
  }
  return out;
}

function asMap(f: ParetoFrontier): Map<string, number> {
  const out = new Map<string, number>();
  for (let r = 0; r < f.distinct; r++) out.set(Array.from(f.utilities.subarray(r * f.parties, (r + 1) * f.parties)).join(','), f.counts[r]!);
  return out;
}

function checkRepresentatives(space: DealSpace, f: ParetoFrontier) {
  for (let r = 0; r < f.distinct; r++) {
    const o = f.representatives.subarray(r * f.issues, (r + 1) * f.issues);
    expect(space.parties.map((p) => utilityOf(p.utility, o))).toEqual(Array.from(f.utilities.subarray(r * f.parties, (r + 1) * f.parties)));
  }
}

describe('Pareto frontier', () => {
  it('enumeration matches the O(n²) definition, ties counted', () => {
    fc.assert(
      fc.property(additiveSpace, (space) => {
        expect(asMap(frontierByEnumeration(space))).toEqual(naiveFrontier(space));
      }),
      { numRuns: 150, seed: 42 },
    );
  });

  it('the issue-by-issue merge equals enumeration exactly, despite floating-point near-ties', () => {
    fc.assert(
      fc.property(additiveSpace, (space) => {
        const brute = frontierByEnumeration(space);
        const merged = frontierByMerge(space);
        expect(Array.from(merged.utilities)).toEqual(Array.from(brute.utilities));
        expect(Array.from(merged.counts)).toEqual(Array.from(brute.counts));
        expect(Array.from(merged.min)).toEqual(Array.from(brute.min));
        expect(Array.from(merged.max)).toEqual(Array.from(brute.max));
        checkRepresentatives(space, merged);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it('value-class compression (with branch and bound) equals enumeration for hyper-rectangle utilities', () => {
    fc.assert(
      fc.property(rectangleSpace, (space) => {
        const brute = frontierByEnumeration(space);
        const classes = frontierByClasses(space);
        expect(asMap(classes)).toEqual(asMap(brute));
        expect(Array.from(classes.min)).toEqual(Array.from(brute.min));
        expect(Array.from(classes.max)).toEqual(Array.from(brute.max));
        checkRepresentatives(space, classes);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('frontier points are mutually non-dominated and sorted by the first party', () => {
    fc.assert(
      fc.property(additiveSpace, (space) => {
        const f = paretoFrontier(space);
        const k = f.parties;
        for (let a = 0; a < f.distinct; a++) {
          if (a > 0) expect(f.utilities[a * k]!).toBeGreaterThanOrEqual(f.utilities[(a - 1) * k]!);
          for (let b = 0; b < f.distinct; b++) {
            if (a === b) continue;
            let ge = true;
            for (let i = 0; i < k; i++) if (f.utilities[b * k + i]! < f.utilities[a * k + i]!) ge = false;
            expect(ge).toBe(false);
          }
        }
      }),
      { numRuns: 100, seed: 3 },
    );
  });

  it('does not change the space it analyses', () => {
    fc.assert(
      fc.property(additiveSpace, (space) => {
        const before = JSON.stringify(space, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
        paretoFrontier(space);
        frontierByEnumeration(space);
        expect(JSON.stringify(space, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v))).toBe(before);
      }),
      { numRuns: 30, seed: 5 },
    );
  });

  it('keeps a prefix dominated by one ulp that the next issue turns into a tie (spec §5)', () => {
    // After two issues, (0.1 + 0.2, 0.1 + 0.1) = (0.30000000000000004, 0.2) dominates (0 + 0.3, 0.2 + 0) = (0.3, 0.2)
    // by one ulp; adding 1 to party A's utility rounds both to 1.3: a tie that GENIUS lists twice.
    const space: DealSpace = {
      title: 'ulp',
      convention: 'parley',
      notes: [],
      issues: ['x', 'y', 'z'].map((id, j) => ({ id, name: id, values: j === 2 ? ['only'] : ['a', 'b'] })),
      parties: [
        [Float64Array.of(0.1, 0.0), Float64Array.of(0.2, 0.3), Float64Array.of(1)],
        [Float64Array.of(0.1, 0.2), Float64Array.of(0.1, 0.0), Float64Array.of(0)],
      ].map((contributions, p) => ({ id: `p${p}`, name: `p${p}`, reservation: null, discount: null, utility: { kind: 'additive' as const, contributions } })),
    };
    const brute = frontierByEnumeration(space);
    const merged = frontierByMerge(space);
    expect([brute.outcomes, brute.distinct]).toEqual([4, 3]);
    expect([merged.outcomes, merged.distinct]).toEqual([4, 3]);
    expect(Array.from(merged.counts)).toEqual(Array.from(brute.counts));
  });

  it('FrontierBuilder: equal points add up, dominated points vanish (two parties)', () => {
    const b = new FrontierBuilder(2);
    expect(b.add2(0.5, 0.5, 1, 0)).toBe(true);
    expect(b.add2(0.5, 0.5, 2, 1)).toBe(false);
    expect(b.count).toEqual([3]);
    expect(b.add2(0.4, 0.5, 1, 2)).toBe(false); // weakly dominated
    expect(b.add2(0.6, 0.4, 1, 3)).toBe(true);
    expect(b.add2(0.6, 0.5, 1, 4)).toBe(true); // dominates both
    expect(b.u).toEqual([[0.6], [0.5]]);
    expect(b.count).toEqual([1]);
  });

  it('refuses, with a located usage problem, a space too large for the limit', () => {
    const space: DealSpace = {
      title: 'big',
      convention: 'parley',
      notes: [],
      issues: Array.from({ length: 12 }, (_, j) => ({ id: `i${j}`, name: `i${j}`, values: ['a', 'b', 'c', 'd'] })),
      parties: [0, 1].map((p) => ({
        id: `p${p}`,
        name: `p${p}`,
        reservation: null,
        discount: null,
        utility: { kind: 'additive' as const, contributions: Array.from({ length: 12 }, () => Float64Array.of(0, 0.1, 0.2, 0.3)) },
      })),
    };
    expect(() => frontierByEnumeration(space, { limit: 1000 })).toThrow(/too large/);
    // Both parties value every issue the same way: every outcome ties, the frontier is the best one.
    const f = paretoFrontier(space);
    expect(f.distinct).toBe(1);
    expect(f.outcomes).toBe(1);
    expect(Array.from(outcomeAt(space, outcomeCount(space) - 1))).toEqual(Array.from(f.representatives));
  });
});

describe('the comparison limit of three or more parties', () => {
  // Seven issues of five values, three parties with conflicting contributions: the frontier grows issue by issue
  // (138 vectors at the end). Its filters compare every candidate with the frontier kept so far (O(n·F·k)), so their
  // comparisons, not the candidate count, bound the time; the limits below are small enough to be reached here.
  const conflicting = (k: number): DealSpace => {
    let state = 7;
    const next = () => (state = (state * 16807) % 2147483647) / 2147483647;
    return {
      title: 'conflict',
      convention: 'parley',
      notes: [],
      issues: Array.from({ length: 7 }, (_, j) => ({ id: `i${j}`, name: `i${j}`, values: ['a', 'b', 'c', 'd', 'e'] })),
      parties: Array.from({ length: k }, (_, p) => ({
        id: `p${p}`,
        name: `p${p}`,
        reservation: null,
        discount: null,
        utility: { kind: 'additive' as const, contributions: Array.from({ length: 7 }, () => Float64Array.from({ length: 5 }, () => Math.round(next() * 100) / 100)) },
      })),
    };
  };
  const refusal = (run: () => unknown): string => {
    try {
      run();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      const problems = (e as InputError).problems;
      expect(problems.map((p) => p.code)).toEqual(['space-too-large']);
      return `${problems[0]!.message} — ${problems[0]!.fix}`;
    }
    throw new Error('expected a refusal');
  };

  it('the merge refuses before the issue it expects to pass the limit, with the estimate and what it assumes', () => {
    const space = conflicting(3);
    const done: number[] = [];
    const message = refusal(() => frontierByMerge(space, { comparisonLimit: 1e4, onProgress: (d) => done.push(d) }));
    expect(message).toMatch(
      /^the outcome space is too large to analyse exactly: with 3 parties every package is compared with the whole frontier, and the Pareto filter would reach about [\d.]+e\+4 utility comparisons while filtering issue 4 of 7 \(165 candidate packages against a frontier of 33\), if the frontier grows as it did on the issue before \(limit 1e\+4\) — compare two parties/,
    );
    expect(done.at(-1)).toBe(3); // refused before the fourth issue's filter ran
  });

  it('a filter stops as soon as its count passes the limit, when the estimate did not foresee it', () => {
    const done: number[] = [];
    const message = refusal(() => frontierByMerge(conflicting(3), { comparisonLimit: 1e5, onProgress: (d) => done.push(d) }));
    expect(message).toMatch(/the Pareto filter passed the limit of 1e\+5 utility comparisons while filtering issue 7 of 7 \(375 candidate packages against a frontier of 75\)/);
    expect(done.at(-1)).toBe(6);
    expect(refusal(() => frontierByEnumeration(conflicting(3), { comparisonLimit: 1e3 }))).toMatch(/passed the limit of 1e\+3 utility comparisons while filtering the 78,125 outcomes/);
  });

  it('below the limit the frontier is the same; one and two parties are never counted', () => {
    const space = conflicting(3);
    const free = frontierByMerge(space);
    const limited = frontierByMerge(space, { comparisonLimit: 1e6 });
    expect(asMap(limited)).toEqual(asMap(free));
    expect(Array.from(limited.representatives)).toEqual(Array.from(free.representatives));
    expect(asMap(free)).toEqual(asMap(frontierByEnumeration(space)));
    const two = conflicting(2);
    expect(asMap(frontierByMerge(two, { comparisonLimit: 1 }))).toEqual(asMap(frontierByMerge(two)));
    expect(frontierByEnumeration(two, { comparisonLimit: 1 }).distinct).toBe(frontierByMerge(two).distinct);
    const one = conflicting(1);
    expect(asMap(frontierByMerge(one, { comparisonLimit: 1 }))).toEqual(naiveFrontier(one));
  });

  it('the value-class search of three parties counts its comparisons too', () => {
    const rect = (utility: number, j: number, lo: number, hi: number): Rectangle => ({ utility, issues: Int32Array.of(j), lo: Int32Array.of(lo), hi: Int32Array.of(hi) });
    const space: DealSpace = {
      title: 'rects3',
      convention: 'genius',
      notes: [],
      issues: Array.from({ length: 4 }, (_, j) => ({ id: `i${j}`, name: `i${j}`, values: ['0', '1', '2', '3'], points: [0, 1, 2, 3] })),
      parties: [0, 1, 2].map((p) => ({
        id: `p${p}`,
        name: `p${p}`,
        reservation: null,
        discount: null,
        utility: { kind: 'rectangles' as const, weight: 1, maxUtility: 40, rectangles: [0, 1, 2, 3].flatMap((j) => [0, 1, 2, 3].map((v) => rect(((v + p * j) % 4) + 1, j, v, v))) },
      })),
    };
    expect(frontierByClasses(space).distinct).toBeGreaterThan(1);
    expect(refusal(() => frontierByClasses(space, { comparisonLimit: 100 }))).toMatch(/with 3 parties .* passed the limit of 1e\+2 utility comparisons while filtering the 256 value-class combinations/);
  });
});
