// The backtest on the DEU development set (../shared/data/deu-dev): its README's baseline figures, reproduced; and
// the runner's handling of failing models, folds by case and the ensemble's cross-validated accuracy.
import { describe, expect, it } from 'vitest';
import { describeWithShared, readShared } from '../../../test/shared.js';
import { readDeuTables } from '../../formats/backtestData.js';
import { compromiseModel, weightedMean } from '../models/compromise.js';
import { ensembleModel } from '../models/ensemble.js';
import { nashModel } from '../models/nashBargaining.js';
import type { ForecastModel } from '../models/types.js';
import { weightedMedianModel } from '../models/weightedMedian.js';
import { issueTables } from '../issueTable.js';
import type { Scenario } from '../scenario.js';
import type { BacktestDataset } from './types.js';
import { runBacktest } from './run.js';

/** A model from a per-issue rule, for baselines the registry does not hold. */
function perIssue(id: string, rule: (position: Float64Array, weight: Float64Array) => number): ForecastModel {
  return {
    id,
    name: id,
    source: 'test',
    forecast: (s: Scenario) => ({ model: id, notes: [], issues: issueTables(s).map((t) => ({ issue: t.issue.id, value: rule(t.position, t.weight), explanation: '', detail: {} })) }),
  };
}
const unweightedMean = perIssue('mean', (p) => weightedMean(p, new Float64Array(p.length).fill(1)));
const fifty = perIssue('fifty', () => 50);

function deuDev(): BacktestDataset {
  const r = readDeuTables(readShared('data/deu-dev/issues.csv'), readShared('data/deu-dev/stances.csv'), { issues: 'issues.csv', stances: 'stances.csv', dataset: 'deu-dev' });
  if (!r.dataset) throw new Error(JSON.stringify(r.problems));
  return r.dataset;
}

describeWithShared('data/deu-dev/issues.csv', 'backtest on the DEU development set', () => {
  const data = deuDev();
  const report = runBacktest(data, { models: [compromiseModel, weightedMedianModel, nashModel, unweightedMean, fifty, ensembleModel], replicates: 500 });
  const mae = (id: string) => report.models.find((m) => m.id === id)!.metrics!.mae;

  it('scores all 227 issues of the 85 proposals', () => {
    expect(report.dataset).toMatchObject({ cases: 85, issues: 227 });
    for (const m of report.models) expect(m.metrics!.n).toBe(227);
  });
  // ../shared/data/deu-dev/README.md, "Figures to know" (blank salience taken as 50), to the 2 decimals printed there.
  it('reproduces the README: compromise 22.91, unweighted mean 22.93, weighted median 28.03, constant 50 27.78', () => {
    expect(mae('compromise').toFixed(2)).toBe('22.91');
    expect(mae('mean').toFixed(2)).toBe('22.93');
    expect(mae('median').toFixed(2)).toBe('28.03');
    expect(mae('fifty').toFixed(2)).toBe('27.78');
  });
  it('breaks the errors down by voting rule, procedure and reference point, consistently with the totals', () => {
    expect(report.breakdowns.map((b) => b.by)).toEqual(['voting rule', 'procedure', 'reference point']);
    for (const b of report.breakdowns) {
      expect(b.rows.reduce((s, r) => s + r.issues, 0)).toBe(227);
      const weighted = b.rows.reduce((s, r) => s + r.issues * r.mae.compromise!, 0) / 227;
      expect(weighted).toBeCloseTo(mae('compromise'), 9);
    }
    expect(report.breakdowns[0]!.rows.map((r) => [r.value, r.issues])).toEqual([['qmv', 180], ['unanimity', 47]]);
    expect(report.breakdowns[1]!.rows.map((r) => [r.value, r.issues])).toEqual([['CNS', 109], ['COD', 118]]);
    expect(report.breakdowns[2]!.rows.map((r) => [r.value, r.issues])).toEqual([['known', 163], ['unknown', 64]]);
  });
  it('gives the paired difference from the compromise model with a reproducible case bootstrap', () => {
    const again = runBacktest(data, { models: [compromiseModel, weightedMedianModel], replicates: 500 });
    const median = report.models.find((m) => m.id === 'median')!.vs_baseline!;
    expect(again.models.find((m) => m.id === 'median')!.vs_baseline).toEqual(median);
    expect(median.difference).toBeCloseTo(28.026431718061673 - 22.906578061070135, 9);
    expect(median.ci95[0]).toBeGreaterThan(0); // the median is reliably worse than the compromise model here
    const other = runBacktest(data, { models: [compromiseModel, weightedMedianModel], replicates: 500, seed: 2 });
    expect(other.models.find((m) => m.id === 'median')!.vs_baseline!.ci95).not.toEqual(median.ci95);
  });
  it('the ensemble beats the compromise model out of sample: 10-fold cross-validation by case', () => {
    const cv = runBacktest(data, { models: [compromiseModel, ensembleModel], cv: 10, replicates: 1000 });
    const ensemble = cv.models.find((m) => m.id === 'ensemble')!;
    expect(cv.cv!.fitted).toEqual(['ensemble']);
    expect(cv.cv!.folds).toHaveLength(10);
    expect(ensemble.metrics!.mae).toBeLessThan(mae('compromise') - 1); // 21.59 against 22.91
    expect(ensemble.vs_baseline!.ci95[1]).toBeLessThan(0);
    // The compromise model has nothing to fit: its cross-validated figures are its plain ones.
    expect(cv.models.find((m) => m.id === 'compromise')!.metrics!.mae).toBe(mae('compromise'));
  });
  it('leave-one-case-out gives the same verdict', () => {
    const loo = runBacktest(data, { models: [compromiseModel, ensembleModel], cv: 85, replicates: 200 });
    expect(loo.models.find((m) => m.id === 'ensemble')!.metrics!.mae).toBeLessThan(mae('compromise') - 1);
  });
});

/** No NaN anywhere in the report's figures. */
function backtestNoNaN(r: ReturnType<typeof runBacktest>): boolean {
  return !JSON.stringify(r, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN!' : v)).includes('NaN!');
}

describe('runBacktest', () => {
  const scenario = (id: string, outcomes: (number | undefined)[]): Scenario => ({
    title: id,
    sources: [],
    actors: [
      { id: 'a', name: 'A', capability: 1 },
      { id: 'b', name: 'B', capability: 3 },
    ],
    issues: outcomes.map((outcome, k) => ({ id: `${id}i${k}`, name: `${id}i${k}`, scale: { min: 0, max: 100 }, anchors: [], ...(outcome === undefined ? {} : { outcome }) })),
    stances: outcomes.flatMap((_, k) => [
      { actor: 'a', issue: `${id}i${k}`, position: 0, salience: 100 },
      { actor: 'b', issue: `${id}i${k}`, position: 100, salience: 100 },
    ]),
  });
  const data: BacktestDataset = {
    name: 'toy',
    format: 'scenarios',
    notes: [],
    cases: [
      { id: 'c1', name: 'one', scenarios: [scenario('c1', [75, 50])] },
      { id: 'c2', name: 'two', scenarios: [scenario('c2', [100, undefined])] },
      { id: 'c3', name: 'three', scenarios: [scenario('c3', [60])] },
    ],
  };

  it('scores only issues with an outcome, in points of the scale', () => {
    const r = runBacktest(data, { models: [compromiseModel], replicates: 10 });
    // compromise = (1·0 + 3·100)/4 = 75 everywhere: errors 0, +25, −25, +15
    expect(r.issues.map((i) => i.issue)).toEqual(['c1i0', 'c1i1', 'c2i0', 'c3i0']);
    expect(r.models[0]!.metrics).toMatchObject({ n: 4, mae: 16.25, median_ae: 20, within_5: 0.25, within_20: 0.5, mean_signed_error: 3.75 });
  });
  it('reports a model that throws on a case for that case and scores it on the rest', () => {
    const flaky: ForecastModel = {
      id: 'flaky',
      name: 'flaky',
      source: 'test',
      forecast: (s) => {
        if (s.title === 'c2') throw new Error('cannot handle c2');
        const f = compromiseModel.forecast(s);
        return { ...f, model: 'flaky', issues: f.issues.map((i) => (i.issue === 'c3i0' ? { ...i, value: NaN } : i)) };
      },
    };
    const r = runBacktest(data, { models: [compromiseModel, flaky], replicates: 10 });
    const m = r.models.find((x) => x.id === 'flaky')!;
    expect(m.failures).toEqual([
      { model: 'flaky', case: 'c2', message: 'cannot handle c2' },
      { model: 'flaky', case: 'c3', issue: 'c3i0', message: 'the forecast is NaN' },
    ]);
    expect(m.metrics!.n).toBe(2);
    expect(m.vs_baseline!.n).toBe(2);
    expect(r.issues.find((i) => i.issue === 'c2i0')!.predictions.flaky).toBeNull();
  });
  it('refits a fittable model on the other folds only: no case is scored by a fit that saw it', () => {
    const seen: string[][] = [];
    const spy: ForecastModel & { fit: (t: readonly Scenario[]) => { options: object; parameters: Record<string, number> } } = {
      id: 'spy',
      name: 'spy',
      source: 'test',
      forecast: (s, options) => {
        const trainedOn = ((options?.spy as { trainedOn?: string[] } | undefined)?.trainedOn ?? []) as string[];
        if (trainedOn.includes(s.title)) throw new Error(`scored ${s.title} with a fit that saw it`);
        return compromiseModel.forecast(s);
      },
      fit: (training) => {
        seen.push(training.map((s) => s.title));
        return { options: { spy: { trainedOn: training.map((s) => s.title) } }, parameters: { cases: training.length } };
      },
    };
    const r = runBacktest(data, { models: [compromiseModel, spy], cv: 3, replicates: 10 });
    expect(r.models.find((m) => m.id === 'spy')!.failures).toEqual([]);
    expect(seen).toHaveLength(3);
    for (const titles of seen) expect(titles).toHaveLength(2);
    expect(r.cv!.folds.map((f) => f.cases).flat().sort()).toEqual(['c1', 'c2', 'c3']);
  });
  it('reports a fit that fails for the cases of its fold, and counts progress to the end', () => {
    const badFit: ForecastModel & { fit: () => never } = {
      ...compromiseModel,
      id: 'bad-fit',
      fit: () => {
        throw new Error('singular');
      },
    };
    const progress: [number, number][] = [];
    const r = runBacktest(data, { models: [compromiseModel, badFit], cv: 3, replicates: 10, onProgress: (d, t) => progress.push([d, t]) });
    const m = r.models.find((x) => x.id === 'bad-fit')!;
    expect(m.failures.map((f) => [f.case, f.message]).sort()).toEqual([
      ['c1', 'fitting on the other folds failed: singular'],
      ['c2', 'fitting on the other folds failed: singular'],
      ['c3', 'fitting on the other folds failed: singular'],
    ]);
    expect(m.metrics).toBeNull();
    expect(m.vs_baseline).toBeNull();
    expect(backtestNoNaN(r)).toBe(true);
    // the baseline on 3 cases, then 3 fits and 3 held-out cases of the fittable model (never forecast in sample)
    expect(progress.at(-1)).toEqual([9, 9]);
    expect(progress.map((p) => p[0])).toEqual(Array.from({ length: 9 }, (_, k) => k + 1));
  });
  it('needs the baseline among the models', () => {
    expect(() => runBacktest(data, { models: [ensembleModel] })).toThrow(/baseline/);
  });
});
