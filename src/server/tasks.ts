/**
 * The long computations the API runs as jobs (off the request thread, with progress and cancel): each a
 * pure function of a validated scenario and parameters, looked up in the core's registries at run time so
 * that a model or analysis appears in the API as soon as its module is listed there.
 *
 * A task reports progress through `progress(done, total)`; cancelling a job makes the next call throw
 * `Cancelled` (in-process runs) or terminates the worker thread (worker runs).
 */
import { runBacktest } from '../core/backtest/run.js';
import type { BacktestCase, BacktestDataset } from '../core/backtest/types.js';
import { scenarioDealSpace, type ScenarioSpaceOptions } from '../core/deals/fromScenario.js';
import { frontierPoint } from '../core/deals/pareto.js';
import { analyseDeals, distance, distanceToFrontier } from '../core/deals/points.js';
import { dealReport, dealReportJson, packageOf } from '../core/deals/report.js';
import { buildBidSpace } from '../core/simulate/bidSpace.js';
import { negotiate } from '../core/simulate/protocol.js';
import { STRATEGIES, strategiesById } from '../core/simulate/strategies/registry.js';
import { InputError, problem } from '../core/errors.js';
import { DYNAMICS_MODELS, findDynamicsModel } from '../core/dynamics/registry.js';
import { MODELS } from '../core/models/registry.js';
import { toPointScenario, type UncertainScenario, type UncertaintyDefaults } from '../core/scenario.js';
import { chunkRanges, prepareJob, runChunk, summariseRun, type ChunkResult, type MonteCarloJob, type PreparedJob } from '../core/uncertainty/montecarlo.js';
import { sensitivityReport, sweepInput } from '../core/uncertainty/sensitivity.js';
import { validateScenario } from '../core/validateScenario.js';
import { readDeuTables } from '../formats/backtestData.js';
import { detectFolderFormat, readGeniusFolder, readGeniusWebFiles, type SourceFile } from '../formats/genius.js';

export class Cancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'Cancelled';
  }
}

export type Progress = (done: number, total: number) => void;

export interface TaskInput {
  /** The scenario in file layout (validated again here: a worker trusts nothing it is sent). */
  scenario: Record<string, unknown>;
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

export interface TaskKind {
  id: string;
  name: string;
  /** What the parameters are, for the API description and the UI. */
  params: Record<string, string>;
  /** Which models or variants there are (for dynamics: the registered dynamic models). */
  variants(): { id: string; name: string; source: string }[];
  run(scenario: UncertainScenario, params: Record<string, unknown>, progress: Progress, more: NamedScenario[], context: TaskContext): unknown;
}

// ---------------------------------------------------------------- parameters

const bad = (name: string, value: unknown, rule: string) =>
  new InputError([problem('bad-param', ['params', name], `${name} ${JSON.stringify(value)} is not allowed`, rule)]);

function wholeParam(params: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number {
  const v = params[name];
  if (v === undefined || v === null || v === '') return fallback;
  const x = Number(v);
  if (!Number.isInteger(x) || x < min || x > max) throw bad(name, v, `give a whole number from ${min} to ${max}, or leave it out (default ${fallback})`);
  return x;
}

function modelsParam(params: Record<string, unknown>): string[] | undefined {
  const v = params.models;
  if (v === undefined) return undefined;
  if (!Array.isArray(v) || v.length === 0 || !v.every((m) => typeof m === 'string')) throw bad('models', v, `a list of model ids: ${MODELS.map((m) => m.id).join(', ')}`);
  return v as string[];
}

const SPREAD = /^\s*\d+(\.\d+)?\s*%\s*$/;
/** `uncertainty` given with the job (overrides the scenario's section): { salience: 10, position: "5%", capability: "10%", shape }. */
function uncertaintyParam(params: Record<string, unknown>): UncertaintyDefaults | undefined {
  const v = params.uncertainty;
  if (v === undefined || v === null) return undefined;
  const rule = 'write e.g. { "salience": 10, "position": "5%", "capability": "10%", "shape": "uniform" }';
  if (typeof v !== 'object' || Array.isArray(v)) throw bad('uncertainty', v, rule);
  const out: UncertaintyDefaults = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'shape') {
      if (x !== 'uniform' && x !== 'triangular' && x !== 'normal') throw bad('uncertainty', v, 'shape is uniform, triangular or normal');
      out.shape = x;
    } else if (k === 'salience' || k === 'position' || k === 'capability') {
      if (!((typeof x === 'number' && x >= 0 && Number.isFinite(x)) || (typeof x === 'string' && SPREAD.test(x)))) throw bad('uncertainty', v, `${k}: a number ≥ 0 or a percentage like "10%"`);
      out[k] = x;
    } else throw bad('uncertainty', v, `unknown key "${k}"; ${rule}`);
  }
  return out;
}

/** The Monte Carlo job over the scenario (or the analysts' versions of it, pooled), with the job's uncertainty. */
function monteCarloJob(scenario: UncertainScenario, params: Record<string, unknown>, more: NamedScenario[], draws: number, keepInputs: boolean): MonteCarloJob {
  const uncertainty = uncertaintyParam(params);
  const widen = (s: UncertainScenario) => (uncertainty ? { ...s, uncertainty } : s);
  const experts = more.length > 0 ? more.map((e) => ({ name: e.name, scenario: widen(e.scenario) })) : [{ name: scenario.title, scenario: widen(scenario) }];
  return { experts, expertMode: 'pool', models: modelsParam(params), options: scenario.model_options, seed: wholeParam(params, 'seed', 1, 0, 2 ** 31 - 1), draws, keepInputs };
}

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

const montecarloTask: TaskKind = {
  id: 'montecarlo',
  name: 'Monte Carlo over the uncertain inputs (ranges, distributions, the uncertainty section, analysts)',
  params: {
    draws: 'number of draws, 1–100000 (default 2000)',
    seed: 'seed (default 1): the same seed gives the same numbers',
    bins: 'histogram bins, 5–100 (default 25)',
    models: 'model ids (default all)',
    uncertainty: 'spread for every plain number, e.g. { "salience": 10, "position": "5%" } (default: the scenario\'s)',
    analysts: "true: pool the analysts' latest versions of a stored scenario as experts",
  },
  variants: () => [],
  async run(scenario, params, progress, more, context) {
    const draws = wholeParam(params, 'draws', 2000, 1, 100_000);
    const bins = wholeParam(params, 'bins', 25, 5, 100);
    const job = monteCarloJob(scenario, params, more, draws, false);
    const { p, chunks } = await runUncertainty(job, progress, context);
    return summariseRun(p, chunks, { bins });
  },
};

const sensitivityTask: TaskKind = {
  id: 'sensitivity',
  name: 'Sensitivity: which inputs move each forecast (tornado), with variance shares from a Monte Carlo sample',
  params: {
    points: 'values swept per input, 2–21 (default 5)',
    draws: 'Monte Carlo draws for the variance shares, 0–20000 (default 500; 0 = sweeps only)',
    top: 'bars per issue and model, 1–50 (default 12)',
    seed: 'seed (default 1)',
    models: 'model ids (default all)',
    uncertainty: 'spread for every plain number (default: the scenario\'s)',
    analysts: "true: the analysts' versions span the ranges",
  },
  variants: () => [],
  async run(scenario, params, progress, more, context) {
    const points = wholeParam(params, 'points', 5, 2, 21);
    const draws = wholeParam(params, 'draws', 500, 0, 20_000);
    const top = wholeParam(params, 'top', 12, 1, 50);
    const job = monteCarloJob(scenario, params, more, draws, true);
    const { p, chunks, sweeps } = await runUncertainty(job, progress, context, points);
    return { ...sensitivityReport(p, sweeps, points, chunks, { top }), input_list: p.space.inputs.map((x) => x.id) };
  },
};

const dealsTask: TaskKind = {
  id: 'deals',
  name: 'Deals: Pareto-efficient packages, Nash, Kalai–Smorodinsky, egalitarian and max-welfare points, logrolls',
  params: {
    parties: '"groups" (default: the actors\' groups), "actors", or a list of group names / actor ids',
    points: 'values per issue without options, 2–11 (default 5)',
    loss: 'linear (default) or quadratic',
    issues: 'issue ids to include (default all)',
    genius: 'instead of the scenario: a GENIUS (XML) or GeniusWeb (JSON) negotiation as [{ name, text }] files (or genius_zip: the folder zipped, base64)',
  },
  variants: () => [],
  run(scenario, params, progress) {
    if (params.genius !== undefined) return geniusDeals(params.genius, progress);
    const point = toPointScenario(scenario);
    const parties = params.parties ?? 'groups';
    if (!(parties === 'groups' || parties === 'actors' || (Array.isArray(parties) && parties.every((x) => typeof x === 'string')))) {
      throw bad('parties', parties, 'use "groups", "actors" or a list of group names / actor ids');
    }
    const loss = params.loss ?? 'linear';
    if (loss !== 'linear' && loss !== 'quadratic') throw bad('loss', loss, 'use "linear" or "quadratic"');
    const issues = params.issues;
    if (issues !== undefined && !(Array.isArray(issues) && issues.every((x) => typeof x === 'string'))) throw bad('issues', issues, 'a list of issue ids');
    const options: ScenarioSpaceOptions = { parties: parties as ScenarioSpaceOptions['parties'], points: wholeParam(params, 'points', 5, 2, 11), loss, issues: issues as string[] | undefined };
    progress(0, 1);
    const space = scenarioDealSpace(point, options);
    const report = dealReportJson(dealReport(space, { frontierLimit: 20_000 }, point));
    progress(1, 1);
    return report;
  },
};

/** The deal analysis of an uploaded GENIUS / GeniusWeb negotiation (a domain and two or more profiles). */
function geniusDeals(files: unknown, progress: Progress): unknown {
  if (!Array.isArray(files) || files.length === 0 || !files.every((f) => typeof f === 'object' && f !== null && typeof f.name === 'string' && typeof f.text === 'string')) {
    throw bad('genius', '…', 'send the negotiation\'s files as [{ "name": "domain.xml", "text": "…" }, …]');
  }
  const list = files as SourceFile[];
  const format = detectFolderFormat(list);
  if (!format) {
    throw new InputError([problem('not-a-negotiation', ['params', 'genius'], 'no GENIUS (XML) or GeniusWeb (JSON) negotiation among these files', 'upload a folder (or its zip) with a domain and two or more profiles')]);
  }
  progress(0, 1);
  const read = format === 'genius' ? readGeniusFolder(list) : readGeniusWebFiles(list);
  if (!read.space || read.problems.length > 0) {
    const file = read.problems[0]?.file;
    throw new InputError(read.problems.filter((p) => p.file === file), file);
  }
  const report = dealReportJson(dealReport(read.space, { frontierLimit: 20_000 }));
  progress(1, 1);
  return { ...report, source: format };
}

const simulateTask: TaskKind = {
  id: 'simulate',
  name: 'Negotiation simulation: stacked alternating offers between concession strategies, every offer traced',
  params: {
    strategies: 'one strategy id per party (see variants), default boulware for every party',
    parties: '"groups" (default), "actors", or a list of group names / actor ids',
    rounds: 'deadline in rounds, 1–10000 (default 180)',
    seed: 'seed of every random draw (default 0)',
    points: 'values per issue without options, 2–11 (default 5)',
  },
  variants: () => STRATEGIES.map((x) => ({ id: x.id, name: x.name, source: x.source })),
  run(scenario, params, progress) {
    const point = toPointScenario(scenario);
    const parties = params.parties ?? 'groups';
    if (!(parties === 'groups' || parties === 'actors' || (Array.isArray(parties) && parties.every((x) => typeof x === 'string')))) {
      throw bad('parties', parties, 'use "groups", "actors" or a list of group names / actor ids');
    }
    const space = scenarioDealSpace(point, { parties: parties as ScenarioSpaceOptions['parties'], points: wholeParam(params, 'points', 5, 2, 11) });
    const n = space.parties.length;
    const ids = params.strategies === undefined ? Array.from({ length: n }, () => 'boulware') : params.strategies;
    if (!Array.isArray(ids) || !ids.every((x) => typeof x === 'string') || ids.length !== n) {
      throw bad('strategies', ids, `give ${n} strategy ids, one per party (${space.parties.map((p) => p.name).join(', ')}), from: ${STRATEGIES.map((x) => x.id).join(', ')}`);
    }
    const strategies = strategiesById(ids as string[]);
    const rounds = wholeParam(params, 'rounds', 180, 1, 10_000);
    const seed = wholeParam(params, 'seed', 0, 0, 2 ** 31 - 1);
    progress(0, 2);
    const analysis = analyseDeals(space);
    const bids = buildBidSpace(space, { seed, frontier: analysis.frontier });
    progress(1, 2);
    const r = negotiate(bids, strategies, { deadline: { rounds }, seed, discounting: 'time' });
    const frontier: number[][] = [];
    for (let f = 0; f < Math.min(analysis.frontier.distinct, 20_000); f++) frontier.push(frontierPoint(analysis.frontier, f));
    progress(2, 2);
    return {
      title: space.title,
      parties: r.parties,
      strategies: r.strategies,
      rounds,
      seed,
      reason: r.reason,
      agreement: r.agreement ? { round: r.agreement.round, time: r.agreement.time, package: packageOf(space, r.agreement.outcome) } : null,
      utilities: r.utilities,
      payoffs: r.payoffs,
      distance_pareto: distanceToFrontier(analysis.frontier, r.utilities).distance,
      distance_nash: analysis.nash ? distance(r.utilities, analysis.nash.utilities) : null,
      nash: analysis.nash?.utilities ?? null,
      kalai_smorodinsky: analysis.kalaiSmorodinsky?.utilities ?? null,
      reservation: analysis.parties.map((p) => p.reservation),
      frontier,
      trace: r.trace.slice(0, 5000).map((e) => ({ round: e.round, party: e.party, action: e.action, utilities: e.utilities })),
      trace_truncated: r.trace.length > 5000,
    };
  },
};

const backtestTask: TaskKind = {
  id: 'backtest',
  name: 'Backtest: every model against known outcomes (the library\'s scenarios with outcomes, or an uploaded DEU data set)',
  params: {
    source: '"library" (default: every stored scenario whose issues carry an outcome) or "deu" (send deu: { issues, stances } CSV texts)',
    deu: '{ "issues": "…issues.csv text…", "stances": "…stances.csv text…" }',
    replicates: 'bootstrap resamples, 100–10000 (default 2000)',
    seed: 'seed of the bootstrap (default 1)',
  },
  variants: () => [],
  run(scenario, params, progress, more) {
    let dataset: BacktestDataset;
    const deu = params.deu as { issues?: unknown; stances?: unknown } | undefined;
    if (deu !== undefined) {
      if (typeof deu !== 'object' || deu === null || typeof deu.issues !== 'string' || typeof deu.stances !== 'string') {
        throw bad('deu', '…', 'send { "issues": "<issues.csv text>", "stances": "<stances.csv text>" }');
      }
      const read = readDeuTables(deu.issues, deu.stances, { issues: 'issues.csv', stances: 'stances.csv', dataset: 'uploaded DEU data' });
      if (!read.dataset) {
        const first = read.problems[0];
        throw new InputError(first ? first.problems : [problem('bad-data', ['deu'], 'the data set could not be read', 'check issues.csv and stances.csv')], first?.source);
      }
      dataset = read.dataset;
    } else {
      const all = more.length > 0 ? more : [{ name: scenario.title, scenario }];
      const cases: BacktestCase[] = all
        .filter((c) => c.scenario.issues.some((i) => i.outcome !== undefined))
        .map((c, k) => ({ id: `case-${k + 1}`, name: c.name, scenarios: [toPointScenario(c.scenario)] }));
      if (cases.length === 0) {
        throw new InputError([problem('no-outcomes', ['params', 'source'], 'no scenario here has an issue with a known outcome', 'give issues an `outcome` (what actually happened), or upload a DEU data set (issues.csv + stances.csv)')]);
      }
      dataset = { name: 'library scenarios with outcomes', format: 'scenarios', cases, notes: [] };
    }
    return runBacktest(dataset, {
      models: MODELS,
      seed: wholeParam(params, 'seed', 1, 0, 2 ** 31 - 1),
      replicates: wholeParam(params, 'replicates', 2000, 100, 10_000),
      onProgress: progress,
    });
  },
};

const dynamicsTask: TaskKind = {
  id: 'dynamics',
  name: 'Round-by-round dynamics (EUM, SMP, exchange)',
  params: { model: 'id of a dynamic model (see GET /api/capabilities)', rounds: 'number of rounds (optional, the model has a default)' },
  variants: () => DYNAMICS_MODELS.map((m) => ({ id: m.id, name: m.name, source: m.source })),
  run(scenario, params, progress) {
    const id = typeof params.model === 'string' ? params.model : DYNAMICS_MODELS[0]?.id;
    const model = id === undefined ? undefined : findDynamicsModel(id);
    if (!model) {
      const known = DYNAMICS_MODELS.map((m) => m.id);
      throw new InputError([
        problem('unknown-model', ['params', 'model'], `unknown dynamic model "${String(id)}"`, known.length > 0 ? `choose from: ${known.join(', ')}` : 'no dynamic model is installed in this build'),
      ]);
    }
    const rounds = params.rounds === undefined ? undefined : Number(params.rounds);
    if (rounds !== undefined && !(Number.isInteger(rounds) && rounds >= 1 && rounds <= 1000)) {
      throw new InputError([problem('bad-param', ['params', 'rounds'], `rounds ${String(params.rounds)} is not a whole number from 1 to 1000`, 'give rounds between 1 and 1000, or leave it out')]);
    }
    const point = toPointScenario(scenario);
    const options = { ...(scenario.model_options?.[model.id] ?? {}), ...params, rounds, onProgress: progress };
    delete (options as Record<string, unknown>).model;
    if (rounds === undefined) delete (options as Record<string, unknown>).rounds;
    return model.run(point, options);
  },
};

/** Every job kind, by id. Analyses added to the core are listed here once. */
export const TASKS: TaskKind[] = [dynamicsTask, dealsTask, simulateTask, montecarloTask, sensitivityTask, backtestTask];

export function findTask(id: string): TaskKind | undefined {
  return TASKS.find((t) => t.id === id);
}

/** Validate and run one task: what both the in-process runner and the worker thread call. */
/** Run a job's task: validate its scenarios, then compute (in this thread, or with `context.threads` threads where the task can use them). */
export async function runTask(kind: string, input: TaskInput, progress: Progress, context: TaskContext = { threads: 1 }): Promise<unknown> {
  const task = findTask(kind);
  if (!task) throw new InputError([problem('unknown-job', ['kind'], `unknown job kind "${kind}"`, `use one of: ${TASKS.map((t) => t.id).join(', ')}`)]);
  const { scenario, problems } = validateScenario(input.scenario);
  if (!scenario) throw new InputError(problems);
  const more = (input.scenarios ?? []).map((x) => {
    const r = validateScenario(x.scenario);
    if (!r.scenario) throw new InputError(r.problems, x.name);
    return { name: x.name, scenario: r.scenario };
  });
  return task.run(scenario, input.params, progress, more, context);
}
