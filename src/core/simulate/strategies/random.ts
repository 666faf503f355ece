/**
 * Random: offers a uniformly random bid among those worth at least its reservation value, and accepts an offer
 * worth at least the bid it drew (AC_next). A baseline any strategy should beat (GENIUS ships one as
 * "RandomAgent"; Baarslag et al. 2016 use it as the zero-intelligence benchmark).
 * Seeded: its draws come from the run's stream for its party (protocol.ts). O(1) per turn.
 */
import { type BidSpace } from '../bidSpace.js';
import { acceptNext } from '../acceptance.js';
import type { Agent, AgentView, Strategy } from '../types.js';

export const randomStrategy: Strategy = {
  id: 'random',
  name: 'Random',
  source: 'zero-intelligence baseline (GENIUS RandomAgent)',
  description: 'offers a random bid above its reservation value; accepts an offer worth at least that bid (AC_next)',
  create(self: number, bids: BidSpace, reservation: number): Agent {
    const sorted = bids.sortedUtility[self]!;
    // Ranks 0 … acceptable−1 are worth at least the reservation value (at least the best bid if none is).
    let acceptable = 0;
    while (acceptable < sorted.length && sorted[acceptable]! >= reservation) acceptable++;
    acceptable = Math.max(1, acceptable);
    return {
      act(view: AgentView) {
        const bid = bids.byUtility[self]![view.rng.nextBelow(acceptable)]!;
        if (acceptNext(view, bid)) return { type: 'accept' };
        return { type: 'offer', bid };
      },
    };
  },
};
