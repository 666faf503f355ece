import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario.js';
import { issueGrid, packageUtility, scenarioDealSpace, valueLabel } from './fromScenario.js';
import { findLogrolls } from './logrolls.js';
import { frontierByEnumeration, paretoFrontier } from './pareto.js';
import { utilityOf } from './space.js';

// Two blocs; North cares about tax, South about aid: the textbook logroll.
const scenario: Scenario = {
  title: 'North–South',
  sources: [],
  actors: [
    { id: 'n1', name: 'North leader', capability: 3, group: 'North' },
    { id: 'n2', name: 'North lobby', capability: 1, group: 'North' },
    { id: 's1', name: 'South', capability: 2, group: 'South' },
  ],
  issues: [
    { id: 'tax', name: 'Tax', scale: { min: 0, max: 100 }, anchors: [{ value: 0, label: 'no tax' }, { value: 50, label: 'half' }, { value: 100, label: 'full tax' }], status_quo: 50, no_deal: 0 },
    { id: 'aid', name: 'Aid', scale: { min: 0, max: 10 }, anchors: [{ value: 0, label: 'no aid' }, { value: 10, label: 'full aid' }], status_quo: 5, options: [{ value: 0, label: 'zero' }, { value: 5, label: 'half' }, { value: 10, label: 'full' }] },
  ],
  stances: [
    { actor: 'n1', issue: 'tax', position: 100, salience: 80 },
    { actor: 'n2', issue: 'tax', position: 60, salience: 40 },
    { actor: 'n1', issue: 'aid', position: 0, salience: 20 },
    { actor: 's1', issue: 'tax', position: 0, salience: 20 },
    { actor: 's1', issue: 'aid', position: 10, salience: 80 },
  ],
};

describe('scenario deal spaces', () => {
  it('discretises scales into points or steps, and uses options when the issue has them', () => {
    expect(issueGrid(scenario.issues[0]!).values).toEqual([0, 25, 50, 75, 100]);
    expect(issueGrid(scenario.issues[0]!, 3).values).toEqual([0, 50, 100]);
    expect(issueGrid(scenario.issues[0]!, 5, 30).values).toEqual([0, 30, 60, 90, 100]);
    expect(issueGrid(scenario.issues[1]!)).toEqual({ values: [0, 5, 10], labels: ['zero', 'half', 'full'] });
    expect(valueLabel(scenario.issues[0]!, 50)).toBe('half');
    expect(valueLabel(scenario.issues[0]!, 75)).toBe('75 (near 50: half)');
  });

  it('computes the salience-weighted closeness of the docs, members weighted by capability (hand-checked)', () => {
    const space = scenarioDealSpace(scenario);
    expect(space.parties.map((p) => p.name)).toEqual(['North', 'South']);
    // North: weights c·s = n1 tax 3·0.8 = 2.4, n2 tax 1·0.4 = 0.4, n1 aid 3·0.2 = 0.6; total 3.4.
    // Package (tax 75, aid 5): 2.4·(1 − 25/100) + 0.4·(1 − 15/100) + 0.6·(1 − 5/10) = 1.8 + 0.34 + 0.3 = 2.44 → 2.44/3.4.
    const u = utilityOf(space.parties[0]!.utility, [3, 1]);
    expect(u).toBeCloseTo(2.44 / 3.4, 14);
    // South: 2·0.2 = 0.4 on tax, 2·0.8 = 1.6 on aid; (tax 75, aid 5): 0.4·0.25 + 1.6·0.5 = 0.9 → 0.9/2.
    expect(utilityOf(space.parties[1]!.utility, [3, 1])).toBeCloseTo(0.45, 14);
    // Reservation: no-deal package (tax no_deal 0, aid status quo 5).
    expect(space.parties[0]!.reservation).toBeCloseTo((2.4 * 0 + 0.4 * 0.4 + 0.6 * 0.5) / 3.4, 14);
    expect(space.parties[0]!.reservation).toBe(packageUtility(space, 0, [0, 5]));
    // Stakes: capability-weighted mean salience of the members with a stance.
    expect(space.stakes[0]![0]!.salience).toBeCloseTo((3 * 80 + 1 * 40) / 4, 12);
    expect(space.stakes[0]![1]!.salience).toBeCloseTo(20, 12);
  });

  it('treats actors as parties, or a chosen list, and refuses unknown names with a suggestion', () => {
    expect(scenarioDealSpace(scenario, { parties: 'actors' }).parties.map((p) => p.id)).toEqual(['n1', 'n2', 's1']);
    expect(scenarioDealSpace(scenario, { parties: ['South', 'n2'] }).parties.map((p) => p.id)).toEqual(['South', 'n2']);
    expect(() => scenarioDealSpace(scenario, { parties: ['Sout', 'North'] })).toThrow(/did you mean "South"/);
    expect(() => scenarioDealSpace(scenario, { parties: ['North'] })).toThrow(/two or more parties/);
    expect(() => scenarioDealSpace(scenario, { issues: ['tx'] })).toThrow(/did you mean "tax"/);
    // n2 has no stance on aid: a party without any stake on the chosen issues is refused.
    expect(() => scenarioDealSpace(scenario, { parties: 'actors', issues: ['aid'] })).toThrow(/North lobby.*takes no position/);
  });

  it('utilities stay in [0, 1]; quadratic loss never hurts more than linear', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 7 }), (points) => {
        const lin = scenarioDealSpace(scenario, { points });
        const quad = scenarioDealSpace(scenario, { points, loss: 'quadratic' });
        const f = frontierByEnumeration(lin);
        for (let i = 0; i < 2; i++) {
          expect(f.min[i]!).toBeGreaterThanOrEqual(0);
          expect(f.max[i]!).toBeLessThanOrEqual(1 + 1e-12);
        }
        for (let a = 0; a < points; a++) {
          for (let b = 0; b < 3; b++) {
            for (let p = 0; p < 2; p++) expect(utilityOf(quad.parties[p]!.utility, [a, b])).toBeGreaterThanOrEqual(utilityOf(lin.parties[p]!.utility, [a, b]) - 1e-15);
          }
        }
        expect(paretoFrontier(lin).distinct).toBe(f.distinct);
      }),
      { numRuns: 6 },
    );
  });

  it('leaves the scenario unchanged', () => {
    const frozen = structuredClone(scenario);
    scenarioDealSpace(scenario, { points: 4 });
    findLogrolls(scenario, scenarioDealSpace(scenario));
    expect(scenario).toEqual(frozen);
  });
});

describe('logrolls', () => {
  it('finds the trade of tax for aid and explains it in words', () => {
    const space = scenarioDealSpace(scenario);
    const r = findLogrolls(scenario, space, { baseline: 'status-quo' });
    expect(r.parties).toEqual(['North', 'South']);
    expect(r.baseline.values).toEqual([50, 5]);
    const best = r.logrolls[0]!;
    // North concedes on aid (it cares little), South on tax.
    expect(best.moves.map((m) => [m.issue, m.concededBy])).toEqual([
      ['aid', 0],
      ['tax', 1],
    ]);
    expect(best.gains[0]).toBeGreaterThan(0);
    expect(best.gains[1]).toBeGreaterThan(0);
    expect(best.joint).toBeCloseTo(best.gains[0] + best.gains[1], 15);
    expect(best.utilities[0]).toBeCloseTo(r.baseline.utilities[0] + best.gains[0], 12);
    expect(best.explanation).toMatch(/^North moves toward South on Aid \(salience 20 vs 80\) in exchange for South moving toward North on Tax \(salience 70 vs 20\)/);
    for (const l of r.logrolls) {
      expect(l.gains[0]).toBeGreaterThan(0);
      expect(l.gains[1]).toBeGreaterThan(0);
      expect(new Set(l.moves.map((m) => m.concededBy))).toEqual(new Set([0, 1]));
    }
    for (let i = 1; i < r.logrolls.length; i++) expect(r.logrolls[i - 1]!.joint).toBeGreaterThanOrEqual(r.logrolls[i]!.joint);
  });

  it('improves on the compromise forecast when asked', () => {
    const space = scenarioDealSpace(scenario);
    const r = findLogrolls(scenario, space, { baseline: 'forecast' });
    expect(r.baseline.kind).toBe('forecast');
    // Compromise on tax: (2.4·100 + 0.4·60 + 0.4·0)/3.2 = 82.5.
    expect(r.baseline.values[0]).toBeCloseTo(82.5, 12);
    for (const l of r.logrolls) expect(l.gains.every((g) => g > 0)).toBe(true);
  });
});
