// Property tests (fast-check) of the baseline models' invariants.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compromiseForecast } from '../src/core/models/compromise.js';
import { nashForecast } from '../src/core/models/nashBargaining.js';
import type { ForecastModel } from '../src/core/models/types.js';
import { weightedMedianForecast } from '../src/core/models/weightedMedian.js';
import type { Scenario } from '../src/core/scenario.js';

interface Row {
  capability: number;
  position: number;
  salience: number;
}

const row = fc.record({
  capability: fc.double({ min: 0.01, max: 1000, noNaN: true }),
  position: fc.integer({ min: 0, max: 100 }),
  salience: fc.double({ min: 1, max: 100, noNaN: true }),
});
const rows = fc.array(row, { minLength: 2, maxLength: 12 });
const noDeal = fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined });

function scenario(rs: Row[], no_deal?: number): Scenario {
  return {
    title: 'p',
    sources: [],
    actors: rs.map((r, i) => ({ id: `a${i}`, name: `a${i}`, capability: r.capability })),
    issues: [{ id: 'x', name: 'x', scale: { min: 0, max: 100 }, anchors: [], no_deal }],
    stances: rs.map((r, i) => ({ actor: `a${i}`, issue: 'x', position: r.position, salience: r.salience })),
  };
}

const value = (f: (s: Scenario) => { issues: { value: number }[] }, s: Scenario) => f(s).issues[0]!.value;

const MODELS: [string, (s: Scenario) => { issues: { value: number }[] }][] = [
  ['compromise', compromiseForecast],
  ['median', weightedMedianForecast],
  ['nash (linear)', (s) => nashForecast(s)],
  ['nash (quadratic)', (s) => nashForecast(s, { nash: { utility: 'quadratic' } })],
];

describe.each(MODELS)('%s', (_name, model) => {
  it('is invariant under permuting the actors', () => {
    fc.assert(
      fc.property(rows, noDeal, fc.integer(), (rs, d, seed) => {
        const perm = [...rs].map((r, i) => ({ r, k: Math.sin(seed + i * 7.13) })).sort((a, b) => a.k - b.k).map((x) => x.r);
        expect(value(model, scenario(perm, d))).toBeCloseTo(value(model, scenario(rs, d)), 6);
      }),
    );
  });
  it('stays within [min, max] of the positions (or at the no-deal point)', () => {
    fc.assert(
      fc.property(rows, noDeal, (rs, d) => {
        const v = value(model, scenario(rs, d));
        const lo = Math.min(...rs.map((r) => r.position), d ?? Infinity);
        const hi = Math.max(...rs.map((r) => r.position), d ?? -Infinity);
        expect(v).toBeGreaterThanOrEqual(lo - 1e-9);
        expect(v).toBeLessThanOrEqual(hi + 1e-9);
      }),
    );
  });
  it('is unchanged when every capability is multiplied by the same factor', () => {
    fc.assert(
      fc.property(rows, noDeal, fc.double({ min: 0.001, max: 1000, noNaN: true }), (rs, d, k) => {
        const scaled = rs.map((r) => ({ ...r, capability: r.capability * k }));
        expect(value(model, scenario(scaled, d))).toBeCloseTo(value(model, scenario(rs, d)), 6);
      }),
    );
  });
});

describe('compromise model', () => {
  // "Moving one actor toward a point never moves the compromise away from it", in its exact form: the forecast moves
  // in the direction the actor moved (toward the point), by the actor's weight share of the move. The distance form,
  // |F' − p| ≤ |F − p|, is false: with F < p < x_i, moving x_i down toward p moves F down too, away from p
  // (fast-check found it: actors at 0 and 3, p = 2).
  it('moves in the direction an actor moves toward a point, by the actor\'s weight share of the move', () => {
    fc.assert(
      fc.property(rows, fc.nat(), fc.integer({ min: 0, max: 100 }), fc.double({ min: 0, max: 1, noNaN: true }), (rs, k, target, step) => {
        const i = k % rs.length;
        const before = value(compromiseForecast, scenario(rs));
        const moved = rs.map((r, j) => (j === i ? { ...r, position: r.position + step * (target - r.position) } : r));
        const after = value(compromiseForecast, scenario(moved));
        const w = rs.map((r) => r.capability * r.salience);
        const share = w[i]! / w.reduce((a, b) => a + b, 0);
        const move = moved[i]!.position - rs[i]!.position;
        expect((after - before) * Math.sign(target - rs[i]!.position)).toBeGreaterThanOrEqual(-1e-9);
        expect(after - before).toBeCloseTo(share * move, 7);
      }),
    );
  });
  it('moves with a change of scale: forecast(a + b·x) = a + b·forecast(x)', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        const shifted = rs.map((r) => ({ ...r, position: r.position / 2 + 25 }));
        expect(value(compromiseForecast, scenario(shifted))).toBeCloseTo(value(compromiseForecast, scenario(rs)) / 2 + 25, 9);
      }),
    );
  });
});

describe('weighted median', () => {
  it('is always one of the positions', () => {
    fc.assert(
      fc.property(rows, (rs) => {
        expect(rs.map((r) => r.position)).toContain(value(weightedMedianForecast, scenario(rs)));
      }),
    );
  });
});

// Keep the type import used for documentation of what MODELS hold.
export type { ForecastModel };
