/**
 * Acceptance conditions: when an agent takes the offer on the table instead of making its next bid.
 *
 * AC_next (Baarslag, Hindriks & Jonker 2014, "Effective acceptance conditions in multi-issue negotiation",
 * Computational Intelligence 30(4); GENIUS' time-dependent agents): accept when the offer's utility is at least the
 * utility of the bid the agent would offer next,  U(ω_opponent) ≥ U(ω_next).
 * AC_time(T): accept anything at or above the reservation value from normalised time T on (used by nice
 * tit-for-tat in its last round, so that a deal it values above nothing is not lost to the deadline).
 * O(1).
 */
import { bidUtility } from './bidSpace.js';
import type { AgentView } from './types.js';

export function acceptNext(view: AgentView, nextBid: number): boolean {
  if (!view.onTable) return false;
  return bidUtility(view.bids, view.self, view.onTable.bid) >= bidUtility(view.bids, view.self, nextBid);
}

export function acceptAtTime(view: AgentView, fromTime: number): boolean {
  if (!view.onTable || view.time < fromTime) return false;
  return bidUtility(view.bids, view.self, view.onTable.bid) >= view.reservation;
}

/** Normalised time of this agent's last turn before a deadline of R rounds (n parties). */
export function lastTurnTime(view: AgentView): number {
  const n = view.bids.parties;
  return Number.isFinite(view.rounds) ? (n * view.rounds - n + view.self) / (n * view.rounds) : 1;
}
