/**
 * Outcome spaces and utility functions for deal analysis.
 *
 * An outcome space is the Cartesian product of discrete issues: an outcome (a "package", a "bid") picks one
 * value on every issue, written as an Int32Array of value indices (issue order). Parties each have a utility
 * function over outcomes, a reservation value (what no agreement is worth to them) and an optional discount
 * factor. Two kinds of utility function cover GENIUS, GeniusWeb, NegMAS and Parley scenarios:
 *
 *   additive     u(ω) = ((0 + c_1(ω_1)) + c_2(ω_2)) + … + c_m(ω_m)
 *                where c_j(v) is value v's weighted contribution on issue j, already in the convention's units
 *                (GENIUS: w_j · (e_j(v) / max_v e_j(v)); NegMAS raw: w_j · e_j(v); GeniusWeb: w_j · u_j(v);
 *                Parley: see fromScenario.ts). Summed left to right in issue order, as GENIUS and NegMAS do, so the
 *                doubles match theirs bit for bit (../shared/specs/bargaining.md §1, §5).
 *   rectangles   GENIUS non-linear (hyper-rectangle) utility:
 *                u(ω) = min(1, Σ_{rectangles R ∋ ω} utility_R · weight / maxUtility),
 *                R ∋ ω when lo_R,j ≤ ω_j ≤ hi_R,j on every issue j that R constrains (inclusive bounds, as GENIUS'
 *                InclusiveHyperRectangle).
 *
 * The number of outcomes Π_j |V_j| can exceed 2^53 in principle; counts are doubles (exact below 9·10^15).
 * Evaluating one outcome costs O(m) (additive) or O(R·m) (rectangles).
 */

export interface DealIssue {
  id: string;
  name: string;
  /** Labels of the issue's values, in the order outcomes index them. */
  values: string[];
  /** The number each value stands for, when the issue is numeric (a Parley scale point, a GENIUS integer). */
  points?: number[];
}

export interface AdditiveUtility {
  kind: 'additive';
  /** contributions[j][v]: what value v of issue j adds to the utility. */
  contributions: Float64Array[];
}

export interface Rectangle {
  /** utility_R. */
  utility: number;
  /** The issues the rectangle constrains, with inclusive bounds as value indices. */
  issues: Int32Array;
  lo: Int32Array;
  hi: Int32Array;
}

export interface RectangleUtility {
  kind: 'rectangles';
  rectangles: Rectangle[];
  /** The ufun's weight (GENIUS `<ufun weight>`), multiplies every rectangle's utility. */
  weight: number;
  /** GENIUS `<utility maxutility>`: the sum is divided by it and capped at 1. */
  maxUtility: number;
}

export type DealUtility = AdditiveUtility | RectangleUtility;

/** Which tool's definition of utility the numbers follow; printed with every result. */
export type UtilityConvention = 'genius' | 'negmas' | 'geniusweb' | 'parley';

export interface DealParty {
  id: string;
  name: string;
  utility: DealUtility;
  /** Utility of no agreement; null when the source states none (GENIUS: treated as 0 for Nash). */
  reservation: number | null;
  /** GENIUS discount factor d ∈ (0, 1): utilities are multiplied by d^t, t ∈ [0, 1]. null = no discounting. */
  discount: number | null;
  /** Where the party came from (file name, actor ids), for reports. */
  source?: string;
}

export interface DealSpace {
  title: string;
  issues: DealIssue[];
  parties: DealParty[];
  convention: UtilityConvention;
  /** Assumptions made while building the space, for the report. */
  notes: string[];
}

/** Π_j |V_j|. O(m). */
export function outcomeCount(space: Pick<DealSpace, 'issues'>): number {
  let n = 1;
  for (const issue of space.issues) n *= issue.values.length;
  return n;
}

/** Utility of one outcome. O(m) additive, O(R·m) rectangles. */
export function utilityOf(utility: DealUtility, outcome: ArrayLike<number>): number {
  if (utility.kind === 'additive') {
    let u = 0;
    const c = utility.contributions;
    for (let j = 0; j < c.length; j++) u += c[j]![outcome[j]!]!;
    return u;
  }
  let sum = 0;
  for (const r of utility.rectangles) {
    let inside = true;
    for (let t = 0; t < r.issues.length; t++) {
      const v = outcome[r.issues[t]!]!;
      if (v < r.lo[t]! || v > r.hi[t]!) {
        inside = false;
        break;
      }
    }
    if (inside) sum += r.utility * utility.weight;
  }
  return Math.min(1, sum / utility.maxUtility);
}

/** The outcome with a given index in product order (issue 0 most significant, like itertools.product). O(m). */
export function outcomeAt(space: Pick<DealSpace, 'issues'>, index: number): Int32Array {
  const m = space.issues.length;
  const out = new Int32Array(m);
  let rest = index;
  for (let j = m - 1; j >= 0; j--) {
    const size = space.issues[j]!.values.length;
    out[j] = rest % size;
    rest = Math.floor(rest / size);
  }
  return out;
}

/**
 * Every outcome's utilities for every party, row-major n×k (row = outcome index in product order), by an
 * odometer that keeps the left-to-right partial sums per issue so that each step costs O(k) amortised; the
 * sums are the same doubles as `utilityOf`. O(n·k) time and memory: callers bound n first.
 */
export function enumerateUtilities(space: DealSpace): Float64Array {
  const n = outcomeCount(space);
  const k = space.parties.length;
  const m = space.issues.length;
  const out = new Float64Array(n * k);
  const sizes = space.issues.map((i) => i.values.length);
  if (n === 0) return out;
  for (let p = 0; p < k; p++) {
    const u = space.parties[p]!.utility;
    if (u.kind === 'rectangles') {
      const digit = new Int32Array(m);
      for (let o = 0; o < n; o++) {
        out[o * k + p] = utilityOf(u, digit);
        for (let j = m - 1; j >= 0; j--) {
          if (++digit[j]! < sizes[j]!) break;
          digit[j] = 0;
        }
      }
      continue;
    }
    const c = u.contributions;
    if (m === 0) {
      out[p] = 0;
      continue;
    }
    // partial[j] = ((0 + c_0) + c_1) + … + c_j for the current digits.
    const digit = new Int32Array(m);
    const partial = new Float64Array(m);
    let acc = 0;
    for (let j = 0; j < m; j++) partial[j] = acc = acc + c[j]![0]!;
    for (let o = 0; o < n; o++) {
      out[o * k + p] = partial[m - 1]!;
      let j = m - 1;
      while (j >= 0 && ++digit[j]! >= sizes[j]!) digit[j--] = 0;
      if (j < 0) break;
      for (let t = j; t < m; t++) partial[t] = (t === 0 ? 0 : partial[t - 1]!) + c[t]![digit[t]!]!;
    }
  }
  return out;
}

/** Smallest and largest utility over the whole space. Exact for additive utilities (sum of per-issue extremes in issue order); rectangles need the class enumeration in pareto.ts. */
export function additiveRange(u: AdditiveUtility): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const c of u.contributions) {
    let a = Infinity;
    let b = -Infinity;
    for (let v = 0; v < c.length; v++) {
      if (c[v]! < a) a = c[v]!;
      if (c[v]! > b) b = c[v]!;
    }
    lo += a;
    hi += b;
  }
  return [lo, hi];
}
