/**
 * Tournaments: every pairing of strategies, on every domain, in both roles, repeated, seeded.
 *
 * As in GENIUS' bilateral tournaments and the ANAC competitions (Baarslag et al. 2013, "Evaluating practical
 * negotiating agents: results and analysis of the 2011 international competition", Artificial Intelligence
 * 198:73–103): for strategies S_1…S_s, each unordered pair {a, b} (and a with itself when `selfPlay`) negotiates on
 * each domain with a as party 1 and b as party 2, and again with the roles swapped (`roleSwap`, default on), each
 * `repetitions` times. Run i (numbered in that order) draws its random numbers from stream (seed, i), so a
 * tournament is reproducible and any single run can be replayed alone. Domains with more than two parties use
 * their first two.
 *
 * Per run: agreement or not, each party's utility (undiscounted) and payoff (discounted as the protocol says),
 * welfare = Σ payoffs, and the Euclidean distances in utility space of the outcome (the agreement, or the
 * reservation values on failure) to the nearest Pareto-frontier point and to the Nash point (points.ts).
 * Per strategy, over all its runs in either role: agreement rate, mean payoff, mean welfare, mean distances, mean
 * rounds; ranked by mean payoff. Cost: Σ runs × the protocol's cost, plus one frontier and bid space per domain.
 */
import { analyseDeals, distance, distanceToFrontier, type DealAnalysis } from '../deals/points.js';
import type { DealSpace } from '../deals/space.js';
import { buildBidSpace, type BidSpace } from './bidSpace.js';
import { negotiate, type Deadline } from './protocol.js';
import type { Strategy } from './types.js';

export interface TournamentDomain {
  name: string;
  space: DealSpace;
}

export interface TournamentOptions {
  deadline: Deadline;
  repetitions?: number;
  seed?: number;
  selfPlay?: boolean;
  roleSwap?: boolean;
  discounting?: 'time' | 'round' | 'none';
  /** Called after each run (progress bars). */
  onRun?: (done: number, total: number) => void;
}

export interface TournamentRun {
  index: number;
  domain: string;
  /** Strategy ids in party order. */
  strategies: [string, string];
  repetition: number;
  agreement: boolean;
  rounds: number;
  utilities: [number, number];
  payoffs: [number, number];
  welfare: number;
  distancePareto: number;
  distanceNash: number | null;
}

export interface StrategyScore {
  id: string;
  name: string;
  runs: number;
  agreementRate: number;
  meanPayoff: number;
  meanWelfare: number;
  meanDistancePareto: number;
  meanDistanceNash: number | null;
  meanRounds: number;
}

export interface TournamentResult {
  domains: { name: string; outcomes: number; frontier: number; nash: number[] | null; bidsSampled: boolean }[];
  runs: TournamentRun[];
  ranking: StrategyScore[];
  seed: number;
}

function twoParty(space: DealSpace): DealSpace {
  return space.parties.length === 2 ? space : { ...space, parties: space.parties.slice(0, 2), notes: [...space.notes, 'Tournament: the first two parties negotiate.'] };
}

export function runTournament(strategies: readonly Strategy[], domains: readonly TournamentDomain[], options: TournamentOptions): TournamentResult {
  const repetitions = options.repetitions ?? 1;
  const seed = options.seed ?? 0;
  const roleSwap = options.roleSwap ?? true;
  const pairings: [number, number][] = [];
  for (let a = 0; a < strategies.length; a++) {
    for (let b = a; b < strategies.length; b++) {
      if (a === b && !options.selfPlay) continue;
      pairings.push([a, b]);
      if (roleSwap && a !== b) pairings.push([b, a]);
    }
  }
  const prepared: { name: string; space: DealSpace; bids: BidSpace; analysis: DealAnalysis }[] = domains.map((d) => {
    const space = twoParty(d.space);
    const analysis = analyseDeals(space);
    return { name: d.name, space, bids: buildBidSpace(space, { seed, frontier: analysis.frontier }), analysis };
  });
  const total = prepared.length * pairings.length * repetitions;
  const runs: TournamentRun[] = [];
  let index = 0;
  for (const d of prepared) {
    for (const [a, b] of pairings) {
      for (let rep = 0; rep < repetitions; rep++) {
        const result = negotiate(d.bids, [strategies[a]!, strategies[b]!], { deadline: options.deadline, seed, run: index, trace: false, discounting: options.discounting });
        const u = result.utilities as [number, number];
        runs.push({
          index,
          domain: d.name,
          strategies: [strategies[a]!.id, strategies[b]!.id],
          repetition: rep,
          agreement: result.agreement !== null,
          rounds: result.rounds,
          utilities: u,
          payoffs: result.payoffs as [number, number],
          welfare: result.payoffs[0]! + result.payoffs[1]!,
          distancePareto: distanceToFrontier(d.analysis.frontier, u).distance,
          distanceNash: d.analysis.nash ? distance(u, d.analysis.nash.utilities) : null,
        });
        index++;
        options.onRun?.(index, total);
      }
    }
  }
  const ranking = strategies
    .map((s): StrategyScore => {
      let n = 0;
      let agreements = 0;
      let payoff = 0;
      let welfare = 0;
      let dPareto = 0;
      let dNash = 0;
      let nNash = 0;
      let rounds = 0;
      for (const r of runs) {
        for (let role = 0; role < 2; role++) {
          if (r.strategies[role] !== s.id) continue;
          n++;
          if (r.agreement) agreements++;
          payoff += r.payoffs[role]!;
          welfare += r.welfare;
          dPareto += r.distancePareto;
          if (r.distanceNash !== null) {
            dNash += r.distanceNash;
            nNash++;
          }
          rounds += r.rounds;
        }
      }
      const mean = (x: number) => (n > 0 ? x / n : 0);
      return {
        id: s.id,
        name: s.name,
        runs: n,
        agreementRate: mean(agreements),
        meanPayoff: mean(payoff),
        meanWelfare: mean(welfare),
        meanDistancePareto: mean(dPareto),
        meanDistanceNash: nNash > 0 ? dNash / nNash : null,
        meanRounds: mean(rounds),
      };
    })
    .sort((x, y) => y.meanPayoff - x.meanPayoff || x.id.localeCompare(y.id));
  return {
    domains: prepared.map((d) => ({ name: d.name, outcomes: d.analysis.outcomes, frontier: d.analysis.frontier.distinct, nash: d.analysis.nash?.utilities ?? null, bidsSampled: d.bids.sampled })),
    runs,
    ranking,
    seed,
  };
}
