/**
 * The Pareto frontier of an outcome space: every outcome no other outcome weakly dominates (≥ for every party,
 * > for one), counted both ways — outcomes on it, ties included (GENIUS' count), and distinct utility vectors
 * (NegMAS' count). Dominance is exact on doubles, no epsilon, and utilities are summed in GENIUS' and NegMAS'
 * order, so the counts are the reference tools' ("reference mode", ../shared/specs/bargaining.md §2, §5).
 *
 * Three algorithms, chosen by the structure of the utility functions (n outcomes, m issues, V values per issue,
 * k parties, F points on the frontier):
 *
 *  1. Streaming filter (enumeration; also the last step of the others). Points arrive one by one; the frontier
 *     is kept as an antichain. Two parties: sorted by u_1 ascending (u_2 then strictly descending), so one binary
 *     search finds the only frontier point that can dominate or equal a new point, and the points a new point
 *     dominates form one contiguous block: O(log F) per point, O(n log F) in all — the "sort-and-sweep" of the
 *     spec done online. k ≥ 3: a linear scan of the frontier, O(n·F·k).
 *
 *  2. Issue-by-issue merge for additive utilities (GENIUS ParetoFrontierF, GeniusWeb ParetoLinearAdditive; the
 *     spec's F(all) = ND(F(prefix) ⊕ values(next issue))). A prefix that another prefix dominates stays dominated
 *     whatever the remaining issues add, so only the prefix frontier is carried forward. Never enumerates the
 *     space: O(Σ_j F_j·V_j·log(F_j·V_j)) for two parties, F_j the prefix frontier size. Exactness with doubles:
 *     a 1-ulp difference in a partial sum can vanish when the next contribution is added, turning a dominated
 *     prefix into a tie (spec §5). So intermediate steps drop a prefix only when it is dominated with a margin
 *     τ = 10⁻¹⁰·(largest possible |utility|) in some coordinate — far above any rounding error of m additions,
 *     so the drop is safe for every completion — and the last step filters exactly. Partial sums are formed in
 *     issue order, ((0 + c_1) + c_2) + …, the very doubles a brute-force evaluation gives.
 *     Multiplicities: values with identical contribution vectors are merged with a count, and identical
 *     partial vectors are merged with their summed counts, so ties are counted without listing them.
 *
 *  3. Value-class compression for hyper-rectangle utilities (and any additive parties beside them). On issue j,
 *     two values are interchangeable when every rectangle of every party that constrains j contains both or
 *     neither (and additive parties value them equally): they form a class. Every outcome in the same
 *     combination of classes has the same utilities, so the space shrinks from Π_j V_j outcomes to Π_j C_j class
 *     combinations, each weighted by Π_j |class|. The combinations are visited depth-first with, per party, a
 *     running bitmask of the rectangles still satisfied (AND of per-class masks), and a leaf's utility is read
 *     from per-byte tables of summed rectangle utilities: O(Π_j C_j · k · (R/32 + R/8)) time, O(m·C·R/32) memory.
 *     Utilities are min(1, s/maxUtility) with s summed byte-block by byte-block (exact for integer utilities,
 *     as in every ANAC file; otherwise within an ulp of GENIUS' rectangle-order sum).
 *
 * Limits (FrontierOptions), each refused as an InputError (problem code space-too-large): more than `limit`
 * candidates at a merge step, outcomes to enumerate, or class combinations; and, with k ≥ 3 parties, more than
 * `comparisonLimit` utility comparisons in the dominance tests. The candidate count alone does not bound the time
 * of k ≥ 3 parties, whose filters cost O(n·F·k): Busan's three groups at 20 points per issue never pass 10⁶
 * candidates, yet the tenth issue alone would take about 10¹⁰ vector comparisons. The merge refuses before the
 * issue it expects to pass the limit, and every filter stops as soon as it passes it.
 *
 * `frontierByEnumeration` (algorithm 1 over all outcomes) is the brute-force check the tests compare against.
 * Deterministic. The frontier comes back sorted by party 1's utility ascending (GENIUS' order), ties by the
 * next parties'.
 */
import { InputError, problem } from '../errors.js';
import { additiveRange, enumerateUtilities, outcomeAt, outcomeCount, utilityOf, type AdditiveUtility, type DealSpace, type RectangleUtility } from './space.js';

export interface ParetoFrontier {
  /** Parties k. */
  parties: number;
  /** Issues m. */
  issues: number;
  /** Distinct utility vectors on the frontier (F). */
  distinct: number;
  /** Outcomes on the frontier, ties included (Σ counts). */
  outcomes: number;
  /** F×k, row-major, sorted by party 1's utility ascending. */
  utilities: Float64Array;
  /** How many outcomes have each vector. */
  counts: Float64Array;
  /** F×m: one outcome (value indices) per vector. */
  representatives: Int32Array;
  /** Smallest and largest utility of each party over the whole space. */
  min: Float64Array;
  max: Float64Array;
  /** Outcomes in the space. */
  total: number;
  method: 'enumeration' | 'merge' | 'classes';
}

export interface FrontierOptions {
  /** Force an algorithm; default: merge for all-additive spaces, classes when any party has rectangles. */
  method?: 'enumeration' | 'merge' | 'classes';
  /** Give up (InputError) when an intermediate frontier, an enumeration or a class space exceeds this many points. */
  limit?: number;
  /**
   * Three or more parties: give up (InputError) when the dominance tests of the streaming filter and of the merge's
   * intermediate filters (O(n·F·k), module header) would exceed this many utility comparisons (vector pairs × k).
   * Default 3·10¹⁰, about a minute on a 2-core machine (Busan, three groups: 10 points per issue fit, 11 are refused after about 45 s; at 10¹¹ 20 points ran 7 minutes before the refusal). The merge refuses before an issue whose filter it expects to cross the limit
   * (estimate: n candidates × an expected frontier of F·(F / previous F), halved), and every filter stops as
   * soon as the count it has done crosses it, so a refused run never runs much past the limit. Two parties are
   * filtered by sorting and never count.
   */
  comparisonLimit?: number;
  /**
   * Called as the work advances, for progress bars: by the issue-by-issue merge (the algorithm of scenario spaces)
   * after each issue, done of m; the last issues cost most, as the frontier grows. The other algorithms do not call it.
   */
  onProgress?: (done: number, total: number) => void;
}

const DEFAULT_LIMIT = 50_000_000;
const DEFAULT_COMPARISON_LIMIT = 3e10;

function tooLarge(what: string, size: number, limit: number): InputError {
  return new InputError([
    problem(
      'space-too-large',
      [],
      `the outcome space is too large to analyse exactly: ${what} has ${size.toExponential(2)} points (limit ${limit.toExponential(0)})`,
      'compare fewer parties (groups instead of actors), fewer issues, or fewer points per issue',
    ),
  ]);
}

/**
 * The refusal of a dominance filter of k ≥ 3 parties' vectors that would take too long: what is filtered (`what`),
 * and the comparisons expected (`estimate`, said with the growth it assumes) or already made, against the limit.
 */
function tooManyComparisons(what: string, k: number, comparisons: number, limit: number, estimate: boolean): InputError {
  const cost = estimate
    ? `would reach about ${comparisons.toExponential(1)} utility comparisons while filtering ${what}, if the frontier grows as it did on the issue before (limit ${limit.toExponential(0)})`
    : `passed the limit of ${limit.toExponential(0)} utility comparisons while filtering ${what}`;
  return new InputError([
    problem(
      'space-too-large',
      [],
      `the outcome space is too large to analyse exactly: with ${k} parties every package is compared with the whole frontier, and the Pareto filter ${cost}`,
      'compare two parties (their frontier is found by sorting, far faster), fewer issues, or fewer points per issue',
    ),
  ]);
}

const whole = (x: number) => x.toLocaleString('en-US');

/** Utility comparisons made by the dominance tests of k ≥ 3 parties (vector pairs × k), against a limit. */
class ComparisonMeter {
  used = 0;
  constructor(
    readonly k: number,
    readonly limit: number,
  ) {}

  /** Count `pairs` more vector pairs; throw when the total crosses the limit. */
  add(pairs: number, where: () => string): void {
    this.used += pairs * this.k;
    if (this.used > this.limit) throw tooManyComparisons(where(), this.k, this.limit, this.limit, false);
  }

  /** Throw before a step expected to make `pairs` vector pairs when they would cross the limit. */
  expect(pairs: number, where: () => string): void {
    const total = this.used + pairs * this.k;
    if (total > this.limit) throw tooManyComparisons(where(), this.k, total, this.limit, true);
  }
}

// ================================================================ streaming exact filter (algorithm 1)

/**
 * An antichain of utility vectors with counts and a representative id, fed one point at a time.
 * `add` is exact: dominated points are dropped, equal points add their count, and points a new point dominates
 * are removed. Two parties: O(log F) per point plus the (rare) insertions; k ≥ 3: O(F·k).
 */
export class FrontierBuilder {
  readonly k: number;
  /** Parallel arrays, sorted by u[0] ascending when k = 2. */
  u: number[][] = [];
  count: number[] = [];
  rep: number[] = [];
  /** Vector pairs compared by addK so far (the O(n·F) cost of k ≥ 3 parties). */
  tests = 0;

  constructor(k: number) {
    this.k = k;
    this.init();
  }

  /** Add a point (two parties). Returns true when it entered the frontier as a new vector. */
  add2(a: number, b: number, count: number, rep: number): boolean {
    const u0 = this.u[0]!;
    const u1 = this.u[1]!;
    // First index with u0 ≥ a.
    let lo = 0;
    let hi = u0.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (u0[mid]! < a) lo = mid + 1;
      else hi = mid;
    }
    if (lo < u0.length && u1[lo]! >= b) {
      if (u0[lo] === a && u1[lo] === b) this.count[lo]! += count;
      return false; // dominated (or equal: counted)
    }
    // Not dominated: remove the block just below lo whose u1 ≤ b (they have u0 ≤ a), and lo itself if u0 = a.
    let end = lo;
    if (end < u0.length && u0[end] === a) end++; // same u0, smaller u1: dominated by the new point
    let start = lo;
    while (start > 0 && u1[start - 1]! <= b) start--;
    u0.splice(start, end - start, a);
    u1.splice(start, end - start, b);
    this.count.splice(start, end - start, count);
    this.rep.splice(start, end - start, rep);
    return true;
  }

  /** Add a point (any number of parties). Returns true when it entered the frontier as a new vector. */
  addK(p: ArrayLike<number>, count: number, rep: number): boolean {
    const k = this.k;
    const n = this.count.length;
    for (let f = 0; f < n; f++) {
      let ge = true;
      let eq = true;
      for (let i = 0; i < k; i++) {
        const q = this.u[i]![f]!;
        if (q < p[i]!) {
          ge = false;
          break;
        }
        if (q !== p[i]) eq = false;
      }
      if (ge) {
        if (eq) this.count[f]! += count;
        this.tests += f + 1;
        return false;
      }
    }
    this.tests += 2 * n;
    // Keep the frontier points the new one does not dominate.
    let w = 0;
    for (let f = 0; f < n; f++) {
      let le = true;
      for (let i = 0; i < k; i++) {
        if (this.u[i]![f]! > p[i]!) {
          le = false;
          break;
        }
      }
      if (!le) {
        if (w !== f) {
          for (let i = 0; i < k; i++) this.u[i]![w] = this.u[i]![f]!;
          this.count[w] = this.count[f]!;
          this.rep[w] = this.rep[f]!;
        }
        w++;
      }
    }
    for (let i = 0; i < k; i++) {
      this.u[i]!.length = w;
      this.u[i]!.push(p[i]!);
    }
    this.count.length = w;
    this.rep.length = w;
    this.count.push(count);
    this.rep.push(rep);
    return true;
  }

  /** Empty the frontier. */
  init(): this {
    this.u = Array.from({ length: this.k }, () => []);
    this.count = [];
    this.rep = [];
    return this;
  }

  get size(): number {
    return this.count.length;
  }

  /** Row order sorted by u[0] ascending, then u[1], … */
  order(): number[] {
    const idx = Array.from({ length: this.size }, (_, i) => i);
    idx.sort((x, y) => {
      for (let i = 0; i < this.k; i++) {
        const d = this.u[i]![x]! - this.u[i]![y]!;
        if (d !== 0) return d;
      }
      return 0;
    });
    return idx;
  }
}

function newBuilder(k: number): FrontierBuilder {
  return new FrontierBuilder(k);
}

// ================================================================ brute force (algorithm 1 over every outcome)

/** Every outcome enumerated and streamed through the exact filter. O(n·k) memory for the utilities, O(n log F) time (k = 2). */
export function frontierByEnumeration(space: DealSpace, options: FrontierOptions = {}): ParetoFrontier {
  const n = outcomeCount(space);
  const limit = options.limit ?? DEFAULT_LIMIT;
  if (n > limit) throw tooLarge('the enumeration', n, limit);
  const k = space.parties.length;
  const util = enumerateUtilities(space);
  const b = newBuilder(k);
  const meter = k > 2 ? new ComparisonMeter(k, options.comparisonLimit ?? DEFAULT_COMPARISON_LIMIT) : undefined;
  const where = () => `the ${whole(n)} outcomes`;
  const min = new Float64Array(k).fill(Infinity);
  const max = new Float64Array(k).fill(-Infinity);
  const p = new Float64Array(k);
  for (let o = 0; o < n; o++) {
    for (let i = 0; i < k; i++) {
      const v = util[o * k + i]!;
      p[i] = v;
      if (v < min[i]!) min[i] = v;
      if (v > max[i]!) max[i] = v;
    }
    if (k === 2) b.add2(p[0]!, p[1]!, 1, o);
    else {
      const before = b.tests;
      b.addK(p, 1, o);
      meter?.add(b.tests - before, where);
    }
  }
  return finish(space, b, (rep) => outcomeAt(space, rep), min, max, n, 'enumeration');
}

function finish(
  space: DealSpace,
  b: FrontierBuilder,
  outcomeOf: (rep: number) => ArrayLike<number>,
  min: Float64Array,
  max: Float64Array,
  total: number,
  method: ParetoFrontier['method'],
): ParetoFrontier {
  const k = b.k;
  const m = space.issues.length;
  const order = b.order();
  const F = order.length;
  const utilities = new Float64Array(F * k);
  const counts = new Float64Array(F);
  const representatives = new Int32Array(F * m);
  let outcomes = 0;
  order.forEach((row, f) => {
    for (let i = 0; i < k; i++) utilities[f * k + i] = b.u[i]![row]!;
    counts[f] = b.count[row]!;
    outcomes += counts[f]!;
    representatives.set(outcomeOf(b.rep[row]!), f * m);
  });
  return { parties: k, issues: m, distinct: F, outcomes, utilities, counts, representatives, min, max, total, method };
}

// ================================================================ issue-by-issue merge (algorithm 2)

interface Level {
  /** F×k partial utility vectors. */
  vec: Float64Array;
  count: Float64Array;
  /** Index into the previous level and the value chosen on this level's issue. */
  parent: Int32Array;
  value: Int32Array;
  size: number;
}

/**
 * Drop the points another point dominates with a margin τ in some coordinate (q ≥ p everywhere and q_i > p_i + τ
 * for some i), merging identical vectors. τ = 0 gives the exact filter. Two parties: sort (u_1 desc, u_2 desc) and
 * two sweeps, O(n log n); k ≥ 3: sort by sum, then scan the kept points, O(n·F·k).
 */
function robustFilter(vec: Float64Array, count: Float64Array, parent: Int32Array, value: Int32Array, n: number, k: number, tau: number, meter?: ComparisonMeter, where: () => string = () => ''): Level {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  const sums = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += vec[i * k + t]!;
    sums[i] = s;
  }
  const lexDesc = (a: number, b: number) => {
    for (let t = 0; t < k; t++) {
      const d = vec[b * k + t]! - vec[a * k + t]!;
      if (d !== 0) return d;
    }
    return 0;
  };
  if (k === 2) idx.sort(lexDesc);
  else idx.sort((a, b) => sums[b]! - sums[a]! || lexDesc(a, b));
  // Merge identical vectors (adjacent after either sort: equal vectors have equal sums and compare equal).
  const uniq: number[] = [];
  const ucount: number[] = [];
  for (let r = 0; r < n; r++) {
    const i = idx[r]!;
    const last = uniq.length - 1;
    if (last >= 0 && lexDesc(uniq[last]!, i) === 0) ucount[last]! += count[i]!;
    else {
      uniq.push(i);
      ucount.push(count[i]!);
    }
  }
  const keep: number[] = [];
  if (k === 2) {
    // uniq sorted by u0 desc, u1 desc.
    const U = uniq.length;
    // Condition B: some q with q0 ≥ p0 and q1 > p1 + τ → max u1 over all points up to the end of p's u0-group.
    // Condition A: some q with q0 > p0 + τ and q1 ≥ p1 → max u1 over points with u0 > p0 + τ.
    let groupEnd = 0;
    let maxThroughGroup = -Infinity;
    let a = 0;
    let maxAbove = -Infinity;
    for (let r = 0; r < U; r++) {
      const i = uniq[r]!;
      const p0 = vec[i * 2]!;
      const p1 = vec[i * 2 + 1]!;
      if (r >= groupEnd) {
        groupEnd = r;
        while (groupEnd < U && vec[uniq[groupEnd]! * 2] === p0) {
          const q1 = vec[uniq[groupEnd]! * 2 + 1]!;
          if (q1 > maxThroughGroup) maxThroughGroup = q1;
          groupEnd++;
        }
      }
      while (a < U && vec[uniq[a]! * 2]! > p0 + tau) {
        const q1 = vec[uniq[a]! * 2 + 1]!;
        if (q1 > maxAbove) maxAbove = q1;
        a++;
      }
      const dominated = tau === 0 ? maxThroughGroup > p1 || (maxAbove >= p1 && a > 0) : maxThroughGroup > p1 + tau || maxAbove >= p1;
      if (!dominated) keep.push(r);
    }
  } else {
    for (let r = 0; r < uniq.length; r++) {
      const i = uniq[r]!;
      let dominated = false;
      let tests = 0;
      for (const kr of keep) {
        tests++;
        const q = uniq[kr]!;
        let ge = true;
        let margin = false;
        for (let t = 0; t < k; t++) {
          const d = vec[q * k + t]! - vec[i * k + t]!;
          if (d < 0) {
            ge = false;
            break;
          }
          if (d > tau) margin = true;
        }
        if (ge && (margin || tau === 0)) {
          dominated = true;
          break;
        }
      }
      if (!dominated) keep.push(r);
      meter?.add(tests, where);
    }
  }
  const size = keep.length;
  const out: Level = { vec: new Float64Array(size * k), count: new Float64Array(size), parent: new Int32Array(size), value: new Int32Array(size), size };
  keep.forEach((r, f) => {
    const i = uniq[r]!;
    for (let t = 0; t < k; t++) out.vec[f * k + t] = vec[i * k + t]!;
    out.count[f] = ucount[r]!;
    out.parent[f] = parent[i]!;
    out.value[f] = value[i]!;
  });
  return out;
}

/** Issue-by-issue merge; every party must be additive. See the module header for cost and exactness. */
export function frontierByMerge(space: DealSpace, options: FrontierOptions = {}): ParetoFrontier {
  const k = space.parties.length;
  const m = space.issues.length;
  const limit = options.limit ?? DEFAULT_LIMIT;
  const utils = space.parties.map((p) => {
    if (p.utility.kind !== 'additive') throw new Error('frontierByMerge needs additive utilities');
    return p.utility as AdditiveUtility;
  });
  const min = new Float64Array(k);
  const max = new Float64Array(k);
  let scale = 0;
  utils.forEach((u, i) => {
    [min[i], max[i]] = additiveRange(u);
    let s = 0;
    for (const c of u.contributions) {
      let big = 0;
      for (let v = 0; v < c.length; v++) big = Math.max(big, Math.abs(c[v]!));
      s += big;
    }
    scale = Math.max(scale, s);
  });
  const tau = 1e-10 * scale;
  const levels: Level[] = [];
  let cur: Level = { vec: new Float64Array(k), count: Float64Array.of(1), parent: Int32Array.of(-1), value: Int32Array.of(-1), size: 1 };
  // k ≥ 3: the filters compare every candidate with the frontier kept so far (O(n·F·k)), so the candidate count
  // alone does not bound the time; their comparisons are counted against a limit of their own.
  const meter = k > 2 ? new ComparisonMeter(k, options.comparisonLimit ?? DEFAULT_COMPARISON_LIMIT) : undefined;
  let previousSize = 1;
  for (let j = 0; j < m; j++) {
    // Classes of values with identical contribution vectors on issue j.
    const V = space.issues[j]!.values.length;
    const classOf = new Map<string, number>();
    const clsValue: number[] = [];
    const clsCount: number[] = [];
    for (let v = 0; v < V; v++) {
      let key = '';
      for (let i = 0; i < k; i++) key += utils[i]!.contributions[j]![v]! + ',';
      const c = classOf.get(key);
      if (c === undefined) {
        classOf.set(key, clsValue.length);
        clsValue.push(v);
        clsCount.push(1);
      } else clsCount[c]!++;
    }
    const C = clsValue.length;
    const n = cur.size * C;
    if (n > limit) throw tooLarge(`the merge at issue ${j + 1}`, n, limit);
    const frontierSize = cur.size;
    const where = () => `issue ${j + 1} of ${m} (${whole(n)} candidate packages against a frontier of ${whole(frontierSize)})`;
    if (meter) {
      // About half the candidates' scans cover the frontier being built, expected to grow as it did on the last issue.
      const expected = Math.min(n, cur.size * Math.max(1, cur.size / previousSize));
      meter.expect((n * expected) / 2, where);
    }
    previousSize = cur.size;
    const vec = new Float64Array(n * k);
    const count = new Float64Array(n);
    const parent = new Int32Array(n);
    const value = new Int32Array(n);
    let r = 0;
    for (let f = 0; f < cur.size; f++) {
      for (let c = 0; c < C; c++, r++) {
        const v = clsValue[c]!;
        for (let i = 0; i < k; i++) vec[r * k + i] = cur.vec[f * k + i]! + utils[i]!.contributions[j]![v]!;
        count[r] = cur.count[f]! * clsCount[c]!;
        parent[r] = f;
        value[r] = v;
      }
    }
    const last = j === m - 1;
    if (last) {
      // Exact final filter through the streaming builder (rep = candidate row).
      const b = newBuilder(k);
      const p = new Float64Array(k);
      for (let x = 0; x < n; x++) {
        for (let i = 0; i < k; i++) p[i] = vec[x * k + i]!;
        if (k === 2) b.add2(p[0]!, p[1]!, count[x]!, x);
        else {
          const before = b.tests;
          b.addK(p, count[x]!, x);
          meter?.add(b.tests - before, where);
        }
      }
      levels.push({ vec, count, parent, value, size: n });
      options.onProgress?.(m, m);
      return finish(space, b, (row) => traceBack(levels, row, m), min, max, outcomeCount(space), 'merge');
    }
    cur = robustFilter(vec, count, parent, value, n, k, tau, meter, where);
    levels.push(cur);
    options.onProgress?.(j + 1, m);
  }
  // m = 0: the single empty outcome.
  const b = newBuilder(k);
  b.addK(new Float64Array(k), 1, 0);
  return finish(space, b, () => new Int32Array(0), min, max, 1, 'merge');
}

function traceBack(levels: Level[], row: number, m: number): Int32Array {
  const out = new Int32Array(m);
  let r = row;
  for (let j = m - 1; j >= 0; j--) {
    const level = levels[j]!;
    out[j] = level.value[r]!;
    r = level.parent[r]!;
  }
  return out;
}

// ================================================================ value classes (algorithm 3)

interface IssueClasses {
  /** Representative value and size of each class. */
  value: Int32Array;
  size: Float64Array;
}

/** Value classes of every issue for the given parties (rectangle membership and additive contributions). O(m·V·R). */
export function valueClasses(space: DealSpace): IssueClasses[] {
  return space.issues.map((issue, j) => {
    const keys = new Map<string, number>();
    const value: number[] = [];
    const size: number[] = [];
    for (let v = 0; v < issue.values.length; v++) {
      let key = '';
      for (const p of space.parties) {
        const u = p.utility;
        if (u.kind === 'additive') key += u.contributions[j]![v]! + ';';
        else {
          for (const r of u.rectangles) {
            for (let t = 0; t < r.issues.length; t++) {
              if (r.issues[t] === j) key += v >= r.lo[t]! && v <= r.hi[t]! ? '1' : '0';
            }
          }
          key += '|';
        }
      }
      const c = keys.get(key);
      if (c === undefined) {
        keys.set(key, value.length);
        value.push(v);
        size.push(1);
      } else size[c]!++;
    }
    return { value: Int32Array.from(value), size: Float64Array.from(size) };
  });
}

interface RectTables {
  words: number;
  /** masks[j][c·words + w]: bit r set when rectangle r contains class c of issue j (or does not constrain j). */
  masks: Uint32Array[];
  /** Per byte of the mask, 256 sums of utility·weight over the set bits (signed), of their positive parts, and of their negative parts. */
  signed: Float64Array;
  positive: Float64Array;
  negative: Float64Array;
  /** decided[d·words + w]: rectangles all of whose issues are among the first d. */
  decided: Uint32Array;
  maxUtility: number;
}

function rectTables(u: RectangleUtility, classes: IssueClasses[]): RectTables {
  const R = u.rectangles.length;
  const m = classes.length;
  const words = Math.max(1, Math.ceil(R / 32));
  const masks = classes.map((cls, j) => {
    const C = cls.value.length;
    const mask = new Uint32Array(C * words);
    for (let c = 0; c < C; c++) {
      const v = cls.value[c]!;
      u.rectangles.forEach((r, ri) => {
        let inside = true;
        for (let t = 0; t < r.issues.length; t++) if (r.issues[t] === j && (v < r.lo[t]! || v > r.hi[t]!)) inside = false;
        if (inside) mask[c * words + (ri >>> 5)]! |= 1 << (ri & 31);
      });
    }
    return mask;
  });
  const bytes = words * 4;
  const signed = new Float64Array(bytes * 256);
  const positive = new Float64Array(bytes * 256);
  const negative = new Float64Array(bytes * 256);
  for (let b = 0; b < bytes; b++) {
    for (let x = 0; x < 256; x++) {
      let s = 0;
      let sp = 0;
      let sn = 0;
      for (let bit = 0; bit < 8; bit++) {
        const ri = b * 8 + bit;
        if (x & (1 << bit) && ri < R) {
          const val = u.rectangles[ri]!.utility * u.weight;
          s += val;
          sp += val > 0 ? val : 0;
          sn += val < 0 ? val : 0;
        }
      }
      signed[b * 256 + x] = s;
      positive[b * 256 + x] = sp;
      negative[b * 256 + x] = sn;
    }
  }
  const decided = new Uint32Array((m + 1) * words);
  u.rectangles.forEach((r, ri) => {
    let last = -1;
    for (let t = 0; t < r.issues.length; t++) last = Math.max(last, r.issues[t]!);
    for (let d = last + 1; d <= m; d++) decided[d * words + (ri >>> 5)]! |= 1 << (ri & 31);
  });
  return { words, masks, signed, positive, negative, decided, maxUtility: u.maxUtility };
}

/** Σ over the set bits of mask[off … off+words) of the table's byte sums, in byte order. */
function maskSum(table: Float64Array, mask: Uint32Array, off: number, words: number): number {
  let s = 0;
  for (let w = 0; w < words; w++) {
    const x = mask[off + w]!;
    if (x === 0) continue;
    const t = w * 1024;
    s += table[t + (x & 255)]! + table[t + 256 + ((x >>> 8) & 255)]! + table[t + 512 + ((x >>> 16) & 255)]! + table[t + 768 + (x >>> 24)]!;
  }
  return s;
}

/**
 * Enumerate class combinations depth-first (module header), with branch and bound: at each inner node every
 * party's utility is bounded from above (rectangles: the positive utilities of the rectangles still possible,
 * which bounds every leaf below exactly, by monotonicity of rounding; additive parties: prefix + best suffix + τ),
 * and the subtree is skipped when a frontier point already dominates that bound. Minimum utilities, which the
 * frontier does not give, come from one more depth-first search per rectangle party with lower bounds
 * (rectangles already certain plus the negative utilities of the undecided ones, with a margin τ).
 */
export function frontierByClasses(space: DealSpace, options: FrontierOptions = {}): ParetoFrontier {
  const k = space.parties.length;
  const m = space.issues.length;
  const limit = options.limit ?? DEFAULT_LIMIT * 4;
  const classes = valueClasses(space);
  let combos = 1;
  for (const c of classes) combos *= c.value.length;
  if (combos > limit) throw tooLarge('the value-class space', combos, limit);
  const sizes = classes.map((c) => c.value.length);

  const rect: (RectTables | null)[] = space.parties.map((p) => (p.utility.kind === 'rectangles' ? rectTables(p.utility, classes) : null));
  const additive: (Float64Array[] | null)[] = space.parties.map((p) =>
    p.utility.kind === 'additive' ? classes.map((cls, j) => Float64Array.from(cls.value, (v) => (p.utility as AdditiveUtility).contributions[j]![v]!)) : null,
  );
  // Additive parties: best completion of the issues from d on, and a margin for rounding.
  let scale = 1;
  const suffixMax = additive.map((a) => {
    if (!a) return null;
    const out = new Float64Array(m + 1);
    for (let j = m - 1; j >= 0; j--) {
      let best = -Infinity;
      let big = 0;
      for (const x of a[j]!) {
        best = Math.max(best, x);
        big = Math.max(big, Math.abs(x));
      }
      out[j] = out[j + 1]! + best;
      scale = Math.max(scale, big * m);
    }
    return out;
  });
  const tau = 1e-10 * scale;

  const min = new Float64Array(k);
  const max = new Float64Array(k).fill(-Infinity);
  const b = newBuilder(k);
  if (m === 0) {
    const p = space.parties.map((party) => utilityOf(party.utility, []));
    p.forEach((x, i) => ((min[i] = x), (max[i] = x)));
    b.addK(p, 1, 0);
    return finish(space, b, () => new Int32Array(0), min, max, 1, 'classes');
  }

  // Stacks per depth d = 0..m: running masks, additive sums, outcome counts.
  const digit = new Int32Array(m);
  const maskStack = rect.map((r) => (r ? new Uint32Array((m + 1) * r.words).fill(0xffffffff) : null));
  const sumStack = additive.map((a) => (a ? new Float64Array(m + 1) : null));
  const countStack = new Float64Array(m + 1);
  countStack[0] = 1;
  const p = new Float64Array(k);
  const bound = new Float64Array(k);
  const repOf: Int32Array[] = [];
  const meter = k > 2 ? new ComparisonMeter(k, options.comparisonLimit ?? DEFAULT_COMPARISON_LIMIT) : undefined;
  const where = () => `the ${whole(combos)} value-class combinations`;

  const push = (j: number, c: number) => {
    countStack[j + 1] = countStack[j]! * classes[j]!.size[c]!;
    for (let i = 0; i < k; i++) {
      const r = rect[i];
      if (r) {
        const ms = maskStack[i]!;
        const mj = r.masks[j]!;
        const w0 = r.words;
        for (let w = 0; w < w0; w++) ms[(j + 1) * w0 + w] = ms[j * w0 + w]! & mj[c * w0 + w]!;
      } else sumStack[i]![j + 1] = sumStack[i]![j]! + additive[i]![j]![c]!;
    }
  };

  /** Can no outcome below depth d enter the frontier? */
  const prunable = (d: number): boolean => {
    for (let i = 0; i < k; i++) {
      const r = rect[i];
      bound[i] = r ? Math.min(1, maskSum(r.positive, maskStack[i]!, d * r.words, r.words) / r.maxUtility) : sumStack[i]![d]! + suffixMax[i]![d]! + tau;
    }
    if (k === 2) {
      const u0 = b.u[0]!;
      const u1 = b.u[1]!;
      let lo = 0;
      let hi = u0.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (u0[mid]! < bound[0]!) lo = mid + 1;
        else hi = mid;
      }
      return lo < u0.length && u1[lo]! >= bound[1]! && !(u0[lo] === bound[0] && u1[lo] === bound[1]);
    }
    for (let f = 0; f < b.size; f++) {
      let ge = true;
      let eq = true;
      for (let i = 0; i < k; i++) {
        const q = b.u[i]![f]!;
        if (q < bound[i]!) {
          ge = false;
          break;
        }
        if (q !== bound[i]) eq = false;
      }
      if (ge && !eq) {
        meter?.add(f + 1, where);
        return true;
      }
    }
    meter?.add(b.size, where);
    return false;
  };

  const leaf = () => {
    for (let i = 0; i < k; i++) {
      const r = rect[i];
      const u = r ? Math.min(1, maskSum(r.signed, maskStack[i]!, m * r.words, r.words) / r.maxUtility) : sumStack[i]![m]!;
      p[i] = u;
      if (u > max[i]!) max[i] = u;
    }
    const rep = repOf.length;
    const before = b.tests;
    const inserted = k === 2 ? b.add2(p[0]!, p[1]!, countStack[m]!, rep) : b.addK(p, countStack[m]!, rep);
    meter?.add(b.tests - before, where);
    if (inserted) {
      const o = new Int32Array(m);
      for (let j = 0; j < m; j++) o[j] = classes[j]!.value[digit[j]!]!;
      repOf.push(o);
    }
  };

  const visit = (j: number) => {
    const C = sizes[j]!;
    const last = j === m - 1;
    for (let c = 0; c < C; c++) {
      digit[j] = c;
      push(j, c);
      if (last) leaf();
      else if (!prunable(j + 1)) visit(j + 1);
    }
  };
  visit(0);

  // Minimum utilities.
  for (let i = 0; i < k; i++) {
    const r = rect[i];
    if (!r) {
      min[i] = additiveRange(space.parties[i]!.utility as AdditiveUtility)[0];
      continue;
    }
    min[i] = minimumOfRectangles(r, sizes, m, tau);
  }
  return finish(space, b, (rep) => repOf[rep]!, min, max, outcomeCount(space), 'classes');
}

/** Smallest min(1, s/maxUtility) over all class combinations, by depth-first search with lower bounds. */
function minimumOfRectangles(r: RectTables, sizes: number[], m: number, tau: number): number {
  const W = r.words;
  const stack = new Uint32Array((m + 1) * W).fill(0xffffffff);
  const certain = new Uint32Array(W);
  const open = new Uint32Array(W);
  let best = Infinity;
  const margin = tau * r.maxUtility + 1e-12 * r.maxUtility;
  const lower = (d: number): number => {
    for (let w = 0; w < W; w++) {
      const x = stack[d * W + w]!;
      const dec = r.decided[d * W + w]!;
      certain[w] = x & dec;
      open[w] = x & ~dec;
    }
    return maskSum(r.signed, certain, 0, W) + maskSum(r.negative, open, 0, W);
  };
  const visit = (j: number) => {
    const mj = r.masks[j]!;
    for (let c = 0; c < sizes[j]!; c++) {
      for (let w = 0; w < W; w++) stack[(j + 1) * W + w] = stack[j * W + w]! & mj[c * W + w]!;
      if (j === m - 1) {
        const s = maskSum(r.signed, stack, m * W, W);
        if (s < best) best = s;
      } else if (lower(j + 1) - margin <= best) visit(j + 1);
    }
  };
  visit(0);
  return Math.min(1, best / r.maxUtility);
}

// ================================================================ dispatcher

/** The exact Pareto frontier, by the algorithm that fits the utility functions (module header). */
export function paretoFrontier(space: DealSpace, options: FrontierOptions = {}): ParetoFrontier {
  const method = options.method ?? (space.parties.every((p) => p.utility.kind === 'additive') ? 'merge' : 'classes');
  if (space.parties.length < 1) throw new InputError([problem('no-parties', ['parties'], 'a deal space needs at least one party', 'add parties')]);
  if (method === 'enumeration') return frontierByEnumeration(space, options);
  if (method === 'merge') return frontierByMerge(space, options);
  return frontierByClasses(space, options);
}

/** Row f of the frontier as a plain array. */
export function frontierPoint(frontier: ParetoFrontier, f: number): number[] {
  return Array.from(frontier.utilities.subarray(f * frontier.parties, (f + 1) * frontier.parties));
}

/** The representative outcome of row f. */
export function frontierOutcome(frontier: ParetoFrontier, f: number): Int32Array {
  return frontier.representatives.subarray(f * frontier.issues, (f + 1) * frontier.issues);
}
