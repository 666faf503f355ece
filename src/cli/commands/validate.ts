/** `parley validate FILE`: check a scenario and list every problem with its place and fix (exit 2 if any). */
import type { Command } from 'commander';
import { plural } from '../../core/errors.js';
import { loadScenario } from '../io.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .argument('<file>', 'scenario file to check')
    .description('check a scenario file and list every problem with its line, column and fix')
    .addHelpText('after', '\nExamples:\n  parley validate my-scenario.yaml\n\nExit code 0 when the file is valid, 2 when it has problems (each printed as file:line:column: what — fix).')
    .action((file: string) => {
      const { name, uncertain } = loadScenario(file);
      const stances = uncertain.stances.length;
      process.stdout.write(`${name}: valid — ${plural(uncertain.actors.length, 'actor')}, ${plural(uncertain.issues.length, 'issue')}, ${plural(stances, 'stance')}.\n`);
    });
}
