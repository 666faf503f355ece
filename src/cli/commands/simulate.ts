/**
 * `parley simulate [FILE|FOLDER]`: one negotiation under the stacked alternating offers protocol between the chosen
 * strategies — every offer with every party's utility, and the result against the Pareto frontier and Nash point.
 */
import type { Command } from 'commander';
import { analyseDeals, distance, distanceToFrontier } from '../../core/deals/points.js';
import { packageOf } from '../../core/deals/report.js';
import { buildBidSpace } from '../../core/simulate/bidSpace.js';
import { negotiate, type Deadline, type NegotiationResult } from '../../core/simulate/protocol.js';
import { STRATEGIES, strategiesById } from '../../core/simulate/strategies/registry.js';
import type { Strategy } from '../../core/simulate/types.js';
import { InputError } from '../../core/errors.js';
import { csvTable, fmt, textTable } from '../../formats/table.js';
import { emit, formatHelp, outputFormat, UsageError } from '../io.js';
import { addDealInputOptions, loadDealInput, tooLargeInOptions, u3, type DealInputFlags, type LoadedDeal } from './deals.js';
import { optionalWhole } from '../options.js';
import { progressBar } from '../progress.js';

export interface SimulationFlags extends DealInputFlags {
  deadline?: string;
  seed?: string;
  discounting?: string;
  maxBids?: string;
}

/** "180" = 180 rounds; "3s" = 3 seconds of wall-clock time (not reproducible). */
export function parseDeadline(value: string | undefined): Deadline {
  const v = (value ?? '180').trim();
  const seconds = /^([0-9]*\.?[0-9]+)\s*s$/.exec(v);
  if (seconds) {
    const s = Number(seconds[1]);
    if (!(s > 0)) throw new UsageError(`--deadline ${v}: give a positive number of seconds, e.g. 3s`);
    return { seconds: s, clock: () => performance.now() / 1000 };
  }
  const rounds = Number(v);
  if (!Number.isInteger(rounds) || rounds < 1) throw new UsageError(`--deadline ${v}: give a number of rounds (e.g. 180) or of seconds (e.g. 3s)`);
  return { rounds };
}

export function parseSeed(value: string | undefined): number {
  if (value === undefined) return 0;
  const s = Number(value);
  if (!Number.isSafeInteger(s) || s < 0) throw new UsageError(`--seed ${value}: give a whole number ≥ 0`);
  return s;
}

export function parseDiscounting(value: string | undefined): 'time' | 'round' | 'none' {
  const v = value ?? 'time';
  if (v !== 'time' && v !== 'round' && v !== 'none') throw new UsageError(`--discounting ${v}: use time (GENIUS, U·d^t), round (NegMAS, U·d^round) or none`);
  return v;
}

/** Strategies by id; unknown ids are a usage error naming each one. */
export function strategiesFromOption(ids: string[]): Strategy[] {
  try {
    return strategiesById(ids);
  } catch (e) {
    if (e instanceof InputError) throw new UsageError(`--strategies: ${e.problems.map((p) => `${p.message} — ${p.fix}`).join('; ')}`);
    throw e;
  }
}

export function addSimulationOptions(cmd: Command): Command {
  return addDealInputOptions(cmd)
    .option('--deadline <d>', 'rounds (e.g. 180, default) or wall-clock seconds (e.g. 3s; not reproducible)', '180')
    .option('--seed <n>', 'seed of every random draw (default 0)')
    .option('--discounting <kind>', "time (GENIUS' U·d^t, default), round (NegMAS' U·d^round) or none")
    .option('--max-bids <n>', 'enumerate spaces up to this many packages, sample this many above (default 1000000)');
}

function simulationText(loaded: LoadedDeal, r: NegotiationResult, extra: SimulationExtra, full: boolean): string {
  const names = r.parties;
  const out: string[] = [];
  const space = loaded.space;
  out.push(`${space.title} — strategies: ${r.strategies.map((s, i) => `${names[i]} ${s}`).join(', ')}.`);
  out.push(
    `Stacked alternating offers, ${extra.deadline}, discounting ${r.discounting === 'time' ? 'U·d^t (GENIUS)' : r.discounting === 'round' ? 'U·d^round (NegMAS)' : 'off'}, seed ${extra.seed}.` +
      (extra.sampled ? ` Bids: a seeded sample of ${extra.bids.toLocaleString('en-US')} of ${extra.total.toExponential(2)} packages, with every Pareto-efficient one.` : ''),
  );
  out.push('');
  const rows = r.trace.map((e) => [String(e.round + 1), e.time.toFixed(3), names[e.party]!, e.action, ...(e.action === 'end' ? names.map(() => '') : e.utilities.map(u3))]);
  const keep = full || rows.length <= 40 ? rows.map((_, i) => i) : [...rows.keys()].filter((i) => i < 10 || i >= rows.length - 20 || (r.trace[i]!.round + 1) % 25 === 0);
  const shown: string[][] = [];
  keep.forEach((i, t) => {
    if (t > 0 && i !== keep[t - 1]! + 1) shown.push(['…', '', '', '', ...names.map(() => '')]);
    shown.push(rows[i]!);
  });
  out.push(
    textTable(
      [{ header: 'round', align: 'right' }, { header: 't', align: 'right' }, { header: 'party' }, { header: 'action' }, ...names.map((n) => ({ header: `U ${n}`, align: 'right' as const }))],
      shown,
    ),
  );
  if (!full && keep.length < rows.length) out.push(`(${rows.length - keep.length} of ${rows.length} actions left out; --full-trace or --format csv shows them all)`);
  if (r.agreement) {
    out.push(`Agreement in round ${r.agreement.round + 1} (t = ${r.agreement.time.toFixed(3)}):`);
    const w = Math.max(...space.issues.map((i) => [...i.name].length));
    for (const item of packageOf(space, r.agreement.outcome)) out.push(`  ${item.name.padEnd(w)}  ${item.value !== null && !item.label.startsWith(fmt(item.value)) ? `${fmt(item.value)}: ` : ''}${item.label}`);
  } else out.push(r.reason === 'ended' ? 'A party ended the negotiation: no agreement.' : `No agreement by the deadline: every party gets its reservation value.`);
  out.push(`Utilities ${names.map((n, i) => `${n} ${u3(r.utilities[i]!)}`).join(', ')}; payoffs after discounting ${names.map((n, i) => `${n} ${u3(r.payoffs[i]!)}`).join(', ')}.`);
  out.push(`Distance to the Pareto frontier ${u3(extra.distancePareto)}, to the Nash point ${extra.distanceNash === null ? '–' : u3(extra.distanceNash)}.`);
  return out.join('\n');
}

interface SimulationExtra {
  deadline: string;
  seed: number;
  sampled: boolean;
  bids: number;
  total: number;
  distancePareto: number;
  distanceNash: number | null;
  nash: number[] | null;
}

export function registerSimulate(program: Command): void {
  const cmd = program
    .command('simulate')
    .argument('[input]', 'scenario file, or a GENIUS / GeniusWeb folder; default: the built-in Busan summit example')
    .description('simulate one negotiation (stacked alternating offers) between concession strategies: every offer, and the result');
  addSimulationOptions(cmd)
    .option('-s, --strategies <list>', `one per party, comma-separated (${STRATEGIES.map((s) => s.id).join(', ')}, time-dependent:E); default boulware for all`)
    .option('--full-trace', 'print every action (the table shows a sample of long runs)')
    .option('-f, --format <format>', formatHelp(['table', 'json', 'csv'], '(the trace)'))
    .option('-o, --out <file>', 'write to this file instead of the terminal (its name can set the format: see --format)')
    .addHelpText(
      'after',
      `
Examples:
  parley simulate --parties "United States,China" --strategies boulware,conceder --deadline 180 --seed 1
  parley simulate ../shared/reference/genius/domains/Energy --strategies nice-tit-for-tat,hardliner --deadline 1000
  parley simulate my.yaml --strategies linear,random --format csv --out trace.csv`,
    )
    .action((input: string | undefined, flags: SimulationFlags & { strategies?: string; fullTrace?: boolean; format?: string; out?: string }) => {
      const format = outputFormat(flags.format, ['table', 'json', 'csv'], flags.out, 'simulate');
      const deadline = parseDeadline(flags.deadline);
      const seed = parseSeed(flags.seed);
      const discounting = parseDiscounting(flags.discounting);
      const maxBids = optionalWhole(flags.maxBids, '--max-bids', 1, 100_000_000) ?? 1_000_000;
      const loaded = loadDealInput(input, flags);
      const n = loaded.space.parties.length;
      const ids = (flags.strategies ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      const chosen = ids.length === 0 ? Array.from({ length: n }, () => 'boulware') : ids;
      if (chosen.length !== n) {
        throw new UsageError(`--strategies: ${chosen.length} given for ${n} parties (${loaded.space.parties.map((p) => p.name).join(', ')}) — give one per party, or choose parties with --parties / --profiles`);
      }
      const strategies = strategiesFromOption(chosen);
      const bar = progressBar('Pareto frontier, issues merged');
      let analysis;
      try {
        analysis = analyseDeals(loaded.space, { frontier: { onProgress: bar.update } });
      } catch (e) {
        throw tooLargeInOptions(e, loaded, flags);
      } finally {
        bar.stop();
      }
      const bids = buildBidSpace(loaded.space, { limit: maxBids, seed, frontier: analysis.frontier });
      const result = negotiate(bids, strategies, { deadline, seed, discounting });
      const extra: SimulationExtra = {
        deadline: 'rounds' in deadline ? `deadline ${deadline.rounds} rounds` : `deadline ${deadline.seconds} s (wall clock)`,
        seed,
        sampled: bids.sampled,
        bids: bids.size,
        total: bids.total,
        distancePareto: distanceToFrontier(analysis.frontier, result.utilities).distance,
        distanceNash: analysis.nash ? distance(result.utilities, analysis.nash.utilities) : null,
        nash: analysis.nash?.utilities ?? null,
      };
      let text: string;
      if (format === 'json') {
        text = JSON.stringify(
          {
            title: loaded.space.title,
            convention: loaded.space.convention,
            parties: result.parties,
            strategies: result.strategies,
            deadline: 'rounds' in deadline ? { rounds: deadline.rounds } : { seconds: deadline.seconds },
            seed,
            discounting,
            bids: { count: bids.size, sampled: bids.sampled, outcomes: bids.total },
            reason: result.reason,
            agreement: result.agreement ? { ...result.agreement, package: packageOf(loaded.space, result.agreement.outcome) } : null,
            utilities: result.utilities,
            payoffs: result.payoffs,
            rounds: result.rounds,
            distance_pareto: extra.distancePareto,
            distance_nash: extra.distanceNash,
            nash: extra.nash,
            trace: result.trace.map((e) => ({ turn: e.turn, round: e.round, time: e.time, party: e.party, action: e.action, bid: e.bid, utilities: e.utilities })),
          },
          null,
          2,
        );
      } else if (format === 'csv') {
        text = csvTable(
          ['turn', 'round', 'time', 'party', 'action', ...result.parties.map((p) => `utility_${p}`), ...loaded.space.issues.map((i) => i.id)],
          result.trace.map((e) => [
            e.turn,
            e.round + 1,
            e.time,
            result.parties[e.party]!,
            e.action,
            ...(e.action === 'end' ? result.parties.map(() => null) : e.utilities),
            ...(e.action === 'end' ? loaded.space.issues.map(() => null) : packageOf(loaded.space, bids.outcome(e.bid)).map((x) => x.label)),
          ]),
        );
      } else text = simulationText(loaded, result, extra, flags.fullTrace ?? false);
      emit(text, flags.out);
    });
}
