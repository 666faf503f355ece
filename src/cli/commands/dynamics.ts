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
      let rounds: number | undefined;
      if (flags.rounds !== undefined) {
        rounds = Number(flags.rounds);
        if (!Number.isInteger(rounds) || rounds < 1 || rounds > 10000) throw new UsageError(`--rounds ${flags.rounds}: give a whole number from 1 to 10000`);
      }
      const params = parseParams(flags.param);
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
