/**
 * Monte Carlo over a scenario's uncertain inputs: every registered forecasting model on every draw, and per issue and
 * model the distribution of its forecasts.
 *
 * Method: plain Monte Carlo (Metropolis & Ulam 1949, "The Monte Carlo method", JASA 44:335–341). Draw i samples every
 * uncertain input from its own stream (seed, i) (./inputs.ts), builds the point scenario with those values and runs each
 * model on it. The run is cut into chunks of consecutive draws that any thread may compute in any order; the summary
 * reads the draws in index order, so the same (inputs, seed, draws) give the same numbers, bit for bit, on 1 thread or
 * 16. An interrupted run is summarised over its first k draws, and then equals a complete run with k draws.
 *
 * A model that throws, or gives no finite number for an issue, on some draw is a result, not an error: the draw counts
 * as failed for that model, is left out of its summaries, and the first failure is reported.
 *
 * Models come from the registry (../models/registry.ts): a model added there takes part without changes here.
 * Cost: O(k·(J + a + s + Σ_m cost_m)) for k draws, J uncertain inputs, a actors, s stances; memory k·M·I doubles for
 * M models and I issues (plus k·J with `keepInputs`). Pure: the clock is passed in.
 */
import { scenarioProblems } from '../checkScenario.js';
import { InputError, problem, unknownName, type InputProblem } from '../errors.js';
import { MODELS, resolveModels } from '../models/registry.js';
import type { ForecastModel, ForecastOptions } from '../models/types.js';
import { isValidSeed, Xoshiro128 } from '../random/xoshiro128.js';
import type { Issue, Scenario } from '../scenario.js';
import { buildInputSpace, describeInput, sampleDraw, scenarioAt, type ExpertMode, type ExpertScenario, type InputSpace } from './inputs.js';
import { summariseSample, type SampleSummary } from './statistics.js';

export interface MonteCarloJob {
  experts: ExpertScenario[];
  expertMode?: ExpertMode;
  /** Model ids; default: every registered model. */
  models?: string[];
  options?: ForecastOptions;
  seed: number;
  draws: number;
  /** Keep every draw's input values (for variance-based sensitivity). */
  keepInputs?: boolean;
}

export interface PreparedJob {
  job: MonteCarloJob;
  space: InputSpace;
  models: ForecastModel[];
  issues: Issue[];
}

/**
 * The most values a run keeps (draws × models × issues doubles, 1 GiB): beyond it the process would run out of memory,
 * which no caller can catch. At 7 models and 14 issues (Busan) that is about 1.37 million draws.
 */
export const MAX_VALUES = 2 ** 27;

/** Problems of a job's own fields: experts, draws, seed (the scenarios and models are checked by prepareJob). */
function jobProblems(job: MonteCarloJob, modelCount: number, issueCount: number): InputProblem[] {
  const out: InputProblem[] = [];
  if (!Number.isInteger(job.draws) || job.draws < 0) {
    // 0 is a job of sweeps only (sensitivity without first-order indices); runMonteCarlo needs at least 1.
    out.push(problem('bad-draws', ['draws'], `draws ${String(job.draws)} is not a whole number ≥ 0`, 'give the number of draws as a whole number, e.g. 2000'));
  } else if (job.draws * Math.max(1, modelCount) * Math.max(1, issueCount) > MAX_VALUES) {
    const most = Math.floor(MAX_VALUES / (Math.max(1, modelCount) * Math.max(1, issueCount)));
    out.push(problem('too-many-draws', ['draws'], `${job.draws} draws × ${modelCount} models × ${issueCount} issues is more than a run can keep in memory`, `use at most ${most} draws, or fewer models (the spread of a forecast settles long before)`));
  }
  if (!isValidSeed(job.seed)) out.push(problem('bad-seed', ['seed'], `seed ${String(job.seed)} is not a whole number from 0 to 2^53 − 1`, 'give a whole number, e.g. 1'));
  return out;
}

/**
 * Resolve models and build the input space. Throws InputError for an unknown model, an empty or invalid expert
 * scenario, experts that do not match, or draws / seed that are not whole numbers in range.
 */
export function prepareJob(job: MonteCarloJob): PreparedJob {
  if (!Array.isArray(job.experts) || job.experts.length === 0) {
    throw new InputError([problem('no-scenario', ['experts'], 'the job has no scenario', 'give at least one expert scenario')]);
  }
  for (const e of job.experts) {
    const problems = scenarioProblems(e.scenario);
    if (problems.length > 0) throw new InputError(problems, e.name);
  }
  const models = resolveModels(job.models ?? MODELS.map((m) => m.id));
  const ownProblems = jobProblems(job, models.length, job.experts[0]!.scenario.issues.length);
  if (ownProblems.length > 0) throw new InputError(ownProblems);
  const { space, problems } = buildInputSpace(job.experts, job.expertMode ?? 'pool');
  if (!space) {
    const first = problems[0]!.expert;
    throw new InputError(problems.filter((p) => p.expert === first).map((p) => p.problem), job.experts[first]!.name);
  }
  return { job, space, models, issues: space.base.issues };
}

export interface ChunkResult {
  /** Draws from..to−1. */
  from: number;
  to: number;
  /** values[(d − from)·M·I + m·I + k]: model m's forecast for issue k on draw d; NaN where the model failed. */
  values: Float64Array;
  /** inputs[(d − from)·J + j], when the job keeps inputs. */
  inputs?: Float64Array;
  /** Per model: draws where it failed, and the first failure's message. */
  failed: Int32Array;
  firstFailure: (string | null)[];
  /** Milliseconds spent in each model, and in sampling and building scenarios, over the chunk. */
  modelMs: Float64Array;
  samplingMs: number;
}

/** The forecasts of draws from..to−1. Deterministic in (job, from, to); `now` only feeds the cost figures. */
export function runChunk(p: PreparedJob, from: number, to: number, now: () => number = () => 0): ChunkResult {
  const { space, models, job } = p;
  const M = models.length;
  const I = p.issues.length;
  const J = space.inputs.length;
  const count = to - from;
  const values = new Float64Array(count * M * I);
  const inputs = job.keepInputs ? new Float64Array(count * J) : undefined;
  const scratch = new Float64Array(J);
  const failed = new Int32Array(M);
  const firstFailure: (string | null)[] = new Array<string | null>(M).fill(null);
  const modelMs = new Float64Array(M);
  let samplingMs = 0;
  const rng = new Xoshiro128();
  // Only the values are kept: models may skip their words (ForecastOptions.explain).
  const options: ForecastOptions = { ...job.options, explain: false };
  for (let d = from; d < to; d++) {
    const t0 = now();
    const sample = inputs ? inputs.subarray((d - from) * J, (d - from + 1) * J) : scratch;
    sampleDraw(space, rng, job.seed, d, sample);
    const scenario = scenarioAt(space, sample);
    samplingMs += now() - t0;
    for (let m = 0; m < M; m++) {
      const offset = (d - from) * M * I + m * I;
      const t1 = now();
      let failure: string | null = null;
      try {
        const f = models[m]!.forecast(scenario, options);
        for (let k = 0; k < I; k++) {
          const v = f.issues[k]?.value;
          if (typeof v === 'number' && Number.isFinite(v)) values[offset + k] = v;
          else {
            values[offset + k] = NaN;
            failure ??= `draw ${d}: no forecast for issue "${p.issues[k]!.id}"`;
          }
        }
      } catch (e) {
        values.fill(NaN, offset, offset + I);
        failure = `draw ${d}: ${e instanceof Error ? e.message : String(e)}`;
      }
      modelMs[m]! += now() - t1;
      if (failure !== null) {
        failed[m]!++;
        firstFailure[m] ??= failure;
      }
    }
  }
  return { from, to, values, inputs, failed, firstFailure, modelMs, samplingMs };
}

/** Consecutive chunks from draw 0: the ones before the first gap (an interrupted run's usable part). O(c log c). */
export function contiguousPrefix(chunks: ChunkResult[]): ChunkResult[] {
  const sorted = [...chunks].sort((a, b) => a.from - b.from);
  const out: ChunkResult[] = [];
  let next = 0;
  for (const c of sorted) {
    if (c.from !== next) break;
    out.push(c);
    next = c.to;
  }
  return out;
}

/**
 * Chunk boundaries for `draws` draws: about 64 chunks per thread, at most `maxChunk` draws each. Many small chunks
 * keep the threads' finishing times close (the last chunk of one thread is all the other waits for: with 16 chunks
 * per thread that tail cost about 3 % of a 2-thread run), while each chunk still takes tens of milliseconds, far
 * more than handing it to a thread.
 */
export function chunkRanges(draws: number, threads: number, maxChunk = 250): [number, number][] {
  const size = Math.max(1, Math.min(maxChunk, Math.ceil(draws / (Math.max(1, threads) * 64))));
  const out: [number, number][] = [];
  for (let from = 0; from < draws; from += size) out.push([from, Math.min(draws, from + size)]);
  return out;
}

export interface ModelSummary extends Omit<SampleSummary, 'above'> {
  /** The model's forecast on the point scenario (null when it gave none). */
  point: number | null;
  /** Threshold (as written) → share of draws above it. */
  p_above?: Record<string, number>;
}

export interface MonteCarloReport {
  scenario: { title: string; date: string | null };
  /** False when the run was interrupted: then `draws` < `draws_requested`. */
  complete: boolean;
  draws: number;
  draws_requested: number;
  seed: number;
  experts: string[];
  expert_mode: ExpertMode;
  inputs: { id: string; distribution: string; low: number; high: number; base: number }[];
  models: { id: string; name: string; failed_draws: number; first_failure: string | null }[];
  histogram_bins: number;
  issues: {
    id: string;
    name: string;
    scale: { min: number; max: number; unit?: string };
    thresholds: number[];
    models: Record<string, ModelSummary>;
  }[];
}

/** Every model's forecast per issue on the point scenario (null where it throws or gives no number). */
export function pointForecasts(p: PreparedJob, scenario: Scenario = p.space.base): (number | null)[][] {
  return p.models.map((m) => {
    try {
      const f = m.forecast(scenario, p.job.options ?? {});
      return p.issues.map((_, k) => {
        const v = f.issues[k]?.value;
        return typeof v === 'number' && Number.isFinite(v) ? v : null;
      });
    } catch {
      return p.issues.map(() => null);
    }
  });
}

/** All draws' values of chunks that follow each other from draw 0, as one array indexed [d·M·I + m·I + k]. */
export function joinValues(chunks: ChunkResult[]): Float64Array {
  const total = chunks.reduce((n, c) => n + c.values.length, 0);
  const out = new Float64Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c.values, at);
    at += c.values.length;
  }
  return out;
}

/** The draws' input values of chunks kept with `keepInputs`, indexed [d·J + j]. */
export function joinInputs(chunks: ChunkResult[]): Float64Array {
  const total = chunks.reduce((n, c) => n + (c.inputs?.length ?? 0), 0);
  const out = new Float64Array(total);
  let at = 0;
  for (const c of chunks) {
    if (!c.inputs) throw new Error('chunk without inputs: run the job with keepInputs');
    out.set(c.inputs, at);
    at += c.inputs.length;
  }
  return out;
}

/** One model's forecasts of one issue across the draws. O(k). */
export function column(values: Float64Array, p: PreparedJob, m: number, k: number): Float64Array {
  const M = p.models.length;
  const I = p.issues.length;
  const n = values.length / (M * I);
  const out = new Float64Array(n);
  for (let d = 0; d < n; d++) out[d] = values[d * M * I + m * I + k]!;
  return out;
}

export interface SummaryOptions {
  /** Issue id → thresholds for P(forecast > threshold). */
  thresholds?: Record<string, number[]>;
  bins?: number;
}

/** Problems of the summary options: thresholds for unknown issues or off the scale, bins not a whole number ≥ 1. */
function summaryProblems(p: PreparedJob, options: SummaryOptions): InputProblem[] {
  const out: InputProblem[] = [];
  const ids = p.issues.map((i) => i.id);
  for (const [id, ts] of Object.entries(options.thresholds ?? {})) {
    const issue = p.issues.find((i) => i.id === id);
    if (!issue) {
      out.push(unknownName('unknown-issue', ['thresholds', id], 'issue', id, ids));
      continue;
    }
    ts.forEach((t, k) => {
      if (!(Number.isFinite(t) && t >= issue.scale.min && t <= issue.scale.max)) {
        out.push(problem('out-of-range', ['thresholds', id, k], `threshold ${String(t)} is off the scale of "${id}" (${issue.scale.min}–${issue.scale.max})`, `give a number from ${issue.scale.min} to ${issue.scale.max}`));
      }
    });
  }
  if (options.bins !== undefined && !(Number.isInteger(options.bins) && options.bins >= 1 && options.bins <= 1000)) {
    out.push(problem('bad-bins', ['bins'], `bins ${String(options.bins)} is not a whole number from 1 to 1000`, 'give a whole number, e.g. 20'));
  }
  return out;
}

/** The report over chunks that follow each other from draw 0 (all of them, or an interrupted run's prefix). */
export function summariseRun(p: PreparedJob, chunks: ChunkResult[], options: SummaryOptions = {}): MonteCarloReport {
  const prefix = contiguousPrefix(chunks);
  if (prefix.length !== chunks.length) throw new Error('summariseRun needs chunks that follow each other from draw 0 (use contiguousPrefix)');
  const draws = prefix.length > 0 ? prefix[prefix.length - 1]!.to : 0;
  const values = joinValues(prefix);
  const bins = options.bins ?? 20;
  const problems = summaryProblems(p, options);
  if (problems.length > 0) throw new InputError(problems);
  const point = pointForecasts(p);
  const M = p.models.length;
  const failed = new Int32Array(M);
  const firstFailure: (string | null)[] = new Array<string | null>(M).fill(null);
  for (const c of prefix) {
    for (let m = 0; m < M; m++) {
      failed[m]! += c.failed[m]!;
      firstFailure[m] ??= c.firstFailure[m]!;
    }
  }
  const base = p.space.base;
  return {
    scenario: { title: base.title, date: base.date ?? null },
    complete: draws === p.job.draws,
    draws,
    draws_requested: p.job.draws,
    seed: p.job.seed,
    experts: p.space.experts,
    expert_mode: p.space.mode,
    inputs: p.space.inputs.map((x) => ({ id: x.id, distribution: describeInput(x), low: x.low, high: x.high, base: x.base })),
    models: p.models.map((m, i) => ({ id: m.id, name: m.name, failed_draws: failed[i]!, first_failure: firstFailure[i]! })),
    histogram_bins: bins,
    issues: p.issues.map((issue, k) => {
      const thresholds = options.thresholds?.[issue.id] ?? [];
      const models: Record<string, ModelSummary> = {};
      p.models.forEach((model, m) => {
        const s = summariseSample(column(values, p, m, k), issue.scale, bins, thresholds);
        const { above, ...rest } = s;
        models[model.id] = {
          point: point[m]![k]!,
          ...rest,
          ...(thresholds.length > 0 ? { p_above: Object.fromEntries(thresholds.map((t, i) => [String(t), above[i]!])) } : {}),
        };
      });
      return { id: issue.id, name: issue.name, scale: issue.scale, thresholds, models };
    }),
  };
}

/** Per model, milliseconds per draw, from the chunks' timings (not part of the reproducible report). */
export function costPerDraw(p: PreparedJob, chunks: ChunkResult[]): { models: Record<string, number>; sampling: number } {
  const draws = chunks.reduce((n, c) => n + (c.to - c.from), 0);
  const models: Record<string, number> = {};
  p.models.forEach((m, i) => {
    models[m.id] = draws > 0 ? chunks.reduce((t, c) => t + c.modelMs[i]!, 0) / draws : NaN;
  });
  return { models, sampling: draws > 0 ? chunks.reduce((t, c) => t + c.samplingMs, 0) / draws : NaN };
}

/** Run a whole job in this thread (tests, small runs, the core's own callers). */
export function runMonteCarlo(job: MonteCarloJob, options: SummaryOptions = {}): MonteCarloReport {
  if (job.draws === 0) throw new InputError([problem('bad-draws', ['draws'], 'draws 0: a Monte Carlo run needs at least one draw', 'give the number of draws as a whole number ≥ 1, e.g. 2000')]);
  const p = prepareJob(job);
  const chunks = chunkRanges(job.draws, 1).map(([from, to]) => runChunk(p, from, to));
  return summariseRun(p, chunks, options);
}
