#!/usr/bin/env node
/**
 * The `parley` command. Each subcommand lives in ./commands/<name>.ts and registers itself here; this file only
 * wires them and maps every error to a message and an exit code (0 ok, 2 invalid input or usage, 1 otherwise).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { registerBacktest } from './commands/backtest.js';
import { registerDeals } from './commands/deals.js';
import { registerDynamics } from './commands/dynamics.js';
import { registerForecast } from './commands/forecast.js';
import { registerImport } from './commands/import.js';
import { registerInit } from './commands/init.js';
import { registerMontecarlo } from './commands/montecarlo.js';
import { registerSchema } from './commands/schema.js';
import { registerSensitivity } from './commands/sensitivity.js';
import { registerServe } from './commands/serve.js';
import { registerShock } from './commands/shock.js';
import { registerSimulate } from './commands/simulate.js';
import { registerTournament } from './commands/tournament.js';
import { registerValidate } from './commands/validate.js';
import { EXIT_INVALID, PACKAGE_ROOT, reportError } from './io.js';

const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('parley')
    .description('Forecast multi-party, multi-issue negotiations: where they will end, why, which deals leave every side better off, and how sure we are.')
    .version(version, '-V, --version')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'parley: ')) })
    .addHelpText(
      'after',
      `
Examples:
  parley forecast                      forecast the built-in Busan summit example (Trump–Xi, 30 Oct 2025)
  parley forecast my.yaml --format json
  parley dynamics --model eum          round by round: who challenges whom and why
  parley init my.yaml                  start a new scenario from a commented template
  parley validate my.yaml              list every problem in a scenario file
  parley COMMAND --help                options and examples of one command`,
    );
  registerForecast(program);
  registerDynamics(program);
  registerBacktest(program);
  registerMontecarlo(program);
  registerSensitivity(program);
  registerShock(program);
  registerDeals(program);
  registerSimulate(program);
  registerTournament(program);
  registerValidate(program);
  registerImport(program);
  registerInit(program);
  registerSchema(program);
  registerServe(program);
  for (const c of program.commands) c.exitOverride().showSuggestionAfterError(true);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version exit 0; every other commander error is a usage problem and was already printed
      return e.exitCode === 0 ? 0 : EXIT_INVALID;
    }
    return reportError(e);
  }
}

// A closed pipe (`parley forecast | head`) is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
