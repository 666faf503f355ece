/** `parley forecast [FILE]`: every chosen model's forecast per issue, with what it means on the scale. */
import type { Command } from 'commander';
import { forecastScenario } from '../../core/forecast.js';
import { MODELS } from '../../core/models/registry.js';
import type { ForecastOptions, NashOptions } from '../../core/models/types.js';
import { forecastToCsv, forecastToJson, forecastToMarkdown, forecastToTable } from '../../formats/forecastReport.js';
import { emit, formatHelp, loadScenario, outputFormat, UsageError } from '../io.js';
import { collectList, modelIds, modelParamKey, paramPairs, repeatable } from '../options.js';

interface ForecastFlags {
  model?: string[];
  format?: string;
  out?: string;
  nashUtility?: string;
  nashWeights?: string;
  param?: string[];
}

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .argument('[file]', 'scenario file (Parley YAML/JSON, or another supported format); default: the built-in Busan summit example')
    .description('forecast where each issue will end, by every model')
    .option('-m, --model <name>', `model to run, repeatable or comma-separated (${MODELS.map((m) => m.id).join(', ')}); default: all`, collectList)
    .option('-f, --format <format>', formatHelp())
    .option('-o, --out <file>', 'write to this file instead of the terminal (its name can set the format: see --format)')
    .option('--nash-utility <kind>', 'Nash bargaining utilities: linear or quadratic (default: the scenario\'s model_options.nash, else linear)')
    .option('--nash-weights <kind>', 'Nash bargaining weights: capability-salience or capability (default: the scenario\'s, else capability-salience)')
    .option('-p, --param <model.name=value>', 'a model parameter, repeatable, e.g. eum.rounds=20 (see docs/<model>.md)', repeatable)
    .addHelpText(
      'after',
      `
Examples:
  parley forecast                                  the built-in Busan summit example
  parley forecast my-scenario.yaml --model compromise --model median
  parley forecast my-scenario.yaml --format json --out forecast.json
  parley forecast --nash-utility quadratic --format markdown
  parley forecast --model eum --param eum.rounds=20 --param eum.stop=mean`,
    )
    .action((file: string | undefined, flags: ForecastFlags) => {
      const format = outputFormat(flags.format, undefined, flags.out, 'forecast');
      if (flags.nashUtility !== undefined && flags.nashUtility !== 'linear' && flags.nashUtility !== 'quadratic') {
        throw new UsageError(`--nash-utility ${flags.nashUtility}: use linear or quadratic`);
      }
      if (flags.nashWeights !== undefined && flags.nashWeights !== 'capability-salience' && flags.nashWeights !== 'capability') {
        throw new UsageError(`--nash-weights ${flags.nashWeights}: use capability-salience or capability`);
      }
      const models = modelIds(flags.model);
      const nash: NashOptions = {};
      if (flags.nashUtility !== undefined) nash.utility = flags.nashUtility;
      if (flags.nashWeights !== undefined) nash.weights = flags.nashWeights;
      const options: ForecastOptions = Object.keys(nash).length > 0 ? { nash } : {};
      for (const [key, value] of paramPairs(flags.param, 'eum.rounds=20')) {
        const [model, name] = modelParamKey(key, value, 'eum.rounds=20');
        // --nash-utility and --param nash.utility set the same thing: once only.
        const asFlags: Record<string, [string, string | undefined]> = { utility: ['--nash-utility', flags.nashUtility], weights: ['--nash-weights', flags.nashWeights] };
        const flag = model === 'nash' ? asFlags[name] : undefined;
        if (flag && flag[1] !== undefined) throw new UsageError(`${flag[0]} ${flag[1]} and --param ${key}=${value}: ${key} is set twice — give it once`);
        const section = (options[model] ??= {}) as Record<string, unknown>;
        section[name] = value;
      }
      const loaded = loadScenario(file);
      const report = forecastScenario(loaded.scenario, models, options);
      const text =
        format === 'json' ? forecastToJson(report) : format === 'csv' ? forecastToCsv(report) : format === 'markdown' ? forecastToMarkdown(report) : forecastToTable(report);
      emit(text, flags.out);
    });
}
