/**
 * Time-dependent concession: Boulware, Linear, Conceder and Hardliner.
 *
 * Source: Faratin, Sierra & Jennings (1998), "Negotiation decision functions for autonomous agents", Robotics and
 * Autonomous Systems 24(3–4):159–182 (polynomial time tactics); the parameterisation of GENIUS' TimeDependentAgent
 * as ../shared/specs/bargaining.md gives it:
 *
 *   target p(t) = P_min + (P_max − P_min)·(1 − f(t)),   f(t) = k + (1 − k)·t^(1/e),  k = 0
 *   P_min = max(minimum utility, reservation value),  P_max = maximum utility (over the bids)
 *   offer the bid whose utility is nearest to p(t) (bidSpace.ts: ties to the higher utility);
 *   accept with AC_next (acceptance.ts).
 *
 * e < 1 concedes late (Boulware e = 0.2), e = 1 linearly, e > 1 early (Conceder e = 2); e = 0 never concedes
 * (Hardliner: f ≡ 0, it always offers its best bid). NegMAS' "aspiration" exponent is the reciprocal (its boulware
 * e = 4 is GENIUS' e = 0.25). Deterministic; O(log n) per turn for n bids.
 */
import { bidUtility, nearestBid, type BidSpace } from '../bidSpace.js';
import { acceptNext } from '../acceptance.js';
import type { Agent, AgentView, Strategy } from '../types.js';

/** The target utility at time t. */
export function timeDependentTarget(t: number, e: number, pMin: number, pMax: number): number {
  if (e === 0) return pMax;
  const f = Math.pow(Math.min(1, Math.max(0, t)), 1 / e);
  return pMin + (pMax - pMin) * (1 - f);
}

export function timeDependent(id: string, name: string, e: number): Strategy {
  return {
    id,
    name,
    source: 'Faratin, Sierra & Jennings 1998; GENIUS TimeDependentAgent',
    description: e === 0 ? 'never concedes: always offers its best bid; accepts only as much (AC_next)' : `concedes by p(t) = Pmin + (Pmax − Pmin)(1 − t^(1/${e})); accepts when the offer is worth its next bid (AC_next)`,
    create(self: number, bids: BidSpace, reservation: number): Agent {
      const sorted = bids.sortedUtility[self]!;
      const pMax = sorted[0]!;
      const pMin = Math.max(sorted[sorted.length - 1]!, reservation);
      return {
        act(view: AgentView) {
          const bid = nearestBid(bids, self, timeDependentTarget(view.time, e, pMin, Math.max(pMin, pMax)));
          if (acceptNext(view, bid)) return { type: 'accept' };
          return { type: 'offer', bid };
        },
      };
    },
  };
}

export const boulware = timeDependent('boulware', 'Boulware (e = 0.2)', 0.2);
export const linear = timeDependent('linear', 'Linear (e = 1)', 1);
export const conceder = timeDependent('conceder', 'Conceder (e = 2)', 2);
export const hardliner = timeDependent('hardliner', 'Hardliner (e = 0)', 0);

/** Utility of the bid a time-dependent agent offers at t (for tests and docs). */
export function timeDependentUtility(bids: BidSpace, self: number, e: number, t: number, reservation = 0): number {
  const sorted = bids.sortedUtility[self]!;
  const pMin = Math.max(sorted[sorted.length - 1]!, reservation);
  return bidUtility(bids, self, nearestBid(bids, self, timeDependentTarget(t, e, pMin, Math.max(pMin, sorted[0]!))));
}
