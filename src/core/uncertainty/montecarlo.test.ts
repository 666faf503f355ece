import { describe, expect, it } from 'vitest';
import { tiny } from '../../../test/fixtures/uncertainty/scenarios.js';
import { MODELS } from '../models/registry.js';
import type { ForecastModel } from '../models/types.js';
import { chunkRanges, contiguousPrefix, costPerDraw, prepareJob, runChunk, runMonteCarlo, summariseRun, type MonteCarloJob } from './montecarlo.js';

const uniformA = tiny({ posA: { kind: 'uniform', low: 70, high: 90 } });
const job = (over: Partial<MonteCarloJob> = {}): MonteCarloJob => ({ experts: [{ name: 'tiny', scenario: uniformA }], seed: 2025, draws: 4000, ...over });

describe('Monte Carlo', () => {
  it('gives the same report however the draws are cut into chunks and in whatever order they run', () => {
    const wide = tiny({ uncertainty: { salience: 20, position: '10%', capability: '30%', shape: 'triangular' } });
    const j = job({ experts: [{ name: 'wide', scenario: wide }], draws: 120 });
    const p = prepareJob(j);
    const whole = summariseRun(p, [runChunk(p, 0, 120)], { thresholds: { x: [50] } });
    const cuts: [number, number][] = [[80, 120], [37, 80], [0, 37]];
    const pieces = cuts.map(([a, b]) => runChunk(prepareJob(j), a, b)); // other "threads", reverse order
    const parts = summariseRun(p, contiguousPrefix(pieces), { thresholds: { x: [50] } });
    expect(JSON.stringify(parts)).toBe(JSON.stringify(whole));
    expect(JSON.stringify(runMonteCarlo(j, { thresholds: { x: [50] } }))).toBe(JSON.stringify(whole));
    // and a different seed gives different numbers
    expect(JSON.stringify(runMonteCarlo({ ...j, seed: 2026 }, { thresholds: { x: [50] } }))).not.toBe(JSON.stringify(whole));
  });

  it('matches the analytic distribution of the compromise when one position is uniform', () => {
    // Weights c·s: A 50·0.6 = 30, B 30·0.5 = 15, C 20·0.4 = 8 (total 53); x̂ = (30·x_A + 15·20 + 8·40)/53 with x_A ~ U(70, 90),
    // so x̂ is uniform with mean (30·80 + 620)/53, sd (30/53)·20/√12, and 5 % / 95 % points at x_A = 71 / 89.
    const r = runMonteCarlo(job({ models: ['compromise'] }), { thresholds: { x: [(30 * 80 + 620) / 53, 100] } });
    const s = r.issues[0]!.models.compromise!;
    const sd = ((30 / 53) * 20) / Math.sqrt(12);
    expect(r.draws).toBe(4000);
    expect(s.n).toBe(4000);
    expect(Math.abs(s.mean - (30 * 80 + 620) / 53)).toBeLessThan((4 * sd) / Math.sqrt(4000));
    expect(s.sd).toBeCloseTo(sd, 1);
    expect(s.p05).toBeCloseTo((30 * 71 + 620) / 53, 0);
    expect(s.p95).toBeCloseTo((30 * 89 + 620) / 53, 0);
    expect(s.point).toBeCloseTo((30 * 80 + 620) / 53, 12);
    expect(Math.abs(s.p_above![String((30 * 80 + 620) / 53)]! - 0.5)).toBeLessThan(0.04);
    expect(s.p_above!['100']).toBe(0);
    expect(s.histogram.reduce((a, b) => a + b, 0)).toBe(4000);
    // issue y has no uncertain input: every draw gives the point forecast
    const y = r.issues[1]!.models.compromise!;
    expect([y.min, y.max, y.sd]).toEqual([y.point, y.point, 0]);
  });

  it('runs every registered model by default and prints the documented JSON keys', () => {
    const r = runMonteCarlo(job({ draws: 50 }));
    expect(r.models.map((m) => m.id)).toEqual(MODELS.map((m) => m.id));
    const json = JSON.parse(JSON.stringify(r));
    expect(json).toMatchObject({ draws: 50, seed: 2025 });
    for (const issue of json.issues) {
      expect(typeof issue.id).toBe('string');
      for (const m of MODELS) for (const key of ['mean', 'median', 'p05', 'p95']) expect(typeof issue.models[m.id][key]).toBe('number');
    }
  });

  it('an interrupted run summarised over its first k draws equals a complete run of k draws', () => {
    const p = prepareJob(job({ draws: 1000 }));
    const chunks = chunkRanges(1000, 2).map(([a, b]) => runChunk(p, a, b));
    const done = [chunks[0]!, chunks[1]!, chunks[3]!]; // chunk 2 was lost: only the first two count
    const prefix = contiguousPrefix(done);
    expect(prefix).toHaveLength(2);
    const partial = summariseRun(p, prefix);
    const k = prefix[1]!.to;
    const complete = runMonteCarlo(job({ draws: k }));
    expect(partial.complete).toBe(false);
    expect(partial.draws).toBe(k);
    expect(partial.draws_requested).toBe(1000);
    expect(JSON.stringify({ ...partial, complete: true, draws_requested: k })).toBe(JSON.stringify(complete));
  });

  it('counts a model that fails on some draws, leaves those draws out and keeps the first message', () => {
    const p = prepareJob(job({ draws: 100, models: ['compromise'] }));
    const flaky: ForecastModel = {
      id: 'flaky',
      name: 'fails when A is above 85',
      source: 'test',
      forecast(s) {
        const a = s.stances[0]!.position;
        if (a > 85) throw new Error(`A at ${a.toFixed(1)}`);
        return { model: 'flaky', notes: [], issues: s.issues.map((i) => ({ issue: i.id, value: i.id === 'y' ? NaN : a, explanation: '', detail: {} })) };
      },
    };
    const q = { ...p, models: [flaky] };
    const chunk = runChunk(q, 0, 100, () => 0);
    const r = summariseRun(q, [chunk]);
    const failures = r.models[0]!.failed_draws;
    // every draw fails: above 85 it throws, else issue y has no number
    expect(failures).toBe(100);
    expect(r.models[0]!.first_failure).toMatch(/^draw \d+: (A at|no forecast for issue "y")/);
    const x = r.issues[0]!.models.flaky!;
    expect(x.n).toBeGreaterThan(60);
    expect(x.n).toBeLessThan(90);
    expect(x.max).toBeLessThanOrEqual(85);
    expect(r.issues[1]!.models.flaky!.n).toBe(0);
  });

  it('reports each model\'s cost from the clock it is given', () => {
    const p = prepareJob(job({ draws: 10 }));
    let t = 0;
    const chunk = runChunk(p, 0, 10, () => (t += 1));
    const cost = costPerDraw(p, [chunk]);
    // each timed section spans one tick of this fake clock
    for (const m of p.models) expect(cost.models[m.id]).toBe(1);
    expect(cost.sampling).toBe(1);
  });

  it('refuses an unknown model with a suggestion', () => {
    expect(() => prepareJob(job({ models: ['compromize'] }))).toThrow(/unknown model "compromize" — did you mean "compromise"\?/);
  });

  it('cuts draws into chunks covering every draw once', () => {
    for (const [draws, threads] of [[1, 1], [10_000, 2], [999, 3], [100_000, 16]] as const) {
      const r = chunkRanges(draws, threads);
      expect(r[0]![0]).toBe(0);
      expect(r[r.length - 1]![1]).toBe(draws);
      for (let i = 1; i < r.length; i++) expect(r[i]![0]).toBe(r[i - 1]![1]);
      expect(Math.max(...r.map(([a, b]) => b - a))).toBeLessThanOrEqual(250);
    }
  });
});
