/**
 * `parley import FILE|FOLDER --out scenario.yaml`: convert any supported input format into a Parley scenario.
 * A folder is a GENIUS (XML) or GeniusWeb (JSON) negotiation — a domain and linear additive profiles — converted
 * by src/formats/geniusToScenario.ts; how far the converted utilities depart from the profiles is printed on
 * stderr (docs/deals.md, "Converting GENIUS negotiations").
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { plural } from '../../core/errors.js';
import type { UncertainScenario } from '../../core/scenario.js';
import { SCENARIO_FORMATS } from '../../formats/detect.js';
import type { SourceFile } from '../../formats/genius.js';
import { approximationSummary, readGeniusNegotiation } from '../../formats/geniusToScenario.js';
import { writeScenarioText } from '../../formats/scenarioText.js';
import { checkOutputPath, displayName, impliedFormat, loadScenario, sameFileAs, throwFolderProblems, UsageError, writeFileAtomic, type WriteOptions } from '../io.js';

const OUT_OPTIONS = (format: 'yaml' | 'json'): WriteOptions => ({ fix: 'choose another --out path', example: `scenario.${format}` });

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a missing path is reported by the scenario loader
  }
}

function isGeniusFile(path: string): boolean {
  try {
    return /<(utility_space|negotiation_template)\b/.test(readFileSync(path, 'utf8').slice(0, 4000));
  } catch {
    return false; // the loader reports unreadable files
  }
}

/** A GENIUS / GeniusWeb folder as a scenario; the approximation summary goes to stderr. */
function importNegotiation(path: string, profiles: string | undefined): UncertainScenario {
  const name = displayName(path);
  const files: SourceFile[] = readdirSync(path)
    .filter((f) => /\.(xml|json)$/i.test(f) && statSync(join(path, f)).isFile())
    .map((f) => ({ name: f, text: readFileSync(join(path, f), 'utf8') }));
  const list = profiles?.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const conv = readGeniusNegotiation(files, { profiles: list, title: basename(path) });
  if (!conv.scenario) throwFolderProblems(name, conv.problems);
  const tool = conv.format === 'genius' ? 'GENIUS' : 'GeniusWeb';
  process.stderr.write(
    `Converted the ${tool} negotiation in ${name}: ${plural(conv.scenario.issues.length, 'issue')}, ${plural(conv.scenario.actors.length, 'actor')} (capability 1, salience = issue weight ×100, position = fitted peak).\n` +
      `Approximation (largest difference between the Parley and the ${tool} utility, 0–1, over every package):\n` +
      approximationSummary(conv.approximation)
        .map((l) => `  ${l}\n`)
        .join(''),
  );
  return conv.scenario;
}

/** The scenario format to write: --format, else from the --out name (.json → json), else yaml; a contradiction, or a .csv / .md name, is refused. */
export function outputFormatFor(out: string | undefined, format: string | undefined): 'yaml' | 'json' {
  if (format !== undefined && format !== 'yaml' && format !== 'json') throw new UsageError(`--format ${format}: use yaml or json`);
  const implied = out === undefined ? undefined : impliedFormat(out);
  if (implied !== undefined && implied !== 'yaml' && implied !== 'json') {
    // A .csv or .md name would hold a YAML or JSON scenario: refused, with or without --format.
    const stem = out!.slice(0, out!.length - extname(out!).length);
    const what = implied === 'csv' ? 'CSV' : 'Markdown';
    throw new UsageError(`--out ${out}: a ${extname(out!)} name means ${what}, but import writes a scenario as YAML or JSON — name the file ${format === 'json' ? `${stem}.json` : format === 'yaml' ? `${stem}.yaml` : `${stem}.yaml or ${stem}.json`}`);
  }
  const ext = /\.(json|ya?ml)$/i.exec(out ?? '')?.[1]?.toLowerCase();
  const named = ext === undefined ? undefined : ext === 'json' ? 'json' : 'yaml';
  if (format === undefined) return named ?? 'yaml';
  if (named !== undefined && named !== format) {
    const other = out!.replace(/\.(json|ya?ml)$/i, format === 'json' ? '.json' : '.yaml');
    throw new UsageError(`--format ${format} contradicts --out ${out} (a .${ext} file is read as ${named === 'json' ? 'JSON' : 'YAML'}) — drop --format (the name decides), or name the file ${other}`);
  }
  return format;
}

/** Refuse an --out that is the input file, or one of the input folder's files: the import would overwrite its own input. */
function refuseOverwritingInput(out: string, input: string, folder: boolean, format: 'yaml' | 'json'): void {
  let inputs = [input];
  if (folder) {
    try {
      inputs = readdirSync(input).map((f) => join(input, f));
    } catch {
      inputs = []; // an unreadable folder is reported when it is read
    }
  }
  const same = sameFileAs(out, inputs);
  if (same === undefined) return;
  const stem = basename(out).replace(/\.[^.]*$/, '');
  throw new UsageError(
    `--out ${out} is the input file ${displayName(same)} — the import would overwrite its own input; choose another name, e.g. --out ${stem}-parley.${format === 'json' ? 'json' : 'yaml'}`,
  );
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .argument('<input>', 'file to convert, or a GENIUS / GeniusWeb folder (a domain and linear additive profiles)')
    .description(`convert another tool's file into a Parley scenario (${SCENARIO_FORMATS.map((f) => f.name).join('; ')}; GENIUS / GeniusWeb folders)`)
    .option('-o, --out <file>', 'where to write the scenario (.yaml or .json); default: the terminal')
    .option('-f, --format <format>', 'yaml or json; without it, the --out name decides: .json → json, .yaml/.yml or any other name → yaml; given, it must agree with a .json, .yaml or .yml name; .csv and .md/.markdown names are refused')
    .option('--profiles <list>', 'GENIUS/GeniusWeb folder: the profiles to convert, comma-separated (default: all)')
    .addHelpText(
      'after',
      '\nExamples:\n  parley import dummyData_3Dim.csv --out dummy.yaml\n  parley import smpExample.xml --format json\n  parley import ../shared/reference/genius/domains/Laptop --out laptop.yaml\n\n' +
        'A GENIUS profile scores every value; a Parley actor has one position and a salience per issue, so the conversion is an\n' +
        'approximation: its size is printed for every actor and written into every stance note (docs/deals.md).',
    )
    .action((input: string, flags: { out?: string; format?: string; profiles?: string }) => {
      const format = outputFormatFor(flags.out, flags.format);
      const path = resolve(input);
      const folder = isDirectory(path);
      if (flags.out) {
        refuseOverwritingInput(flags.out, path, folder, format);
        checkOutputPath(flags.out, OUT_OPTIONS(format)); // before converting: a bad --out is reported first
      }
      if (!folder && flags.profiles !== undefined) throw new UsageError('--profiles applies to a GENIUS / GeniusWeb folder');
      if (!folder && /\.xml$/i.test(path) && isGeniusFile(path)) {
        throw new UsageError(`${displayName(path)} is one GENIUS file: give the folder that holds the domain and the profiles`);
      }
      const uncertain = folder ? importNegotiation(path, flags.profiles) : loadScenario(input).uncertain;
      const written = writeScenarioText(uncertain, format);
      const text = written.endsWith('\n') ? written : written + '\n';
      if (!flags.out) process.stdout.write(text);
      else if (writeFileAtomic(flags.out, text, OUT_OPTIONS(format)) === 'file') {
        process.stderr.write(`Wrote ${flags.out}: ${plural(uncertain.actors.length, 'actor')}, ${plural(uncertain.issues.length, 'issue')}.\n`);
      }
    });
}
