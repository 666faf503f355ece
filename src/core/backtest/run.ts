/**
 * Backtest: run every forecasting model on every case of a data set with known outcomes, and score them.
 *
 * For each model and case, the model forecasts the case's scenario(s) once (multi-issue models see all the case's
 * issues together); each issue with an outcome is scored by its error in points of a 0–100 scale (./metrics.ts).
 * A model that throws on a case is reported for that case (a non-finite forecast, for that issue) and scored on the
 * rest; it never stops the run. Against the baseline (the compromise model, always run), each model's paired
 * difference in mean absolute error gets a 95 % bootstrap interval that resamples whole cases (./bootstrap.ts).
 * Breakdowns give every model's MAE by voting rule, procedure and whether the reference point is known, when the data
 * has them. With `cv: K`, models with parameters (FittableModel) are refitted on K − 1 folds of cases and scored on
 * the held-out fold (./crossValidation.ts); the figures of the other models are unchanged.
 *
 * Pure (progress goes to a callback). Cost: one forecast per model and case (plus, with CV, K fits and one more
 * forecast per case of each fittable model), O(B·C) per model for the bootstrap with B replicates and C cases.
 */
import { compensatedSum } from '../math/sum.js';
import type { ForecastModel, ForecastOptions } from '../models/types.js';
import type { Scenario } from '../scenario.js';
import { clusterBootstrapMean } from './bootstrap.js';
import { assignFolds, isFittable } from './crossValidation.js';
import { errorMetrics, scaledError } from './metrics.js';
import type {
  BacktestDataset,
  BacktestReport,
  Breakdown,
  CrossValidationFold,
  IssueRecord,
  ModelFailure,
  ModelResult,
  PairedDifference,
} from './types.js';

export interface BacktestOptions {
  /** Models to score, in report order; the baseline is added first when missing. */
  models: readonly ForecastModel[];
  /** Id of the model every other is compared with. Default "compromise". */
  baseline?: string;
  /** Cross-validate with this many folds of cases (2 … number of cases). */
  cv?: number | null;
  /** Seed of the bootstrap and of the fold assignment. Default 1. */
  seed?: number;
  /** Bootstrap replicates. Default 2000. */
  replicates?: number;
  /** Options passed to every model (one section per model, as `parley forecast` takes them). */
  modelOptions?: ForecastOptions;
  onProgress?: (done: number, total: number) => void;
}

export function runBacktest(dataset: BacktestDataset, options: BacktestOptions): BacktestReport {
  const baselineId = options.baseline ?? 'compromise';
  const seed = options.seed ?? 1;
  const userOptions = options.modelOptions ?? {};
  const replicates = options.replicates ?? 2000;
  const models = [...options.models];
  if (!models.some((m) => m.id === baselineId)) {
    throw new RangeError(`the baseline model "${baselineId}" is not among the models given`);
  }
  // Baseline first, then the others in the order given, each once.
  const ordered = [models.find((m) => m.id === baselineId)!, ...models.filter((m, k) => m.id !== baselineId && models.findIndex((x) => x.id === m.id) === k)];

  // The scored issues.
  const records: IssueRecord[] = [];
  /** The case index of each record, and each scored issue's record, keyed "case/scenario/issue" by indices. */
  const caseOfRecord: number[] = [];
  const slotIndex = new Map<string, number>();
  dataset.cases.forEach((c, caseIndex) =>
    c.scenarios.forEach((scenario, scenarioIndex) => {
      const participants = new Map<string, number>();
      for (const st of scenario.stances) participants.set(st.issue, (participants.get(st.issue) ?? 0) + 1);
      scenario.issues.forEach((issue, issueIndex) => {
        if (issue.outcome === undefined || !Number.isFinite(issue.outcome)) return;
        slotIndex.set(`${caseIndex}/${scenarioIndex}/${issueIndex}`, records.length);
        caseOfRecord.push(caseIndex);
        records.push({
          case: c.id,
          case_name: c.name,
          issue: issue.id,
          issue_name: issue.name,
          voting_rule: c.voting_rule ?? null,
          procedure: c.procedure ?? null,
          reference_point: issue.no_deal ?? null,
          outcome: issue.outcome,
          scale: { min: issue.scale.min, max: issue.scale.max },
          participants: participants.get(issue.id) ?? 0,
          predictions: {},
        });
      });
    }),
  );

  const fittable = ordered.filter(isFittable);
  const folds = options.cv ? assignFolds(dataset.cases.map((c) => c.id), options.cv, seed) : null;
  // With folds, a fittable model is only forecast out of fold: K fits and one forecast per case.
  const plain = folds ? ordered.filter((m) => !isFittable(m)) : ordered;
  const total = plain.length * dataset.cases.length + (folds ? fittable.length * (options.cv! + dataset.cases.length) : 0);
  let done = 0;
  const tick = () => options.onProgress?.(++done, total);

  const failures = new Map<string, ModelFailure[]>(ordered.map((m) => [m.id, []]));
  /** Forecast every scenario of a case with one model; fill predictions or record failures. */
  const forecastCase = (model: ForecastModel, caseIndex: number, forecastOptions: ForecastOptions) => {
    const c = dataset.cases[caseIndex]!;
    c.scenarios.forEach((scenario, scenarioIndex) => {
      const scoredHere = scenario.issues.map((_, k) => slotIndex.get(`${caseIndex}/${scenarioIndex}/${k}`));
      if (scoredHere.every((s) => s === undefined)) return;
      let values: Map<string, number>;
      try {
        // only the values are scored: models may skip their words (ForecastOptions.explain)
        values = new Map(model.forecast(scenario, { ...forecastOptions, explain: false }).issues.map((f) => [f.issue, f.value]));
      } catch (e) {
        failures.get(model.id)!.push({ model: model.id, case: c.id, message: messageOf(e) });
        for (const s of scoredHere) if (s !== undefined) records[s]!.predictions[model.id] = null;
        return;
      }
      scenario.issues.forEach((issue, k) => {
        const s = scoredHere[k];
        if (s === undefined) return;
        const v = values.get(issue.id);
        if (v === undefined || !Number.isFinite(v)) {
          failures.get(model.id)!.push({ model: model.id, case: c.id, issue: issue.id, message: v === undefined ? 'no forecast for this issue' : `the forecast is ${v}` });
          records[s]!.predictions[model.id] = null;
        } else records[s]!.predictions[model.id] = v;
      });
    });
  };

  for (const model of plain) {
    for (let ci = 0; ci < dataset.cases.length; ci++) {
      forecastCase(model, ci, userOptions);
      tick();
    }
  }

  let cvFolds: CrossValidationFold[] | null = null;
  if (folds) {
    const k = options.cv!;
    cvFolds = Array.from({ length: k }, (_, f) => ({ fold: f + 1, cases: dataset.cases.filter((_, ci) => folds[ci] === f).map((c) => c.id), parameters: {} }));
    for (const model of fittable) {
      for (let f = 0; f < k; f++) {
        const training: Scenario[] = dataset.cases.flatMap((c, ci) => (folds[ci] === f ? [] : c.scenarios));
        let fitted: ReturnType<typeof model.fit> | null = null;
        try {
          fitted = model.fit(training, userOptions);
          cvFolds[f]!.parameters[model.id] = fitted.parameters;
        } catch (e) {
          for (const id of cvFolds[f]!.cases) failures.get(model.id)!.push({ model: model.id, case: id, message: `fitting on the other folds failed: ${messageOf(e)}` });
        }
        tick();
        for (let ci = 0; ci < dataset.cases.length; ci++) {
          if (folds[ci] !== f) continue;
          if (fitted) forecastCase(model, ci, mergeOptions(userOptions, fitted.options));
          else {
            for (let k = 0; k < records.length; k++) if (caseOfRecord[k] === ci) records[k]!.predictions[model.id] = null;
          }
          tick();
        }
      }
    }
  }

  const baselineErrors = records.map((r) => errorOf(r, baselineId));
  const results: ModelResult[] = ordered.map((model) => {
    const errors: number[] = [];
    const diffs: number[] = [];
    const groups: number[] = [];
    records.forEach((r, k) => {
      const e = errorOf(r, model.id);
      if (e === null) return;
      errors.push(e);
      const b = baselineErrors[k]!;
      if (b === null) return;
      diffs.push(Math.abs(e) - Math.abs(b));
      groups.push(caseOfRecord[k]!);
    });
    let vsBaseline: PairedDifference | null = null;
    if (diffs.length > 0) {
      if (model.id === baselineId) vsBaseline = { baseline: baselineId, n: diffs.length, difference: 0, ci95: [0, 0], replicates: 0 };
      else {
        const boot = clusterBootstrapMean(diffs, groups, { replicates, seed });
        vsBaseline = { baseline: baselineId, n: diffs.length, difference: boot.estimate, ci95: boot.interval, replicates };
      }
    }
    return { id: model.id, name: model.name, metrics: errors.length > 0 ? errorMetrics(errors) : null, vs_baseline: vsBaseline, failures: failures.get(model.id)! };
  });

  const breakdowns: Breakdown[] = [];
  const groupBy = (by: string, key: (r: IssueRecord) => string | null) => {
    if (!records.some((r) => key(r) !== null)) return;
    const values = [...new Set(records.map((r) => key(r) ?? 'unknown'))].sort();
    breakdowns.push({
      by,
      rows: values.map((value) => {
        const members = records.filter((r) => (key(r) ?? 'unknown') === value);
        const mae: Record<string, number | null> = {};
        for (const m of ordered) {
          const errs = members.map((r) => errorOf(r, m.id)).filter((e): e is number => e !== null);
          mae[m.id] = errs.length > 0 ? compensatedSum(errs.map(Math.abs)) / errs.length : null;
        }
        return { value, issues: members.length, cases: new Set(members.map((r) => r.case)).size, mae };
      }),
    });
  };
  groupBy('voting rule', (r) => r.voting_rule);
  groupBy('procedure', (r) => r.procedure);
  if (records.some((r) => r.reference_point === null) && records.some((r) => r.reference_point !== null)) {
    groupBy('reference point', (r) => (r.reference_point === null ? 'unknown' : 'known'));
  }

  return {
    dataset: { name: dataset.name, format: dataset.format, cases: dataset.cases.length, issues: records.length },
    baseline: baselineId,
    seed,
    replicates,
    models: results,
    breakdowns,
    cv: folds && cvFolds ? { k: options.cv!, seed, fitted: fittable.map((m) => m.id), folds: cvFolds } : null,
    issues: records,
    notes: [...dataset.notes],
  };
}

/** Fitted options over the user's, section by section (a section is one model's options). */
export function mergeOptions(base: ForecastOptions, over: ForecastOptions): ForecastOptions {
  const out: ForecastOptions = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const before = base[key];
    out[key] = isPlainObject(before) && isPlainObject(value) ? { ...before, ...value } : value;
  }
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function errorOf(r: IssueRecord, model: string): number | null {
  const v = r.predictions[model];
  return v === null || v === undefined ? null : scaledError(v, r.outcome, r.scale);
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
