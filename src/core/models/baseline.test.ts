// Unit tests of the three baseline models with hand-computed cases and the EC car-emissions example.
import { describe, expect, it } from 'vitest';
import { issueTables } from '../issueTable.js';
import type { Scenario } from '../scenario.js';
import { compromiseForecast, weightedMean } from './compromise.js';
import { nashBargaining, nashForecast } from './nashBargaining.js';
import { weightedMedian, weightedMedianForecast } from './weightedMedian.js';

/** One-issue scenario from rows [id, capability, position, salience 0–100]. */
export function oneIssue(rows: [string, number, number, number][], issue: Partial<Scenario['issues'][number]> = {}): Scenario {
  return Object.freeze({
    title: 't',
    sources: [],
    actors: rows.map(([id, c]) => ({ id, name: id, capability: c })),
    issues: [{ id: 'x', name: 'X', scale: { min: 0, max: 100 }, anchors: [], ...issue }],
    stances: rows.map(([id, , p, s]) => ({ actor: id, issue: 'x', position: p, salience: s })),
  }) as Scenario;
}

// Bueno de Mesquita (1994) pp. 77–78; Scholz, Calbert & Smith (2011) Table 1.
const EC: [string, number, number, number][] = [
  ['Netherlands', 0.08, 4, 80],
  ['Belgium', 0.08, 7, 40],
  ['Luxembourg', 0.03, 4, 20],
  ['Germany', 0.16, 4, 80],
  ['France', 0.16, 10, 60],
  ['Italy', 0.16, 10, 60],
  ['UK', 0.16, 10, 90],
  ['Ireland', 0.05, 7, 10],
  ['Denmark', 0.05, 4, 100],
  ['Greece', 0.08, 7, 70],
];

describe('compromise model', () => {
  it('is the capability × salience weighted mean (hand computed)', () => {
    // weights 10·0.5 = 5 and 30·1.0 = 30: (5·0 + 30·70) / 35 = 60
    const f = compromiseForecast(oneIssue([['a', 10, 0, 50], ['b', 30, 70, 100]]));
    expect(f.issues[0]!.value).toBeCloseTo(60, 12);
  });
  it('gives 7.389956 on the EC car-emissions example (BdM 1994; Scholz et al. 2011)', () => {
    expect(compromiseForecast(oneIssue(EC)).issues[0]!.value.toFixed(6)).toBe('7.389956');
  });
  it('ignores zero-salience actors', () => {
    expect(compromiseForecast(oneIssue([['a', 1, 0, 0], ['b', 1, 40, 10], ['c', 1, 80, 10]])).issues[0]!.value).toBe(60);
  });
  it('explains itself with the heaviest actors', () => {
    const f = compromiseForecast(oneIssue(EC)).issues[0]!;
    expect(f.explanation).toMatch(/UK at 10/);
    expect((f.detail.weights as unknown[]).length).toBe(10);
  });
  it('weightedMean of an empty weight vector is NaN, not a number pretending to be a forecast', () => {
    expect(weightedMean([1], [0])).toBeNaN();
  });
});

describe('weighted median voter', () => {
  it('is 7 on the EC example, with Greece, Belgium and Ireland pivotal', () => {
    const f = weightedMedianForecast(oneIssue(EC)).issues[0]!;
    expect(f.value).toBe(7);
    expect(f.detail.pivot).toEqual(['Belgium', 'Ireland', 'Greece']);
  });
  it('picks the position where the cumulative weight passes one half (hand computed)', () => {
    // weights 1, 1, 3 at 10, 20, 90: 90 holds 3/5 > 1/2
    expect(weightedMedian([10, 20, 90], [1, 1, 3]).value).toBe(90);
    // weights 2, 1, 2 at 10, 20, 90: 20 beats 10 (3 vs 2) and 90 (3 vs 2)
    expect(weightedMedian([10, 20, 90], [2, 1, 2]).value).toBe(20);
  });
  it('reports a tie when the weight splits exactly in half, choosing the candidate nearest the mean', () => {
    const m = weightedMedian([0, 100, 30], [1, 1, 0]);
    expect(m.tied).toEqual([0, 30, 100]);
    expect(m.value).toBe(30); // mean 50: 30 is the nearest tied candidate
  });
  it('pairwise votes agree with the definition: the winner beats every other position', () => {
    const m = weightedMedian([4, 7, 10], [0.248, 0.093, 0.336]);
    expect(m.value).toBe(7);
  });
});

describe('Nash bargaining solution', () => {
  it('two actors with equal weights, linear utilities, disagreement at 0: the midpoint of the reachable gains', () => {
    // positions 40 and 100, d = 0. Acceptable: [0, 80] ∩ [0, 200] → [0, 80].
    // maximise log(40 − |x − 40|) + log(100 − |x − 100|) on [40, 80]: (x) … derivative −1/(80 − x) + 1/x = 0 → x = 40.
    // on [0, 40]: log(x) + log(x) increasing → optimum at 40. So x* = 40 (hand computed).
    const r = nashBargaining([40, 100], [1, 1], 0, { min: 0, max: 100 }, 'linear');
    expect(r.value).toBeCloseTo(40, 9);
  });
  it('quadratic utilities: maximises Σ w log(d_i² − (x − x_i)²)', () => {
    // positions 40, 100, d = 0, equal weights. f'(x) = −2(x−40)/(1600 − (x−40)²) − 2(x−100)/(10000 − (x−100)²) = 0.
    const r = nashBargaining([40, 100], [1, 1], 0, { min: 0, max: 100 }, 'quadratic');
    const g = (x: number) => (-2 * (x - 40)) / (1600 - (x - 40) ** 2) - (2 * (x - 100)) / (10000 - (x - 100) ** 2);
    expect(Math.abs(g(r.value))).toBeLessThan(1e-6);
    expect(r.value).toBeGreaterThan(40);
    expect(r.value).toBeLessThan(80);
  });
  it('reports actors at the no-deal point as excluded, by name', () => {
    const s = oneIssue([['us', 1, 100, 50], ['cn', 1, 0, 50], ['eu', 1, 40, 50]], { no_deal: 100 });
    const f = nashForecast(s).issues[0]!;
    expect(f.detail.excluded).toEqual(['us']);
    expect(f.explanation).toMatch(/Excluded.*us/);
  });
  it('returns the no-deal point when actors sit on both sides of it (no zone of agreement)', () => {
    const f = nashForecast(oneIssue([['a', 1, 20, 50], ['b', 1, 80, 50]], { no_deal: 50 })).issues[0]!;
    expect(f.value).toBe(50);
    expect(f.explanation).toMatch(/No outcome leaves every bargainer better off/);
  });
  it('stays inside the acceptable range and the range of positions', () => {
    const s = oneIssue(EC, { scale: { min: 0, max: 12 }, no_deal: 0 });
    const f = nashForecast(s).issues[0]!;
    expect(f.value).toBeGreaterThanOrEqual(4);
    expect(f.value).toBeLessThanOrEqual(10);
  });
  it('uses the status quo, then each actor\'s worst point, when there is no no-deal point, and says so', () => {
    const a = nashForecast(oneIssue(EC, { scale: { min: 0, max: 12 }, status_quo: 12 }));
    expect(a.notes.join(' ')).toMatch(/status quo 12 is the disagreement point/);
    const b = nashForecast(oneIssue(EC, { scale: { min: 0, max: 12 } }));
    expect(b.notes.join(' ')).toMatch(/farthest from it/);
    expect(Number.isFinite(b.issues[0]!.value)).toBe(true);
  });
  it('capability weights ignore salience but still leave out zero-salience actors', () => {
    // a at 20 (c 1, s 1), b at 60 (c 3, s 0.01), c at 90 with salience 0; d = 0, acceptable [0, 40].
    // capability weights on [20, 40]: −1/(40 − x) + 3/x = 0 → x = 30; with c·s weights b weighs 0.03 → x = 20.
    const s = oneIssue([['a', 1, 20, 100], ['b', 3, 60, 1], ['c', 5, 90, 0]], { no_deal: 0 });
    expect(nashForecast(s).issues[0]!.value).toBeCloseTo(20, 9);
    expect(nashForecast(s, { nash: { weights: 'capability' } }).issues[0]!.value).toBeCloseTo(30, 9);
  });
});

describe('issue tables', () => {
  it('rescale salience to 0–1 and leave out actors without a stance', () => {
    const s = oneIssue([['a', 2, 10, 50], ['b', 4, 20, 25]]);
    const [t] = issueTables({ ...s, actors: [...s.actors, { id: 'c', name: 'c', capability: 9 }] });
    expect(Array.from(t!.salience)).toEqual([0.5, 0.25]);
    expect(Array.from(t!.weight)).toEqual([1, 1]);
    expect(t!.actorIds).toEqual(['a', 'b']);
  });
});
