/** `parley init FILE`: write a commented scenario template to start from. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { displayName, PACKAGE_ROOT, UsageError, writeFileAtomic } from '../io.js';

export const TEMPLATE_PATH = join(PACKAGE_ROOT, 'templates', 'scenario.yaml');

export function registerInit(program: Command): void {
  program
    .command('init')
    .argument('<file>', 'where to write the new scenario (.yaml)')
    .description('write a commented scenario template to start from')
    .option('--force', 'overwrite the file if it exists')
    .addHelpText('after', '\nExamples:\n  parley init my-scenario.yaml\n  parley validate my-scenario.yaml && parley forecast my-scenario.yaml')
    .action((file: string, flags: { force?: boolean }) => {
      if (existsSync(file) && !flags.force) throw new UsageError(`${displayName(file)} exists — choose another name, or add --force to overwrite it`);
      writeFileAtomic(file, readFileSync(TEMPLATE_PATH, 'utf8'));
      process.stdout.write(`Wrote ${displayName(file)}. Edit it, then: parley validate ${displayName(file)} && parley forecast ${displayName(file)}\n`);
    });
}
