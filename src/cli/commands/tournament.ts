/**
 * `parley tournament [INPUT...]`: every pairing of strategies on every domain, both roles, repeated and seeded;
 * the ranking table by mean payoff, with agreement rate, welfare and distances to the Pareto frontier and Nash point.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { STRATEGIES } from '../../core/simulate/strategies/registry.js';
import { runTournament, type TournamentResult } from '../../core/simulate/tournament.js';
import { csvTable, plural, textTable } from '../../formats/table.js';
import { emit, formatHelp, outputFormat, UsageError } from '../io.js';
import { optionalWhole } from '../options.js';
import { loadDealInput, u3, type LoadedDeal } from './deals.js';
import { addSimulationOptions, parseDeadline, parseDiscounting, parseSeed, strategiesFromOption, type SimulationFlags } from './simulate.js';

interface TournamentFlags extends SimulationFlags {
  strategies?: string;
  repetitions?: string;
  selfPlay?: boolean;
  roleSwap?: boolean;
  runs?: boolean;
  format?: string;
  out?: string;
}

/** The same file or folder named twice (through any spelling or link): refused, or it would count twice. */
function refuseRepeats(inputs: string[]): void {
  const seen = new Map<string, string>();
  for (const input of inputs) {
    let key = resolve(input);
    try {
      key = realpathSync(key);
    } catch {
      // a path that does not exist is reported by the loader
    }
    const before = seen.get(key);
    if (before !== undefined) {
      throw new UsageError(`${input}: this domain is given twice${before !== input ? ` (also as ${before})` : ''} — name each domain once (use --repetitions to run it more)`);
    }
    seen.set(key, input);
  }
}

/**
 * Domains with more than two parties: a tournament is between two, and the first two negotiate. Said in the output,
 * with the parties left out and how to choose others.
 */
export function partyNotes(loaded: readonly LoadedDeal[]): string[] {
  return loaded
    .filter((l) => l.space.parties.length > 2)
    .map((l) => {
      const names = l.space.parties.map((p) => p.name);
      const left = names.slice(2);
      const choose = l.kind === 'scenario' ? `choose two with --parties "A,B"` : 'choose two with --profiles A,B';
      return (
        `${l.space.title} has ${plural(names.length, 'party', 'parties')} (${names.join(', ')}); a tournament is between two, so ${names[0]} and ${names[1]} ` +
        `negotiate and ${left.join(', ')} ${left.length === 1 ? 'is' : 'are'} left out (${choose}).`
      );
    });
}

function tournamentText(r: TournamentResult, header: string, showRuns: boolean, notes: string[] = []): string {
  const out: string[] = [header, ...notes.map((n) => `Note: ${n}`), ''];
  out.push(
    textTable(
      [{ header: 'domain' }, { header: 'packages', align: 'right' }, { header: 'frontier', align: 'right' }, { header: 'Nash point' }],
      r.domains.map((d) => [d.name + (d.bidsSampled ? ' (bids sampled)' : ''), d.outcomes.toLocaleString('en-US'), String(d.frontier), d.nash ? d.nash.map((x) => x.toFixed(3)).join(', ') : '–']),
    ),
  );
  out.push(
    textTable(
      [
        { header: 'rank', align: 'right' },
        { header: 'strategy' },
        { header: 'runs', align: 'right' },
        { header: 'agreements', align: 'right' },
        { header: 'mean payoff', align: 'right' },
        { header: 'welfare', align: 'right' },
        { header: 'dist. Pareto', align: 'right' },
        { header: 'dist. Nash', align: 'right' },
        { header: 'rounds', align: 'right' },
      ],
      r.ranking.map((s, i) => [
        String(i + 1),
        s.name,
        String(s.runs),
        `${(100 * s.agreementRate).toFixed(0)}%`,
        u3(s.meanPayoff),
        u3(s.meanWelfare),
        u3(s.meanDistancePareto),
        u3(s.meanDistanceNash),
        s.meanRounds.toFixed(0),
      ]),
    ),
  );
  out.push('Mean payoff: what the strategy received (discounted), over all its runs in either role. Welfare: both payoffs summed.');
  out.push('Distances: from the outcome (agreement, or the reservation values on failure) to the nearest Pareto-frontier point and to the Nash point, in utility space.');
  if (showRuns) {
    out.push('');
    out.push(
      textTable(
        [{ header: '#', align: 'right' }, { header: 'domain' }, { header: 'party 1' }, { header: 'party 2' }, { header: 'agreed' }, { header: 'round', align: 'right' }, { header: 'payoffs', align: 'right' }],
        r.runs.map((x) => [String(x.index), x.domain, x.strategies[0], x.strategies[1], x.agreement ? 'yes' : 'no', String(x.rounds), x.payoffs.map((p) => p.toFixed(3)).join(', ')]),
      ),
    );
  }
  return out.join('\n');
}

export function registerTournament(program: Command): void {
  const cmd = program
    .command('tournament')
    .argument('[inputs...]', 'scenario files and/or GENIUS / GeniusWeb folders (the domains); default: the built-in Busan summit example')
    .description('a round-robin tournament of negotiation strategies: every pairing, both roles, repeated; ranked by mean payoff');
  addSimulationOptions(cmd)
    .option('-s, --strategies <list>', `comma-separated (default all: ${STRATEGIES.map((s) => s.id).join(', ')})`)
    .option('-r, --repetitions <n>', 'runs of each pairing per domain and role (default 1; random strategies differ between runs)')
    .option('--self-play', 'also pair every strategy with itself')
    .option('--no-role-swap', 'do not repeat each pairing with the roles swapped')
    .option('--runs', 'also list every run')
    .option('-f, --format <format>', formatHelp(['table', 'json', 'csv'], '(the runs)'))
    .option('-o, --out <file>', 'write to this file instead of the terminal (its name can set the format: see --format)')
    .addHelpText(
      'after',
      `
Examples:
  parley tournament --parties "United States,China" --deadline 180 --seed 1
  parley tournament ../shared/reference/genius/domains/Laptop ../shared/reference/genius/domains/Camera --repetitions 3 --self-play
  parley tournament my.yaml --strategies boulware,conceder,nice-tit-for-tat --format json`,
    )
    .action((inputs: string[], flags: TournamentFlags) => {
      const format = outputFormat(flags.format, ['table', 'json', 'csv'], flags.out, 'tournament');
      const deadline = parseDeadline(flags.deadline);
      const seed = parseSeed(flags.seed);
      const discounting = parseDiscounting(flags.discounting);
      const repetitions = optionalWhole(flags.repetitions, '--repetitions', 1, 10000) ?? 1;
      const ids = (flags.strategies ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const strategies = strategiesFromOption(ids.length > 0 ? ids : STRATEGIES.map((s) => s.id));
      if (strategies.length < 2 && !flags.selfPlay) throw new UsageError('--strategies: a tournament needs two strategies, or --self-play');
      refuseRepeats(inputs);
      const loaded = (inputs.length > 0 ? inputs : [undefined]).map((i) => loadDealInput(i, flags));
      const notes = partyNotes(loaded);
      const result = runTournament(strategies, loaded.map((l) => ({ name: l.space.title, space: l.space })), {
        deadline,
        seed,
        repetitions,
        discounting,
        selfPlay: flags.selfPlay ?? false,
        roleSwap: flags.roleSwap ?? true,
      });
      const header =
        `Tournament: ${plural(strategies.length, 'strategy', 'strategies')} × ${plural(loaded.length, 'domain')}` +
        `${flags.roleSwap === false ? '' : ' × both roles'} × ${plural(repetitions, 'repetition')} = ${plural(result.runs.length, 'negotiation')}; ` +
        `${'rounds' in deadline ? `deadline ${plural(deadline.rounds, 'round')}` : `deadline ${deadline.seconds} s`}, seed ${seed}.`;
      let text: string;
      if (format === 'json') text = JSON.stringify({ ...result, deadline: 'rounds' in deadline ? { rounds: deadline.rounds } : { seconds: deadline.seconds }, discounting, notes }, null, 2);
      else if (format === 'csv') {
        for (const n of notes) process.stderr.write(`parley: note: ${n}\n`);
        text = csvTable(
          ['run', 'domain', 'strategy_1', 'strategy_2', 'repetition', 'agreement', 'rounds', 'utility_1', 'utility_2', 'payoff_1', 'payoff_2', 'welfare', 'distance_pareto', 'distance_nash'],
          result.runs.map((x) => [x.index, x.domain, x.strategies[0], x.strategies[1], x.repetition, x.agreement ? 1 : 0, x.rounds, x.utilities[0], x.utilities[1], x.payoffs[0], x.payoffs[1], x.welfare, x.distancePareto, x.distanceNash]),
        );
      } else text = tournamentText(result, header, flags.runs ?? false, notes);
      emit(text, flags.out);
    });
}
