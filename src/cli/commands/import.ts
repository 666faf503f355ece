/** `parley import FILE --out scenario.yaml`: convert any supported input format into a Parley scenario. */
import type { Command } from 'commander';
import { SCENARIO_FORMATS } from '../../formats/detect.js';
import { writeScenarioText } from '../../formats/scenarioText.js';
import { emit, loadScenario, UsageError } from '../io.js';

export function registerImport(program: Command): void {
  program
    .command('import')
    .argument('<file>', 'file to convert')
    .description(`convert another tool's file into a Parley scenario (${SCENARIO_FORMATS.map((f) => f.name).join('; ')})`)
    .option('-o, --out <file>', 'where to write the scenario (.yaml or .json); default: the terminal')
    .option('-f, --format <format>', 'yaml or json (default: from --out, else yaml)')
    .addHelpText('after', '\nExamples:\n  parley import dummyData_3Dim.csv --out dummy.yaml\n  parley import smpExample.xml --format json')
    .action((file: string, flags: { out?: string; format?: string }) => {
      const format = flags.format ?? (flags.out?.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
      if (format !== 'yaml' && format !== 'json') throw new UsageError(`--format ${format}: use yaml or json`);
      const { uncertain } = loadScenario(file);
      emit(writeScenarioText(uncertain, format), flags.out);
      if (flags.out) process.stderr.write(`Wrote ${flags.out}: ${uncertain.actors.length} actors, ${uncertain.issues.length} issues.\n`);
    });
}
