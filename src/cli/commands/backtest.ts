/**
 * `parley backtest DATASET`: score every forecasting model on negotiations whose outcomes are known.
 * DATASET is a folder with issues.csv + stances.csv (the DEU backtest format, ../shared/data/deu-dev), a folder of
 * scenario files whose issues carry `outcome`, or one such file. See docs/backtest.md.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runBacktest } from '../../core/backtest/run.js';
import type { BacktestDataset } from '../../core/backtest/types.js';
import { formatProblem, InputError, plural, problem } from '../../core/errors.js';
import { findModel, MODELS } from '../../core/models/registry.js';
import type { ForecastModel, ForecastOptions } from '../../core/models/types.js';
import {
  backtestToCsv,
  backtestToJson,
  backtestToMarkdown,
  backtestToTable,
  predictionsToCsv,
  readDeuTables,
  readScenarioDataset,
  type DatasetReadResult,
} from '../../formats/backtestData.js';
import { checkFixedFormat, displayName, emit, formatHelp, outputFormat, UsageError, writeFileAtomic } from '../io.js';
import { progressBar } from '../progress.js';
import { collectList, MAX_WHOLE, modelIds, modelParamKey, paramPairs, wholeNumber } from '../options.js';
import { modelOptionProblems } from '../../core/models/modelOptions.js';

interface BacktestFlags {
  models?: string[];
  /** --model, the name every other command uses: the same as --models. */
  model?: string[];
  cv?: string;
  predictions?: string;
  format?: string;
  seed: string;
  bootstrap: string;
  param?: string[];
  out?: string;
}

const SCENARIO_FILE = /\.(ya?ml|json)$/i;

export function registerBacktest(program: Command): void {
  program
    .command('backtest')
    .argument('<dataset>', 'folder with issues.csv + stances.csv (DEU backtest format), or scenario files whose issues carry `outcome`')
    .description('score every forecasting model against known outcomes: MAE, RMSE, hit rates, paired differences with bootstrap intervals')
    .option('-m, --models <names>', `models to score, comma-separated or repeated (${MODELS.map((m) => m.id).join(', ')}); default: all; compromise always runs as the baseline`, collectList)
    .option('--model <names>', 'the same as --models (the name the other commands use); both may be given, the lists add up', collectList)
    .option('--cv <k>', 'cross-validate: refit the models that have parameters on k − 1 folds of cases, score on the held-out fold')
    .option('--predictions <file>', 'write every issue\'s outcome and forecasts as CSV (a .json, .md/.markdown or .yaml/.yml name is refused)')
    .option('-f, --format <format>', formatHelp())
    .option('--seed <n>', 'seed of the bootstrap and of the folds', '1')
    .option('--bootstrap <n>', 'bootstrap resamples of cases', '2000')
    .option('--param <model.name=value>', 'a model option, repeatable (e.g. ensemble.nash_weight=1)', (v: string, prev: string[] = []) => [...prev, v])
    .option('-o, --out <file>', 'write the report to this file instead of the terminal (its name can set the format: see --format)')
    .addHelpText(
      'after',
      `
Examples:
  parley backtest ../shared/data/deu-dev                    every model on the 227 DEU issues
  parley backtest ../shared/data/deu-dev --cv 10            cross-validated (folds of whole proposals)
  parley backtest ../shared/data/deu-dev -m ensemble --predictions preds.csv
  parley backtest ../shared/data/deu-dev --model compromise,nash    (--model and --models are the same)
  parley backtest my-cases/ --format json                   a folder of scenarios with outcomes`,
    )
    .action((dataset: string, flags: BacktestFlags) => {
      const format = outputFormat(flags.format, undefined, flags.out, 'backtest');
      if (flags.predictions) checkFixedFormat(flags.predictions, 'csv', '--predictions');
      const seed = wholeNumber(flags.seed, '--seed', 0, MAX_WHOLE);
      const replicates = wholeNumber(flags.bootstrap, '--bootstrap', 1, 1_000_000);
      const models = chooseModels(flags.models, flags.model);
      const modelOptions = paramsToOptions(flags.param);
      const optionProblems = modelOptionProblems(modelOptions, MODELS, []);
      if (optionProblems.length > 0) throw new InputError(optionProblems);
      const data = readDataset(dataset);
      let cv: number | null = null;
      if (flags.cv !== undefined) {
        const cases = data.cases.length;
        if (cases < 2) throw new UsageError(`--cv ${flags.cv}: the data set has ${plural(cases, 'case')}; cross-validation needs at least 2`);
        cv = wholeNumber(flags.cv, '--cv', 2, MAX_WHOLE);
        if (cv > cases) throw new UsageError(`--cv ${flags.cv}: give a whole number from 2 to ${cases} — the data set has ${plural(cases, 'case')}, and ${cases} folds is leave-one-case-out`);
      }
      const progress = progressBar('backtest');
      let report;
      try {
        report = runBacktest(data, { models, cv, seed, replicates, modelOptions, onProgress: progress.update });
      } finally {
        progress.stop();
      }
      if (flags.predictions) writeFileAtomic(flags.predictions, predictionsToCsv(report));
      const text =
        format === 'json' ? backtestToJson(report) : format === 'csv' ? backtestToCsv(report) : format === 'markdown' ? backtestToMarkdown(report) : backtestToTable(report);
      emit(text, flags.out);
    });
}

/**
 * The registered models asked for by --models and --model (all by default, each list checked under its own name),
 * with the compromise baseline always among them.
 */
function chooseModels(models: string[] | undefined, model: string[] | undefined): ForecastModel[] {
  const given = ([['--models', models], ['--model', model]] as const).filter(([, ids]) => ids !== undefined);
  const ids = given.length === 0 ? modelIds(undefined) : [...new Set(given.flatMap(([option, list]) => modelIds(list, option)))];
  const chosen = ids.map((id) => findModel(id)!);
  const baseline = findModel('compromise');
  return baseline && !chosen.includes(baseline) ? [baseline, ...chosen] : chosen;
}

/** `--param ensemble.nash_weight=1` → { ensemble: { nash_weight: 1 } } (numbers stay numbers). */
function paramsToOptions(pairs: string[] | undefined): ForecastOptions {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [key, raw] of paramPairs(pairs, 'ensemble.nash_weight=1')) {
    const [model, name] = modelParamKey(key, raw, 'ensemble.nash_weight=1');
    const value = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
    (out[model] ??= {})[name] = value;
  }
  return out;
}

/** Read the data set from a folder or file; every problem is reported with its file, line and column (exit 2). */
function readDataset(arg: string): BacktestDataset {
  const path = resolve(arg);
  const name = displayName(path);
  if (!existsSync(path)) throw new InputError([problem('no-file', [], 'no such folder or file', 'name a folder with issues.csv and stances.csv, or with scenario files whose issues carry `outcome`')], name);
  if (!statSync(path).isDirectory()) {
    if (/\.csv$/i.test(path)) {
      throw new InputError([problem('not-a-dataset', [], 'a single CSV file is not a data set', `name the folder that holds issues.csv and stances.csv${basename(path).match(/^(issues|stances)\.csv$/i) ? ` (here: ${displayName(resolve(path, '..'))})` : ''}`)], name);
    }
    return unwrap(readScenarioDataset([{ name, text: readFileSync(path, 'utf8') }], name));
  }
  const entries = readdirSync(path).sort();
  const issues = entries.find((e) => e.toLowerCase() === 'issues.csv');
  const stances = entries.find((e) => e.toLowerCase() === 'stances.csv');
  if (issues || stances) {
    if (!issues || !stances) {
      const missing = issues ? 'stances.csv' : 'issues.csv';
      throw new InputError([problem('missing-file', [], `the folder has ${issues ?? stances} but no ${missing}`, `add ${missing} (the format is in docs/backtest.md)`)], name);
    }
    const names = { issues: displayName(join(path, issues)), stances: displayName(join(path, stances)), dataset: basename(path) };
    return unwrap(readDeuTables(readFileSync(join(path, issues), 'utf8'), readFileSync(join(path, stances), 'utf8'), names));
  }
  const files = entries.filter((e) => SCENARIO_FILE.test(e)).map((e) => ({ name: displayName(join(path, e)), text: readFileSync(join(path, e), 'utf8') }));
  return unwrap(readScenarioDataset(files, basename(path)));
}

/** The data set, or an InputError carrying every problem (printed here first when they span several files). */
function unwrap(result: DatasetReadResult): BacktestDataset {
  if (result.dataset && result.problems.length === 0) return result.dataset;
  const groups = result.problems.filter((g) => g.problems.length > 0);
  if (groups.length === 1) throw new InputError(groups[0]!.problems, groups[0]!.source);
  let count = 0;
  for (const g of groups) {
    for (const p of g.problems) process.stderr.write(formatProblem(p, g.source) + '\n');
    count += g.problems.length;
  }
  throw new UsageError(`${plural(count, 'problem')} in ${plural(groups.length, 'file')} of the data set (listed above); nothing was scored`);
}
