/**
 * Frequency opponent model: an estimate of the opponent's additive utility from the bids it offers.
 *
 * Source: van Krimpen, Looije & Hajizadeh (2013), "HardHeaded", in Ito et al. (eds.), Complex Automated
 * Negotiations, Springer SCI 435 (the frequency model of the ANAC 2011 winner); Baarslag, Hendrikx, Hindriks &
 * Jonker (2016), "Learning about the opponent in automated bilateral negotiation", JAAMAS 30:849–898 (frequency
 * models rank among the best). Parley's version:
 *
 *   value counts c_j(v), all starting at 1; each opponent bid adds 1 to the count of each of its values;
 *   issue weights w_j, starting at 1/m; when two consecutive opponent bids keep issue j's value, w_j += 0.2/m
 *   (an issue the opponent will not move on is one it cares about), then the weights are renormalised to sum 1;
 *   estimated utility  Û(ω) = Σ_j w_j · c_j(ω_j) / max_v c_j(v).
 *
 * O(m) per observed bid, O(m) per estimate. Deterministic.
 */
import type { BidSpace } from './bidSpace.js';

export class FrequencyModel {
  private readonly counts: Float64Array[];
  private readonly maxCount: Float64Array;
  readonly weights: Float64Array;
  private last: Int32Array | null = null;

  constructor(readonly bids: BidSpace) {
    const m = bids.issues;
    this.counts = bids.space.issues.map((i) => new Float64Array(i.values.length).fill(1));
    this.maxCount = new Float64Array(m).fill(1);
    this.weights = new Float64Array(m).fill(m > 0 ? 1 / m : 0);
  }

  observe(bid: number): void {
    const o = this.bids.outcome(bid); // kept as the last bid
    const m = o.length;
    for (let j = 0; j < m; j++) {
      const c = ++this.counts[j]![o[j]!]!;
      if (c > this.maxCount[j]!) this.maxCount[j] = c;
    }
    if (this.last) {
      let total = 0;
      for (let j = 0; j < m; j++) {
        if (this.last[j] === o[j]) this.weights[j]! += 0.2 / m;
        total += this.weights[j]!;
      }
      for (let j = 0; j < m; j++) this.weights[j]! /= total;
    }
    this.last = o;
  }

  /** w_j · c_j(v) / max c_j: what value v of issue j adds to the estimate. */
  valueEstimate(j: number, v: number): number {
    return (this.weights[j]! * this.counts[j]![v]!) / this.maxCount[j]!;
  }

  estimate(outcome: ArrayLike<number>): number {
    let u = 0;
    for (let j = 0; j < this.weights.length; j++) u += (this.weights[j]! * this.counts[j]![outcome[j]!]!) / this.maxCount[j]!;
    return u;
  }
}
