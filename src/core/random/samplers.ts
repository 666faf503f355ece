/**
 * Samplers for the distributions a scenario may give a number (src/core/quantity.ts), truncated to the range the
 * number must lie in (salience 0–100, a position on its issue's scale, capability ≥ 0), by inversion.
 *
 * Inversion (Devroye 1986, Non-Uniform Random Variate Generation, §II.2): with F the distribution function and
 * [a, b] the valid range, a uniform u ∈ (0, 1) maps to
 *   x = F⁻¹(F(a) + u · (F(b) − F(a)))
 * which is exactly the distribution conditioned on [a, b]. Every sample uses one uniform, so the k-th uncertain
 * input of a draw always consumes the same numbers of its stream.
 *   uniform [l, h]:          F⁻¹(p) = l + p (h − l)
 *   triangular [l, m, h]:    F(x) = (x − l)² / ((h − l)(m − l)) for x ≤ m, 1 − (h − x)² / ((h − l)(h − m)) above;
 *                            F⁻¹(p) = l + √(p (h − l)(m − l)) for p ≤ (m − l)/(h − l), h − √((1 − p)(h − l)(h − m)) above
 *   normal (μ, σ):           F(x) = Φ((x − μ)/σ), F⁻¹(p) = μ + σ Φ⁻¹(p)   (./normal.ts); when the whole range lies above
 *                            the mean, the mirror image is sampled, so both ends stay in Φ's accurate lower tail.
 * A distribution of zero width (σ = 0, l = h) is a point. `compileSampler` does the per-input work once (O(1), at most
 * two Φ evaluations); `sampleAt` is O(1) and allocates nothing.
 */
import type { Quantity } from '../quantity.js';
import { normalCdf, normalQuantile } from './normal.js';

export type SamplerKind = 'point' | 'uniform' | 'triangular' | 'normal';

export interface Sampler {
  kind: SamplerKind;
  /** Point: the value; uniform/triangular: low; normal: mean. */
  a: number;
  /** Uniform/triangular: high; normal: sd (negated when the mirror image is sampled). */
  b: number;
  /** Triangular: mode. */
  c: number;
  /** F at the lower end of the valid range, and F(b) − F(a). */
  pLow: number;
  pWidth: number;
  /** The valid range samples are clamped to (guards rounding at the ends). */
  lo: number;
  hi: number;
}

/** Triangular distribution function. */
export function triangularCdf(x: number, low: number, mode: number, high: number): number {
  if (x <= low) return 0;
  if (x >= high) return 1;
  return x <= mode ? ((x - low) * (x - low)) / ((high - low) * (mode - low)) : 1 - ((high - x) * (high - x)) / ((high - low) * (high - mode));
}

/** Triangular inverse distribution function, p ∈ [0, 1]. */
export function triangularQuantile(p: number, low: number, mode: number, high: number): number {
  const width = high - low;
  if (width <= 0) return low;
  return p <= (mode - low) / width ? low + Math.sqrt(p * width * (mode - low)) : high - Math.sqrt((1 - p) * width * (high - mode));
}

/**
 * A sampler for quantity `q` conditioned on [lo, hi]. When q's support misses [lo, hi] altogether (which validated
 * files cannot produce), the sampler returns the end of [lo, hi] nearest to q's point value.
 */
export function compileSampler(q: Quantity, lo = -Infinity, hi = Infinity): Sampler {
  const point = (v: number): Sampler => ({ kind: 'point', a: Math.min(hi, Math.max(lo, v)), b: 0, c: 0, pLow: 0, pWidth: 0, lo, hi });
  if (typeof q === 'number') return point(q);
  switch (q.kind) {
    case 'uniform': {
      const l = Math.max(q.low, lo);
      const h = Math.min(q.high, hi);
      if (!(h > l)) return point(h < l ? (q.high < lo ? lo : hi) : l);
      return { kind: 'uniform', a: l, b: h, c: 0, pLow: 0, pWidth: 1, lo, hi };
    }
    case 'triangular': {
      if (!(q.high > q.low)) return point(q.low);
      const pLow = triangularCdf(lo, q.low, q.mode, q.high);
      const pHigh = triangularCdf(hi, q.low, q.mode, q.high);
      if (!(pHigh > pLow)) return point(q.high < lo ? lo : q.low > hi ? hi : Math.min(hi, Math.max(lo, q.mode)));
      return { kind: 'triangular', a: q.low, b: q.high, c: q.mode, pLow, pWidth: pHigh - pLow, lo, hi };
    }
    case 'normal': {
      if (!(q.sd > 0)) return point(q.mean);
      let alpha = (lo - q.mean) / q.sd;
      let beta = (hi - q.mean) / q.sd;
      let sd = q.sd;
      if (alpha > 0) {
        // Mirror: sample −Z on [−β, −α], so both probabilities are small lower-tail numbers computed accurately.
        [alpha, beta] = [-beta, -alpha];
        sd = -sd;
      }
      const pLow = normalCdf(alpha);
      const pHigh = normalCdf(beta);
      if (!(pHigh > pLow)) return point(q.mean < lo ? lo : hi);
      return { kind: 'normal', a: q.mean, b: sd, c: 0, pLow, pWidth: pHigh - pLow, lo, hi };
    }
  }
}

/** The sampled value for a uniform u ∈ (0, 1). O(1). */
export function sampleAt(s: Sampler, u: number): number {
  let x: number;
  switch (s.kind) {
    case 'point':
      return s.a;
    case 'uniform':
      x = s.a + u * (s.b - s.a);
      break;
    case 'triangular':
      x = triangularQuantile(s.pLow + u * s.pWidth, s.a, s.c, s.b);
      break;
    case 'normal':
      x = s.a + s.b * normalQuantile(s.pLow + u * s.pWidth);
      break;
  }
  return x < s.lo ? s.lo : x > s.hi ? s.hi : x;
}

/** Smallest and largest value the sampler can return (a normal: its mean ± 3 sd, within the valid range). */
export function samplerSupport(s: Sampler): [number, number] {
  switch (s.kind) {
    case 'point':
      return [s.a, s.a];
    case 'uniform':
      return [s.a, s.b];
    case 'triangular':
      return [Math.max(s.lo, s.a), Math.min(s.hi, s.b)];
    case 'normal': {
      const sd = Math.abs(s.b);
      return [Math.max(s.lo, s.a - 3 * sd), Math.min(s.hi, s.a + 3 * sd)];
    }
  }
}
