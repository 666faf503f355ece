/** `parley dynamics [FILE] --model eum|smp|exchange`: the round-by-round story of a dynamic model. */
import type { Command } from 'commander';
import { didYouMean, InputError, problem } from '../../core/errors.js';
import { DYNAMICS_MODELS, findDynamicsModel } from '../../core/dynamics/registry.js';
import { dynamicsToCsv, dynamicsToJson, dynamicsToTable } from '../../formats/dynamicsReport.js';
import { emit, formatHelp, loadScenario, outputFormat, UsageError } from '../io.js';
import { paramPairs, repeatable, wholeNumber } from '../options.js';
import { progressBar } from '../progress.js';

interface DynamicsFlags {
  model?: string;
  rounds?: string;
  param?: string[];
  issue?: string[];
  format?: string;
  out?: string;
}

export function registerDynamics(program: Command): void {
  program
    .command('dynamics')
    .argument('[file]', 'scenario file; default: the built-in Busan summit example')
    .description('round by round: who challenges whom, who gives way, and why')
    .option('-m, --model <name>', 'dynamic model (eum, smp, exchange, as available)')
    .option('-r, --rounds <n>', 'number of rounds, where the model takes one')
    .option('-p, --param <name=value>', 'a model parameter, repeatable (see docs/<model>.md)', repeatable)
    .option('-i, --issue <id>', 'show only this issue, repeatable', repeatable)
    .option('-f, --format <format>', formatHelp(['table', 'json', 'csv']))
    .option('-o, --out <file>', 'write to this file instead of the terminal (its name can set the format: see --format)')
    .addHelpText(
      'after',
      `
Examples:
  parley dynamics --model eum                      the Busan example, expected utility model
  parley dynamics ec-car-emissions.yaml --model eum --rounds 10
  parley dynamics scenario.xml --model smp --format csv --out history.csv
  parley dynamics --model eum --param compromiseRule=least-movement`,
    )
    .action((file: string | undefined, flags: DynamicsFlags) => {
      const format = outputFormat(flags.format, ['table', 'json', 'csv'], flags.out, 'dynamics');
      const available = DYNAMICS_MODELS.map((m) => m.id);
      if (available.length === 0) throw new UsageError('no dynamic model is available in this build');
      if (flags.model !== undefined && flags.model.trim() === '') throw new UsageError(`--model "": the model name is empty — choose from ${available.join(', ')}`);
      const id = flags.model ?? available[0]!;
      const model = findDynamicsModel(id);
      if (!model) {
        const guess = didYouMean(id, available);
        throw new UsageError(`--model ${id}: unknown dynamic model — ${guess ? `did you mean ${guess}? ` : ''}choose from ${available.join(', ')}`);
      }
      // --param NAME=VALUE, or MODEL.NAME=VALUE as `forecast` takes it (the model must be the one run); NAME and
      // MODEL.NAME are the same parameter, so giving both is refused like giving one twice.
      const prefix = `${model.id}.`;
      const params: Record<string, string> = {};
      for (const [key, value] of paramPairs(flags.param, 'rounds=20', (k) => (k.startsWith(prefix) ? k.slice(prefix.length) : k))) {
        const dot = key.indexOf('.');
        if (dot > 0) {
          const other = key.slice(0, dot);
          if (other !== model.id) {
            throw new UsageError(`--param ${key}=${value}: this run is of ${model.id}; write --param ${model.id}.${key.slice(dot + 1)}=… or just --param ${key.slice(dot + 1)}=…, or choose the model with --model ${other}`);
          }
          params[key.slice(dot + 1)] = value;
        } else params[key] = value;
      }
      let rounds: number | undefined;
      if (params.rounds !== undefined) {
        if (flags.rounds !== undefined) throw new UsageError(`--rounds ${flags.rounds} and --param rounds=${params.rounds}: give the number of rounds once`);
        rounds = wholeNumber(params.rounds, '--param rounds', 1, 10000, `--param rounds=${params.rounds}`);
        delete params.rounds;
      } else if (flags.rounds !== undefined) rounds = wholeNumber(flags.rounds, '--rounds', 1, 10000);
      const loaded = loadScenario(file);
      for (const i of flags.issue ?? []) {
        if (!loaded.scenario.issues.some((x) => x.id === i)) {
          const guess = didYouMean(i, loaded.scenario.issues.map((x) => x.id));
          throw new InputError([problem('unknown-issue', ['issue'], `unknown issue "${i}"`, guess ? `did you mean "${guess}"?` : 'use an issue id from the scenario')], loaded.name);
        }
      }
      const bar = progressBar(`${model.id} rounds`);
      let result;
      try {
        result = model.run(loaded.scenario, { ...params, rounds, onProgress: bar.update });
      } finally {
        bar.stop();
      }
      const issueNames = Object.fromEntries(loaded.scenario.issues.map((i) => [i.id, i.name]));
      const scales = Object.fromEntries(loaded.scenario.issues.map((i) => [i.id, i.scale]));
      const text =
        format === 'json'
          ? dynamicsToJson(result)
          : format === 'csv'
            ? dynamicsToCsv(result)
            : dynamicsToTable(result, { scenario: loaded.scenario.title, issueNames, scales }, { issues: flags.issue });
      emit(text, flags.out);
    });
}
