import { describe, expect, it } from 'vitest';
import { tiny } from '../../../test/fixtures/uncertainty/scenarios.js';
import { MODELS } from '../models/registry.js';
import { toPointScenario } from '../scenario.js';
import { applyShocks, compareForecasts, describeShock, parseDrop, parseSet, perturbationJob, type Shock } from './shock.js';
import { runMonteCarlo } from './montecarlo.js';

const s = tiny({ posA: { kind: 'uniform', low: 70, high: 90 } });
const set = (text: string) => parseSet(text, s);
const msg = (r: { problems: { message: string; fix: string }[] }) => r.problems.map((p) => `${p.message} — ${p.fix}`);

describe('parsing shocks', () => {
  it('reads every form of --set', () => {
    expect(set('A.capability=10').shock).toEqual({ kind: 'set', field: 'capability', actor: 'A', issue: null, value: 10 });
    expect(set('B.x.salience=90').shock).toEqual({ kind: 'set', field: 'salience', actor: 'B', issue: 'x', value: 90 });
    expect(set(' C.y.position = 2.5 ').shock).toEqual({ kind: 'set', field: 'position', actor: 'C', issue: 'y', value: 2.5 });
    expect(describeShock(set('B.x.salience=90').shock!)).toBe('set B.x.salience=90');
    expect(parseDrop('A', s).shock).toEqual({ kind: 'drop', actor: 'A' });
  });

  it('says what is wrong with a bad --set, with a "did you mean"', () => {
    expect(msg(set('B.x.salince=90'))).toEqual([expect.stringMatching(/^unknown field "salince" — did you mean "salience"\?/)]);
    expect(msg(set('BB.x.salience=90'))).toEqual([expect.stringMatching(/^unknown actor "BB" — did you mean "B"\?/)]);
    expect(msg(set('Zed.x.salience=90'))).toEqual(['unknown actor "Zed" — use one of the actor ids: A, B, C']);
    expect(msg(set('B.xx.salience=90'))).toEqual([expect.stringMatching(/^unknown issue "xx" — did you mean "x"\?/)]);
    expect(msg(set('B.x.salience'))).toEqual([expect.stringMatching(/^expected NAME=VALUE — write ACTOR.capability=VALUE/)]);
    expect(msg(set('B.x.salience=lots'))).toEqual(['"lots" is not a number — write a number after "=", e.g. B.x.salience=40']);
    expect(msg(set('B.x.salience=120'))).toEqual(['salience 120 is out of range — salience is 0–100']);
    expect(msg(set('C.y.position=11'))).toEqual(["position 11 is outside the issue's scale 0–10 — use a value between 0 and 10"]);
    expect(msg(set('A.capability=-1'))).toEqual(['capability -1 is negative — capability is ≥ 0']);
    expect(msg(set('A.x.capability=5'))).toEqual(['capability belongs to the actor, not to one issue — write A.capability=5']);
    expect(msg(set('B.y.position=5'))).toEqual(['actor "B" takes no part in issue "y" — B has stances on: x; to add a stance, edit the scenario file']);
    expect(msg(set('B.salience=5'))).toEqual([expect.stringMatching(/^salience is per issue — write B.ISSUE.salience=5/)]);
    expect(msg(parseDrop('Ax', s))).toEqual([expect.stringMatching(/^unknown actor "Ax" — did you mean "A"\?/)]);
    for (const r of [set('B.x.salince=90'), parseDrop('Ax', s)]) expect(r.shock).toBeUndefined();
  });
});

describe('applying shocks', () => {
  const point = (shocks: Shock[]) => toPointScenario(applyShocks(s, shocks).scenario);

  it('drop removes the actor and its stances: the forecast is that of the scenario without it', () => {
    const after = point([parseDrop('A', s).shock!]);
    const without = toPointScenario({ ...s, actors: s.actors.filter((a) => a.id !== 'A'), stances: s.stances.filter((t) => t.actor !== 'A') });
    expect(after).toEqual(without);
    const rows = compareForecasts(toPointScenario(s), after, MODELS);
    // compromise on x without A: (15·20 + 8·40)/23
    expect(rows[0]!.after.compromise).toBeCloseTo((15 * 20 + 8 * 40) / 23, 12);
    expect(rows[0]!.change.compromise).toBeCloseTo((15 * 20 + 8 * 40) / 23 - (30 * 80 + 620) / 53, 12);
  });

  it('set replaces one number (a distribution by a point) and nothing else', () => {
    const after = point([set('A.x.position=70').shock!, set('B.x.salience=0').shock!]);
    expect(after.stances[0]!.position).toBe(70);
    expect(after.stances[1]!.salience).toBe(0);
    expect(after.stances.slice(2)).toEqual(toPointScenario(s).stances.slice(2));
    const rows = compareForecasts(toPointScenario(s), after, MODELS.filter((m) => m.id === 'compromise'));
    expect(rows[0]!.after.compromise).toBeCloseTo((30 * 70 + 8 * 40) / 38, 12);
    expect(rows[1]!.change.compromise).toBe(0);
    const cap = point([set('A.capability=0').shock!]);
    expect(cap.actors[0]!.capability).toBe(0);
  });

  it('an issue left without weight is removed and shows no forecast after', () => {
    const r = applyShocks(s, [parseDrop('C', s).shock!, set('A.y.salience=0').shock!]);
    expect(r.removedIssues).toEqual(['y']);
    expect(r.scenario.issues.map((i) => i.id)).toEqual(['x']);
    const rows = compareForecasts(toPointScenario(s), toPointScenario(r.scenario), MODELS);
    expect(rows[1]!.after).toEqual(Object.fromEntries(MODELS.map((m) => [m.id, null])));
    expect(rows[1]!.change.compromise).toBeNull();
  });

  it('does not mutate the scenario it is given', () => {
    const before = JSON.stringify(s);
    applyShocks(s, [parseDrop('A', s).shock!, set('B.x.salience=0').shock!]);
    expect(JSON.stringify(s)).toBe(before);
  });
});

describe('random salience perturbation', () => {
  it('perturbs only saliences, by ±H cut to 0–100, reproducibly', () => {
    const base = toPointScenario(s);
    const job = perturbationJob(base, 10, 99, 500, { models: ['compromise'] });
    const a = runMonteCarlo(job);
    expect(a.inputs.map((x) => x.id)).toEqual(base.stances.map((t) => `${t.actor}.${t.issue}.salience`));
    expect(a.inputs[0]).toMatchObject({ low: 50, high: 70, distribution: '50–70 (default)' });
    expect(JSON.stringify(runMonteCarlo(job))).toBe(JSON.stringify(a));
    const x = a.issues[0]!.models.compromise!;
    expect(x.sd).toBeGreaterThan(0);
    expect(x.p05).toBeLessThan(x.point!);
    expect(x.p95).toBeGreaterThan(x.point!);
  });
});
