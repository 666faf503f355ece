/**
 * Bargaining points on the Pareto frontier, the opposition level, and distances of an agreement to them.
 *
 * Definitions (../shared/specs/bargaining.md §3), for k parties with utilities u_i on the frontier, lo_i / hi_i the
 * smallest / largest utility of party i over the whole space, r_i its reservation value (null when none):
 *
 *   Nash (Nash 1950)                   argmax Π_i (u_i − d_i) over frontier points with u_i ≥ d_i for every i,
 *                                      d_i = r_i, or 0 when there is none (GENIUS BidSpace / MultilateralAnalysis);
 *                                      option "min-utility": d_i = max(r_i, lo_i) (r_i missing → lo_i).
 *   Kalai–Smorodinsky (1975)           argmin (max_i a_i − min_i a_i),  a_i = (u_i − d_i)/(hi_i − d_i), equal
 *                                      normalised gains, d_i = max(r_i, lo_i); points with u_i < r_i excluded.
 *   Egalitarian (Kalai 1977)           argmax min_i (u_i − d_i), d_i = max(r_i, lo_i), same exclusion.
 *   Maximum welfare                    argmax Σ_i u_i (summed in party order).
 *   Opposition level                   sqrt(min over rational frontier points of Σ_i (1 − u_i/hi_i)²): the distance
 *                                      from the ideal point with utilities scaled by their maximum; rational means
 *                                      u_i ≥ r_i. (The minimum over all rational outcomes is reached on the frontier:
 *                                      the objective falls as any u_i rises.)
 *   Distances                          Euclidean, in utility space: an agreement to the nearest frontier point (GENIUS'
 *                                      "Dist. to Pareto") and to each bargaining point.
 *
 * Each point is searched on the frontier's distinct utility vectors; ties within 1e-12 (relative) are counted and
 * the first in frontier order (party 1's utility ascending) is returned. O(F·k) per point for F frontier vectors.
 * Deterministic; reads the frontier, never changes it.
 */
import { frontierOutcome, frontierPoint, paretoFrontier, type FrontierOptions, type ParetoFrontier } from './pareto.js';
import type { DealSpace, UtilityConvention } from './space.js';

export interface BargainingPoint {
  /** Utilities in party order. */
  utilities: number[];
  /** One outcome with these utilities (value indices, issue order). */
  outcome: number[];
  /** Row in the frontier. */
  index: number;
  /** The objective's value there (product of gains, min gain, spread of normalised gains, welfare). */
  value: number;
  /** Frontier vectors that tie with it (within 1e-12), itself included. */
  ties: number;
}

export type NashDisagreement = 'reservation' | 'min-utility';

export interface DealAnalysisOptions {
  /** Which disagreement point `nash` uses: the reservation value or 0 (default), or max(reservation, minimum utility). */
  nashDisagreement?: NashDisagreement;
  frontier?: FrontierOptions;
}

export interface PartySummary {
  id: string;
  name: string;
  reservation: number | null;
  discount: number | null;
  min: number;
  max: number;
}

export interface DealAnalysis {
  title: string;
  convention: UtilityConvention;
  outcomes: number;
  parties: PartySummary[];
  frontier: ParetoFrontier;
  nash: BargainingPoint | null;
  /** Both Nash variants, whichever `nash` is. */
  nashReservation: BargainingPoint | null;
  nashMinUtility: BargainingPoint | null;
  kalaiSmorodinsky: BargainingPoint | null;
  egalitarian: BargainingPoint | null;
  maxWelfare: BargainingPoint | null;
  /** null when no frontier point is rational for everyone. */
  opposition: number | null;
  notes: string[];
}

const TIE = 1e-12;

/** Pick the frontier row maximising `score` (rows where it returns NaN are excluded). */
function argBest(frontier: ParetoFrontier, score: (u: Float64Array, base: number) => number, maximise = true): BargainingPoint | null {
  const k = frontier.parties;
  const u = frontier.utilities;
  let best = NaN;
  let bestRow = -1;
  const values = new Float64Array(frontier.distinct);
  for (let f = 0; f < frontier.distinct; f++) {
    const s = score(u, f * k);
    values[f] = s;
    if (Number.isNaN(s)) continue;
    if (bestRow < 0 || (maximise ? s > best : s < best)) {
      best = s;
      bestRow = f;
    }
  }
  if (bestRow < 0) return null;
  const tol = TIE * Math.max(1, Math.abs(best));
  let ties = 0;
  let first = -1;
  for (let f = 0; f < frontier.distinct; f++) {
    if (!Number.isNaN(values[f]!) && Math.abs(values[f]! - best) <= tol) {
      ties++;
      if (first < 0) first = f;
    }
  }
  return { utilities: frontierPoint(frontier, first), outcome: Array.from(frontierOutcome(frontier, first)), index: first, value: values[first]!, ties };
}

/** Nash point for disagreement point d. */
export function nashPoint(frontier: ParetoFrontier, d: ArrayLike<number>): BargainingPoint | null {
  const k = frontier.parties;
  return argBest(frontier, (u, b) => {
    let prod = 1;
    for (let i = 0; i < k; i++) {
      const g = u[b + i]! - d[i]!;
      if (g < 0) return NaN;
      prod *= g;
    }
    return prod;
  });
}

/** Kalai–Smorodinsky point: equal normalised gains a_i = (u_i − d_i)/(hi_i − d_i); points below a reservation value excluded. */
export function kalaiSmorodinskyPoint(frontier: ParetoFrontier, d: ArrayLike<number>, reservation: ArrayLike<number>): BargainingPoint | null {
  const k = frontier.parties;
  const hi = frontier.max;
  return argBest(
    frontier,
    (u, b) => {
      let lo = Infinity;
      let up = -Infinity;
      for (let i = 0; i < k; i++) {
        if (u[b + i]! < reservation[i]!) return NaN;
        const range = hi[i]! - d[i]!;
        const a = range > 0 ? (u[b + i]! - d[i]!) / range : 0;
        if (a < lo) lo = a;
        if (a > up) up = a;
      }
      return up - lo;
    },
    false,
  );
}

/** Egalitarian point: the largest smallest gain over d; points below a reservation value excluded. */
export function egalitarianPoint(frontier: ParetoFrontier, d: ArrayLike<number>, reservation: ArrayLike<number>): BargainingPoint | null {
  const k = frontier.parties;
  return argBest(frontier, (u, b) => {
    let least = Infinity;
    for (let i = 0; i < k; i++) {
      if (u[b + i]! < reservation[i]!) return NaN;
      least = Math.min(least, u[b + i]! - d[i]!);
    }
    return least;
  });
}

/** Maximum welfare point: the largest Σ_i u_i. */
export function maxWelfarePoint(frontier: ParetoFrontier): BargainingPoint | null {
  const k = frontier.parties;
  return argBest(frontier, (u, b) => {
    let s = 0;
    for (let i = 0; i < k; i++) s += u[b + i]!;
    return s;
  });
}

/** Opposition level: sqrt(min Σ_i (1 − u_i/hi_i)²) over frontier points rational for everyone; null when there is none. */
export function oppositionLevel(frontier: ParetoFrontier, reservation: ArrayLike<number>): number | null {
  const k = frontier.parties;
  const u = frontier.utilities;
  let best = Infinity;
  for (let f = 0; f < frontier.distinct; f++) {
    let s = 0;
    let rational = true;
    for (let i = 0; i < k; i++) {
      const x = u[f * k + i]!;
      if (x < reservation[i]!) {
        rational = false;
        break;
      }
      const hi = frontier.max[i]!;
      const g = hi !== 0 ? 1 - x / hi : 0;
      s += g * g;
    }
    if (rational && s < best) best = s;
  }
  return best === Infinity ? null : Math.sqrt(best);
}

/** Euclidean distance between two utility vectors. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Distance from a utility vector to the nearest frontier point, and that point's row. O(F·k). */
export function distanceToFrontier(frontier: ParetoFrontier, utilities: ArrayLike<number>): { distance: number; index: number } {
  const k = frontier.parties;
  let best = Infinity;
  let index = -1;
  for (let f = 0; f < frontier.distinct; f++) {
    let s = 0;
    for (let i = 0; i < k; i++) {
      const d = frontier.utilities[f * k + i]! - utilities[i]!;
      s += d * d;
    }
    if (s < best) {
      best = s;
      index = f;
    }
  }
  return { distance: Math.sqrt(best), index };
}

/** The two disagreement points: reservation-or-0, and max(reservation, minimum). */
export function disagreementPoints(space: DealSpace, frontier: ParetoFrontier): { reservationOrZero: number[]; reservationOrMin: number[]; reservation: number[] } {
  return {
    reservationOrZero: space.parties.map((p) => p.reservation ?? 0),
    reservationOrMin: space.parties.map((p, i) => (p.reservation === null ? frontier.min[i]! : Math.max(p.reservation, frontier.min[i]!))),
    reservation: space.parties.map((p) => p.reservation ?? -Infinity),
  };
}

/** The frontier and every bargaining point of a deal space. Cost: the frontier's, plus O(F·k). */
export function analyseDeals(space: DealSpace, options: DealAnalysisOptions = {}): DealAnalysis {
  const frontier = paretoFrontier(space, options.frontier);
  const d = disagreementPoints(space, frontier);
  const nashReservation = nashPoint(frontier, d.reservationOrZero);
  const nashMinUtility = nashPoint(frontier, d.reservationOrMin);
  const notes = [...space.notes];
  if (space.parties.some((p) => p.reservation === null)) notes.push('Parties without a reservation value: 0 for the Nash point, their minimum utility for the other points.');
  return {
    title: space.title,
    convention: space.convention,
    outcomes: frontier.total,
    parties: space.parties.map((p, i) => ({ id: p.id, name: p.name, reservation: p.reservation, discount: p.discount, min: frontier.min[i]!, max: frontier.max[i]! })),
    frontier,
    nash: options.nashDisagreement === 'min-utility' ? nashMinUtility : nashReservation,
    nashReservation,
    nashMinUtility,
    kalaiSmorodinsky: kalaiSmorodinskyPoint(frontier, d.reservationOrMin, d.reservation),
    egalitarian: egalitarianPoint(frontier, d.reservationOrMin, d.reservation),
    maxWelfare: maxWelfarePoint(frontier),
    opposition: oppositionLevel(frontier, d.reservation),
    notes,
  };
}
