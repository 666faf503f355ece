/**
 * The stacked alternating offers protocol (SAOP; Aydoğan, Festen, Hindriks & Jonker 2017, "Alternating offers
 * protocols for multilateral negotiation", in Modern Approaches to Agent-based Complex Automated Negotiation,
 * Springer SCI 674; GENIUS' multilateral protocol; bilateral case: Rubinstein 1982), as specified in
 * ../shared/specs/bargaining.md ("Concession strategies and acceptance"):
 *
 *   parties take turns in a fixed order 0, 1, …, n−1, 0, …; the first must make an offer; every later turn the
 *   party accepts the offer on the table, makes a counter-offer (which replaces it), or ends the negotiation.
 *   An offer is agreed when all n − 1 other parties have accepted it in turn. A round is one turn of every party.
 *
 *   Deadline in rounds R: turn s happens at normalised time t = s/(n·R); the negotiation fails when turn n·R is
 *   reached. Deadline in time T seconds: t = (clock − start)/T from a clock the caller passes in (the CLI passes
 *   the wall clock; such runs are not reproducible), failure at t ≥ 1.
 *
 *   Payoffs. Agreement on bid ω at time t: U_i(ω)·d_i^t for a party with discount factor d_i (GENIUS' normalised-
 *   time discounting, the default), or U_i(ω)·d_i^round (NegMAS' per-round discounting, option), or undiscounted.
 *   No agreement (deadline or a party ends it): each party gets its reservation value (0 when it has none),
 *   discounted the same way at the time of failure (GENIUS discounts the reservation value too).
 *
 * Every action is recorded with every party's (undiscounted) utility of the bid. Deterministic given the seed:
 * agent p of run r draws from Xoshiro128 stream (seed, 64·r + p). Cost: O(n·R) turns, each the agents' own cost
 * (O(log |bids|) for the time-dependent strategies).
 */
import { Xoshiro128 } from '../random/xoshiro128.js';
import { bidUtility, type BidSpace } from './bidSpace.js';
import type { Agent, AgentView, Offer, Strategy } from './types.js';

export type Deadline = { rounds: number } | { seconds: number; clock: () => number };

export interface NegotiationOptions {
  deadline: Deadline;
  /** "time" (GENIUS, U·d^t; default), "round" (NegMAS, U·d^round) or "none". */
  discounting?: 'time' | 'round' | 'none';
  seed?: number;
  /** Index of the run (tournaments): selects the random streams. */
  run?: number;
  /** Record every action (default true); tournaments switch it off. */
  trace?: boolean;
}

export interface TraceEntry extends Offer {
  action: 'offer' | 'accept' | 'end';
  /** Every party's utility of the bid (undiscounted). */
  utilities: number[];
}

export interface NegotiationResult {
  strategies: string[];
  parties: string[];
  reason: 'agreement' | 'deadline' | 'ended';
  /** The agreed bid, or null. */
  agreement: { bid: number; outcome: number[]; turn: number; round: number; time: number } | null;
  /** Undiscounted utilities of the agreement, or the reservation values (0 when none) on failure. */
  utilities: number[];
  /** What each party actually receives, discounted as the options say. */
  payoffs: number[];
  /** Time at which the negotiation ended. */
  time: number;
  turns: number;
  rounds: number;
  discounting: 'time' | 'round' | 'none';
  trace: TraceEntry[];
}

/** Run one negotiation between the given strategies (one per party, in party order). */
export function negotiate(bids: BidSpace, strategies: readonly Strategy[], options: NegotiationOptions): NegotiationResult {
  const n = bids.parties;
  if (strategies.length !== n) throw new RangeError(`negotiate: ${strategies.length} strategies for ${n} parties`);
  const space = bids.space;
  const reservation = space.parties.map((p) => p.reservation ?? 0);
  const agents: Agent[] = strategies.map((s, p) => s.create(p, bids, reservation[p]!));
  const seed = options.seed ?? 0;
  const run = options.run ?? 0;
  const rngs = strategies.map((_, p) => new Xoshiro128(seed, run * 64 + p));
  const discounting = options.discounting ?? 'time';
  const record = options.trace ?? true;
  const deadline = options.deadline;
  const byRounds = 'rounds' in deadline;
  const maxTurns = byRounds ? n * deadline.rounds : Infinity;
  const start = byRounds ? 0 : deadline.clock();
  const timeAt = (turn: number) => (byRounds ? turn / maxTurns : Math.max(0, (deadline.clock() - start) / deadline.seconds));

  const offers: Offer[] = [];
  const trace: TraceEntry[] = [];
  const utilitiesOf = (bid: number) => Array.from({ length: n }, (_, p) => bidUtility(bids, p, bid));
  let onTable: Offer | null = null;
  let accepts = 0;
  let turn = 0;
  let time = 0;
  let reason: NegotiationResult['reason'] = 'deadline';
  let agreement: NegotiationResult['agreement'] = null;

  for (; turn < maxTurns; turn++) {
    time = timeAt(turn);
    if (time >= 1) break;
    const self = turn % n;
    const round = Math.floor(turn / n);
    const view: AgentView = {
      self,
      time,
      round,
      turn,
      rounds: byRounds ? deadline.rounds : Infinity,
      bids,
      offers,
      onTable: onTable && onTable.party !== self ? onTable : null,
      reservation: reservation[self]!,
      rng: rngs[self]!,
    };
    const action = agents[self]!.act(view);
    if (action.type === 'accept') {
      if (!view.onTable) throw new Error(`strategy ${strategies[self]!.id} accepted with no offer on the table`);
      accepts++;
      if (record) trace.push({ ...onTable!, turn, round, time, party: self, action: 'accept', utilities: utilitiesOf(onTable!.bid) });
      if (accepts === n - 1) {
        reason = 'agreement';
        agreement = { bid: onTable!.bid, outcome: Array.from(bids.outcome(onTable!.bid)), turn, round, time };
        break;
      }
    } else if (action.type === 'offer') {
      if (!(Number.isInteger(action.bid) && action.bid >= 0 && action.bid < bids.size)) {
        throw new Error(`strategy ${strategies[self]!.id} offered bid ${action.bid}, outside 0…${bids.size - 1}`);
      }
      onTable = { turn, round, time, party: self, bid: action.bid };
      offers.push(onTable);
      accepts = 0;
      if (record) trace.push({ ...onTable, action: 'offer', utilities: utilitiesOf(action.bid) });
    } else {
      reason = 'ended';
      if (record) trace.push({ turn, round, time, party: self, bid: -1, action: 'end', utilities: [] });
      break;
    }
  }
  if (reason === 'deadline') time = 1;
  const utilities = agreement ? utilitiesOf(agreement.bid) : reservation.slice();
  // The round the negotiation ended in (0-based); the deadline counts as round R.
  const endRound = reason === 'deadline' ? (byRounds ? deadline.rounds : Math.ceil(turn / n)) : Math.floor(turn / n);
  const payoffs = utilities.map((u, p) => {
    const d = space.parties[p]!.discount;
    if (d === null || discounting === 'none') return u;
    return u * Math.pow(d, discounting === 'time' ? time : endRound);
  });
  return {
    strategies: strategies.map((s) => s.id),
    parties: space.parties.map((p) => p.name),
    reason,
    agreement,
    utilities,
    payoffs,
    time,
    turns: reason === 'deadline' ? turn : turn + 1,
    rounds: reason === 'deadline' ? endRound : endRound + 1,
    discounting,
    trace,
  };
}
