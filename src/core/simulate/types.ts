/**
 * What a negotiating agent sees and does in the stacked alternating offers protocol (protocol.ts), and what a
 * strategy module provides. A strategy is a small module exporting a `Strategy`; listing it in
 * strategies/registry.ts makes it available to `parley simulate` and `parley tournament`.
 *
 * Agents know their own utility function and reservation value, the clock, and every offer made so far (bids and
 * who made them); they never read another party's utility — strategies that need one estimate it from the offers
 * (opponentModel.ts).
 */
import type { Xoshiro128 } from '../random/xoshiro128.js';
import type { BidSpace } from './bidSpace.js';

export interface Offer {
  /** Turn number (0-based, across all parties). */
  turn: number;
  /** Round (0-based): every party moves once per round. */
  round: number;
  /** Normalised time t ∈ [0, 1) of the turn. */
  time: number;
  party: number;
  bid: number;
}

export interface AgentView {
  /** This agent's party index. */
  self: number;
  /** Normalised time t ∈ [0, 1) of this turn. */
  time: number;
  round: number;
  turn: number;
  /** Rounds in the deadline (time-based deadlines: an estimate from the turns so far, or Infinity). */
  rounds: number;
  bids: BidSpace;
  /** Every offer so far, oldest first. */
  offers: readonly Offer[];
  /** The offer on the table, made by another party; null on the first turn and after this agent's own offer. */
  onTable: Offer | null;
  /** This agent's reservation value (0 when the party has none). */
  reservation: number;
  /** Seeded generator of this agent in this run. */
  rng: Xoshiro128;
}

export type Action = { type: 'accept' } | { type: 'offer'; bid: number } | { type: 'end' };

export interface Agent {
  act(view: AgentView): Action;
}

export interface Strategy {
  /** Command-line id ("boulware"). */
  id: string;
  name: string;
  /** Paper or tool the strategy follows. */
  source: string;
  /** One line: how it concedes and when it accepts. */
  description: string;
  create(self: number, bids: BidSpace, reservation: number): Agent;
}
