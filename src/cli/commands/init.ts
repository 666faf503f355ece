/**
 * `parley init FILE`: write a commented scenario template to start from. A FILE ending in .json gets the same
 * template as JSON (JSON has no comments: they are only in the YAML template).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { parse } from 'yaml';
import { displayName, impliedFormat, PACKAGE_ROOT, UsageError, writeFileAtomic } from '../io.js';

export const TEMPLATE_PATH = join(PACKAGE_ROOT, 'templates', 'scenario.yaml');

/** The template as written to `file`: commented YAML, or JSON (without the comments) for a .json name. */
export function templateFor(file: string): { text: string; format: 'yaml' | 'json' } {
  const yaml = readFileSync(TEMPLATE_PATH, 'utf8');
  if (!/\.json$/i.test(file)) return { text: yaml, format: 'yaml' };
  return { text: JSON.stringify(parse(yaml), null, 2) + '\n', format: 'json' };
}

/** Is `file` an existing regular file (through links)? A folder, a device or a FIFO is not "a file to overwrite". */
function isExistingFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false; // a path through a file (a.yaml/b.yaml) or a link loop: writeFileAtomic explains
  }
}

export function registerInit(program: Command): void {
  program
    .command('init')
    .argument('<file>', 'the scenario file to create: .json gets the template as JSON (without the comments), any other name the commented YAML; a .csv or .md/.markdown name is refused')
    .description('write a commented scenario template to start from')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText('after', '\nExamples:\n  parley init my-scenario.yaml\n  parley validate my-scenario.yaml && parley forecast my-scenario.yaml')
    .action((file: string, flags: { force?: boolean }) => {
      const name = displayName(resolve(file));
      const implied = impliedFormat(file);
      if (implied === 'csv' || implied === 'markdown') {
        const stem = file.slice(0, file.length - extname(file).length);
        throw new UsageError(`${file}: a ${extname(file)} name means ${implied === 'csv' ? 'CSV' : 'Markdown'}, but init writes a scenario as YAML or JSON — name the file ${stem}.yaml or ${stem}.json`);
      }
      if (isExistingFile(file) && !flags.force) throw new UsageError(`${name} exists — choose another name, or add --force to overwrite it`);
      const { text, format } = templateFor(file);
      const kind = writeFileAtomic(file, text, {
        fix: 'name a file to create somewhere else, e.g. parley init my-scenario.yaml',
        example: format === 'json' ? 'my-scenario.json' : 'my-scenario.yaml',
      });
      if (format === 'json') {
        process.stderr.write(`${name} is JSON, which has no comments: the explanations of every field are only in the YAML template (parley init ${basename(file).replace(/\.json$/i, '.yaml')}).\n`);
      }
      if (kind === 'file') process.stdout.write(`Wrote ${name}. Edit it, then: parley validate ${name} && parley forecast ${name}\n`);
    });
}
