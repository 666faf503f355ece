/**
 * `parley sensitivity [FILE...] --issue ID`: which uncertain inputs move a forecast most — one-at-a-time sweeps ranked
 * as tornado data, with each input's first-order variance-based index from a Monte Carlo sample.
 */
import type { Command } from 'commander';
import { didYouMean, listChoices } from '../../core/errors.js';
import { isValidSeed } from '../../core/random/xoshiro128.js';
import type { MonteCarloJob } from '../../core/uncertainty/montecarlo.js';
import { sensitivityReport, type SensitivityReport, type TornadoBar } from '../../core/uncertainty/sensitivity.js';
import { csvTable, fmt, markdownTable, plural, scaleDigits, textTable, type Column } from '../../formats/table.js';
import { emit, outputFormat, UsageError } from '../io.js';
import { progressBar } from '../progress.js';
import { defaultThreads, UncertaintyPool } from '../../workers/uncertaintyPool.js';
import { addSharedOptions, finishInterrupted, interruptible, loadExperts, prepareChecked, type SharedFlags } from './montecarlo.js';
import { modelIds, optionalWhole, repeatable, wholeNumber } from '../options.js';

interface SensitivityFlags extends SharedFlags {
  issue?: string[];
  points: string;
  draws: string;
  top: string;
}

export function registerSensitivity(program: Command): void {
  const cmd = program
    .command('sensitivity')
    .argument('[files...]', 'scenario file, or several experts\' versions of one scenario; default: the built-in Busan summit example')
    .description('which uncertain inputs move each forecast most: tornado ranking and first-order variance indices')
    .option('-i, --issue <id>', 'issue to analyse, repeatable; default: every issue', repeatable)
    .option('--points <n>', 'values per input in the one-at-a-time sweep, from its lowest to its highest value', '9')
    .option('-n, --draws <n>', 'Monte Carlo draws behind the variance-based indices (0: sweeps only)', '1000')
    .option('--top <n>', 'inputs shown per issue and model', '10');
  addSharedOptions(cmd).addHelpText(
    'after',
    `
The sweep sets one input at a time to evenly spaced values across its range, the others at their point values, and
ranks inputs by the swing of the forecast (max − min). The first-order index S is the share of the forecast's
Monte Carlo variance that the input explains on its own (0 to 1; the rest of the variance comes from interactions).
Ctrl-C stops and prints what was done, marked partial (exit code 130).

Examples:
  parley sensitivity --issue rare_earths --uncertainty salience=10,position=5%
  parley sensitivity my.yaml --issue tariffs --model compromise --draws 5000 --top 5
  parley sensitivity expert-a.yaml expert-b.yaml --issue tariffs --format json`,
  );
  cmd.action(async (files: string[], flags: SensitivityFlags) => {
    const format = outputFormat(flags.format, undefined, flags.out, 'sensitivity');
    const points = wholeNumber(flags.points, '--points', 2, 1000);
    const draws = wholeNumber(flags.draws, '--draws', 0, 10_000_000);
    const top = wholeNumber(flags.top, '--top', 1, 10000);
    const seed = wholeNumber(flags.seed, '--seed', 0);
    if (!isValidSeed(seed)) throw new UsageError(`--seed ${flags.seed}: give a whole number from 0 to 2^53 − 1`);
    const threads = optionalWhole(flags.threads, '--threads', 1, 256) ?? defaultThreads();
    const models = modelIds(flags.model);
    const experts = loadExperts(files, flags, models);
    const job: MonteCarloJob = { ...experts.job, seed, draws, keepInputs: true };
    const p = prepareChecked(job, experts);
    const ids = p.issues.map((i) => i.id);
    for (const id of flags.issue ?? []) {
      if (!ids.includes(id)) {
        const guess = didYouMean(id, ids);
        throw new UsageError(`--issue ${id}: unknown issue in ${experts.loaded[0]!.name} — ${guess ? `did you mean ${guess}?` : `use one of: ${listChoices(ids)}`}`);
      }
    }
    const J = p.space.inputs.length;
    if (J === 0) {
      process.stderr.write('parley: note: no input is uncertain, so nothing can move the forecast. Give ranges in the file, an `uncertainty:` section, several experts\' files, or e.g. --uncertainty salience=10.\n');
    }
    const stop = interruptible();
    const pool = new UncertaintyPool(job, threads);
    let report: SensitivityReport;
    let interrupted = false;
    try {
      const sweepBar = progressBar('sweeps');
      const swept = await pool.sweeps(J, points, { signal: stop.signal, onProgress: sweepBar.update }).finally(() => sweepBar.stop());
      interrupted = swept.interrupted;
      let chunks: Awaited<ReturnType<UncertaintyPool['draws']>>['chunks'] = [];
      if (!interrupted && draws > 0 && J > 0) {
        const bar = progressBar('Monte Carlo');
        const r = await pool.draws(draws, { signal: stop.signal, onProgress: bar.update }).finally(() => bar.stop());
        interrupted = r.interrupted;
        chunks = r.chunks;
      }
      report = sensitivityReport(p, swept.sweeps, points, chunks, { issues: flags.issue, top });
    } finally {
      stop.release();
      await pool.close();
    }
    const scales = Object.fromEntries(p.issues.map((i) => [i.id, i.scale]));
    const text =
      format === 'json'
        ? JSON.stringify({ ...report, complete: !interrupted }, null, 2)
        : format === 'csv'
          ? sensitivityToCsv(report)
          : format === 'markdown'
            ? sensitivityToMarkdown(report, scales)
            : sensitivityToTable(report, scales);
    if (interrupted) finishInterrupted(text, flags.out, `${report.swept} of ${plural(report.inputs, 'input')} swept, ${report.draws} of ${plural(draws, 'draw')} done`);
    else emit(text, flags.out);
  });
}

const BAR = 16;

function bar(swing: number, largest: number): string {
  if (!(largest > 0) || !(swing > 0)) return '';
  return '█'.repeat(Math.max(1, Math.round((swing / largest) * BAR)));
}

function range(b: TornadoBar): string {
  return `${fmt(b.low, 2)}–${fmt(b.high, 2)} (${fmt(b.base, 2)})`;
}

function columns(withBar: boolean): Column[] {
  return [
    { header: '#', align: 'right' },
    { header: 'input' },
    { header: 'low–high (point)' },
    { header: 'at low', align: 'right' },
    { header: 'at high', align: 'right' },
    { header: 'swing', align: 'right' },
    ...(withBar ? [{ header: '' }] : []),
    { header: 'S (1st order)', align: 'right' },
  ];
}

/** Issue id → scale, for decimals that fit the scale's width (2 on 0–100, 4 on −1..1). */
export type Scales = Record<string, { min: number; max: number }>;

function rows(bars: TornadoBar[], withBar: boolean, digits = 2): string[][] {
  const largest = bars[0]?.swing ?? 0;
  return bars.map((b, i) => [
    String(i + 1),
    b.input,
    range(b),
    fmt(b.at_low, digits),
    fmt(b.at_high, digits),
    fmt(b.swing, digits),
    ...(withBar ? [bar(b.swing, largest)] : []),
    b.first_order === null ? '–' : b.first_order.toFixed(2),
  ]);
}

function modelHeading(r: SensitivityReport, name: string, model: string, m: SensitivityReport['issues'][number]['models'][string], digits = 2): string {
  const mc = r.draws > 0 && m.sd !== null ? `; over ${plural(r.draws, 'draw', undefined, r.draws.toLocaleString('en-US'))} sd ${fmt(m.sd, digits)}, Σ S = ${m.first_order_sum === null ? '–' : m.first_order_sum.toFixed(2)}${m.first_order_sum_noise === null ? '' : ` ± ${m.first_order_sum_noise.toFixed(2)}`}` : '';
  return `${name} — ${model}: point forecast ${fmt(m.point, digits)}${mc}`;
}

function intro(r: SensitivityReport): string {
  const mc = r.draws > 0 ? `, first-order indices S from ${plural(r.draws, 'Monte Carlo draw', undefined, r.draws.toLocaleString('en-US'))} (seed ${r.seed})` : '';
  const missing = r.swept < r.inputs ? ` INTERRUPTED: ${r.swept} of ${plural(r.inputs, 'input')} swept; the ranking is partial.` : '';
  return `${r.scenario.title}\nSensitivity: ${plural(r.inputs, 'uncertain input')}, one-at-a-time sweeps of ${plural(r.points, 'point')}${mc}.${missing}`;
}

export function sensitivityToTable(r: SensitivityReport, scales: Scales = {}): string {
  const parts = [intro(r), ''];
  for (const issue of r.issues) {
    const digits = scaleDigits(scales[issue.id], 2);
    for (const [model, m] of Object.entries(issue.models)) {
      parts.push(modelHeading(r, issue.name, model, m, digits));
      parts.push(m.tornado.length > 0 ? textTable(columns(true), rows(m.tornado, true, digits)) : '  (no uncertain inputs)\n');
    }
  }
  parts.push('swing: how far the forecast moves when that input alone sweeps its range. S: its share of the Monte Carlo variance on its own.');
  if (r.first_order_noise !== null) {
    parts.push(
      `S is estimated from the draws: at ${plural(r.draws, 'draw', undefined, r.draws.toLocaleString('en-US'))} an S below ${(2 * r.first_order_noise).toFixed(2)} cannot be told from 0, and Σ S (the sum over all inputs, ± its sampling noise) may stray above 1 by that noise; more draws (--draws) narrow both.`,
    );
  }
  return parts.join('\n');
}

export function sensitivityToMarkdown(r: SensitivityReport, scales: Scales = {}): string {
  const parts = [`## ${r.scenario.title}`, '', intro(r).split('\n')[1]!, ''];
  for (const issue of r.issues) {
    const digits = scaleDigits(scales[issue.id], 2);
    for (const [model, m] of Object.entries(issue.models)) {
      parts.push(`### ${modelHeading(r, issue.name, model, m, digits)}`, '', markdownTable(columns(false), rows(m.tornado, false, digits)));
    }
  }
  return parts.join('\n');
}

export function sensitivityToCsv(r: SensitivityReport): string {
  const headers = ['issue', 'model', 'rank', 'input', 'kind', 'actor', 'input_issue', 'low', 'high', 'point', 'at_low', 'at_high', 'min', 'max', 'swing', 'first_order'];
  const body: (string | number | null)[][] = [];
  for (const issue of r.issues) {
    for (const [model, m] of Object.entries(issue.models)) {
      m.tornado.forEach((b, i) => body.push([issue.id, model, i + 1, b.input, b.kind, b.actor, b.issue, b.low, b.high, b.base, b.at_low, b.at_high, b.min, b.max, b.swing, b.first_order]));
    }
  }
  return csvTable(headers, body);
}
