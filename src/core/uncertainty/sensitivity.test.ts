import { describe, expect, it } from 'vitest';
import { tiny } from '../../../test/fixtures/uncertainty/scenarios.js';
import { chunkRanges, prepareJob, runChunk } from './montecarlo.js';
import { runSensitivity, sweepInput, sweepValues } from './sensitivity.js';

// A's position on x is wide open (0–100) and A carries 30 of the 53 weight units; every other input moves a little.
const scenario = tiny({
  posA: { kind: 'uniform', low: 0, high: 100 },
  salB: { kind: 'uniform', low: 45, high: 55 },
  capA: { kind: 'triangular', low: 48, mode: 50, high: 52 },
  posC2: { kind: 'normal', mean: 8, sd: 0.3 },
});

describe('sensitivity', () => {
  const p = prepareJob({ experts: [{ name: 'synthetic', scenario }], models: ['compromise', 'median', 'nash'], seed: 7, draws: 3000, keepInputs: true });
  const chunks = chunkRanges(3000, 1).map(([a, b]) => runChunk(p, a, b));
  const report = runSensitivity(p, 9, chunks, { issues: ['x'], top: 10 });

  it('ranks the known dominant input first, by swing and by first-order index', () => {
    const c = report.issues[0]!.models.compromise!;
    expect(c.tornado[0]!.input).toBe('A.x.position');
    expect(c.tornado.map((b) => b.input)).toContain('B.x.salience');
    // inputs of issue y cannot move issue x's compromise
    expect(c.tornado.find((b) => b.input === 'C.y.position')!.swing).toBe(0);
    const byIndex = [...c.tornado].sort((a, b) => (b.first_order ?? 0) - (a.first_order ?? 0));
    expect(byIndex[0]!.input).toBe('A.x.position');
    expect(byIndex[0]!.first_order!).toBeGreaterThan(0.9);
    expect(c.first_order_sum!).toBeLessThanOrEqual(1.05);
    // x̂ is linear in x_A with slope 30/53: the sweep over 0–100 spans 100·30/53
    const a = c.tornado[0]!;
    expect(a.swing).toBeCloseTo((100 * 30) / 53, 9);
    expect(a.at_high! - a.at_low!).toBeCloseTo((100 * 30) / 53, 9);
    expect([a.low, a.high, a.base]).toEqual([0, 100, 50]);
  });

  it('reports the median and Nash too, and only the issues asked for', () => {
    expect(report.issues.map((i) => i.id)).toEqual(['x']);
    expect(Object.keys(report.issues[0]!.models)).toEqual(['compromise', 'median', 'nash']);
    expect(report.issues[0]!.models.median!.tornado[0]!.input).toBe('A.x.position');
    expect(report.draws).toBe(3000);
    expect(report.inputs).toBe(4);
  });

  it('sweeps evenly from the lowest to the highest value, other inputs at their point values', () => {
    expect(Array.from(sweepValues(p, 0, 5))).toEqual([48, 49, 50, 51, 52]);
    const s = sweepInput(p, 1, 3); // A.x.position at 0, 50, 100
    const M = p.models.length;
    const I = p.issues.length;
    const comp = [0, 1, 2].map((t) => s[t * M * I + 0 * I + 0]!);
    expect(comp[0]).toBeCloseTo((15 * 20 + 8 * 40) / 53, 12);
    expect(comp[2]! - comp[0]!).toBeCloseTo(3000 / 53, 12);
  });

  it('works without a Monte Carlo sample (indices null)', () => {
    const r = runSensitivity(p, 3, []);
    expect(r.draws).toBe(0);
    expect(r.issues[0]!.models.compromise!.tornado[0]!.first_order).toBeNull();
    expect(r.issues[0]!.models.compromise!.sd).toBeNull();
  });
});
