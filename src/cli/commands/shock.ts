/**
 * `parley shock [FILE] --drop ACTOR | --set ACTOR.ISSUE.salience=VALUE ... | --perturb [H]`: every model's forecast
 * before and after what-if changes, as a difference table; optionally Predictioneer-style random salience perturbations.
 */
import type { Command } from 'commander';
import type { InputProblem } from '../../core/errors.js';
import { findModel } from '../../core/models/registry.js';
import type { ForecastModel } from '../../core/models/types.js';
import { isValidSeed } from '../../core/random/xoshiro128.js';
import { toPointScenario } from '../../core/scenario.js';
import { prepareJob, summariseRun, type ModelSummary } from '../../core/uncertainty/montecarlo.js';
import { applyShocks, compareForecasts, describeShock, parseDrop, parseSet, perturbationJob, type Shock, type ShockIssueRow } from '../../core/uncertainty/shock.js';
import { csvTable, fmt, markdownTable, plural, scaleDigits, textTable, type Column } from '../../formats/table.js';
import { emit, formatHelp, loadScenario, outputFormat, UsageError } from '../io.js';
import { defaultThreads } from '../../workers/uncertaintyPool.js';
import { finishInterrupted, interruptible, runDraws } from './montecarlo.js';
import { collectList, modelIds, optionalWhole, repeatable, wholeNumber } from '../options.js';

interface ShockFlags {
  drop?: string[];
  set?: string[];
  perturb?: string | boolean;
  draws: string;
  seed: string;
  threads?: string;
  model?: string[];
  format?: string;
  out?: string;
}

export interface ShockReport {
  scenario: { title: string };
  shocks: string[];
  /** Issues that nobody with weight takes part in after the shocks: no forecast after. */
  removed_issues: string[];
  models: string[];
  issues: (ShockIssueRow & { perturbed?: Record<string, Pick<ModelSummary, 'mean' | 'sd' | 'p05' | 'median' | 'p95'> | null> })[];
  perturbation: { salience: number; draws: number; draws_requested: number; seed: number; complete: boolean } | null;
}

export function registerShock(program: Command): void {
  program
    .command('shock')
    .argument('[file]', 'scenario file; default: the built-in Busan summit example')
    .description('what if an actor leaves or a number changes: forecasts before and after, by model')
    .option('--drop <actor>', 'remove an actor and its stances, repeatable', repeatable)
    .option('--set <name=value>', 'set ACTOR.capability, ACTOR.ISSUE.position or ACTOR.ISSUE.salience to a value, repeatable', repeatable)
    .option('--perturb [H]', 'also re-run with every salience moved at random by up to ±H (default 10), Predictioneer style')
    .option('-n, --draws <n>', 'perturbation runs', '1000')
    .option('-s, --seed <n>', 'seed of the perturbation runs', '1')
    .option('-t, --threads <n>', `worker threads for the perturbation runs (default: all cores, here ${defaultThreads()})`)
    .option('-m, --model <name>', 'models, repeatable or comma-separated; default: all', collectList)
    .option('-f, --format <format>', formatHelp())
    .option('-o, --out <file>', 'write to this file instead of the terminal (its name can set the format: see --format)')
    .addHelpText(
      'after',
      `
Shocks apply in the order given, to the point scenario (ranges replaced by their point values). An issue left with
nobody on it has no forecast after the shock. --perturb runs the shocked scenario --draws times, every salience s
becoming s + U(−H, H) cut to 0–100, run i from stream (seed, i): the same on any number of threads.

Examples:
  parley shock --drop russia
  parley shock --set xi.taiwan.salience=60 --set trump.capability=30
  parley shock my.yaml --drop hawks --perturb 15 --draws 2000 --format json
  parley shock --perturb                                        how robust is the Busan forecast?`,
    )
    .action(async (file: string | undefined, flags: ShockFlags) => {
      const format = outputFormat(flags.format, undefined, flags.out, 'shock');
      const seed = wholeNumber(flags.seed, '--seed', 0);
      if (!isValidSeed(seed)) throw new UsageError(`--seed ${flags.seed}: give a whole number from 0 to 2^53 − 1`);
      const draws = wholeNumber(flags.draws, '--draws', 1, 10_000_000);
      const threads = optionalWhole(flags.threads, '--threads', 1, 256) ?? defaultThreads();
      let halfWidth: number | null = null;
      if (flags.perturb !== undefined && flags.perturb !== false) {
        const text = flags.perturb === true ? '10' : flags.perturb;
        halfWidth = Number(text);
        if (!/^\d+(\.\d+)?$/.test(text) || !(halfWidth > 0) || halfWidth > 100) {
          throw new UsageError(`--perturb ${text}: give the largest salience change, a number above 0 and at most 100 (e.g. --perturb 10)`);
        }
      }
      const chosenIds = modelIds(flags.model);
      if ((flags.drop ?? []).length === 0 && (flags.set ?? []).length === 0 && halfWidth === null) {
        throw new UsageError('give at least one shock: --drop ACTOR, --set ACTOR.ISSUE.salience=VALUE (or .position, or ACTOR.capability=VALUE), or --perturb [H]');
      }
      const loaded = loadScenario(file);
      const shocks: Shock[] = [];
      const problems: InputProblem[] = [];
      for (const d of flags.drop ?? []) {
        const r = parseDrop(d, loaded.uncertain);
        if (r.shock) shocks.push(r.shock);
        problems.push(...r.problems);
      }
      for (const s of flags.set ?? []) {
        const r = parseSet(s, loaded.uncertain);
        if (r.shock) shocks.push(r.shock);
        problems.push(...r.problems);
      }
      // Shocks that contradict each other: dropping an actor twice, or setting a value of an actor that is dropped.
      const dropped = new Set<string>();
      for (const sh of shocks) {
        if (sh.kind === 'drop') {
          if (dropped.has(sh.actor)) problems.push({ code: 'repeated-drop', path: ['--drop'], message: `${sh.actor} is dropped twice`, fix: 'drop each actor once' });
          dropped.add(sh.actor);
        } else if (dropped.has(sh.actor)) {
          problems.push({ code: 'set-dropped', path: ['--set'], message: `${sh.actor} is dropped, so its ${sh.field} cannot be set`, fix: `leave out --set ${sh.actor}.…, or do not drop ${sh.actor}` });
        }
      }
      if (problems.length > 0) throw new UsageError(problems.map((p) => `${p.path[0]}: ${p.message} — ${p.fix}`).join('\nparley: '));

      const shocked = applyShocks(loaded.uncertain, shocks);
      const before = loaded.scenario;
      const after = toPointScenario(shocked.scenario);
      const models = chosenIds.map((id) => findModel(id)!) as ForecastModel[];
      const report: ShockReport = {
        scenario: { title: before.title },
        shocks: shocks.map(describeShock),
        removed_issues: shocked.removedIssues,
        models: chosenIds,
        issues: compareForecasts(before, after, models),
        perturbation: null,
      };
      let interrupted = false;
      if (halfWidth !== null) {
        const job = perturbationJob(after, halfWidth, seed, draws, { models: chosenIds });
        const p = prepareJob(job);
        const stop = interruptible();
        let run;
        try {
          run = await runDraws(job, threads, 'perturbation runs', stop.signal);
        } finally {
          stop.release();
        }
        interrupted = run.interrupted;
        const mc = summariseRun(p, run.chunks);
        report.perturbation = { salience: halfWidth, draws: mc.draws, draws_requested: draws, seed, complete: mc.complete };
        for (const row of report.issues) {
          const issue = mc.issues.find((i) => i.id === row.id);
          row.perturbed = Object.fromEntries(
            chosenIds.map((id) => {
              const s = issue?.models[id];
              return [id, s && s.n > 0 ? { mean: s.mean, sd: s.sd, p05: s.p05, median: s.median, p95: s.p95 } : null];
            }),
          );
        }
      }
      const scales = Object.fromEntries(before.issues.map((i) => [i.id, i.scale]));
      const text =
        format === 'json'
          ? JSON.stringify(report, null, 2)
          : format === 'csv'
            ? shockToCsv(report)
            : format === 'markdown'
              ? shockToMarkdown(report, scales)
              : shockToTable(report, scales);
      if (interrupted) finishInterrupted(text, flags.out, `${report.perturbation!.draws} of ${plural(draws, 'perturbation run')} done`);
      else emit(text, flags.out);
    });
}

/** Issue id → scale, for decimals that fit the scale's width (1 on 0–100, 3 on −1..1). */
export type Scales = Record<string, { min: number; max: number }>;

const signed = (x: number | null, digits = 1) => (x === null ? '–' : `${x > 0 ? '+' : x < 0 ? '−' : '±'}${fmt(Math.abs(x), digits)}`);

function columns(r: ShockReport): Column[] {
  return [
    { header: 'issue' },
    { header: 'model' },
    { header: 'before', align: 'right' },
    { header: 'after', align: 'right' },
    { header: 'change', align: 'right' },
    ...(r.perturbation ? [{ header: `perturbed ±${fmt(r.perturbation.salience)}: mean`, align: 'right' as const }, { header: '5–95 %', align: 'right' as const }] : []),
  ];
}

function rows(r: ShockReport, scales: Scales): string[][] {
  return r.issues.flatMap((issue) => {
    const d = scaleDigits(scales[issue.id]);
    const f = (x: number | null | undefined) => fmt(x, d);
    return r.models.map((m, i) => {
      const p = issue.perturbed?.[m];
      return [
        i === 0 ? issue.name : '',
        m,
        f(issue.before[m]),
        f(issue.after[m]),
        signed(issue.change[m] ?? null, d),
        ...(r.perturbation ? [f(p?.mean), p ? `${f(p.p05)}–${f(p.p95)}` : '–'] : []),
      ];
    });
  });
}

function intro(r: ShockReport): string[] {
  const lines = [`Shocks: ${r.shocks.length > 0 ? r.shocks.join('; ') : 'none'}.`];
  if (r.removed_issues.length > 0) lines.push(`No one with weight is left on: ${r.removed_issues.join(', ')} (no forecast after).`);
  if (r.perturbation) {
    const p = r.perturbation;
    lines.push(`Perturbation: every salience ±${fmt(p.salience)} (uniform, cut to 0–100), ${plural(p.draws, 'run', undefined, p.draws.toLocaleString('en-US'))}, seed ${p.seed}${p.complete ? '' : `; INTERRUPTED after ${p.draws} of ${plural(p.draws_requested, 'run')}`}.`);
  }
  return lines;
}

export function shockToTable(r: ShockReport, scales: Scales = {}): string {
  return [r.scenario.title, ...intro(r), '', textTable(columns(r), rows(r, scales))].join('\n');
}

export function shockToMarkdown(r: ShockReport, scales: Scales = {}): string {
  return [`## ${r.scenario.title}`, '', ...intro(r), '', markdownTable(columns(r), rows(r, scales))].join('\n');
}

export function shockToCsv(r: ShockReport): string {
  const headers = ['issue', 'model', 'before', 'after', 'change', ...(r.perturbation ? ['perturbed_mean', 'perturbed_sd', 'perturbed_p05', 'perturbed_median', 'perturbed_p95'] : [])];
  return csvTable(
    headers,
    r.issues.flatMap((issue) =>
      r.models.map((m) => {
        const p = issue.perturbed?.[m] ?? null;
        return [issue.id, m, issue.before[m] ?? null, issue.after[m] ?? null, issue.change[m] ?? null, ...(r.perturbation ? [p?.mean ?? null, p?.sd ?? null, p?.p05 ?? null, p?.median ?? null, p?.p95 ?? null] : [])];
      }),
    ),
  );
}
