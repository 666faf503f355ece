import { describe, expect, it } from 'vitest';
import type { Quantity } from '../quantity.js';
import { Xoshiro128 } from '../random/xoshiro128.js';
import { toPointScenario, type UncertainScenario } from '../scenario.js';
import { tiny } from '../../../test/fixtures/uncertainty/scenarios.js';
import { applyDefault, halfWidth } from './defaults.js';
import { baseValues, buildInputSpace, describeInput, sampleDraw, scenarioAt, type InputSpace } from './inputs.js';

const space = (...scenarios: UncertainScenario[]): InputSpace => {
  const r = buildInputSpace(scenarios.map((scenario, i) => ({ name: `e${i}.yaml`, scenario })));
  if (!r.space) throw new Error(JSON.stringify(r.problems));
  return r.space;
};

describe('uncertainty defaults', () => {
  it('widen plain numbers only, by absolute or percentage half-widths', () => {
    expect(halfWidth(10, 'salience', 40)).toBe(10);
    expect(halfWidth('10%', 'salience', 40)).toBe(10);
    expect(halfWidth('5%', 'position', 3, { min: 0, max: 10 })).toBeCloseTo(0.5, 12);
    expect(halfWidth('10%', 'capability', 40)).toBeCloseTo(4, 12);
    expect(halfWidth('ten', 'capability', 40)).toBeNaN();
    expect(applyDefault(40, 'salience', { salience: 10 }).quantity).toEqual({ kind: 'uniform', low: 30, high: 50 });
    expect(applyDefault(40, 'salience', { salience: 10, shape: 'triangular' }).quantity).toEqual({ kind: 'triangular', low: 30, mode: 40, high: 50 });
    expect(applyDefault(40, 'salience', { salience: 10, shape: 'normal' }).quantity).toEqual({ kind: 'normal', mean: 40, sd: 5 });
    // a range written in the file wins over the default
    const range: Quantity = { kind: 'uniform', low: 1, high: 2 };
    expect(applyDefault(range, 'salience', { salience: 10 })).toEqual({ quantity: range, derived: false });
    expect(applyDefault(40, 'position', { salience: 10 })).toEqual({ quantity: 40, derived: false });
    expect(applyDefault(40, 'salience', { salience: 0 })).toEqual({ quantity: 40, derived: false });
  });
});

describe('input space', () => {
  it('lists only uncertain inputs, named like --set, in actor then stance order', () => {
    const s = space(tiny({ posA: { kind: 'uniform', low: 70, high: 90 }, posC2: { kind: 'normal', mean: 8, sd: 1 } }));
    expect(s.inputs.map((x) => x.id)).toEqual(['A.x.position', 'C.y.position']);
    const t = space(tiny({ capA: { kind: 'triangular', low: 40, mode: 50, high: 70 }, posA: { kind: 'uniform', low: 70, high: 90 } }));
    expect(t.inputs.map((x) => x.id)).toEqual(['A.capability', 'A.x.position']);
    expect(t.inputs[0]!.base).toBeCloseTo(160 / 3, 12);
    expect(describeInput(t.inputs[0]!)).toBe('tri(40, 50, 70)');
  });

  it('the point scenario is what `parley forecast` uses (toPointScenario), for one expert', () => {
    const u = tiny({ capA: { kind: 'triangular', low: 40, mode: 50, high: 70 }, posA: { kind: 'uniform', low: 70, high: 90 }, uncertainty: { salience: 10 } });
    const s = space(u);
    const p = toPointScenario(u);
    expect(s.base.actors.map((a) => a.capability)).toEqual(p.actors.map((a) => a.capability));
    expect(s.base.stances.map((t) => [t.position, t.salience])).toEqual(p.stances.map((t) => [t.position, t.salience]));
    expect(scenarioAt(s, baseValues(s)).stances).toEqual(s.base.stances);
  });

  it('defaults make every plain number of their kind uncertain, cut to the valid range', () => {
    const s = space(tiny({ uncertainty: { salience: 10, position: '10%', capability: '20%' } }));
    expect(s.inputs).toHaveLength(3 + 5 + 5);
    const capA = s.inputs.find((x) => x.id === 'A.capability')!;
    expect([capA.low, capA.high]).toEqual([40, 60]);
    const posC2 = s.inputs.find((x) => x.id === 'C.y.position')!;
    expect(posC2.low).toBeCloseTo(7, 12);
    expect(posC2.high).toBeCloseTo(9, 12);
    expect(describeInput(posC2)).toBe('7–9 (default)');
  });

  it('samples each draw from its own stream: same values in any order, inside the valid range', () => {
    const s = space(tiny({ uncertainty: { salience: 30, position: '40%', capability: '90%', shape: 'normal' } }));
    const rng = new Xoshiro128();
    const J = s.inputs.length;
    const forward = Array.from({ length: 50 }, (_, d) => {
      const out = new Float64Array(J);
      sampleDraw(s, rng, 77, d, out);
      return out;
    });
    for (let d = 49; d >= 0; d -= 7) {
      const out = new Float64Array(J);
      sampleDraw(s, new Xoshiro128(1, 1), 77, d, out);
      expect(out).toEqual(forward[d]);
    }
    for (const v of forward) {
      s.inputs.forEach((x, j) => {
        expect(v[j]).toBeGreaterThanOrEqual(x.valid[0]);
        expect(v[j]).toBeLessThanOrEqual(x.valid[1]);
      });
    }
    const other = new Float64Array(J);
    sampleDraw(s, rng, 78, 0, other);
    expect(other).not.toEqual(forward[0]);
  });

  it('never changes the scenarios it is given, and shares unchanged objects frozen', () => {
    const u = tiny({ posA: { kind: 'uniform', low: 70, high: 90 } });
    const before = JSON.stringify(u);
    const s = space(u);
    const sc = scenarioAt(s, Float64Array.of(75));
    expect(JSON.stringify(u)).toBe(before);
    expect(sc.stances[0]!.position).toBe(75);
    expect(sc.stances[1]).toBe(s.base.stances[1]);
    expect(Object.isFrozen(sc.stances[1])).toBe(true);
  });
});

describe('experts', () => {
  it('pool: each input picks an expert on its own; the point value is the experts\' mean', () => {
    const s = space(tiny({ posA: 60 }), tiny({ posA: 80 }), tiny({ posA: 100, salB: { kind: 'uniform', low: 40, high: 60 } }));
    expect(s.inputs.map((x) => x.id)).toEqual(['A.x.position', 'B.x.salience']);
    const pos = s.inputs[0]!;
    expect(pos.base).toBe(80);
    expect([pos.low, pos.high]).toEqual([60, 100]);
    expect(describeInput(pos)).toBe('experts: 60 | 80 | 100');
    const counts = new Map<number, number>();
    const rng = new Xoshiro128();
    const out = new Float64Array(2);
    const n = 6000;
    let uniformSalience = 0;
    for (let d = 0; d < n; d++) {
      sampleDraw(s, rng, 3, d, out);
      counts.set(out[0]!, (counts.get(out[0]!) ?? 0) + 1);
      if (out[1] !== 50) uniformSalience++;
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([60, 80, 100]);
    for (const c of counts.values()) expect(Math.abs(c - n / 3)).toBeLessThan(4 * Math.sqrt((n * 2) / 9));
    // B's salience is the third expert's U(40, 60) one time in three, else 50
    expect(Math.abs(uniformSalience - n / 3)).toBeLessThan(4 * Math.sqrt((n * 2) / 9));
  });

  it('joint: one expert per draw for every input', () => {
    const r = buildInputSpace(
      [
        { name: 'a', scenario: tiny({ posA: 60, posC2: 1 }) },
        { name: 'b', scenario: tiny({ posA: 90, posC2: 9 }) },
      ],
      'joint',
    );
    const s = r.space!;
    const rng = new Xoshiro128();
    const out = new Float64Array(2);
    const seen = new Set<string>();
    for (let d = 0; d < 200; d++) {
      sampleDraw(s, rng, 1, d, out);
      seen.add(`${out[0]},${out[1]}`);
    }
    expect([...seen].sort()).toEqual(['60,1', '90,9']);
  });

  it('refuses versions that are not the same negotiation, pointing into the file that differs', () => {
    const other = tiny();
    other.actors = other.actors.map((a) => (a.id === 'B' ? { ...a, id: 'Bb' } : a));
    other.stances = other.stances.map((t) => (t.actor === 'B' ? { ...t, actor: 'Bb' } : t));
    other.issues = other.issues.map((i) => (i.id === 'y' ? { ...i, scale: { min: 0, max: 20 } } : i));
    const r = buildInputSpace([
      { name: 'a.yaml', scenario: tiny() },
      { name: 'b.yaml', scenario: other },
    ]);
    expect(r.space).toBeUndefined();
    const messages = r.problems.map((p) => `${p.expert} ${p.problem.path.join('.')}: ${p.problem.message} — ${p.problem.fix}`);
    expect(messages).toContainEqual(expect.stringMatching(/^1 actors\.1\.id: actor "Bb" is not in a\.yaml — did you mean "B"\?/));
    expect(messages).toContainEqual(expect.stringMatching(/^1 actors: actor "B" of a\.yaml is missing/));
    expect(messages).toContainEqual(expect.stringMatching(/^1 issues\.1\.scale: issue "y" has the scale 0–20, a\.yaml has 0–10/));
    // a missing actor is reported once, not again for each of its stances
    expect(messages).toHaveLength(3);
    const fewer = tiny();
    fewer.stances = fewer.stances.filter((t) => !(t.actor === 'C' && t.issue === 'y'));
    const r2 = buildInputSpace([
      { name: 'a.yaml', scenario: tiny() },
      { name: 'b.yaml', scenario: fewer },
    ]);
    expect(r2.problems.map((p) => p.problem.message)).toEqual(['no stance of actor "C" on issue "y" (a.yaml has one)']);
  });
});
