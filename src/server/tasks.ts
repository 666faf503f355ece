/**
 * The long computations the API runs as jobs (off the request thread, with progress and cancel): each a
 * pure function of a validated scenario and parameters, looked up in the core's registries at run time so
 * that a model or analysis appears in the API as soon as its module is listed there.
 *
 * Every kind first *prepares*: it reads its parameters strictly (params.ts: a number is a JSON number, `null` or a
 * missing field means the default, unknown names are refused with a "did you mean") and checks everything that needs
 * no analysis — ranges, choices, model, strategy, party and issue ids against the scenario — collecting every problem
 * at its path in the request (["params", "strategies", 1]). The server prepares when a job is posted, so a bad
 * parameter is a 422 and never a failed job; the worker prepares again (it trusts nothing it is sent) and runs.
 *
 * A task reports progress through `progress(done, total)`; cancelling a job makes the next call throw
 * `Cancelled` (in-process runs) or terminates the worker thread (worker runs).
 */
import { runBacktest } from '../core/backtest/run.js';
import type { BacktestCase, BacktestDataset } from '../core/backtest/types.js';
import { scenarioDealSpace, type ScenarioDealSpace, type ScenarioSpaceOptions } from '../core/deals/fromScenario.js';
import { frontierPoint } from '../core/deals/pareto.js';
import { analyseDeals, distance, distanceToFrontier } from '../core/deals/points.js';
import { dealReport, dealReportJson, packageOf } from '../core/deals/report.js';
import { outcomeCount, type DealSpace } from '../core/deals/space.js';
import { DYNAMICS_MODELS, findDynamicsModel } from '../core/dynamics/registry.js';
import { didYouMean, InputError, problem, type InputProblem } from '../core/errors.js';
import { MODELS } from '../core/models/registry.js';
import { toPointScenario, type UncertainScenario, type UncertaintyDefaults } from '../core/scenario.js';
import { buildBidSpace } from '../core/simulate/bidSpace.js';
import { negotiate } from '../core/simulate/protocol.js';
import { STRATEGIES, strategiesById } from '../core/simulate/strategies/registry.js';
import { chunkRanges, prepareJob, runChunk, summariseRun, type ChunkResult, type MonteCarloJob, type PreparedJob } from '../core/uncertainty/montecarlo.js';
import { sensitivityReport, sweepInput } from '../core/uncertainty/sensitivity.js';
import { validateScenario } from '../core/validateScenario.js';
import { readDeuTables } from '../formats/backtestData.js';
import { detectFolderFormat, readGeniusFolder, readGeniusWebFiles, type SourceFile } from '../formats/genius.js';
import { forecastJson, readForecastRequest } from './forecast.js';
import { FieldReader, isRecord, namesProblems, relocate, shownValue } from './params.js';

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export type Progress = (done: number, total: number) => void;

export interface TaskInput {
  /**
   * The scenario in file layout (validated again here: a worker trusts nothing it is sent). Absent only for a backtest
   * of the library or of an uploaded data set.
   */
  scenario?: Record<string, unknown>;
  params: Record<string, unknown>;
  /** More scenarios, for analyses over several: analysts' versions (Monte Carlo experts), backtest cases. */
  scenarios?: { name: string; scenario: Record<string, unknown> }[];
}

/** A validated scenario with the name it is known by. */
export interface NamedScenario {
  name: string;
  scenario: UncertainScenario;
}

/** Where a task runs. */
export interface TaskContext {
  /**
   * Threads for Monte Carlo draws and sweeps: 1 computes them in this thread; more spreads them over a pool of worker
   * threads (src/workers/uncertaintyPool.ts, which needs the compiled code). The numbers are the same either way.
   */
  threads: number;
}

/** A job whose parameters passed: what runs it, and warnings to show when it is accepted (e.g. a very large deal space). */
export interface PreparedTask {
  run(progress: Progress, context: TaskContext): unknown;
  warnings: string[];
}

export interface TaskKind {
  id: string;
  name: string;
  /** The parameters, by name, with what each means: the API description, the UI, and the names a job accepts. */
  params: Record<string, string>;
  /** Which models or variants there are (for dynamics: the registered dynamic models). */
  variants(): { id: string; name: string; source: string }[];
  /**
   * Read and check the parameters (`r`, problems collected there) against the scenario, without analysing anything;
   * return what runs the job. Not called to run when `r` has problems.
   */
  prepare(scenario: UncertainScenario | undefined, r: FieldReader, more: NamedScenario[]): PreparedTask;
}

// ---------------------------------------------------------------- shared parameter readers

const MAX_SEED = 2 ** 31 - 1;

/** The job's scenario, or a problem when the kind needs one and none was sent. */
function needScenario(scenario: UncertainScenario | undefined, r: FieldReader): UncertainScenario | undefined {
  if (!scenario) r.add(problem('missing-field', ['scenario_id'], 'this job needs a scenario', 'send scenario_id (a stored scenario) or scenario (a draft)'));
  return scenario;
}

/** `models`: registered model ids, each once (default all). */
function modelsParam(r: FieldReader): string[] | undefined {
  const ids = r.strings('models', `["${MODELS[0]?.id ?? 'compromise'}"]`);
  if (ids) r.add(...namesProblems(ids, MODELS.map((m) => m.id), r.at('models'), 'model'));
  return ids;
}

const SPREAD = /^\s*\d+(\.\d+)?\s*%\s*$/;
const UNCERTAINTY_KEYS = ['salience', 'position', 'capability', 'shape'];
/** `uncertainty` given with the job (overrides the scenario's section): { salience: 10, position: "5%", capability: "10%", shape }. */
function uncertaintyParam(r: FieldReader): UncertaintyDefaults | undefined {
  const v = r.raw('uncertainty');
  if (v === undefined) return undefined;
  const rule = 'write e.g. { "salience": 10, "position": "5%", "capability": "10%", "shape": "uniform" }';
  if (!isRecord(v)) {
    r.add(problem('bad-param', r.at('uncertainty'), `uncertainty ${shownValue(v)} is not a mapping`, rule));
    return undefined;
  }
  const out: UncertaintyDefaults = {};
  for (const [k, x] of Object.entries(v)) {
    const at = r.at('uncertainty', k);
    if (k === 'shape') {
      if (x === 'uniform' || x === 'triangular' || x === 'normal') out.shape = x;
      else r.add(problem('bad-param', at, `shape ${shownValue(x)} is not a distribution`, 'use "uniform", "triangular" or "normal"'));
    } else if (k === 'salience' || k === 'position' || k === 'capability') {
      if ((typeof x === 'number' && x >= 0 && Number.isFinite(x)) || (typeof x === 'string' && SPREAD.test(x))) out[k] = x;
      else r.add(problem('bad-param', at, `${k} ${shownValue(x)} is not a spread`, `${k}: a number ≥ 0 or a percentage like "10%"`));
    } else {
      const guess = didYouMean(k, UNCERTAINTY_KEYS);
      r.add(problem('unknown-param', at, `uncertainty has no field "${k}"`, `${guess ? `did you mean "${guess}"? ` : ''}${rule}`));
    }
  }
  return out;
}

/** The Monte Carlo job over the scenario (or the analysts' versions of it, pooled), with the job's uncertainty. */
function monteCarloJob(scenario: UncertainScenario, uncertainty: UncertaintyDefaults | undefined, more: NamedScenario[], models: string[] | undefined, seed: number, draws: number, keepInputs: boolean): MonteCarloJob {
  const widen = (s: UncertainScenario) => (uncertainty ? { ...s, uncertainty } : s);
  const experts = more.length > 0 ? more.map((e) => ({ name: e.name, scenario: widen(e.scenario) })) : [{ name: scenario.title, scenario: widen(scenario) }];
  return { experts, expertMode: 'pool', models, options: scenario.model_options, seed, draws, keepInputs };
}

/** `analysts`: true or false. The server gathers the versions; here only the type is checked. */
function analystsParam(r: FieldReader): void {
  r.flag('analysts', false);
}

/** `issues` (or the CLI's `issue`): ids of the scenario's issues, each once. */
function issuesParam(r: FieldReader, scenario: UncertainScenario | undefined): string[] | undefined {
  const ids = r.strings('issues', `["${scenario?.issues[0]?.id ?? 'tariffs'}"]`);
  if (ids && scenario) r.add(...namesProblems(ids, scenario.issues.map((i) => i.id), r.at('issues'), 'issue'));
  return ids;
}

const NO_UNCERTAINTY =
  'no input is uncertain, so every draw gives the point forecast: give ranges or distributions in the scenario, an uncertainty section, params.uncertainty (e.g. { "salience": 10 }), or analysts: true';

/**
 * The job's draws (and, for sensitivity, the sweeps of its `sweepPoints`), in this thread or on a pool of
 * `context.threads` worker threads. Progress counts draws, then inputs swept.
 */
async function runUncertainty(job: MonteCarloJob, progress: Progress, context: TaskContext, sweepPoints = 0): Promise<{ p: PreparedJob; chunks: ChunkResult[]; sweeps: Float64Array[] }> {
  const p = prepareJob(job);
  const inputs = sweepPoints > 0 ? p.space.inputs.length : 0;
  const total = job.draws + inputs;
  if (context.threads <= 1) {
    const chunks: ChunkResult[] = [];
    for (const [from, to] of chunkRanges(job.draws, 1, 250)) {
      chunks.push(runChunk(p, from, to));
      progress(to, total);
    }
    const sweeps = Array.from({ length: inputs }, (_, j) => {
      const sweep = sweepInput(p, j, sweepPoints);
      progress(job.draws + j + 1, total);
      return sweep;
    });
    return { p, chunks, sweeps };
  }
  const { UncertaintyPool } = await import('../workers/uncertaintyPool.js');
  const pool = new UncertaintyPool(job, context.threads);
  try {
    const run = job.draws > 0 ? await pool.draws(job.draws, { onProgress: (done) => progress(done, total) }) : { chunks: [] as ChunkResult[] };
    const swept = inputs > 0 ? await pool.sweeps(inputs, sweepPoints, { onProgress: (done) => progress(job.draws + done, total) }) : { sweeps: [] };
    return { p, chunks: run.chunks, sweeps: swept.sweeps as Float64Array[] };
  } finally {
    await pool.close();
  }
}

// ---------------------------------------------------------------- forecast

const forecastTask: TaskKind = {
  id: 'forecast',
  name: 'Forecast by every chosen model, as POST /api/forecast answers, for scenarios too large to forecast during a request',
  params: {
    models: 'model ids (default all)',
    options: 'options by model id, e.g. { "nash": { "utility": "quadratic" } } (laid over the scenario\'s model_options)',
  },
  variants: () => MODELS.map((m) => ({ id: m.id, name: m.name, source: m.source })),
  prepare(scenario, r) {
    needScenario(scenario, r);
    const req = readForecastRequest(r.raw('models'), r.raw('options'), r.base);
    r.add(...req.problems);
    r.rejectUnknown(Object.keys(this.params), 'a forecast job');
    return {
      warnings: [],
      run(progress) {
        progress(0, 1);
        const out = forecastJson(scenario!, req.ids, req.options);
        progress(1, 1);
        return out;
      },
    };
  },
};

// ---------------------------------------------------------------- Monte Carlo and sensitivity

const montecarloTask: TaskKind = {
  id: 'montecarlo',
  name: 'Monte Carlo over the uncertain inputs (ranges, distributions, the uncertainty section, analysts)',
  params: {
    draws: 'number of draws, 1–100000 (default 1000, as parley montecarlo)',
    seed: 'seed (default 1): the same seed gives the same numbers',
    bins: 'histogram bins, 5–100 (default 20, as parley montecarlo)',
    models: 'model ids (default all)',
    thresholds: 'P(forecast > value) per issue: { "<issue id>": value or [values] } (the CLI\'s --threshold)',
    uncertainty: 'spread for every plain number, e.g. { "salience": 10, "position": "5%" } (default: the scenario\'s)',
    analysts: "true: pool the analysts' latest versions of a stored scenario as experts",
  },
  variants: () => [],
  prepare(scenario, r, more) {
    needScenario(scenario, r);
    const draws = r.whole('draws', 1000, 1, 100_000);
    const bins = r.whole('bins', 20, 5, 100);
    const seed = r.whole('seed', 1, 0, MAX_SEED);
    const models = modelsParam(r);
    const uncertainty = uncertaintyParam(r);
    analystsParam(r);
    const thresholds = thresholdsParam(r, scenario);
    r.rejectUnknown(Object.keys(this.params), 'a montecarlo job');
    return {
      warnings: [],
      async run(progress, context) {
        const job = monteCarloJob(scenario!, uncertainty, more, models, seed, draws, false);
        const { p, chunks } = await runUncertainty(job, progress, context);
        const report = summariseRun(p, chunks, { bins, thresholds });
        return { ...report, notes: p.space.inputs.length === 0 ? [NO_UNCERTAINTY] : [] };
      },
    };
  },
};

/** `thresholds`: { issue id: a value or a list of values on its scale }. */
function thresholdsParam(r: FieldReader, scenario: UncertainScenario | undefined): Record<string, number[]> | undefined {
  const v = r.raw('thresholds');
  if (v === undefined) return undefined;
  const example = `{ "${scenario?.issues[0]?.id ?? 'tariffs'}": 50 }`;
  if (!isRecord(v)) {
    r.add(problem('bad-param', r.at('thresholds'), `thresholds ${shownValue(v)} is not a mapping`, `send thresholds by issue id, e.g. ${example}`));
    return undefined;
  }
  const out: Record<string, number[]> = {};
  const ids = scenario?.issues.map((i) => i.id) ?? [];
  for (const [id, x] of Object.entries(v)) {
    const issue = scenario?.issues.find((i) => i.id === id);
    if (scenario && !issue) {
      const guess = didYouMean(id, ids);
      r.add(problem('unknown-issue', r.at('thresholds', id), `unknown issue "${id}"`, guess ? `did you mean "${guess}"?` : `choose from: ${ids.join(', ')}`));
      continue;
    }
    const list = Array.isArray(x) ? x : [x];
    list.forEach((t, k) => {
      const at = Array.isArray(x) ? r.at('thresholds', id, k) : r.at('thresholds', id);
      if (typeof t !== 'number' || !Number.isFinite(t)) r.add(problem('bad-param', at, `threshold ${shownValue(t)} is not a number`, `give a value on the issue's scale, e.g. ${example}`));
      else if (issue && (t < issue.scale.min || t > issue.scale.max)) {
        r.add(problem('out-of-range', at, `threshold ${t} is off the scale of "${id}" (${issue.scale.min}–${issue.scale.max})`, `give a number from ${issue.scale.min} to ${issue.scale.max}`));
      }
    });
    out[id] = list.filter((t): t is number => typeof t === 'number');
  }
  return out;
}

const sensitivityTask: TaskKind = {
  id: 'sensitivity',
  name: 'Sensitivity: which inputs move each forecast (tornado), with variance shares from a Monte Carlo sample',
  params: {
    points: 'values swept per input, 2–21 (default 9, as parley sensitivity)',
    draws: 'Monte Carlo draws for the variance shares, 0–20000 (default 1000, as parley sensitivity; 0 = sweeps only)',
    top: 'bars per issue and model, 1–50 (default 10, as parley sensitivity)',
    issues: 'issue ids to report (default all; the CLI\'s --issue)',
    seed: 'seed (default 1)',
    models: 'model ids (default all)',
    uncertainty: 'spread for every plain number (default: the scenario\'s)',
    analysts: "true: the analysts' versions span the ranges",
  },
  variants: () => [],
  prepare(scenario, r, more) {
    needScenario(scenario, r);
    const points = r.whole('points', 9, 2, 21);
    const draws = r.whole('draws', 1000, 0, 20_000);
    const top = r.whole('top', 10, 1, 50);
    const seed = r.whole('seed', 1, 0, MAX_SEED);
    const issues = issuesParam(r, scenario);
    const models = modelsParam(r);
    const uncertainty = uncertaintyParam(r);
    analystsParam(r);
    r.rejectUnknown(Object.keys(this.params), 'a sensitivity job');
    return {
      warnings: [],
      async run(progress, context) {
        const job = monteCarloJob(scenario!, uncertainty, more, models, seed, draws, true);
        const { p, chunks, sweeps } = await runUncertainty(job, progress, context, points);
        const report = sensitivityReport(p, sweeps, points, chunks, { top, issues });
        return { ...report, input_list: p.space.inputs.map((x) => x.id), notes: p.space.inputs.length === 0 ? [NO_UNCERTAINTY.replace('every draw gives the point forecast', 'nothing can move the forecast')] : [] };
      },
    };
  },
};

// ---------------------------------------------------------------- deals and simulation

const PARTIES_RULE = 'use "groups", "actors" or a list of group names / actor ids';

/** The deal space of the scenario from the job's parameters (cheap: O(s + m·V·n)); problems located under params. */
function dealSpaceParams(scenario: UncertainScenario, r: FieldReader): ScenarioDealSpace | undefined {
  const raw = r.raw('parties');
  let parties: ScenarioSpaceOptions['parties'] = 'groups';
  if (raw !== undefined) {
    if (raw === 'groups' || raw === 'actors') parties = raw;
    else if (Array.isArray(raw) && raw.length > 0 && raw.every((x) => typeof x === 'string')) parties = raw as string[];
    else r.add(problem('bad-param', r.at('parties'), `parties ${shownValue(raw)} is not a choice of parties`, PARTIES_RULE));
  }
  const points = r.whole('points', 5, 2, 11);
  const step = r.positive('step', '10');
  const loss = r.choice('loss', ['linear', 'quadratic'] as const, 'linear');
  const issues = r.strings('issues', `["${scenario.issues[0]?.id ?? 'tariffs'}"]`);
  if (r.problems.length > 0) return undefined;
  try {
    return scenarioDealSpace(toPointScenario(scenario), { parties, points, step, loss, issues });
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    r.add(...relocate(e.problems, r.base));
    return undefined;
  }
}

/**
 * The frontier's progress (one step per issue merged, for the merge that scenario spaces use), then one more step for
 * what follows it: m + 1 steps for m issues; `end()` reports the last.
 */
function frontierProgress(progress: Progress, space: DealSpace): { onProgress: (done: number, total: number) => void; end: () => void } {
  const total = space.issues.length + 1;
  progress(0, total);
  return { onProgress: (done) => progress(Math.min(done, total - 1), total), end: () => progress(total, total) };
}

const fmtCount = (n: number) => (n >= 1e6 ? n.toExponential(2).replace('e+', '·10^') : String(n));

/** A warning for deal spaces whose frontier may take very long: many parties over many packages. */
function dealWarnings(space: DealSpace): string[] {
  const k = space.parties.length;
  const n = outcomeCount(space);
  if (k <= 8 || n <= 1e6) return [];
  return [
    `${k} parties over ${fmtCount(n)} possible packages: the Pareto frontier of more than 8 parties can take hours to compute; progress counts the issues merged. Fewer parties (parties: "groups" or a list), fewer issues or fewer points are much quicker.`,
  ];
}

const dealsTask: TaskKind = {
  id: 'deals',
  name: 'Deals: Pareto-efficient packages, Nash, Kalai–Smorodinsky, egalitarian and max-welfare points, logrolls',
  params: {
    parties: '"groups" (default: the actors\' groups), "actors", or a list of group names / actor ids',
    points: 'values per issue without options, 2–11 (default 5)',
    step: 'or cut each scale into steps of this size (scale units)',
    loss: 'linear (default) or quadratic',
    issues: 'issue ids to include (default all)',
    nash_disagreement: 'the Nash point\'s disagreement point: "reservation" (default) or "min-utility"',
    baseline: 'what logrolls improve on: "status-quo" (default) or "forecast" (the compromise model)',
    logrolls: 'how many logrolls to list, 0–10000 (default 8, as parley deals; 0 for none)',
    logroll_issues: 'most issues in one logroll, 2–1000 (default 3)',
    logroll_parties: 'the two parties to trade, [a, b] (default the first two)',
    genius: 'instead of the scenario: a GENIUS (XML) or GeniusWeb (JSON) negotiation as [{ name, text }] files (or genius_zip: the folder zipped, base64)',
    genius_zip: 'a GENIUS / GeniusWeb folder, zipped, as base64 (unpacked by the server into genius)',
  },
  variants: () => [],
  prepare(scenario, r) {
    const nashDisagreement = r.choice('nash_disagreement', ['reservation', 'min-utility'] as const, 'reservation');
    const logrolls = r.whole('logrolls', 8, 0, 10_000);
    const maxIssues = r.whole('logroll_issues', 3, 2, 1000);
    const baseline = r.choice('baseline', ['status-quo', 'forecast'] as const, 'status-quo');
    r.rejectUnknown(Object.keys(this.params), 'a deals job');
    if (r.has('genius')) {
      const read = geniusSpace(r);
      return {
        warnings: read ? dealWarnings(read.space) : [],
        run(progress) {
          const steps = frontierProgress(progress, read!.space);
          const report = dealReportJson(dealReport(read!.space, { frontierLimit: 20_000, nashDisagreement, frontier: steps }));
          steps.end();
          return { ...report, source: read!.format };
        },
      };
    }
    if (!needScenario(scenario, r)) return { warnings: [], run: () => undefined };
    const space = dealSpaceParams(scenario!, r);
    let logrollParties: [number, number] | undefined;
    const lp = r.raw('logroll_parties');
    if (lp !== undefined && space) {
      const names = space.parties.map((p) => p.id);
      const idx = Array.isArray(lp) ? lp.map((w) => space.parties.findIndex((p) => typeof w === 'string' && (p.id === w || p.name === w || p.id.toLowerCase() === w.toLowerCase()))) : [];
      if (!Array.isArray(lp) || lp.length !== 2 || idx.some((i) => i < 0) || idx[0] === idx[1]) {
        r.add(problem('bad-param', r.at('logroll_parties'), `logroll_parties ${shownValue(lp)} does not name two of the parties`, `name two of: ${names.join(', ')}`));
      } else logrollParties = [idx[0]!, idx[1]!];
    }
    return {
      warnings: space ? dealWarnings(space) : [],
      run(progress) {
        const point = toPointScenario(scenario!);
        const steps = frontierProgress(progress, space!);
        const report = dealReportJson(
          dealReport(
            space!,
            {
              frontierLimit: 20_000,
              nashDisagreement,
              frontier: steps,
              logrolls: logrolls === 0 ? false : { baseline, limit: logrolls, maxIssues, ...(logrollParties ? { parties: logrollParties } : {}) },
            },
            point,
          ),
        );
        steps.end();
        return report;
      },
    };
  },
};

/** The deal space of an uploaded GENIUS / GeniusWeb negotiation (a domain and two or more profiles). */
function geniusSpace(r: FieldReader): { space: DealSpace; format: string } | undefined {
  const files = r.raw('genius');
  if (!Array.isArray(files) || files.length === 0 || !files.every((f) => isRecord(f) && typeof f.name === 'string' && typeof f.text === 'string')) {
    r.add(problem('bad-param', r.at('genius'), 'genius is not a list of files', 'send the negotiation\'s files as [{ "name": "domain.xml", "text": "…" }, …]'));
    return undefined;
  }
  const list = files as SourceFile[];
  const format = detectFolderFormat(list);
  if (!format) {
    r.add(problem('not-a-negotiation', r.at('genius'), 'no GENIUS (XML) or GeniusWeb (JSON) negotiation among these files', 'upload a folder (or its zip) with a domain and two or more profiles'));
    return undefined;
  }
  const read = format === 'genius' ? readGeniusFolder(list) : readGeniusWebFiles(list);
  if (!read.space || read.problems.length > 0) {
    // Located in their file: the problems of the first file that has any, as the upload's own.
    const file = read.problems[0]?.file;
    throw new InputError(read.problems.filter((p) => p.file === file), file);
  }
  return { space: read.space, format };
}

const simulateTask: TaskKind = {
  id: 'simulate',
  name: 'Negotiation simulation: stacked alternating offers between concession strategies, every offer traced',
  params: {
    strategies: 'one strategy id per party (see variants, or time-dependent:E), default boulware for every party',
    parties: '"groups" (default), "actors", or a list of group names / actor ids',
    rounds: 'deadline in rounds, 1–10000 (default 180; the CLI\'s --deadline)',
    seed: 'seed of every random draw (default 0)',
    points: 'values per issue without options, 2–11 (default 5)',
    step: 'or cut each scale into steps of this size (scale units)',
    loss: 'linear (default) or quadratic',
    issues: 'issue ids to include (default all)',
    discounting: '"time" (GENIUS\' U·d^t, default), "round" (NegMAS\' U·d^round) or "none"',
    max_bids: 'enumerate spaces up to this many packages, sample this many above, 1–100000000 (default 1000000, as parley simulate)',
  },
  variants: () => STRATEGIES.map((x) => ({ id: x.id, name: x.name, source: x.source })),
  prepare(scenario, r) {
    const rounds = r.whole('rounds', 180, 1, 10_000);
    const seed = r.whole('seed', 0, 0, MAX_SEED);
    const discounting = r.choice('discounting', ['time', 'round', 'none'] as const, 'time');
    const maxBids = r.whole('max_bids', 1_000_000, 1, 100_000_000);
    const rawStrategies = r.raw('strategies');
    r.rejectUnknown(Object.keys(this.params), 'a simulate job');
    if (!needScenario(scenario, r)) return { warnings: [], run: () => undefined };
    const space = dealSpaceParams(scenario!, r);
    let strategies: ReturnType<typeof strategiesById> = [];
    if (space) {
      const n = space.parties.length;
      const ids = rawStrategies === undefined ? Array.from({ length: n }, () => 'boulware') : rawStrategies;
      const choose = `from: ${STRATEGIES.map((x) => x.id).join(', ')} or time-dependent:E`;
      if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string')) {
        r.add(problem('bad-param', r.at('strategies'), `strategies ${shownValue(ids)} is not a list of strategy ids`, `give ${n} strategy ids, one per party (${space.parties.map((p) => p.name).join(', ')}), ${choose}`));
      } else {
        try {
          strategies = strategiesById(ids);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          r.add(...relocate(e.problems, r.base));
        }
        if (ids.length !== n) {
          r.add(problem('bad-param', r.at('strategies'), `${ids.length} ${ids.length === 1 ? 'strategy' : 'strategies'} for ${n} parties`, `give ${n} strategy ids, one per party (${space.parties.map((p) => p.name).join(', ')}), ${choose}`));
        }
      }
    }
    return {
      warnings: space ? dealWarnings(space) : [],
      run(progress) {
        const steps = frontierProgress(progress, space!);
        const analysis = analyseDeals(space!, { frontier: steps });
        const bids = buildBidSpace(space!, { limit: maxBids, seed, frontier: analysis.frontier });
        const result = negotiate(bids, strategies, { deadline: { rounds }, seed, discounting });
        const frontier: number[][] = [];
        for (let f = 0; f < Math.min(analysis.frontier.distinct, 20_000); f++) frontier.push(frontierPoint(analysis.frontier, f));
        steps.end();
        return {
          title: space!.title,
          parties: result.parties,
          strategies: result.strategies,
          rounds,
          seed,
          discounting,
          bids: { count: bids.size, sampled: bids.sampled, outcomes: bids.total },
          reason: result.reason,
          agreement: result.agreement ? { round: result.agreement.round, time: result.agreement.time, package: packageOf(space!, result.agreement.outcome) } : null,
          utilities: result.utilities,
          payoffs: result.payoffs,
          distance_pareto: distanceToFrontier(analysis.frontier, result.utilities).distance,
          distance_nash: analysis.nash ? distance(result.utilities, analysis.nash.utilities) : null,
          nash: analysis.nash?.utilities ?? null,
          kalai_smorodinsky: analysis.kalaiSmorodinsky?.utilities ?? null,
          reservation: analysis.parties.map((p) => p.reservation),
          frontier,
          trace: result.trace.slice(0, 5000).map((e) => ({ round: e.round, party: e.party, action: e.action, utilities: e.utilities })),
          trace_truncated: result.trace.length > 5000,
        };
      },
    };
  },
};

// ---------------------------------------------------------------- backtest

export const BACKTEST_SOURCES = ['library', 'deu', 'scenario'] as const;

/** Which data a backtest scores: `source`, or "deu" when a data set is sent, else "library". */
export function backtestSource(params: Record<string, unknown>): string {
  const s = params.source;
  if (typeof s === 'string') return s;
  return params.deu !== undefined && params.deu !== null ? 'deu' : 'library';
}

const backtestTask: TaskKind = {
  id: 'backtest',
  name: "Backtest: every model against known outcomes (the library's scenarios with outcomes, the job's scenario, or an uploaded DEU data set)",
  params: {
    source:
      '"library" (default: every stored scenario whose issues carry an outcome), "scenario" (the job\'s own scenario; otherwise a scenario sent with a backtest is not scored) or "deu" (send deu)',
    deu: '{ "issues": "…issues.csv text…", "stances": "…stances.csv text…" }',
    models: 'model ids to score (default all; compromise always runs, as the baseline)',
    replicates: 'bootstrap resamples, 100–10000 (default 2000; the CLI\'s --bootstrap)',
    seed: 'seed of the bootstrap (default 1)',
  },
  variants: () => [],
  prepare(scenario, r, more) {
    const source = r.choice('source', BACKTEST_SOURCES, undefined) ?? backtestSource(r.values);
    const models = modelsParam(r);
    const seed = r.whole('seed', 1, 0, MAX_SEED);
    const replicates = r.whole('replicates', 2000, 100, 10_000);
    r.rejectUnknown(Object.keys(this.params), 'a backtest job');
    const deu = r.raw('deu');
    let dataset: BacktestDataset | undefined;
    if (source === 'deu') {
      if (deu === undefined) r.add(problem('missing-field', r.at('deu'), 'source "deu" needs the data set', 'send deu: { "issues": "<issues.csv text>", "stances": "<stances.csv text>" }'));
      else if (!isRecord(deu) || typeof deu.issues !== 'string' || typeof deu.stances !== 'string') {
        r.add(problem('bad-param', r.at('deu'), 'deu is not the two CSV texts of a DEU data set', 'send { "issues": "<issues.csv text>", "stances": "<stances.csv text>" }'));
      } else {
        const read = readDeuTables(deu.issues, deu.stances, { issues: 'issues.csv', stances: 'stances.csv', dataset: 'uploaded DEU data' });
        if (!read.dataset) {
          const first = read.problems[0];
          throw new InputError(first ? first.problems : [problem('bad-data', r.at('deu'), 'the data set could not be read', 'check issues.csv and stances.csv')], first?.source);
        }
        dataset = read.dataset;
      }
    } else if (source === 'library' || source === 'scenario') {
      if (deu !== undefined) r.add(problem('bad-param', r.at('deu'), `a DEU data set is sent, but source is "${source}"`, 'send source: "deu" with it, or leave deu out'));
      const all = source === 'scenario' ? (scenario ? [{ name: scenario.title, scenario }] : []) : more;
      if (source === 'scenario') needScenario(scenario, r);
      const cases: BacktestCase[] = all
        .filter((c) => c.scenario.issues.some((i) => i.outcome !== undefined))
        .map((c, k) => ({ id: `case-${k + 1}`, name: c.name, scenarios: [toPointScenario(c.scenario)] }));
      if (cases.length === 0 && (source === 'library' || scenario)) {
        r.add(
          problem(
            'no-outcomes',
            r.at('source'),
            source === 'library' ? 'no scenario in the library has an issue with a known outcome' : 'the job\'s scenario has no issue with a known outcome',
            'give issues an `outcome` (what actually happened), or send a DEU data set as params.deu { issues, stances }',
          ),
        );
      }
      dataset = { name: source === 'library' ? 'library scenarios with outcomes' : `the scenario "${scenario?.title ?? ''}"`, format: 'scenarios', cases, notes: [] };
    }
    const chosen = models ? MODELS.filter((m) => m.id === 'compromise' || models.includes(m.id)) : MODELS;
    return {
      warnings: [],
      run(progress) {
        return runBacktest(dataset!, { models: chosen, seed, replicates, onProgress: progress });
      },
    };
  },
};

// ---------------------------------------------------------------- dynamics

const dynamicsTask: TaskKind = {
  id: 'dynamics',
  name: 'Round-by-round dynamics (EUM, SMP, exchange)',
  params: {
    model: "id of a dynamic model (see variants; default the first); the model's own options go beside it (docs/<model>.md), checked as the forecast model of that id checks them",
    rounds: 'number of rounds, 1–1000 (optional, the model has a default)',
  },
  variants: () => DYNAMICS_MODELS.map((m) => ({ id: m.id, name: m.name, source: m.source })),
  prepare(scenario, r) {
    needScenario(scenario, r);
    const known = DYNAMICS_MODELS.map((m) => m.id);
    const raw = r.raw('model') ?? known[0];
    const model = typeof raw === 'string' ? findDynamicsModel(raw) : undefined;
    if (!model) {
      const guess = typeof raw === 'string' ? didYouMean(raw, known) : undefined;
      r.add(
        problem(
          'unknown-model',
          r.at('model'),
          `unknown dynamic model ${shownValue(raw)}`,
          known.length === 0 ? 'no dynamic model is installed in this build' : `${guess ? `did you mean "${guess}"? ` : ''}choose from: ${known.join(', ')}`,
        ),
      );
    }
    const rounds = r.whole('rounds', undefined, 1, 1000);
    const own = Object.fromEntries(Object.entries(r.values).filter(([k, v]) => k !== 'model' && k !== 'rounds' && v !== undefined && v !== null));
    // The model's own options, checked as its forecasting twin checks them (the same names and ranges).
    const twin = model ? MODELS.find((m) => m.id === model.id) : undefined;
    if (twin?.checkOptions) r.add(...twin.checkOptions(own, r.base));
    return {
      warnings: [],
      run(progress) {
        return model!.run(toPointScenario(scenario!), { ...own, ...(rounds !== undefined ? { rounds } : {}), onProgress: progress });
      },
    };
  },
};

/** Every job kind, by id. Analyses added to the core are listed here once. */
export const TASKS: TaskKind[] = [dynamicsTask, dealsTask, simulateTask, montecarloTask, sensitivityTask, backtestTask, forecastTask];

export function findTask(id: string): TaskKind | undefined {
  return TASKS.find((t) => t.id === id);
}

/**
 * Validate a job's scenarios and read its parameters (InputError with every problem), without running it: what the
 * server does before it accepts a job (202), and what the worker does before it runs one.
 */
export function prepareTask(kind: string, input: TaskInput): PreparedTask {
  const task = findTask(kind);
  if (!task) throw new InputError([problem('unknown-job', ['kind'], `unknown job kind "${kind}"`, `use one of: ${TASKS.map((t) => t.id).join(', ')}`)]);
  let scenario: UncertainScenario | undefined;
  if (input.scenario !== undefined) {
    const r = validateScenario(input.scenario);
    if (!r.scenario) throw new InputError(relocate(r.problems, ['scenario']));
    scenario = r.scenario;
  }
  const more = (input.scenarios ?? []).map((x) => {
    const r = validateScenario(x.scenario);
    if (!r.scenario) throw new InputError(r.problems, x.name);
    return { name: x.name, scenario: r.scenario };
  });
  const params = isRecord(input.params) ? input.params : {};
  const reader = new FieldReader(params, ['params']);
  const prepared = task.prepare(scenario, reader, more);
  if (reader.problems.length > 0) throw new InputError(dedupe(reader.problems));
  return prepared;
}

/** Problems once each (a path and code reported twice by two checks). */
function dedupe(problems: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code} ${JSON.stringify(p.path)} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Run a job's task: prepare it, then compute (in this thread, or with `context.threads` threads where the task can use them). */
export async function runTask(kind: string, input: TaskInput, progress: Progress, context: TaskContext = { threads: 1 }): Promise<unknown> {
  return prepareTask(kind, input).run(progress, context);
}
