/**
 * Nice tit-for-tat: mirror the opponent's concession toward the (estimated) Nash point, and offer the bid the
 * opponent likes best at that utility.
 *
 * Source: Baarslag, Hindriks & Jonker (2013), "A tit for tat negotiation strategy for real-time bilateral
 * negotiations", in Ito et al. (eds.), Complex Automated Negotiations, Springer SCI 435, 229–233 ("Nice Tit for Tat",
 * ANAC 2011). Parley's reading, with U own utility and Û the opponent's estimated by a frequency model
 * (opponentModel.ts):
 *
 *   N = argmax over bids of (U − r)·Û          the estimated Nash point (r = own reservation value),
 *                                               re-estimated whenever t has advanced 0.05 since the last estimate
 *   first = U(first opponent offer), best = max U over the opponent's offers so far ("nice": a step back by the
 *   opponent is never punished — only its best offer counts)
 *   ratio = (best − first) / (U(N) − first), clamped to [0, 1]   (1 when U(N) ≤ first)
 *   share = max(ratio, (t/t_last)^5)            Parley's deadlock breaker: two mirroring agents never move first,
 *                                               so the share of the way is at least a Boulware-like curve (e = 0.2)
 *                                               that reaches the Nash point at the agent's last turn t_last
 *   target = P_max − share·(P_max − U(N))       the same share of the way to the Nash point, never beyond it
 *   offer: among the bids with U within 1% of the utility range of the target (at most 200 on each side of it),
 *   the one with the highest Û; accept with AC_next, and in its last turn before the deadline anything at or above
 *   its reservation value (AC_time).
 *
 * The estimated Nash point is searched on the exact frontier of (U, Û) when U is additive (both are; the issue-by-
 * issue merge of deals/pareto.ts), otherwise over at most 100,000 bids spread evenly over the agent's own ranking.
 * Cost per turn: O(log n + 400·m); a Nash re-estimate costs one merge (or O(10^5·m)), at most 21 per negotiation.
 * Deterministic.
 */
import { bidUtility, nearestRank, type BidSpace } from '../bidSpace.js';
import { acceptAtTime, acceptNext, lastTurnTime } from '../acceptance.js';
import { frontierByMerge } from '../../deals/pareto.js';
import type { DealSpace } from '../../deals/space.js';
import { FrequencyModel } from '../opponentModel.js';
import type { Agent, AgentView, Strategy } from '../types.js';

const WINDOW = 400;

export const niceTitForTat: Strategy = {
  id: 'nice-tit-for-tat',
  name: 'Nice tit-for-tat',
  source: 'Baarslag, Hindriks & Jonker 2013 (ANAC 2011)',
  description: "mirrors the opponent's best concession toward the estimated Nash point, offers what the opponent likes best at that level",
  create(self: number, bids: BidSpace, reservation: number): Agent {
    const sorted = bids.sortedUtility[self]!;
    const order = bids.byUtility[self]!;
    const pMax = sorted[0]!;
    const pMin = Math.min(pMax, Math.max(sorted[sorted.length - 1]!, reservation));
    const model = new FrequencyModel(bids);
    let seen = 0;
    let first: number | null = null;
    let best = -Infinity;
    let nashUtility = pMin;
    let estimatedAt = -1;

    const own = bids.space.parties[self]!.utility;
    const buffer = new Int32Array(bids.issues);
    const estimateNash = () => {
      let bestProduct = -Infinity;
      if (own.kind === 'additive') {
        // Û is additive too: the exact frontier of (U, Û) holds the Nash point.
        const estimate = { kind: 'additive' as const, contributions: bids.space.issues.map((issue, j) => Float64Array.from(issue.values, (_, v) => model.valueEstimate(j, v))) };
        const pair: DealSpace = { ...bids.space, parties: [0, 1].map((i) => ({ id: `${i}`, name: `${i}`, utility: i === 0 ? own : estimate, reservation: null, discount: null })) };
        const f = frontierByMerge(pair);
        for (let r = 0; r < f.distinct; r++) {
          const u = f.utilities[2 * r]!;
          if (u < pMin) continue;
          const product = (u - reservation) * f.utilities[2 * r + 1]!;
          if (product > bestProduct) {
            bestProduct = product;
            nashUtility = u;
          }
        }
        return;
      }
      const stride = Math.max(1, Math.floor(bids.size / 100_000));
      for (let r = 0; r < bids.size; r += stride) {
        const u = sorted[r]!;
        if (u < pMin) break;
        const product = (u - reservation) * model.estimate(bids.outcomeInto(order[r]!, buffer));
        if (product > bestProduct) {
          bestProduct = product;
          nashUtility = u;
        }
      }
    };

    return {
      act(view: AgentView) {
        const lastTurn = lastTurnTime(view);
        for (; seen < view.offers.length; seen++) {
          const o = view.offers[seen]!;
          if (o.party === self) continue;
          model.observe(o.bid);
          const u = bidUtility(bids, self, o.bid);
          if (first === null) first = u;
          if (u > best) best = u;
        }
        let target = pMax;
        if (first !== null) {
          if (estimatedAt < 0 || view.time - estimatedAt >= 0.05) {
            estimateNash();
            estimatedAt = view.time;
          }
          const span = nashUtility - first;
          const ratio = span > 0 ? Math.min(1, Math.max(0, (best - first) / span)) : 1;
          const share = Math.max(ratio, Math.pow(Math.min(1, view.time / lastTurn), 5));
          target = Math.max(pMin, pMax - share * (pMax - nashUtility));
        }
        // The bid the opponent likes best near the target.
        const tolerance = 0.01 * (pMax - pMin);
        const centre = nearestRank(bids, self, target);
        let choice = order[centre]!;
        let choiceValue = model.estimate(bids.outcomeInto(choice, buffer));
        const consider = (r: number) => {
          const v = model.estimate(bids.outcomeInto(order[r]!, buffer));
          if (v > choiceValue) {
            choiceValue = v;
            choice = order[r]!;
          }
        };
        // Up to WINDOW/2 bids on each side of the target, within the tolerance and above P_min.
        for (let r = centre - 1; r >= 0 && r > centre - WINDOW / 2 && sorted[r]! - target <= tolerance; r--) consider(r);
        for (let r = centre + 1; r < bids.size && r < centre + WINDOW / 2 && target - sorted[r]! <= tolerance && sorted[r]! >= pMin; r++) consider(r);
        if (acceptNext(view, choice) || acceptAtTime(view, lastTurn)) return { type: 'accept' };
        return { type: 'offer', bid: choice };
      },
    };
  },
};
