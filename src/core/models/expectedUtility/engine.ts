/**
 * Bueno de Mesquita's expected utility model (EUM), the numeric core: one issue, flat Float64Arrays; the work
 * space is allocated once per actor count and thread (workspaceFor), the history once per run. The model front end
 * (forecast, dynamics, options, words) is ../expectedUtility.ts; the formulas and their sources are in its header
 * and in docs/eum.md.
 *
 * Source: Scholz, Calbert & Smith (2011), "Unravelling Bueno De Mesquita's group decision model", Journal of
 * Theoretical Politics 23(4):510–531, equations (P), (EU), (R) and the appendix algorithm, as specified in
 * ../shared/specs/forecasting-models.md §4 — including the two deviations from the printed formulas that
 * reproduce their published run (votes with risk exponents over all pairs in P; the "Scholz code" rule for
 * choosing among compromises). Original model: Bueno de Mesquita (1994), "Political forecasting: an expected
 * utility method", in Bueno de Mesquita & Stokman (eds.), European Community Decision Making, Yale UP, pp. 71–104.
 *
 * One round, for n actors with positions x, capability c, salience s ∈ [0, 1], weight w = c·s, Δ = the range
 * of the initial positions (fixed), δ_ij = |x_i − x_j| / Δ:
 *   1. votes  u_ka = δ_ka^{r_k};  P(a beats b) = Σ_k w_k·max(0, u_kb − u_ka) / Σ_k w_k Σ_a' Σ_b' |u_ka' − u_kb'|
 *   2. utilities from i's view, exponent r_i:  U_s = 2 − 4(½ − ½δ)^{r_i},  U_f = 2 − 4(½ + ½δ)^{r_i},
 *      U_sq = 2 − 4(½)^{r_i},  U_b / U_w = 2 − 4(½ ∓ ¼(|x_· − μ| + |x_i − x_j|)/Δ)^{r_i}  (μ = weighted median)
 *   3. E^i(U_ij) = s_j[P_ij U_s + (1 − P_ij) U_f] + (1 − s_j) U_s − Q U_sq − (1 − Q)[T U_b^i + (1 − T) U_w^i]
 *      E^i(U_ji) = s_i[P_ji U_s + (1 − P_ji) U_f] + (1 − s_i) U_s − Q U_sq − (1 − Q)[T U_b^j + (1 − T) U_w^j]
 *   4. risk: with every r = 1, danger D_i = Σ_{j≠i} E^i(U_ji);  R_i = (2D_i − D_max − D_min)/(D_max − D_min),
 *      r_i = (1 − R_i/3)/(1 + R_i/3) ∈ [½, 2]; then steps 1–3 again with these r.
 *   5. offers, with e_ij = E^i(U_ij), e_ji = E^i(U_ji), over every j with x_j ≠ x_i:
 *      confrontation (i loses) e_ji > e_ij > 0 → x_j;  compromise e_ji > 0 > e_ij, e_ji > |e_ij| →
 *      x_i + (x_j − x_i)|e_ij/e_ji|;  capitulation e_ji > 0 > e_ij, |e_ij| > e_ji → x_j.
 *      i adopts one: the confrontation with least movement; else a compromise (reference rule: least
 *      (|e_ij| x_i + |e_ji| x_j)/(|e_ij| + |e_ji|); least-movement rule: least |x_new − x_i|); else the
 *      capitulation with least movement. All moves at once, from the positions at the start of the round.
 *
 * Cost per round, for n actors at m ≤ n distinct positions: O(n²) arithmetic and 3n·m calls of Math.pow (n·m
 * votes, 2n·m utilities; the r = 1 pass needs none) — what actor i computes about j depends on j only through
 * its position, and Math.pow is the dominant cost (~140 ns here). P for all pairs is O(n·m), not O(n³): the
 * denominator is one number (each voter's distinct vote utilities, merged outward from its own position in
 * O(m)), and the voters preferring a to b are a prefix or suffix of the actors sorted by position, so the
 * numerators are differences of column prefix sums. Memory: O(n²) work space; O(R·n) history (O(R·n²) more
 * when every round's matrices are recorded).
 *
 * Numerical conventions (each keeps the model's exact-arithmetic meaning under rounding):
 *   - strict inequalities between expected utilities (all in [−4, 4]) hold only beyond EU_EPS = 1e-12, so an
 *     offer that exists only through rounding noise is not taken;
 *   - sums run over the actors in a canonical order (position, weight, salience, input order), so permuting
 *     the input permutes nothing in the results, bit for bit;
 *   - offers whose criteria tie exactly go to the lower target position, then the earlier actor;
 *   - all dangers equal (within 1e-12 relative) → every R = 0, r = 1 (the formula would divide by zero);
 *   - Δ = 0 (everyone agrees) → nothing to challenge: P = 0, E = 0, r = 1, no moves;
 *   - Σ w = 0 (validation forbids it) → P = 0 everywhere, the median and mean use equal weights.
 * Deterministic: no randomness.
 */

import { compensatedSum } from '../../math/sum.js';

/** Which compromise an actor adopts when it has several. */
export type CompromiseRule = 'reference' | 'least-movement';
/** When a run stops: after a fixed number of rounds, or once the median / mean has settled. */
export type StopRule = 'rounds' | 'median' | 'mean';

export interface EumSettings {
  /** Q: probability that the status quo persists when nobody challenges (Scholz et al.: 1). */
  Q: number;
  /** T: probability that change without a challenge is for the better (irrelevant when Q = 1). */
  T: number;
  /** Rounds to run (stop = 'rounds'), or the most rounds (stop = 'median' | 'mean'). */
  rounds: number;
  compromiseRule: CompromiseRule;
  stop: StopRule;
  /** Settled: the stop statistic changed by at most tolerance·Δ in the last round. */
  tolerance: number;
}

export const EUM_DEFAULTS: Readonly<EumSettings> = {
  Q: 1,
  T: 0.5,
  rounds: 10,
  compromiseRule: 'reference',
  stop: 'rounds',
  tolerance: 1e-6,
};

/** Default cap on rounds when a settle rule stops the run and no number of rounds is given. */
export const EUM_SETTLE_MAX_ROUNDS = 1000;

export interface EumInput {
  /** x_i on the scale. */
  position: ArrayLike<number>;
  /** c_i ≥ 0. */
  capability: ArrayLike<number>;
  /** s_i ∈ [0, 1]. */
  salience: ArrayLike<number>;
}

export const MOVE_NONE = 0;
export const MOVE_CONFRONTATION = 1;
export const MOVE_COMPROMISE = 2;
export const MOVE_CAPITULATION = 3;
export const MOVE_KINDS = ['none', 'confrontation', 'compromise', 'capitulation'] as const;

/** Tolerance of the strict inequalities between expected utilities. */
export const EU_EPS = 1e-12;
const TIE = 1e-12;

/** One round's evaluation: the quantities behind the moves, from the positions at the start of the round. */
export interface EumDiagnostics {
  n: number;
  /** Δ, the range of the initial positions. */
  delta: number;
  /** μ, the capability × salience weighted median (Condorcet winner) at the start of the round. */
  median: number;
  /** D_i = Σ_{j≠i} E^i(U_ji) with every r = 1. */
  danger: Float64Array;
  /** R_i ∈ [−1, 1]. */
  riskIndex: Float64Array;
  /** r_i ∈ [½, 2]. */
  riskExponent: Float64Array;
  /** probability[i·n + j] = P(x_i beats x_j), with the r_k of the round. */
  probability: Float64Array;
  /** initiatorEU[i·n + j] = E^i(U_ij): i's expected utility of challenging j, as i sees it. */
  initiatorEU: Float64Array;
  /** receiverEU[i·n + j] = E^i(U_ji): j's expected utility of challenging i, as i sees it. */
  receiverEU: Float64Array;
}

export interface EumCycle {
  /** The state at the end of round `to` equals the state at the end of round `from`. */
  from: number;
  to: number;
  length: number;
}

export interface EumRun {
  n: number;
  delta: number;
  settings: EumSettings;
  /** Rounds run (round 0, the input, not counted). */
  rounds: number;
  /** positions[t·n + i]: x_i at the end of round t, t = 0 … rounds. */
  positions: Float64Array;
  /** Weighted median and weighted mean of the positions at the end of each round, t = 0 … rounds. */
  median: Float64Array;
  mean: Float64Array;
  /** Per round t = 1 … rounds, at index (t − 1)·n + i: the offer i adopted (kind MOVE_*, target −1 for none). */
  moveKind: Uint8Array;
  moveTarget: Int32Array;
  /** e_ij and e_ji of the adopted offer. */
  moveInitiatorEU: Float64Array;
  moveReceiverEU: Float64Array;
  stop: {
    reason: 'rounds' | 'converged' | 'cycle' | 'max-rounds';
    /** The statistic that settled (reason 'converged'). */
    statistic?: 'median' | 'mean';
  };
  /** The first repeated state, if any (reported in every stop mode). */
  cycle: EumCycle | null;
  /** The first round in which nobody moved (every later round is the same), if any. */
  fixedFrom: number | null;
  /** Every round's evaluation (index t − 1), when the run was asked to record them. */
  record?: EumDiagnostics[];
}

/**
 * Reusable work space for n actors: every buffer a round needs, allocated once. Matrices indexed [i·m + g]
 * run over the m ≤ n distinct positions ("groups"): what actor i computes about an actor depends on that
 * actor only through its position, so utilities and votes are computed once per (actor, group).
 */
class Workspace {
  readonly n: number;
  readonly x: Float64Array;
  readonly next: Float64Array;
  readonly w: Float64Array;
  readonly s: Float64Array;
  /** Canonical order: by position, weight, salience, input index. */
  readonly ord: Int32Array;
  /** Distinct positions in ascending order: m of them, gx[g]; grp[i] is actor i's group. */
  m = 0;
  readonly gx: Float64Array;
  readonly gCount: Int32Array;
  readonly grp: Int32Array;
  /** dist[i·m + g] = |x_i − gx_g| / Δ. */
  readonly dist: Float64Array;
  /** vote[k·m + g] = dist^{r_k}. */
  readonly vote: Float64Array;
  /** pre[g·(n+1) + t] = Σ_{q<t} w_{ord[q]} vote[ord[q]·m + g]. */
  readonly pre: Float64Array;
  /** num[g·m + h]: numerator of P(a position-g actor beats a position-h actor); the denominator is one number. */
  readonly num: Float64Array;
  /** U_s, U_f (and U_b, U_w of either side when Q ≠ 1) for (i, g), with r_i. */
  readonly uS: Float64Array;
  readonly uF: Float64Array;
  readonly uBi: Float64Array;
  readonly uWi: Float64Array;
  readonly uBj: Float64Array;
  readonly uWj: Float64Array;
  readonly usq: Float64Array;
  readonly ones: Float64Array;
  readonly r: Float64Array;
  readonly danger: Float64Array;
  readonly riskIndex: Float64Array;
  /** n × n: P(x_i beats x_j), E^i(U_ij), E^i(U_ji). */
  readonly prob: Float64Array;
  readonly eInit: Float64Array;
  readonly eRecv: Float64Array;
  readonly scratchA: Float64Array;
  readonly scratchB: Float64Array;

  constructor(n: number) {
    const nn = n * n;
    this.n = n;
    this.x = new Float64Array(n);
    this.next = new Float64Array(n);
    this.w = new Float64Array(n);
    this.s = new Float64Array(n);
    this.ord = new Int32Array(n);
    this.gx = new Float64Array(n);
    this.gCount = new Int32Array(n);
    this.grp = new Int32Array(n);
    this.dist = new Float64Array(nn);
    this.vote = new Float64Array(nn);
    this.pre = new Float64Array(n * (n + 1));
    this.num = new Float64Array(nn);
    this.uS = new Float64Array(nn);
    this.uF = new Float64Array(nn);
    this.uBi = new Float64Array(nn);
    this.uWi = new Float64Array(nn);
    this.uBj = new Float64Array(nn);
    this.uWj = new Float64Array(nn);
    this.usq = new Float64Array(n);
    this.ones = new Float64Array(n).fill(1);
    this.r = new Float64Array(n);
    this.danger = new Float64Array(n);
    this.riskIndex = new Float64Array(n);
    this.prob = new Float64Array(nn);
    this.eInit = new Float64Array(nn);
    this.eRecv = new Float64Array(nn);
    this.scratchA = new Float64Array(n);
    this.scratchB = new Float64Array(n);
    for (let i = 0; i < n; i++) this.ord[i] = i;
  }

  /** Back to the state the constructor leaves: every buffer zero, ones all 1, ord the identity. O(n²). */
  reset(): void {
    this.m = 0;
    for (const buf of [this.x, this.next, this.w, this.s, this.gx, this.gCount, this.grp, this.dist, this.vote, this.pre, this.num, this.uS, this.uF, this.uBi, this.uWi, this.uBj, this.uWj, this.usq, this.r, this.danger, this.riskIndex, this.prob, this.eInit, this.eRecv, this.scratchA, this.scratchB]) {
      buf.fill(0);
    }
    for (let i = 0; i < this.n; i++) this.ord[i] = i;
  }
}

/**
 * One work space per actor count, kept between runs in this thread and reset at every use. A Monte Carlo worker
 * runs the EUM thousands of times on the same issues: allocating ~30 typed arrays per issue per draw took 14 % of
 * the time and, worse, made two worker threads slow each other down (every array of more than 64 bytes is a
 * separate allocation outside V8's heap, from one allocator shared by the process's threads). Runs never nest and
 * nothing in a work space escapes a run (snapshot() copies), so reuse is invisible to callers.
 */
const workspaces = new Map<number, Workspace>();

function workspaceFor(n: number): Workspace {
  let ws = workspaces.get(n);
  if (!ws) {
    ws = new Workspace(n);
    if (workspaces.size < 64) workspaces.set(n, ws);
    return ws;
  }
  ws.reset();
  return ws;
}

/** a before b in the canonical order (position, weight, salience, input index). */
function before(x: Float64Array, w: Float64Array, s: Float64Array, a: number, b: number): boolean {
  if (x[a] !== x[b]) return x[a]! < x[b]!;
  if (w[a] !== w[b]) return w[a]! < w[b]!;
  if (s[a] !== s[b]) return s[a]! < s[b]!;
  return a < b;
}

/**
 * Insertion sort of ord by the canonical order (O(n) when positions barely changed, O(n²) at worst), then the
 * groups of equal positions.
 */
function sortCanonical(ws: Workspace, x: Float64Array): void {
  const { ord, w, s, n, gx, gCount, grp } = ws;
  for (let t = 1; t < n; t++) {
    const a = ord[t]!;
    let q = t - 1;
    while (q >= 0 && before(x, w, s, a, ord[q]!)) {
      ord[q + 1] = ord[q]!;
      q--;
    }
    ord[q + 1] = a;
  }
  let m = 0;
  for (let t = 0; t < n; t++) {
    const i = ord[t]!;
    if (m === 0 || x[i] !== gx[m - 1]) {
      gx[m] = x[i]!;
      gCount[m] = 0;
      m++;
    }
    gCount[m - 1]!++;
    grp[i] = m - 1;
  }
  ws.m = m;
}

/**
 * Weighted median of x (ord sorted by x): the Condorcet winner under c·s votes. When the weight splits exactly
 * in half at a boundary (within 1e-12 relative), the positions from there up to the next one holding weight all
 * tie; the one nearest the weighted mean wins, the lower if still tied (the rule of the 'median' model).
 * Zero total weight: equal weights. O(n).
 */
function weightedMedianSorted(x: Float64Array, w: Float64Array, ord: Int32Array, n: number, mean: number): number {
  if (n === 0) return NaN;
  let total = 0;
  for (let t = 0; t < n; t++) total += w[ord[t]!]!;
  const unit = !(total > 0);
  if (unit) total = n;
  const half = total / 2;
  const eps = TIE * total;
  let below = 0;
  let t = 0;
  while (t < n) {
    const p = x[ord[t]!]!;
    let q = t;
    while (q < n && x[ord[q]!] === p) {
      below += unit ? 1 : w[ord[q]!]!;
      q++;
    }
    if (q === t) return NaN; // p is NaN (equal to nothing): no median, and no endless loop
    if (below > half + eps) return p;
    if (below >= half - eps) {
      // Exact split: every position from p up to the next one holding weight ties; nearest the mean wins.
      let best = p;
      while (q < n) {
        const c = x[ord[q]!]!;
        const from = q;
        let at = 0;
        while (q < n && x[ord[q]!] === c) {
          at += unit ? 1 : w[ord[q]!]!;
          q++;
        }
        if (q === from) return NaN; // c is NaN
        if (Math.abs(c - mean) < Math.abs(best - mean) - TIE) best = c;
        if (at > 0) break;
      }
      return best;
    }
    t = q;
  }
  return x[ord[n - 1]!]!;
}

/**
 * Weighted mean over the canonical order, as x_(0) + Σ w (x − x_(0)) / Σ w (exact when all positions agree),
 * with compensated sums; equal weights when Σ w = 0. O(n), into the work space's scratch buffers.
 */
function weightedMeanSorted(ws: Workspace, x: Float64Array): number {
  const { n, ord, w, scratchA, scratchB } = ws;
  if (n === 0) return NaN;
  const base = x[ord[0]!]!;
  for (let t = 0; t < n; t++) {
    const i = ord[t]!;
    scratchA[t] = w[i]! * (x[i]! - base);
    scratchB[t] = w[i]!;
  }
  const sw = compensatedSum(scratchB);
  if (sw > 0) return base + compensatedSum(scratchA) / sw;
  for (let t = 0; t < n; t++) scratchA[t] = x[ord[t]!]! - base;
  return base + compensatedSum(scratchA) / n;
}

/**
 * Numerators of P for every ordered pair of groups (into ws.num) and their common denominator (returned), from
 * the vote utilities `vote` (u_kg = δ_kg^{r_k}; with every r = 1 it is the distance matrix itself). O(n·m).
 */
function probabilities(ws: Workspace, vote: Float64Array): number {
  const { n, m, ord, w, pre, num, dist, gCount, grp } = ws;
  const n1 = n + 1;
  // Denominator: Σ_k w_k Σ_a Σ_b |u_ka − u_kb| (a, b over all actors) = Σ_k w_k · 2 Σ (v − v_prev)·c·(n − c) over
  // k's distinct utilities v in ascending order, c actors below v: merged outward from k's own group (u grows
  // with distance).
  let den = 0;
  for (let o = 0; o < n; o++) {
    const k = ord[o]!;
    const wk = w[k]!;
    if (wk === 0) continue;
    const row = k * m;
    const own = grp[k]!;
    let lo = own - 1;
    let hi = own + 1;
    let prev = 0;
    let below = gCount[own]!;
    let acc = 0;
    for (let step = 1; step < m; step++) {
      let g: number;
      if (hi >= m || (lo >= 0 && vote[row + lo]! <= vote[row + hi]!)) g = lo--;
      else g = hi++;
      const v = vote[row + g]!;
      acc += (v - prev) * below * (n - below);
      below += gCount[g]!;
      prev = v;
    }
    den += wk * 2 * acc;
  }
  // Column prefix sums over the canonical order.
  for (let g = 0; g < m; g++) {
    const base = g * n1;
    let acc = 0;
    for (let t = 0; t < n; t++) {
      pre[base + t] = acc;
      const k = ord[t]!;
      acc += w[k]! * vote[k * m + g]!;
    }
    pre[base + n] = acc;
  }
  // Group pairs (g lower, h higher). Voters nearer g (δ_kg < δ_kh) form a prefix of the canonical order, of
  // length lt; voters nearer h a suffix from le. Both pointers only move forward as h moves up.
  for (let g = 0; g < m; g++) {
    num[g * m + g] = 0;
    let lt = 0;
    let le = 0;
    const bg = g * n1;
    for (let h = g + 1; h < m; h++) {
      while (lt < n && dist[ord[lt]! * m + g]! < dist[ord[lt]! * m + h]!) lt++;
      if (le < lt) le = lt;
      while (le < n && dist[ord[le]! * m + g]! <= dist[ord[le]! * m + h]!) le++;
      const bh = h * n1;
      const forG = pre[bh + lt]! - pre[bg + lt]!;
      const forH = pre[bg + n]! - pre[bg + le]! - (pre[bh + n]! - pre[bh + le]!);
      num[g * m + h] = forG > 0 ? forG : 0;
      num[h * m + g] = forH > 0 ? forH : 0;
    }
  }
  return den;
}

/** base^e, with e = 1 exact and cheap. */
function pw(base: number, e: number): number {
  return e === 1 ? base : Math.pow(base, e);
}

/**
 * Expected utilities for every ordered pair with utility exponents re (i's own r_i for all it estimates),
 * given the P numerators and denominator: fills eRecv, and eInit and prob unless `receiverOnly`. O(n² + n·m)
 * arithmetic with 2n·m pows (4n·m more when Q ≠ 1).
 */
function expectedUtilities(ws: Workspace, re: Float64Array, den: number, delta: number, median: number, Q: number, T: number, receiverOnly: boolean): void {
  const { n, m, x, s, gx, grp, dist, num, eInit, eRecv, prob, usq, uS, uF, uBi, uWi, uBj, uWj } = ws;
  const inv = den > 0 ? 1 / den : 0;
  const q1 = 1 - Q;
  for (let i = 0; i < n; i++) {
    const ri = re[i]!;
    usq[i] = 2 - 4 * pw(0.5, ri);
    const row = i * m;
    const mi = q1 !== 0 ? Math.abs(x[i]! - median) / delta : 0;
    for (let g = 0; g < m; g++) {
      const d = dist[row + g]!;
      uS[row + g] = 2 - 4 * pw(0.5 - 0.5 * d, ri);
      uF[row + g] = 2 - 4 * pw(0.5 + 0.5 * d, ri);
      if (q1 !== 0) {
        const mj = Math.abs(gx[g]! - median) / delta;
        uBi[row + g] = 2 - 4 * pw(0.5 - 0.25 * (mi + d), ri);
        uWi[row + g] = 2 - 4 * pw(0.5 + 0.25 * (mi + d), ri);
        uBj[row + g] = 2 - 4 * pw(0.5 - 0.25 * (mj + d), ri);
        uWj[row + g] = 2 - 4 * pw(0.5 + 0.25 * (mj + d), ri);
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const uSq = usq[i]!;
    const si = s[i]!;
    const gi = grp[i]!;
    const row = i * n;
    const rowG = i * m;
    for (let j = 0; j < n; j++) {
      const g = grp[j]!;
      const us = uS[rowG + g]!;
      const uf = uF[rowG + g]!;
      const pji = num[g * m + gi]! * inv;
      let er = si * (pji * us + (1 - pji) * uf) + (1 - si) * us - Q * uSq;
      if (q1 !== 0) er -= q1 * (T * uBj[rowG + g]! + (1 - T) * uWj[rowG + g]!);
      eRecv[row + j] = er;
      if (receiverOnly) continue;
      const pij = num[gi * m + g]! * inv;
      const sj = s[j]!;
      let ei = sj * (pij * us + (1 - pij) * uf) + (1 - sj) * us - Q * uSq;
      if (q1 !== 0) ei -= q1 * (T * uBi[rowG + g]! + (1 - T) * uWi[rowG + g]!);
      eInit[row + j] = ei;
      prob[row + j] = pij;
    }
  }
}

/**
 * Evaluate one round from the positions in ws.x: dangers, risk exponents, P and both expected-utility
 * matrices (left in ws). Returns the median μ used. O(n² + n·m), 3n·m pows.
 */
function evaluate(ws: Workspace, delta: number, Q: number, T: number): number {
  const { n, x, w, ord, dist, vote, r, danger, riskIndex, eRecv, gx } = ws;
  sortCanonical(ws, x);
  const m = ws.m;
  const mean = weightedMeanSorted(ws, x);
  const median = weightedMedianSorted(x, w, ord, n, mean);
  if (!(delta > 0)) {
    r.fill(1);
    danger.fill(0);
    riskIndex.fill(0);
    ws.prob.fill(0);
    ws.eInit.fill(0);
    eRecv.fill(0);
    return median;
  }
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let g = 0; g < m; g++) dist[row + g] = Math.abs(x[i]! - gx[g]!) / delta;
  }
  // Pass 1, every r = 1: the dangers. Votes are the distances themselves.
  let den = probabilities(ws, dist);
  expectedUtilities(ws, ws.ones, den, delta, median, Q, T, true);
  let dMax = -Infinity;
  let dMin = Infinity;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    const row = i * n;
    for (let t = 0; t < n; t++) {
      const j = ord[t]!;
      if (j !== i) sum += eRecv[row + j]!;
    }
    danger[i] = sum;
    if (sum > dMax) dMax = sum;
    if (sum < dMin) dMin = sum;
  }
  const spread = dMax - dMin;
  const flat = !(spread > TIE * Math.max(1, Math.abs(dMax), Math.abs(dMin)));
  for (let i = 0; i < n; i++) {
    const R = flat ? 0 : (2 * danger[i]! - dMax - dMin) / spread;
    riskIndex[i] = R;
    r[i] = (1 - R / 3) / (1 + R / 3);
  }
  // Pass 2: votes and utilities with the risk exponents.
  for (let k = 0; k < n; k++) {
    const rk = r[k]!;
    const row = k * m;
    for (let g = 0; g < m; g++) vote[row + g] = pw(dist[row + g]!, rk);
  }
  den = probabilities(ws, vote);
  expectedUtilities(ws, r, den, delta, median, Q, T, false);
  return median;
}

/**
 * Each actor's offer from the evaluated round, into ws.next and the move arrays at offset `at`. O(n²).
 * Returns the number of actors whose position changes (an offer too small to shift a double changes nothing).
 */
function chooseMoves(
  ws: Workspace,
  rule: CompromiseRule,
  kind: Uint8Array,
  target: Int32Array,
  eiOut: Float64Array,
  erOut: Float64Array,
  at: number,
): number {
  const { n, x, next, eInit, eRecv } = ws;
  let moved = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i]!;
    const row = i * n;
    let bestKind = MOVE_NONE;
    let best = -1;
    let bestScore = Infinity;
    let bestTo = xi;
    for (let j = 0; j < n; j++) {
      const xj = x[j]!;
      if (xj === xi) continue;
      const eij = eInit[row + j]!;
      const eji = eRecv[row + j]!;
      let k: number;
      let score: number;
      let to: number;
      if (eij > EU_EPS && eji - eij > EU_EPS) {
        k = MOVE_CONFRONTATION;
        to = xj;
        score = Math.abs(xj - xi);
      } else if (eij < -EU_EPS && eji > EU_EPS && eji + eij > EU_EPS) {
        k = MOVE_COMPROMISE;
        const a = -eij;
        to = xi + (xj - xi) * (a / eji);
        score = rule === 'reference' ? (a * xi + eji * xj) / (a + eji) : Math.abs(to - xi);
      } else if (eij < -EU_EPS && eji > EU_EPS && -eij - eji > EU_EPS) {
        k = MOVE_CAPITULATION;
        to = xj;
        score = Math.abs(xj - xi);
      } else continue;
      // Confrontation beats compromise beats capitulation; within a kind the least score; an exact tie goes
      // to the lower target position, then to the earlier actor (j runs in input order, so keep the first).
      // Scores are computed alike whatever the input order, so exact comparison keeps the choice order-free.
      let better: boolean;
      if (bestKind === MOVE_NONE) better = true;
      else if (k !== bestKind) better = k < bestKind;
      else if (score !== bestScore) better = score < bestScore;
      else better = xj < x[best]!;
      if (better) {
        bestKind = k;
        best = j;
        bestScore = score;
        bestTo = to;
      }
    }
    next[i] = bestTo;
    kind[at + i] = bestKind;
    target[at + i] = best;
    eiOut[at + i] = best >= 0 ? eInit[row + best]! : 0;
    erOut[at + i] = best >= 0 ? eRecv[row + best]! : 0;
    if (bestTo !== xi) moved++;
  }
  return moved;
}

function snapshot(ws: Workspace, delta: number, median: number): EumDiagnostics {
  return {
    n: ws.n,
    delta,
    median,
    danger: ws.danger.slice(),
    riskIndex: ws.riskIndex.slice(),
    riskExponent: ws.r.slice(),
    probability: ws.prob.slice(),
    initiatorEU: ws.eInit.slice(),
    receiverEU: ws.eRecv.slice(),
  };
}

function load(input: EumInput): { ws: Workspace; delta: number } {
  const n = input.position.length;
  if (input.capability.length !== n || input.salience.length !== n) {
    throw new RangeError(`EUM input arrays differ in length: ${n} positions, ${input.capability.length} capabilities, ${input.salience.length} saliences`);
  }
  const ws = workspaceFor(n);
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const p = input.position[i]!;
    ws.x[i] = p;
    ws.s[i] = input.salience[i]!;
    ws.w[i] = input.capability[i]! * input.salience[i]!;
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  }
  return { ws, delta: n > 0 ? hi - lo : 0 };
}

/** Defaults filled in; without a number of rounds, a settle rule gets EUM_SETTLE_MAX_ROUNDS. */
export function eumSettings(settings: Partial<EumSettings> = {}): EumSettings {
  const merged: EumSettings = { ...EUM_DEFAULTS };
  for (const [k, v] of Object.entries(settings)) if (v !== undefined) (merged as unknown as Record<string, unknown>)[k] = v;
  if (settings.rounds === undefined && merged.stop !== 'rounds') merged.rounds = EUM_SETTLE_MAX_ROUNDS;
  return merged;
}

/** The first round's evaluation at the input positions (dangers, risk, P and both EU matrices). O(n²). */
export function eumDiagnostics(input: EumInput, settings: Partial<EumSettings> = {}): EumDiagnostics {
  const st = eumSettings(settings);
  const { ws, delta } = load(input);
  const median = evaluate(ws, delta, st.Q, st.T);
  return snapshot(ws, delta, median);
}

/**
 * Run the EUM on one issue. `record` keeps every round's evaluation (for the dynamics story and its quad map).
 * O(R·n²) time for R rounds; O(n² + R·n) memory (+ O(R·n²) when recording). Inputs are not modified.
 */
export function runEum(input: EumInput, settings: Partial<EumSettings> = {}, record = false): EumRun {
  const st = eumSettings(settings);
  const { ws, delta } = load(input);
  const n = ws.n;
  const R = st.rounds;
  // The run's history in one allocation: doubles first, then int32s, then bytes (each part aligned).
  const doubles = (R + 1) * n + 2 * (R + 1) + 2 * R * n;
  const history = new ArrayBuffer(8 * doubles + 4 * R * n + R * n);
  let at8 = 0;
  const f64 = (k: number) => new Float64Array(history, 8 * ((at8 += k) - k), k);
  const positions = f64((R + 1) * n);
  const median = f64(R + 1);
  const mean = f64(R + 1);
  const moveInitiatorEU = f64(R * n);
  const moveReceiverEU = f64(R * n);
  const moveTarget = new Int32Array(history, 8 * doubles, R * n).fill(-1);
  const moveKind = new Uint8Array(history, 8 * doubles + 4 * R * n, R * n);
  const records: EumDiagnostics[] | undefined = record ? [] : undefined;

  positions.set(ws.x, 0);
  sortCanonical(ws, ws.x);
  mean[0] = weightedMeanSorted(ws, ws.x);
  median[0] = weightedMedianSorted(ws.x, ws.w, ws.ord, n, mean[0]!);

  let cycle: EumCycle | null = null;
  let fixedFrom: number | null = null;
  let reason: EumRun['stop']['reason'] = st.stop === 'rounds' ? 'rounds' : 'max-rounds';
  let statistic: 'median' | 'mean' | undefined;
  let t = 0;
  let last: EumDiagnostics | undefined;
  while (t < R) {
    t++;
    const at = (t - 1) * n;
    if (fixedFrom !== null) {
      // Nobody moved last round, so this round is the same: copy instead of recomputing.
      positions.copyWithin(t * n, (t - 1) * n, t * n);
      median[t] = median[t - 1]!;
      mean[t] = mean[t - 1]!;
      moveKind.set(moveKind.subarray(at - n, at), at);
      moveTarget.set(moveTarget.subarray(at - n, at), at);
      moveInitiatorEU.set(moveInitiatorEU.subarray(at - n, at), at);
      moveReceiverEU.set(moveReceiverEU.subarray(at - n, at), at);
      if (records && last) records.push(last);
      continue;
    }
    const mu = evaluate(ws, delta, st.Q, st.T);
    if (records) records.push((last = snapshot(ws, delta, mu)));
    const moved = chooseMoves(ws, st.compromiseRule, moveKind, moveTarget, moveInitiatorEU, moveReceiverEU, at);
    ws.x.set(ws.next);
    positions.set(ws.x, t * n);
    sortCanonical(ws, ws.x);
    mean[t] = weightedMeanSorted(ws, ws.x);
    median[t] = weightedMedianSorted(ws.x, ws.w, ws.ord, n, mean[t]!);
    if (moved === 0) fixedFrom = t;
    else if (cycle === null) cycle = findRepeat(positions, n, t);
    if (st.stop !== 'rounds') {
      // A repeated state is reported as a cycle even when the statistic happens to sit still in that round.
      if (cycle !== null) {
        reason = 'cycle';
        break;
      }
      const stat = st.stop === 'median' ? median : mean;
      if (Math.abs(stat[t]! - stat[t - 1]!) <= st.tolerance * delta) {
        reason = 'converged';
        statistic = st.stop;
        break;
      }
    }
  }
  const run: EumRun = {
    n,
    delta,
    settings: st,
    rounds: t,
    positions: t === R ? positions : positions.slice(0, (t + 1) * n),
    median: t === R ? median : median.slice(0, t + 1),
    mean: t === R ? mean : mean.slice(0, t + 1),
    moveKind: t === R ? moveKind : moveKind.slice(0, t * n),
    moveTarget: t === R ? moveTarget : moveTarget.slice(0, t * n),
    moveInitiatorEU: t === R ? moveInitiatorEU : moveInitiatorEU.slice(0, t * n),
    moveReceiverEU: t === R ? moveReceiverEU : moveReceiverEU.slice(0, t * n),
    stop: statistic ? { reason, statistic } : { reason },
    cycle,
    fixedFrom,
  };
  if (records) run.record = records;
  return run;
}

/**
 * The earlier round whose state equals round t's exactly (a deterministic map then repeats forever), or null.
 * Rounds t − 1 is not checked: equal to it means nobody moved (a fixed point, reported separately).
 * O(t·n) at worst; a mismatch usually shows at the first actor.
 */
function findRepeat(positions: Float64Array, n: number, t: number): EumCycle | null {
  const cur = t * n;
  for (let u = t - 2; u >= 0; u--) {
    const base = u * n;
    let same = true;
    for (let i = 0; i < n; i++) {
      if (positions[base + i] !== positions[cur + i]) {
        same = false;
        break;
      }
    }
    if (same) return { from: u, to: t, length: t - u };
  }
  return null;
}
