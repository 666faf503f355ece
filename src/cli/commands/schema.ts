/** `parley schema`: print the JSON Schema of scenario files (for editors' validation and autocompletion). */
import type { Command } from 'commander';
import { scenarioJsonSchema } from '../../core/scenarioSchema.js';
import { checkFixedFormat, emit } from '../io.js';

export function registerSchema(program: Command): void {
  program
    .command('schema')
    .description('print the JSON Schema of Parley scenario files')
    .option('-o, --out <file>', 'write to this file (JSON; a .csv, .md/.markdown or .yaml/.yml name is refused)')
    .addHelpText(
      'after',
      '\nExamples:\n  parley schema > scenario.schema.json\n\nIn a YAML file, point editors at it with a first line:\n  # yaml-language-server: $schema=./scenario.schema.json',
    )
    .action((flags: { out?: string }) => {
      if (flags.out) checkFixedFormat(flags.out, 'json', '--out', 'parley schema');
      emit(JSON.stringify(scenarioJsonSchema(), null, 2), flags.out);
    });
}
