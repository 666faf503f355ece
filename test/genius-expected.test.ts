// Golden tests of the deal analysis against ../shared/reference/genius: expected.json (GENIUS utility convention:
// outcome counts, Pareto sizes, Nash, Kalai–Smorodinsky, egalitarian and max-welfare points, opposition level),
// GENIUS' own pareto.xml for 10issues_nonlinear, and the cross-checks quoted in ../shared/specs/bargaining.md §1–§4.
// The GENIUS files are read from ../shared and never copied into the repo; without them these tests skip.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frontierByEnumeration, frontierByMerge } from '../src/core/deals/pareto.js';
import { analyseDeals, distance, distanceToFrontier } from '../src/core/deals/points.js';
import { utilityOf } from '../src/core/deals/space.js';
import { readGeniusFolder, readGeniusWebFiles, type FolderResult } from '../src/formats/genius.js';
import { describeWithShared, hasShared, readShared, sharedPath } from './shared.js';

const DOMAINS = 'reference/genius/domains';

function folder(dir: string, profiles?: string[], convention: 'genius' | 'negmas' = 'genius'): Required<Pick<FolderResult, 'space'>> & FolderResult {
  const path = sharedPath(DOMAINS, dir);
  const files = readdirSync(path).map((name) => ({ name, text: readFileSync(`${path}/${name}`, 'utf8') }));
  const result = readGeniusFolder(files, { profiles, convention });
  expect(result.problems).toEqual([]);
  return result as Required<Pick<FolderResult, 'space'>> & FolderResult;
}

interface Expected {
  issues: number;
  values_per_issue: number[];
  outcomes: number;
  profiles: string[];
  reservation_values: (number | null)[];
  discount_factors: (number | null)[];
  utility_ranges: [number, number][];
  pareto_outcomes_including_ties: number;
  pareto_distinct_utility_vectors: number;
  nash_disagreement_is_reservation_or_0: number[];
  nash_disagreement_is_max_of_reservation_and_min_utility: number[];
  kalai_smorodinsky_normalised_gains: number[];
  egalitarian_max_min_gain: number[];
  max_welfare: number[];
  max_welfare_value: number;
  opposition_level: number;
}

// expected.json prints points to 12 decimals: compared to half a unit of the 12th (plus double-rounding slack).
const POINT = 0.5e-12 + 1e-15;
// max_welfare_value is printed as the sum of the parties' rounded utilities: up to half a unit per party off.
const welfareTolerance = (parties: number) => parties * 0.5e-12 + 1e-15;

// The suites' bodies run at collection even when skipped: read ../shared only when it is there, and lazily.
const EXPECTED = 'reference/genius/expected.json';
const expected: Record<string, Expected> = hasShared(EXPECTED) ? (JSON.parse(readShared(EXPECTED)) as Record<string, Expected>) : {};

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

describeWithShared(EXPECTED, 'GENIUS reference domains (expected.json)', () => {
  for (const [name, e] of Object.entries(expected)) {
    describe(name, () => {
      const dir = name === 'Party-3-parties' ? 'Party' : name;
      const load = lazy(() => {
        const { space } = folder(dir, e.profiles);
        return { space, a: analyseDeals(space) };
      });

      it('reads the domain: issues, values, reservation values, discount factors', () => {
        const { space } = load();
        expect(space.issues.length).toBe(e.issues);
        expect(space.issues.map((i) => i.values.length)).toEqual(e.values_per_issue);
        expect(space.parties.map((p) => p.reservation)).toEqual(e.reservation_values);
        expect(space.parties.map((p) => p.discount)).toEqual(e.discount_factors);
        expect(space.convention).toBe('genius');
      });

      it('counts outcomes and finds every utility range exactly', () => {
        const { a } = load();
        expect(a.outcomes).toBe(e.outcomes);
        expect(a.parties.map((p) => [p.min, p.max])).toEqual(e.utility_ranges);
      });

      it('finds the Pareto frontier: outcomes with ties and distinct vectors', () => {
        const { a } = load();
        expect(a.frontier.outcomes).toBe(e.pareto_outcomes_including_ties);
        expect(a.frontier.distinct).toBe(e.pareto_distinct_utility_vectors);
      });

      it('finds the bargaining points', () => {
        const { a } = load();
        const check = (got: number[] | undefined, want: number[]) => {
          expect(got).toBeDefined();
          got!.forEach((x, i) => expect(Math.abs(x - want[i]!)).toBeLessThanOrEqual(POINT));
        };
        check(a.nashReservation?.utilities, e.nash_disagreement_is_reservation_or_0);
        check(a.nash?.utilities, e.nash_disagreement_is_reservation_or_0);
        check(a.nashMinUtility?.utilities, e.nash_disagreement_is_max_of_reservation_and_min_utility);
        check(a.kalaiSmorodinsky?.utilities, e.kalai_smorodinsky_normalised_gains);
        check(a.egalitarian?.utilities, e.egalitarian_max_min_gain);
        check(a.maxWelfare?.utilities, e.max_welfare);
        expect(Math.abs(a.maxWelfare!.value - e.max_welfare_value)).toBeLessThanOrEqual(welfareTolerance(a.maxWelfare!.utilities.length));
        expect(a.opposition).toBeCloseTo(e.opposition_level, 14);
      });

      it('gives each bargaining point an outcome with exactly those utilities', () => {
        const { space, a } = load();
        for (const p of [a.nash, a.kalaiSmorodinsky, a.egalitarian, a.maxWelfare]) {
          expect(space.parties.map((party) => utilityOf(party.utility, p!.outcome))).toEqual(p!.utilities);
        }
      });

      it('the merge agrees with brute-force enumeration, vector by vector and count by count', () => {
        const { space } = load();
        const brute = frontierByEnumeration(space);
        const merged = frontierByMerge(space);
        expect(Array.from(merged.utilities)).toEqual(Array.from(brute.utilities));
        expect(Array.from(merged.counts)).toEqual(Array.from(brute.counts));
      });
    });
  }
});

describeWithShared(`${DOMAINS}/10issues_nonlinear/pareto.xml`, "10issues_nonlinear against GENIUS' pareto.xml", () => {
  it('reproduces the 10 frontier vectors over 10^10 outcomes, and counts 129,072 outcomes on them', () => {
    const { space, pareto } = folder('10issues_nonlinear');
    expect(pareto).toHaveLength(10);
    const a = analyseDeals(space);
    expect(a.outcomes).toBe(1e10);
    expect(a.frontier.method).toBe('classes');
    expect(a.frontier.distinct).toBe(10);
    // pareto.xml prints Java floats: compare after rounding our doubles to float32.
    for (let f = 0; f < 10; f++) {
      expect(Math.fround(a.frontier.utilities[2 * f]!)).toBe(Math.fround(pareto![f]![0]!));
      expect(Math.fround(a.frontier.utilities[2 * f + 1]!)).toBe(Math.fround(pareto![f]![1]!));
    }
    expect(a.frontier.outcomes).toBe(129_072); // ../shared/specs/bargaining.md §3, value-class count
    // Each representative outcome really has its vector (inclusive hyper-rectangles).
    for (let f = 0; f < 10; f++) {
      const o = a.frontier.representatives.subarray(f * 10, f * 10 + 10);
      expect(space.parties.map((p) => utilityOf(p.utility, o))).toEqual([a.frontier.utilities[2 * f], a.frontier.utilities[2 * f + 1]]);
    }
  });
});

describeWithShared(DOMAINS, 'cross-checks quoted in the bargaining spec', () => {
  it('Car/ADG: 73 outcomes on the frontier but 53 distinct vectors (GENIUS vs NegMAS counting)', () => {
    const a = analyseDeals(folder('Car_ADG').space);
    expect([a.frontier.outcomes, a.frontier.distinct]).toEqual([73, 53]);
  });

  it('Energy: 390,625 outcomes, merge equals enumeration', () => {
    const { space } = folder('Energy');
    const merged = frontierByMerge(space);
    const brute = frontierByEnumeration(space);
    expect(merged.total).toBe(390_625);
    expect(Array.from(merged.utilities)).toEqual(Array.from(brute.utilities));
    expect(Array.from(merged.counts)).toEqual(Array.from(brute.counts));
  });

  it('NegMAS convention: EnglandZimbabwe 23 and Camera 12 frontier points (GENIUS: 25 and 16)', () => {
    expect(analyseDeals(folder('EnglandZimbabwe', undefined, 'negmas').space).frontier.distinct).toBe(23);
    expect(analyseDeals(folder('Camera', undefined, 'negmas').space).frontier.distinct).toBe(12);
  });

  it('NegMAS convention: CameraB opposition level 0.247616 as NegMAS _info.yaml states', () => {
    const a = analyseDeals(folder('CameraB_negmas_builtin', undefined, 'negmas').space);
    expect(a.outcomes).toBe(3600);
    expect(a.opposition!.toFixed(6)).toBe('0.247616');
  });

  it('NegMAS convention reproduces the NegMAS docstring utilities on Laptop-C', () => {
    const { space } = folder('LaptopC_negmas_tests', undefined, 'negmas');
    const at = (labels: string[]) => space.issues.map((issue, j) => issue.values.indexOf(labels[j]!));
    const u = space.parties[0]!.utility;
    expect(utilityOf(u, at(['Dell', '60 Gb', "19'' LCD"]))).toBe(21.987727736172488);
    expect(utilityOf(u, at(['HP', '80 Gb', "20'' LCD"]))).toBe(22.685594755830145);
  });

  it('GENIUS user guide, Party party1–3: distance 0.44991 to Nash and 0 to the frontier, welfare 2.13706', () => {
    const a = analyseDeals(folder('Party', ['party1_utility', 'party2_utility', 'party3_utility']).space);
    const agreement = [0.58083, 0.60367, 0.95256]; // as the guide prints them (5 decimals)
    const near = distanceToFrontier(a.frontier, agreement);
    expect(near.distance).toBeLessThan(5e-6); // the printed point is a frontier point up to its rounding
    const onFrontier = Array.from(a.frontier.utilities.subarray(near.index * 3, near.index * 3 + 3));
    expect(distance(onFrontier, a.nash!.utilities).toFixed(5)).toBe('0.44991');
    expect(onFrontier.reduce((s, x) => s + x, 0).toFixed(5)).toBe('2.13706');
    expect(a.frontier.distinct).toBe(102);
  });
});

describeWithShared('reference/genius/geniusweb', 'GeniusWeb JSON profiles', () => {
  const read = (dir: string) => {
    const path = sharedPath('reference/genius/geniusweb', dir);
    return readGeniusWebFiles(readdirSync(path).map((name) => ({ name, text: readFileSync(`${path}/${name}`, 'utf8') })));
  };

  it('reads every example and finds a frontier that enumeration confirms', () => {
    for (const dir of readdirSync(sharedPath('reference/genius/geniusweb'))) {
      const r = read(dir);
      expect(r.problems).toEqual([]);
      const space = r.space!;
      expect(space.parties.length).toBeGreaterThanOrEqual(2);
      const merged = frontierByMerge(space);
      const brute = frontierByEnumeration(space);
      expect(Array.from(merged.utilities)).toEqual(Array.from(brute.utilities));
      expect(merged.outcomes).toBe(brute.outcomes);
    }
  });

  it('Party (GeniusWeb): utility = Σ weight × value utility, reservation = utility of the reservation bid', () => {
    const space = read('Party').space!;
    const party1 = space.parties.find((p) => p.id === 'party1')!;
    const at = (labels: Record<string, string>) => space.issues.map((issue) => issue.values.indexOf(labels[issue.name]!));
    const best = at({ Food: 'Chips and Nuts', Drinks: 'Beer Only', Location: 'Party Room', Invitations: 'Custom, Handmade', Music: 'DJ', Cleanup: 'Specialized Materials' });
    // 0.19·0.75 + 0.28·0.98 + 0.19·0.99 + 0.05·1 + 0.19·0.99 + 0.10·0.96, summed in issue order
    expect(utilityOf(party1.utility, best)).toBe(0.19 * 0.75 + 0.28 * 0.98 + 0.19 * 0.99 + 0.05 * 1 + 0.19 * 0.99 + 0.1 * 0.96);
    const rb = at({ Food: 'Handmade Food', Drinks: 'Handmade Cocktails', Location: 'Party Tent', Invitations: 'Custom, Printed', Music: 'Band', Cleanup: 'Special Equiment' });
    expect(party1.reservation).toBe(utilityOf(party1.utility, rb));
  });
});
