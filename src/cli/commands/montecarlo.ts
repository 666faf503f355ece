/**
 * `parley montecarlo [FILE...]`: every model's forecast distribution over the scenario's uncertain inputs, on all cores.
 * Several FILEs are experts' versions of one scenario (see docs/uncertainty.md). Also the shared plumbing of
 * `parley sensitivity` and `parley shock --perturb`: loading experts, the pool with a progress bar, Ctrl-C.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { didYouMean, InputError, listChoices, type InputProblem } from '../../core/errors.js';
import { MODELS } from '../../core/models/registry.js';
import { isValidSeed } from '../../core/random/xoshiro128.js';
import type { UncertaintyDefaults } from '../../core/scenario.js';
import { parsePercent } from '../../core/uncertainty/defaults.js';
import { EXPERT_MODES, type ExpertMode } from '../../core/uncertainty/inputs.js';
import {
  costPerDraw,
  contiguousPrefix,
  prepareJob,
  summariseRun,
  type ChunkResult,
  type MonteCarloJob,
  type MonteCarloReport,
  type PreparedJob,
} from '../../core/uncertainty/montecarlo.js';
import { parseText } from '../../formats/scenarioText.js';
import { csvTable, fmt, markdownTable, plural, scaleDigits, textTable, type Column } from '../../formats/table.js';
import { emit, formatHelp, loadScenario, outputFormat, UsageError, writeFileAtomic, type LoadedScenario } from '../io.js';
import { progressBar } from '../progress.js';
import { defaultThreads, UncertaintyPool } from '../../workers/uncertaintyPool.js';
import { collectList, modelIds, optionalWhole, repeatable, wholeNumber } from '../options.js';

// ---------------------------------------------------------------- options shared by the uncertainty commands


export interface SharedFlags {
  model?: string[];
  seed: string;
  threads?: string;
  experts: string;
  uncertainty?: string[];
  format?: string;
  out?: string;
}

/** The options every uncertainty command takes. */
export function addSharedOptions(cmd: Command): Command {
  return cmd
    .option('-m, --model <name>', `models, repeatable or comma-separated (${MODELS.map((m) => m.id).join(', ')}); default: all`, collectList)
    .option('-s, --seed <n>', 'seed: the same seed gives the same numbers on any number of threads', '1')
    .option('-t, --threads <n>', `worker threads (default: all cores, here ${defaultThreads()})`)
    .option('--experts <mode>', 'several FILEs: pool (each number from a random expert) or joint (each draw one expert)', 'pool')
    .option('-u, --uncertainty <kind=spread>', 'widen every plain number of a kind, e.g. salience=10, position=5%, capability=10%, shape=triangular (repeatable; overrides the files\' uncertainty: section)', collectList)
    .option('-f, --format <format>', formatHelp())
    .option('-o, --out <file>', 'write to this file instead of the terminal (its name can set the format: see --format)');
}

const SPREAD_KINDS = ['capability', 'position', 'salience', 'shape'] as const;
const SHAPES = ['uniform', 'triangular', 'normal'] as const;

/** `--uncertainty salience=10 --uncertainty position=5%` → defaults. */
export function parseUncertaintyFlags(pairs: string[] | undefined): UncertaintyDefaults | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const out: UncertaintyDefaults = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq > 0 ? pair.slice(0, eq).trim() : pair.trim();
    const value = eq > 0 ? pair.slice(eq + 1).trim() : '';
    if (!(SPREAD_KINDS as readonly string[]).includes(key)) {
      const guess = didYouMean(key, SPREAD_KINDS);
      throw new UsageError(`--uncertainty ${pair}: ${guess ? `did you mean ${guess}? ` : ''}write KIND=SPREAD with KIND one of ${SPREAD_KINDS.join(', ')}, e.g. salience=10 or capability=10%`);
    }
    if (key === 'shape') {
      if (!(SHAPES as readonly string[]).includes(value)) throw new UsageError(`--uncertainty ${pair}: the shape is one of ${SHAPES.join(', ')}`);
      out.shape = value as UncertaintyDefaults['shape'];
      continue;
    }
    const pct = parsePercent(value);
    const num = /^\d+(\.\d+)?$/.test(value) ? Number(value) : undefined;
    if (pct === undefined && num === undefined) throw new UsageError(`--uncertainty ${pair}: the spread is a number ≥ 0 (e.g. 10) or a percentage (e.g. 10%)`);
    out[key as 'capability' | 'position' | 'salience'] = pct !== undefined ? value : num!;
  }
  return out;
}

export interface Experts {
  loaded: LoadedScenario[];
  job: Omit<MonteCarloJob, 'seed' | 'draws'>;
}

/** Load every FILE (or the built-in example) as an expert, with --uncertainty applied (prepareChecked compares them). */
export function loadExperts(files: string[], flags: SharedFlags, models: string[]): Experts {
  const mode = flags.experts as ExpertMode;
  if (!EXPERT_MODES.includes(mode)) throw new UsageError(`--experts ${flags.experts}: use ${EXPERT_MODES.join(' or ')}`);
  const loaded = (files.length > 0 ? files : [undefined]).map((f) => loadScenario(f));
  const extra = parseUncertaintyFlags(flags.uncertainty);
  const experts = loaded.map((l) => ({ name: l.name, scenario: extra ? { ...l.uncertain, uncertainty: { ...l.uncertain.uncertainty, ...extra } } : l.uncertain }));
  return { loaded, job: { experts, expertMode: mode, models } };
}

/** Give problems found after loading (experts that differ) the line and column of their path, for YAML/JSON files. */
function locate(file: LoadedScenario, problems: InputProblem[]): InputProblem[] {
  if (file.format !== 'parley') return problems;
  const parsed = parseText(readFileSync(file.path, 'utf8'));
  return problems.map((p) => ({ ...p, ...parsed.locate(p.path) })).sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * Prepare the job (experts that differ: exit 2, located in the file that differs) and run each model once on the point
 * scenario, so that a model's bad settings stop the run (exit 2) instead of failing every draw.
 */
export function prepareChecked(job: MonteCarloJob, experts: Experts): PreparedJob {
  let p: PreparedJob;
  try {
    p = prepareJob(job);
  } catch (e) {
    const file = e instanceof InputError ? experts.loaded.find((l) => l.name === e.source) : undefined;
    if (e instanceof InputError && file) throw new InputError(locate(file, e.problems), e.source);
    throw e;
  }
  for (const m of p.models) {
    try {
      m.forecast(p.space.base, job.options ?? {});
    } catch (e) {
      if (e instanceof InputError) throw new InputError(e.problems, e.source ?? experts.loaded[0]!.name);
      // any other failure is a result: the draws report it
    }
  }
  return p;
}

/** Ctrl-C once: stop the run cleanly and report what was done; twice: quit at once. */
export function interruptible(): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    process.stderr.write('\nparley: stopping; keeping what is finished (Ctrl-C again to quit at once)…\n');
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) };
}

export interface PoolRun {
  chunks: ChunkResult[];
  interrupted: boolean;
  elapsedMs: number;
  threads: number;
}

/** Run the draws of a job on the pool with a progress bar; keeps the draws before the first gap if interrupted. */
export async function runDraws(job: MonteCarloJob, threads: number, label: string, signal: AbortSignal): Promise<PoolRun> {
  const pool = new UncertaintyPool(job, threads);
  const bar = progressBar(label);
  try {
    const r = await pool.draws(job.draws, { signal, onProgress: bar.update });
    return { chunks: contiguousPrefix(r.chunks), interrupted: r.interrupted, elapsedMs: r.elapsedMs, threads: pool.threads };
  } finally {
    bar.stop();
    await pool.close();
  }
}

/** Print an interrupted run's partial results, say so on stderr, and exit 130 (the shell's code for Ctrl-C). */
export function finishInterrupted(text: string, out: string | undefined, what: string): void {
  const note = `parley: interrupted: ${what}; the results are partial ("complete": false)\n`;
  if (out) {
    writeFileAtomic(out, text.endsWith('\n') ? text : text + '\n');
    process.stderr.write(note);
    process.exit(130);
  }
  process.stdout.write(text.endsWith('\n') ? text : text + '\n', () => {
    process.stderr.write(note);
    process.exit(130);
  });
}

// ---------------------------------------------------------------- the montecarlo command

interface MonteCarloFlags extends SharedFlags {
  draws: string;
  threshold?: string[];
  bins: string;
}

/** `--threshold ISSUE=VALUE` (repeatable) → issue id → thresholds. */
function parseThresholds(pairs: string[] | undefined, p: PreparedJob, source: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  const ids = p.issues.map((i) => i.id);
  for (const pair of pairs ?? []) {
    const eq = pair.lastIndexOf('=');
    const id = eq > 0 ? pair.slice(0, eq).trim() : '';
    const value = Number(pair.slice(eq + 1));
    if (eq <= 0 || pair.slice(eq + 1).trim() === '' || !Number.isFinite(value)) throw new UsageError(`--threshold ${pair}: write ISSUE=VALUE, e.g. --threshold ${ids[0] ?? 'tariffs'}=50`);
    if (!ids.includes(id)) {
      const guess = didYouMean(id, ids);
      throw new UsageError(`--threshold ${pair}: unknown issue "${id}" in ${source} — ${guess ? `did you mean ${guess}?` : `use one of: ${listChoices(ids)}`}`);
    }
    const { min, max } = p.issues.find((i) => i.id === id)!.scale;
    if (value < min || value > max) {
      throw new UsageError(`--threshold ${pair}: ${fmt(value, 6)} is off the scale of ${id}, which runs from ${fmt(min, 6)} to ${fmt(max, 6)} — give a value on the scale`);
    }
    (out[id] ??= []).push(value);
  }
  return out;
}

export function registerMontecarlo(program: Command): void {
  const cmd = program
    .command('montecarlo')
    .alias('mc')
    .argument('[files...]', 'scenario file, or several experts\' versions of one scenario; default: the built-in Busan summit example')
    .description('how far each forecast can move: every model over the uncertain inputs (ranges, distributions, experts)')
    .option('-n, --draws <n>', 'number of draws', '1000')
    .option('--threshold <issue=value>', 'report P(forecast > value) for this issue, repeatable', repeatable)
    .option('--bins <n>', 'histogram bins over each issue\'s scale', '20');
  addSharedOptions(cmd).addHelpText(
    'after',
    `
Uncertain inputs are the ranges and distributions in the file ([30, 50], { triangular: [..] }, { normal: {..} }),
the file's \`uncertainty:\` section or --uncertainty (e.g. salience=10: every plain salience ±10), and, with several
FILEs, the experts' differences. Draw i depends only on (seed, i): any --threads gives the same numbers.
Ctrl-C stops and prints the draws done so far, marked partial (exit code 130).

Examples:
  parley montecarlo --uncertainty salience=10,position=5%          the Busan example, every salience ±10
  parley montecarlo my.yaml --draws 10000 --seed 7 --threads 2 --model compromise,median
  parley montecarlo expert-a.yaml expert-b.yaml expert-c.yaml --experts joint
  parley montecarlo my.yaml --threshold tariffs=50 --format json --out mc.json`,
  );
  cmd.action(async (files: string[], flags: MonteCarloFlags) => {
    const format = outputFormat(flags.format, undefined, flags.out, 'montecarlo');
    const draws = wholeNumber(flags.draws, '--draws', 1, 10_000_000);
    const seed = wholeNumber(flags.seed, '--seed', 0);
    if (!isValidSeed(seed)) throw new UsageError(`--seed ${flags.seed}: give a whole number from 0 to 2^53 − 1`);
    const threads = optionalWhole(flags.threads, '--threads', 1, 256) ?? defaultThreads();
    const bins = wholeNumber(flags.bins, '--bins', 1, 200);
    const models = modelIds(flags.model);
    const experts = loadExperts(files, flags, models);
    const job: MonteCarloJob = { ...experts.job, seed, draws };
    const p = prepareChecked(job, experts);
    const thresholds = parseThresholds(flags.threshold, p, experts.loaded[0]!.name);
    if (p.space.inputs.length === 0) {
      process.stderr.write(
        'parley: note: no input is uncertain, so every draw gives the point forecast. Give ranges in the file, an `uncertainty:` section, several experts\' files, or e.g. --uncertainty salience=10.\n',
      );
    }
    const stop = interruptible();
    let run: PoolRun;
    try {
      run = await runDraws(job, threads, 'Monte Carlo', stop.signal);
    } finally {
      stop.release();
    }
    const report = summariseRun(p, run.chunks, { thresholds, bins });
    const cost = costPerDraw(p, run.chunks);
    const meta: RunMeta = { threads: run.threads, elapsed_ms: round(run.elapsedMs, 1), draws_per_second: round((report.draws / run.elapsedMs) * 1000, 1), ms_per_draw: mapValues(cost.models, (v) => round(v, 4)), sampling_ms_per_draw: round(cost.sampling, 4) };
    const text =
      format === 'json'
        ? JSON.stringify({ ...report, run: meta }, null, 2)
        : format === 'csv'
          ? monteCarloToCsv(report)
          : format === 'markdown'
            ? monteCarloToMarkdown(report, meta)
            : monteCarloToTable(report, meta);
    if (run.interrupted) finishInterrupted(text, flags.out, `${report.draws} of ${plural(report.draws_requested, 'draw')} done`);
    else emit(text, flags.out);
  });
}

// ---------------------------------------------------------------- rendering

/** What depends on the machine, not on the inputs and seed: kept apart from the reproducible report. */
export interface RunMeta {
  threads: number;
  elapsed_ms: number;
  draws_per_second: number;
  /** Per model: milliseconds per draw, measured in the worker threads. */
  ms_per_draw: Record<string, number>;
  sampling_ms_per_draw: number;
}

const round = (x: number, digits: number) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);
const mapValues = (o: Record<string, number>, f: (v: number) => number) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));

const SPARKS = '▁▂▃▄▅▆▇█';

/** Counts as a text sparkline: a space for an empty bin, ▁ to █ by count relative to the largest bin. */
export function sparkline(counts: number[]): string {
  const max = Math.max(...counts);
  if (!(max > 0)) return ' '.repeat(counts.length);
  return counts.map((c) => (c === 0 ? ' ' : SPARKS[Math.min(7, Math.floor((c / max) * 7.999))]!)).join('');
}

const pct = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(x > 0 && x < 0.01 ? 1 : 0)}%`);

function rows(r: MonteCarloReport): string[][] {
  const out: string[][] = [];
  for (const issue of r.issues) {
    // As many decimals as the scale's width needs: 1 on 0–100, 3 on −1..1.
    const f = (x: number | null | undefined) => fmt(x, scaleDigits(issue.scale));
    r.models.forEach((m, i) => {
      const s = issue.models[m.id]!;
      const above = issue.thresholds.map((t) => `>${fmt(t, 6)}: ${pct(s.p_above?.[String(t)] ?? NaN)}`).join(', ');
      out.push([
        i === 0 ? issue.name : '',
        m.id,
        f(s.point),
        f(s.mean),
        f(s.median),
        `${f(s.p05)}–${f(s.p95)}`,
        f(s.sd),
        sparkline(s.histogram),
        above,
        s.n < r.draws ? String(r.draws - s.n) : '',
      ]);
    });
  }
  return out;
}

function columns(): Column[] {
  return [
    { header: 'issue' },
    { header: 'model' },
    { header: 'point', align: 'right' },
    { header: 'mean', align: 'right' },
    { header: 'median', align: 'right' },
    { header: '5–95 %', align: 'right' },
    { header: 'sd', align: 'right' },
    { header: 'histogram (scale min → max)' },
    { header: 'P(above)' },
    { header: 'failed', align: 'right' },
  ];
}

function heading(r: MonteCarloReport, meta: RunMeta): string[] {
  const experts = r.experts.length > 1 ? `, ${r.experts.length} experts (${r.expert_mode}: ${r.experts.join(', ')})` : '';
  const status = r.complete ? '' : `  INTERRUPTED: ${r.draws} of ${plural(r.draws_requested, 'draw')} done; the results are partial.`;
  return [
    r.scenario.title,
    `Monte Carlo: ${plural(r.draws, 'draw', undefined, r.draws.toLocaleString('en-US'))}, seed ${r.seed}, ${plural(r.inputs.length, 'uncertain input')}${experts}; ${plural(meta.threads, 'thread')}, ${(meta.elapsed_ms / 1000).toFixed(1)} s.${status}`,
  ];
}

function costLine(r: MonteCarloReport, meta: RunMeta): string {
  const parts = r.models.map((m) => `${m.id} ${fmtMs(meta.ms_per_draw[m.id]!)}`);
  return `Cost, ms per draw and thread: ${parts.join(' · ')} · sampling ${fmtMs(meta.sampling_ms_per_draw)}.`;
}

const fmtMs = (x: number) => (x >= 10 ? x.toFixed(0) : x >= 1 ? x.toFixed(1) : x >= 0.01 ? x.toFixed(2) : x.toFixed(3));

function failureLines(r: MonteCarloReport): string[] {
  return r.models.filter((m) => m.failed_draws > 0).map((m) => `  ${m.id} gave no forecast on ${plural(m.failed_draws, 'draw')} (left out); first: ${m.first_failure}`);
}

function topInputs(r: MonteCarloReport, n = 8): string[] {
  if (r.inputs.length === 0) return ['No uncertain inputs: every draw is the point forecast.'];
  const shown = r.inputs.slice(0, n).map((x) => `  ${x.id}: ${x.distribution}`);
  return ['Uncertain inputs:', ...shown, ...(r.inputs.length > n ? [`  … and ${r.inputs.length - n} more (all in --format json)`] : [])];
}

export function monteCarloToTable(r: MonteCarloReport, meta: RunMeta): string {
  const failures = failureLines(r);
  return [
    ...heading(r, meta),
    '',
    textTable(columns(), rows(r)),
    ...(failures.length > 0 ? ['Failures:', ...failures, ''] : []),
    costLine(r, meta),
    ...topInputs(r),
    '',
    'point: the forecast with every input at its point value. Which inputs matter: parley sensitivity --issue ID.',
  ].join('\n');
}

export function monteCarloToMarkdown(r: MonteCarloReport, meta: RunMeta): string {
  const failures = failureLines(r);
  return [
    `## ${r.scenario.title}`,
    '',
    heading(r, meta)[1]!,
    '',
    markdownTable(columns(), rows(r)),
    ...(failures.length > 0 ? ['Failures:', '', ...failures.map((f) => `- ${f.trim()}`), ''] : []),
    costLine(r, meta),
    '',
  ].join('\n');
}

export function monteCarloToCsv(r: MonteCarloReport): string {
  const headers = ['issue', 'model', 'draws', 'point', 'mean', 'sd', 'min', 'p05', 'median', 'p95', 'max', 'p_above', 'histogram'];
  const body: (string | number | null)[][] = [];
  for (const issue of r.issues) {
    for (const m of r.models) {
      const s = issue.models[m.id]!;
      const num = (x: number) => (Number.isFinite(x) ? x : null);
      body.push([
        issue.id,
        m.id,
        s.n,
        s.point,
        num(s.mean),
        num(s.sd),
        num(s.min),
        num(s.p05),
        num(s.median),
        num(s.p95),
        num(s.max),
        issue.thresholds.map((t) => `${t}:${s.p_above?.[String(t)]}`).join(' '),
        s.histogram.join(' '),
      ]);
    }
  }
  return csvTable(headers, body);
}
