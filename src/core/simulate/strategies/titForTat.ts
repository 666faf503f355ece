/**
 * Naive tit-for-tat: concede exactly as much as the opponent just conceded, measured in one's own utility.
 *
 * Source: Axelrod (1984), The Evolution of Cooperation; Faratin, Sierra & Jennings (1998) "imitative tactics"
 * (absolute tit-for-tat); the naive variant of ../shared/specs/bargaining.md, as Baarslag, Hindriks & Jonker (2013)
 * describe it before improving on it (niceTitForTat.ts):
 *
 *   target_0 = P_max;  after the opponent moves from ω_{k−1} to ω_k:  Δ = U(ω_k) − U(ω_{k−1})   (U: own utility)
 *   target ← clamp(target − Δ, P_min, P_max),  P_min = max(minimum utility, reservation value)
 *   offer the bid nearest to the target; accept with AC_next.
 *
 * A concession is answered with the same concession, a step back with a step back. Two naive tit-for-tat agents
 * never move first, so they never agree: the flaw Baarslag et al. fix. With several opponents it answers the
 * latest offer's author. Deterministic; O(log n) per turn.
 */
import { bidUtility, nearestBid, type BidSpace } from '../bidSpace.js';
import { acceptNext } from '../acceptance.js';
import type { Agent, AgentView, Strategy } from '../types.js';

export const titForTat: Strategy = {
  id: 'tit-for-tat',
  name: 'Naive tit-for-tat',
  source: 'Axelrod 1984; Faratin, Sierra & Jennings 1998 (absolute imitative tactic)',
  description: "concedes as much as the opponent's last concession, in its own utility; accepts with AC_next",
  create(self: number, bids: BidSpace, reservation: number): Agent {
    const sorted = bids.sortedUtility[self]!;
    const pMax = sorted[0]!;
    const pMin = Math.min(pMax, Math.max(sorted[sorted.length - 1]!, reservation));
    let target = pMax;
    let seen = 0; // offers already answered
    let previous: number | null = null; // own utility of the opponent's previous offer
    return {
      act(view: AgentView) {
        for (; seen < view.offers.length; seen++) {
          const o = view.offers[seen]!;
          if (o.party === self) continue;
          const u = bidUtility(bids, self, o.bid);
          if (previous !== null) target = Math.min(pMax, Math.max(pMin, target - (u - previous)));
          previous = u;
        }
        const bid = nearestBid(bids, self, target);
        if (acceptNext(view, bid)) return { type: 'accept' };
        return { type: 'offer', bid };
      },
    };
  },
};
