import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DealSpace } from '../deals/space.js';
import { paretoFrontier } from '../deals/pareto.js';
import { acceptNext } from './acceptance.js';
import { argsortDescending, bidUtility, buildBidSpace, nearestRank } from './bidSpace.js';
import { negotiate } from './protocol.js';
import { findStrategy, STRATEGIES, strategiesById } from './strategies/registry.js';
import { timeDependentTarget } from './strategies/timeDependent.js';
import { runTournament } from './tournament.js';
import type { AgentView, Strategy } from './types.js';

/** One issue with 101 values: party A's utility v/100, party B's 1 − v/100 (a pure split of the pie). */
function pie(reservation: (number | null)[] = [null, null], discount: (number | null)[] = [null, null], parties = 2): DealSpace {
  const values = Array.from({ length: 101 }, (_, v) => String(v));
  return {
    title: 'pie',
    convention: 'parley',
    notes: [],
    issues: [{ id: 'share', name: 'share', values, points: values.map(Number) }],
    parties: Array.from({ length: parties }, (_, p) => ({
      id: `p${p}`,
      name: `p${p}`,
      reservation: reservation[p] ?? null,
      discount: discount[p] ?? null,
      utility: { kind: 'additive' as const, contributions: [Float64Array.from(values, (_, v) => (p % 2 === 0 ? v / 100 : 1 - v / 100))] },
    })),
  };
}

/** Two issues, each party caring about a different one: integrative, with a clear Nash point. */
function integrative(): DealSpace {
  const values = ['0', '1', '2', '3', '4'];
  return {
    title: 'integrative',
    convention: 'parley',
    notes: [],
    issues: ['a', 'b'].map((id) => ({ id, name: id, values })),
    parties: [
      { id: 'A', name: 'A', reservation: 0.2, discount: 0.5, utility: { kind: 'additive', contributions: [Float64Array.of(0, 0.2, 0.4, 0.6, 0.8), Float64Array.of(0.2, 0.15, 0.1, 0.05, 0)] } },
      { id: 'B', name: 'B', reservation: 0.2, discount: 0.5, utility: { kind: 'additive', contributions: [Float64Array.of(0.2, 0.15, 0.1, 0.05, 0), Float64Array.of(0, 0.2, 0.4, 0.6, 0.8)] } },
    ],
  };
}

describe('bid space', () => {
  it('argsortDescending equals a comparison sort, ties in index order (negatives, zeros, −0 included)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 1, -1, 0.5)), { maxLength: 300 }), (xs) => {
        const v = Float64Array.from(xs);
        const want = Array.from(v.keys()).sort((a, b) => v[b]! - v[a]! || a - b);
        expect(Array.from(argsortDescending(v))).toEqual(want);
      }),
      { numRuns: 200, seed: 1 },
    );
  });

  it('nearestRank finds the utility nearest to a target, ties to the higher utility', () => {
    const bids = buildBidSpace(integrative());
    fc.assert(
      fc.property(fc.double({ min: -0.5, max: 1.5, noNaN: true }), fc.integer({ min: 0, max: 1 }), (target, p) => {
        const s = bids.sortedUtility[p]!;
        const r = nearestRank(bids, p, target);
        for (let q = 0; q < s.length; q++) {
          const dq = Math.abs(s[q]! - target);
          const dr = Math.abs(s[r]! - target);
          expect(dr).toBeLessThanOrEqual(dq);
          if (dq === dr) expect(s[r]!).toBeGreaterThanOrEqual(s[q]!);
        }
        expect(bidUtility(bids, p, bids.byUtility[p]![r]!)).toBe(s[r]);
      }),
      { numRuns: 300, seed: 2 },
    );
  });

  it('samples huge spaces reproducibly and keeps every Pareto-efficient package', () => {
    const space = integrative();
    const a = buildBidSpace(space, { limit: 10, seed: 3 });
    const b = buildBidSpace(space, { limit: 10, seed: 3 });
    const c = buildBidSpace(space, { limit: 10, seed: 4 });
    expect(a.sampled).toBe(true);
    expect(a.total).toBe(25);
    const f = paretoFrontier(space);
    expect(a.size).toBe(10 + f.distinct);
    const list = (x: typeof a) => Array.from({ length: x.size }, (_, i) => Array.from(x.outcome(i)).join(','));
    expect(list(a)).toEqual(list(b));
    expect(list(a)).not.toEqual(list(c));
    for (let r = 0; r < f.distinct; r++) expect(list(a)).toContain(Array.from(f.representatives.subarray(2 * r, 2 * r + 2)).join(','));
  });
});

describe('time-dependent concession (GENIUS formula)', () => {
  it('targets p(t) = Pmin + (Pmax − Pmin)(1 − t^(1/e))', () => {
    expect(timeDependentTarget(0.5, 1, 0.2, 1)).toBeCloseTo(0.6, 15);
    expect(timeDependentTarget(0.5, 0.2, 0, 1)).toBeCloseTo(1 - 0.5 ** 5, 15);
    expect(timeDependentTarget(0.5, 2, 0, 1)).toBeCloseTo(1 - Math.SQRT1_2, 15);
    expect(timeDependentTarget(0.9, 0, 0, 1)).toBe(1);
    expect(timeDependentTarget(1, 1, 0.3, 1)).toBe(0.3);
  });

  it('a linear agent offers the bid nearest its target each turn, and never below its reservation value', () => {
    const bids = buildBidSpace(pie([0.3, null]));
    const r = negotiate(bids, strategiesById(['linear', 'hardliner']), { deadline: { rounds: 50 } });
    for (const e of r.trace.filter((x) => x.party === 0 && x.action === 'offer')) {
      const target = timeDependentTarget(e.time, 1, 0.3, 1);
      expect(Math.abs(e.utilities[0]! - target)).toBeLessThanOrEqual(0.005 + 1e-12);
      expect(e.utilities[0]!).toBeGreaterThanOrEqual(0.3);
    }
    // The hardliner never moves, the linear agent stops at its reservation value: no agreement.
    expect(r.reason).toBe('deadline');
  });

  it('Boulware concedes later than Linear, Linear later than Conceder', () => {
    const bids = buildBidSpace(pie());
    const at = (id: string, t: number) => {
      const r = negotiate(bids, strategiesById([id, 'hardliner']), { deadline: { rounds: 100 } });
      return r.trace.find((e) => e.party === 0 && e.time >= t)!.utilities[0]!;
    };
    expect(at('boulware', 0.5)).toBeGreaterThan(at('linear', 0.5));
    expect(at('linear', 0.5)).toBeGreaterThan(at('conceder', 0.5));
  });
});

describe('stacked alternating offers', () => {
  it('a hardliner facing a conceder gets everything, at the moment the conceder reaches it', () => {
    const bids = buildBidSpace(pie());
    const r = negotiate(bids, strategiesById(['hardliner', 'conceder']), { deadline: { rounds: 100 } });
    expect(r.reason).toBe('agreement');
    expect(r.utilities).toEqual([1, 0]);
    expect(r.agreement!.outcome).toEqual([100]);
    expect(r.trace[r.trace.length - 1]!.action).toBe('accept');
    expect(r.trace.filter((e) => e.action === 'offer')).toHaveLength(r.turns - 1);
  });

  it('disagreement pays the reservation values, discounted per normalised time (GENIUS) or per round (NegMAS)', () => {
    const bids = buildBidSpace(pie([0.25, 0.5], [0.5, 0.8]));
    const time = negotiate(bids, strategiesById(['hardliner', 'hardliner']), { deadline: { rounds: 10 } });
    expect(time.reason).toBe('deadline');
    expect(time.agreement).toBeNull();
    expect(time.utilities).toEqual([0.25, 0.5]);
    expect(time.payoffs).toEqual([0.25 * 0.5, 0.5 * 0.8]); // t = 1 at the deadline
    const round = negotiate(bids, strategiesById(['hardliner', 'hardliner']), { deadline: { rounds: 10 }, discounting: 'round' });
    expect(round.payoffs[0]).toBeCloseTo(0.25 * 0.5 ** 10, 15);
    expect(negotiate(bids, strategiesById(['hardliner', 'hardliner']), { deadline: { rounds: 10 }, discounting: 'none' }).payoffs).toEqual([0.25, 0.5]);
    expect(time.turns).toBe(20);
    expect(time.rounds).toBe(10);
  });

  it('discounts an agreement by d^t at the time of acceptance', () => {
    const bids = buildBidSpace(integrative());
    const r = negotiate(bids, strategiesById(['linear', 'linear']), { deadline: { rounds: 20 } });
    expect(r.reason).toBe('agreement');
    expect(r.payoffs[0]).toBeCloseTo(r.utilities[0]! * 0.5 ** r.agreement!.time, 15);
    expect(r.agreement!.time).toBe(r.agreement!.turn / 40);
  });

  it('is reproducible: the same seed gives the same run, another seed another run', () => {
    const bids = buildBidSpace(integrative());
    const run = (seed: number) => negotiate(bids, strategiesById(['random', 'boulware']), { deadline: { rounds: 30 }, seed });
    expect(run(5)).toEqual(run(5));
    const seeds = [1, 2, 3, 4, 5, 6].map((s) => JSON.stringify(run(s).trace));
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('needs every other party to accept in a multilateral negotiation', () => {
    const bids = buildBidSpace(pie([null, null, null], [null, null, null], 3));
    const r = negotiate(bids, strategiesById(['boulware', 'conceder', 'conceder']), { deadline: { rounds: 60 } });
    expect(r.reason).toBe('agreement');
    const last = r.trace.slice(-2);
    expect(last.map((e) => e.action)).toEqual(['accept', 'accept']);
    expect(new Set(last.map((e) => e.party)).size).toBe(2);
    expect(r.trace[r.trace.length - 3]!.action).toBe('offer');
  });

  it('ends at a wall-clock deadline using the clock it is given', () => {
    let now = 0;
    const bids = buildBidSpace(pie());
    const r = negotiate(bids, strategiesById(['hardliner', 'hardliner']), { deadline: { seconds: 1, clock: () => (now += 0.01) } });
    expect(r.reason).toBe('deadline');
    expect(r.time).toBe(1);
    expect(r.turns).toBeGreaterThan(90);
  });

  it('AC_next accepts exactly when the offer is worth at least the next own bid', () => {
    const bids = buildBidSpace(pie());
    const view = (bid: number): AgentView => ({ self: 0, time: 0, round: 0, turn: 1, rounds: 10, bids, offers: [], onTable: { turn: 0, round: 0, time: 0, party: 1, bid }, reservation: 0, rng: undefined as never });
    expect(acceptNext(view(60), 60)).toBe(true);
    expect(acceptNext(view(60), 61)).toBe(false);
    expect(acceptNext(view(61), 60)).toBe(true);
  });

  it('rejects a strategy that breaks the protocol', () => {
    const bad: Strategy = { id: 'bad', name: 'bad', source: '', description: '', create: () => ({ act: () => ({ type: 'offer', bid: 1e9 }) }) };
    expect(() => negotiate(buildBidSpace(pie()), [bad, bad], { deadline: { rounds: 2 } })).toThrow(/outside/);
  });
});

describe('tit-for-tat', () => {
  it('naive: concedes exactly what the opponent conceded, in its own utility', () => {
    const bids = buildBidSpace(pie());
    const r = negotiate(bids, strategiesById(['linear', 'tit-for-tat']), { deadline: { rounds: 40 } });
    const opp = r.trace.filter((e) => e.party === 0 && e.action === 'offer').map((e) => e.utilities[1]!);
    const own = r.trace.filter((e) => e.party === 1 && e.action === 'offer').map((e) => e.utilities[1]!);
    // After the k-th linear offer, TFT's offer is worth 1 − (opp_k − opp_1) to itself (one issue of step 0.01).
    for (let k = 1; k < own.length; k++) expect(Math.abs(own[k]! - (1 - (opp[k]! - opp[0]!)))).toBeLessThanOrEqual(0.005 + 1e-9);
  });

  it('two naive tit-for-tat agents never move first, so never agree; nice tit-for-tat breaks the deadlock', () => {
    const bids = buildBidSpace(integrative());
    expect(negotiate(bids, strategiesById(['tit-for-tat', 'tit-for-tat']), { deadline: { rounds: 50 } }).reason).toBe('deadline');
    const nice = negotiate(bids, strategiesById(['nice-tit-for-tat', 'nice-tit-for-tat']), { deadline: { rounds: 50 } });
    expect(nice.reason).toBe('agreement');
    // Each cares about a different issue: nice agents meet at the Nash package (4, 4), worth 0.8 to each.
    expect(nice.agreement!.outcome).toEqual([4, 4]);
    expect(nice.utilities).toEqual([0.8, 0.8]);
  });
});

describe('strategies and tournaments', () => {
  it('lists every strategy the issue asks for, and time-dependent:E', () => {
    expect(STRATEGIES.map((s) => s.id)).toEqual(['boulware', 'linear', 'conceder', 'hardliner', 'tit-for-tat', 'nice-tit-for-tat', 'random']);
    expect(findStrategy('time-dependent:0.5')!.name).toBe('Time-dependent (e = 0.5)');
    expect(() => strategiesById(['boulwar'])).toThrow(/did you mean "boulware"/);
  });

  it('runs every pairing in both roles, repeated, reproducibly, and ranks by mean payoff', () => {
    const domains = [
      { name: 'pie', space: pie([0.1, 0.1], [0.9, 0.9]) },
      { name: 'integrative', space: integrative() },
    ];
    const strategies = strategiesById(['boulware', 'conceder', 'random']);
    const t = runTournament(strategies, domains, { deadline: { rounds: 30 }, repetitions: 2, seed: 7 });
    expect(t.runs).toHaveLength(2 * 6 * 2); // domains × ordered pairs × repetitions
    expect(t.runs.map((r) => r.index)).toEqual(t.runs.map((_, i) => i));
    expect(runTournament(strategies, domains, { deadline: { rounds: 30 }, repetitions: 2, seed: 7 })).toEqual(t);
    const noSwap = runTournament(strategies, domains, { deadline: { rounds: 30 }, roleSwap: false, selfPlay: true });
    expect(noSwap.runs).toHaveLength(2 * 6);
    for (const s of t.ranking) {
      expect(s.runs).toBe(16);
      expect(s.agreementRate).toBeGreaterThanOrEqual(0);
      expect(s.agreementRate).toBeLessThanOrEqual(1);
      expect(s.meanDistancePareto).toBeGreaterThanOrEqual(0);
    }
    for (let i = 1; i < t.ranking.length; i++) expect(t.ranking[i - 1]!.meanPayoff).toBeGreaterThanOrEqual(t.ranking[i]!.meanPayoff);
    // Distances are those of each run's outcome.
    const run = t.runs.find((r) => r.domain === 'integrative' && r.agreement)!;
    expect(run.welfare).toBeCloseTo(run.payoffs[0] + run.payoffs[1], 15);
    expect(t.domains[1]).toMatchObject({ name: 'integrative', outcomes: 25 });
  });
});
