/**
 * The `parley` program: every subcommand and the mapping of errors to exit codes (0 ok, 2 invalid input or usage,
 * 1 otherwise). Each subcommand lives in ./commands/<name>.ts; it is loaded only when it runs (or for the overall
 * help), so `parley forecast` does not pay for the web server's SQLite or the worker pool at start-up.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { checkOutputPath, EXIT_INVALID, PACKAGE_ROOT, reportError } from './io.js';

type Register = (program: Command) => void;

/** Command name → its module's register function, in the order `parley --help` lists them. */
const COMMANDS: Record<string, () => Promise<Register>> = {
  forecast: async () => (await import('./commands/forecast.js')).registerForecast,
  dynamics: async () => (await import('./commands/dynamics.js')).registerDynamics,
  deals: async () => (await import('./commands/deals.js')).registerDeals,
  simulate: async () => (await import('./commands/simulate.js')).registerSimulate,
  tournament: async () => (await import('./commands/tournament.js')).registerTournament,
  montecarlo: async () => (await import('./commands/montecarlo.js')).registerMontecarlo,
  sensitivity: async () => (await import('./commands/sensitivity.js')).registerSensitivity,
  shock: async () => (await import('./commands/shock.js')).registerShock,
  backtest: async () => (await import('./commands/backtest.js')).registerBacktest,
  serve: async () => (await import('./commands/serve.js')).registerServe,
  validate: async () => (await import('./commands/validate.js')).registerValidate,
  import: async () => (await import('./commands/import.js')).registerImport,
  init: async () => (await import('./commands/init.js')).registerInit,
  schema: async () => (await import('./commands/schema.js')).registerSchema,
};

/** Options that name a file a command writes (checked before the command runs). */
const OUTPUT_OPTIONS = ['out', 'predictions'] as const;

/** Other names a command answers to. */
const ALIASES: Record<string, string> = { mc: 'montecarlo' };

const { version } = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

/** The program with the named commands (all of them when `only` is empty). */
export async function buildProgram(only: string[] = Object.keys(COMMANDS)): Promise<Command> {
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
  parley deals                         Pareto frontier, bargaining points and logrolls
  parley montecarlo --draws 10000      how far the forecasts move when the inputs are uncertain
  parley backtest DATA-FOLDER          score every model on negotiations with known outcomes
  parley serve                         the web app
  parley init my.yaml                  start a new scenario from a commented template
  parley validate my.yaml              list every problem in a scenario file
  parley COMMAND --help                options and examples of one command`,
    );
  const registers = await Promise.all(only.map((name) => COMMANDS[name]!()));
  for (const register of registers) register(program);
  for (const c of program.commands) c.exitOverride().showSuggestionAfterError(true);
  // Every output path is checked before the work that fills it, so a long run never ends on "cannot write", and a
  // command that writes two files (backtest --out and --predictions) never writes the first and fails on the second.
  program.hook('preAction', (_program, action) => {
    if (action.name() === 'import') return; // import checks its --out itself, against its input and its format
    const opts = action.opts() as Record<string, unknown>;
    for (const key of OUTPUT_OPTIONS) {
      const value = opts[key];
      if (typeof value === 'string' && value !== '') checkOutputPath(value, { fix: `choose another --${key} path`, example: key === 'predictions' ? 'predictions.csv' : 'result.json' });
    }
  });
  return program;
}

/** Run `parley ARGS…` and return the exit code; everything printed goes to process.stdout / process.stderr. */
export async function runCli(argv: string[]): Promise<number> {
  const first = argv[0] ?? '';
  const name = ALIASES[first] ?? first;
  // Load just the command asked for; anything else (help, version, a typo) gets the full list for its suggestions.
  const only = name in COMMANDS ? [name] : first === '-V' || first === '--version' ? [] : undefined;
  const program = await buildProgram(only);
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
