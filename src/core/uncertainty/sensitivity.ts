/**
 * Which inputs move a forecast: one-at-a-time sweeps (tornado data) and first-order variance-based indices.
 *
 * One-at-a-time (OAT) sensitivity, as in a tornado diagram (Howard 1988, "Decision analysis: practice and promise",
 * Management Science 34:679–695; Saltelli et al. 2008, Global Sensitivity Analysis: The Primer, §1.2): every
 * uncertain input j in turn is set to P evenly spaced values across its range [low_j, high_j] (./inputs.ts: the
 * lowest to the highest value any expert's distribution gives it; a normal's mean ± 3 sd, cut to the valid range)
 * while every other input stays at its point value; each model runs on each of these scenarios. For one issue and
 * model the bar of input j is
 *   at_low = f(low_j), at_high = f(high_j), swing_j = max_t f(v_t) − min_t f(v_t)   (the point forecast included),
 * and bars are ranked by swing (largest first; ties by first-order index, then in input order). A swing of 0 means the input cannot move that
 * forecast alone; it may still matter jointly with others, which the variance-based index shows.
 *
 * First-order indices S_j come from the Monte Carlo sample itself (./statistics.ts, correlation ratio with bias
 * correction): the share of the forecast's variance that input j explains on its own when all inputs vary together.
 *
 * Deterministic. Cost: OAT needs J·P runs of each model; indices O(J·N log N) for N draws (one sort per input).
 */
import { InputError, problem, unknownName, type InputProblem } from '../errors.js';
import type { ForecastOptions } from '../models/types.js';
import { baseValues, describeInput, scenarioAt, type InputKind } from './inputs.js';
import { column, joinInputs, joinValues, pointForecasts, type ChunkResult, type PreparedJob } from './montecarlo.js';
import { argsort, binsFor, firstOrderIndex, meanAndSd } from './statistics.js';

/** The sd of a first-order index estimate from n draws for an input without effect (SensitivityReport.first_order_noise). */
export function firstOrderNoise(n: number): number {
  const k = binsFor(n);
  const c = (k - 1) / (n - 1);
  return Math.sqrt(2 * (k - 1)) / (n - 1) / (1 - c);
}

/** P values evenly spaced over [low, high] of input j (P ≥ 2). */
export function sweepValues(p: PreparedJob, j: number, points: number): Float64Array {
  const { low, high } = p.space.inputs[j]!;
  return Float64Array.from({ length: points }, (_, t) => (t === points - 1 ? high : low + ((high - low) * t) / (points - 1)));
}

/**
 * Forecasts of every model on every issue with input j at each sweep value and the others at their point values,
 * indexed [t·M·I + m·I + k]; NaN where a model fails. O(P·Σ_m cost_m).
 */
export function sweepInput(p: PreparedJob, j: number, points: number): Float64Array {
  const M = p.models.length;
  const I = p.issues.length;
  const values = baseValues(p.space);
  const sweep = sweepValues(p, j, points);
  const out = new Float64Array(points * M * I).fill(NaN);
  const options: ForecastOptions = { ...p.job.options, explain: false };
  for (let t = 0; t < points; t++) {
    values[j] = sweep[t]!;
    const scenario = scenarioAt(p.space, values);
    for (let m = 0; m < M; m++) {
      try {
        const f = p.models[m]!.forecast(scenario, options);
        for (let k = 0; k < I; k++) {
          const v = f.issues[k]?.value;
          if (typeof v === 'number' && Number.isFinite(v)) out[t * M * I + m * I + k] = v;
        }
      } catch {
        // a failed run leaves NaN: the bar reports it
      }
    }
  }
  return out;
}

export interface TornadoBar {
  input: string;
  kind: InputKind;
  actor: string;
  issue: string | null;
  distribution: string;
  base: number;
  low: number;
  high: number;
  at_low: number | null;
  at_high: number | null;
  min: number | null;
  max: number | null;
  swing: number;
  /** First-order variance-based index from the Monte Carlo sample (null without a sample or when it is undefined). */
  first_order: number | null;
}

export interface ModelSensitivity {
  /** Forecast on the point scenario. */
  point: number | null;
  /** Monte Carlo: the forecast's standard deviation, and the sum of all inputs' first-order indices (of the unclipped estimates). */
  sd: number | null;
  first_order_sum: number | null;
  /**
   * Sampling noise of that sum: the per-index noise (SensitivityReport.first_order_noise) × √(number of inputs),
   * as independent estimation errors add up. A sum above 1 by less than about twice this is noise, not an error.
   */
  first_order_sum_noise: number | null;
  /** Bars ranked by swing, at most `top` of them. */
  tornado: TornadoBar[];
}

export interface SensitivityReport {
  scenario: { title: string };
  points: number;
  /** Monte Carlo sample behind the indices (0 when none). */
  draws: number;
  /**
   * The standard deviation of one first-order index estimate when the input has no effect (null without draws): with
   * k bins and n draws, η² then behaves as χ²_{k−1}/(n − 1), sd √(2(k − 1))/(n − 1), scaled by the bias correction
   * 1/(1 − c), c = (k − 1)/(n − 1). An index below about twice this cannot be told from 0.
   */
  first_order_noise: number | null;
  seed: number;
  inputs: number;
  /** Inputs whose sweep finished (fewer than `inputs` only when the run was interrupted; the others are left out). */
  swept: number;
  models: string[];
  issues: { id: string; name: string; models: Record<string, ModelSensitivity> }[];
}

export interface SensitivityOptions {
  /** Issue ids to report; default all. */
  issues?: string[];
  /** Bars per issue and model; default 10. */
  top?: number;
}

const finiteOrNull = (x: number) => (Number.isFinite(x) ? x : null);

/** Problems of the sweep and report options: points, top, unknown issue ids, chunks run without their inputs. */
export function sensitivityProblems(p: PreparedJob, points: number, chunks: ChunkResult[], options: SensitivityOptions): InputProblem[] {
  const out: InputProblem[] = [];
  if (!(Number.isInteger(points) && points >= 2 && points <= 1001)) {
    out.push(problem('bad-points', ['points'], `points ${String(points)} is not a whole number from 2 to 1001`, 'sweep each input over at least its two ends, e.g. 5 points'));
  }
  if (options.top !== undefined && !(Number.isInteger(options.top) && options.top >= 1)) {
    out.push(problem('bad-top', ['top'], `top ${String(options.top)} is not a whole number ≥ 1`, 'give how many bars to keep, e.g. 10'));
  }
  const ids = p.issues.map((i) => i.id);
  (options.issues ?? []).forEach((id, k) => {
    if (!ids.includes(id)) out.push(unknownName('unknown-issue', ['issues', k], 'issue', id, ids));
  });
  if (chunks.some((c) => !c.inputs)) {
    out.push(problem('no-inputs', ['chunks'], 'the Monte Carlo chunks were run without their inputs', 'run the job with keepInputs: true to get first-order indices'));
  }
  return out;
}

/**
 * The report from the sweeps of every input (`sweeps[j]` = sweepInput(p, j, points), undefined if it did not finish)
 * and, optionally, Monte Carlo chunks run with keepInputs (in draw order from 0). O(J·(P + N log N)) per issue and model.
 */
export function sensitivityReport(p: PreparedJob, sweeps: (Float64Array | undefined)[], points: number, chunks: ChunkResult[] = [], options: SensitivityOptions = {}): SensitivityReport {
  const problems = sensitivityProblems(p, points, chunks, options);
  if (problems.length > 0) throw new InputError(problems);
  const M = p.models.length;
  const I = p.issues.length;
  const J = p.space.inputs.length;
  const point = pointForecasts(p);
  const values = joinValues(chunks);
  const draws = values.length / (M * I) || 0;
  const inputs = draws > 0 ? joinInputs(chunks) : new Float64Array(0);
  const noise = draws >= 4 ? firstOrderNoise(draws) : null;
  // One sort per input, shared by every issue and model.
  const orders: Int32Array[] = [];
  const xs: Float64Array[] = [];
  if (draws > 0) {
    for (let j = 0; j < J; j++) {
      const x = new Float64Array(draws);
      for (let d = 0; d < draws; d++) x[d] = inputs[d * J + j]!;
      xs.push(x);
      orders.push(argsort(x));
    }
  }
  const wanted = options.issues ? new Set(options.issues) : undefined;
  const top = options.top ?? 10;
  const issues = p.issues.flatMap((issue, k) => {
    if (wanted && !wanted.has(issue.id)) return [];
    const models: Record<string, ModelSensitivity> = {};
    p.models.forEach((model, m) => {
      const f0 = point[m]![k]!;
      const y = draws > 0 ? column(values, p, m, k) : undefined;
      const bars: { bar: TornadoBar; j: number; corrected: number }[] = [];
      p.space.inputs.forEach((input, j) => {
        const s = sweeps[j];
        if (!s) return;
        let min = f0 ?? Infinity;
        let max = f0 ?? -Infinity;
        for (let t = 0; t < points; t++) {
          const v = s[t * M * I + m * I + k]!;
          if (Number.isNaN(v)) continue;
          if (v < min) min = v;
          if (v > max) max = v;
        }
        const atLow = s[m * I + k]!;
        const atHigh = s[(points - 1) * M * I + m * I + k]!;
        const first = y ? firstOrderIndex(xs[j]!, y, orders[j]!) : undefined;
        bars.push({ j, bar: {
          input: input.id,
          kind: input.kind,
          actor: input.actor,
          issue: input.issue,
          distribution: describeInput(input),
          base: input.base,
          low: input.low,
          high: input.high,
          at_low: finiteOrNull(atLow),
          at_high: finiteOrNull(atHigh),
          min: finiteOrNull(min),
          max: finiteOrNull(max),
          swing: Number.isFinite(max - min) ? max - min : 0,
          first_order: finiteOrNull(first?.index ?? NaN),
        }, corrected: first?.corrected ?? NaN });
      });
      const ranked = bars.sort((x, z) => z.bar.swing - x.bar.swing || (z.bar.first_order ?? -1) - (x.bar.first_order ?? -1) || x.j - z.j);
      let sd: number | null = null;
      let sum: number | null = null;
      let sumNoise: number | null = null;
      if (y) {
        sd = finiteOrNull(meanAndSd(y).sd);
        const indices = bars.map((b) => b.corrected).filter((v) => Number.isFinite(v));
        sum = indices.length > 0 ? Math.max(0, indices.reduce((a, v) => a + v, 0)) : null;
        sumNoise = noise !== null && indices.length > 0 ? noise * Math.sqrt(indices.length) : null;
      }
      models[model.id] = { point: f0, sd, first_order_sum: sum, first_order_sum_noise: sumNoise, tornado: ranked.slice(0, top).map((r) => r.bar) };
    });
    return [{ id: issue.id, name: issue.name, models }];
  });
  return {
    scenario: { title: p.space.base.title },
    points,
    draws,
    first_order_noise: noise,
    seed: p.job.seed,
    inputs: J,
    swept: sweeps.filter((s) => s !== undefined).length,
    models: p.models.map((m) => m.id),
    issues,
  };
}

/** The whole analysis in this thread (tests and small runs): sweeps, then `draws` Monte Carlo draws. */
export function runSensitivity(p: PreparedJob, points: number, chunks: ChunkResult[], options: SensitivityOptions = {}): SensitivityReport {
  const problems = sensitivityProblems(p, points, chunks, options);
  if (problems.length > 0) throw new InputError(problems);
  const sweeps = p.space.inputs.map((_, j) => sweepInput(p, j, points));
  return sensitivityReport(p, sweeps, points, chunks, options);
}
