/** `parley dynamics [FILE] --model eum|smp|exchange`: the round-by-round story of a dynamic model. */
import type { Command } from 'commander';
import { didYouMean, InputError, problem } from '../../core/errors.js';
import { DYNAMICS_MODELS, findDynamicsModel } from '../../core/dynamics/registry.js';
import { dynamicsToCsv, dynamicsToJson, dynamicsToTable } from '../../formats/dynamicsReport.js';
import { emit, loadScenario, outputFormat, parseParams, UsageError } from '../io.js';
import { repeatable } from '../options.js';
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
    .option('-f, --format <format>', 'table, json or csv', 'table')
    .option('-o, --out <file>', 'write to this file instead of the terminal')
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
      const format = outputFormat(flags.format, ['table', 'json', 'csv']);
      const available = DYNAMICS_MODELS.map((m) => m.id);
      if (available.length === 0) throw new UsageError('no dynamic model is available in this build');
      const id = flags.model ?? available[0]!;
      const model = findDynamicsModel(id);
      if (!model) {
        const guess = didYouMean(id, available);
        throw new UsageError(`--model ${id}: unknown dynamic model — ${guess ? `did you mean ${guess}? ` : ''}choose from ${available.join(', ')}`);
      }
      // --param NAME=VALUE, or MODEL.NAME=VALUE as `forecast` takes it (the model must be the one run).
      const params: Record<string, string> = {};
      for (const [key, value] of Object.entries(parseParams(flags.param))) {
        const dot = key.indexOf('.');
        if (dot > 0) {
          const prefix = key.slice(0, dot);
          if (prefix !== model.id) {
            throw new UsageError(`--param ${key}=${value}: this run is of ${model.id}; write --param ${model.id}.${key.slice(dot + 1)}=… or just --param ${key.slice(dot + 1)}=…, or choose the model with --model ${prefix}`);
          }
          params[key.slice(dot + 1)] = value;
        } else params[key] = value;
      }
      let roundsText = flags.rounds;
      if (params.rounds !== undefined) {
        if (roundsText !== undefined) throw new UsageError(`--rounds ${roundsText} and --param rounds=${params.rounds}: give the number of rounds once`);
        roundsText = params.rounds;
        delete params.rounds;
      }
      let rounds: number | undefined;
      if (roundsText !== undefined) {
        rounds = Number(roundsText);
        if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10000) throw new UsageError(`rounds ${roundsText}: give a whole number from 1 to 10000`);
      }
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
      const text =
        format === 'json'
          ? dynamicsToJson(result)
          : format === 'csv'
            ? dynamicsToCsv(result)
            : dynamicsToTable(result, { scenario: loaded.scenario.title, issueNames }, { issues: flags.issue });
      emit(text, flags.out);
    });
}
