/**
 * The standard normal distribution: density φ, distribution function Φ, its complement and its inverse Φ⁻¹,
 * to close to double precision, for the truncated-normal sampler.
 *
 * erfc (Abramowitz & Stegun 1964, Handbook of Mathematical Functions, 7.1.6 and 7.1.14):
 *   |z| < 2:  erf z = (2/√π) e^{−z²} Σ_{n≥0} 2ⁿ z^{2n+1} / (1·3·…·(2n+1))   (all terms positive: no cancellation)
 *   z ≥ 2:    erfc z = (e^{−z²}/√π) · 1/(z + ½/(z + 1/(z + (3/2)/(z + 2/(z + …)))))   (continued fraction,
 *             evaluated by the modified Lentz method, Numerical Recipes 3rd ed. §5.2; relative precision in the tail)
 *   Φ(x) = ½ erfc(−x/√2),  1 − Φ(x) = ½ erfc(x/√2).
 *
 * Φ⁻¹: the rational approximation of P. J. Acklam (2003, "An algorithm for computing the inverse normal cumulative
 * distribution function", relative error < 1.15·10⁻⁹), refined by one Halley step on Φ(x) − p (Halley 1694;
 * cubic convergence), which brings it to about 1e-15 relative.
 *
 * Deterministic; every function O(1) (the series and continued fraction stop after at most a few dozen terms).
 */

const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);
/** Below it the series, above it the continued fraction. */
const ERFC_SPLIT = 1;

/** erf(z) for |z| < 2 by the positive-term series (A&S 7.1.6). */
function erfSeries(z: number): number {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n < 200; n++) {
    term *= (2 * z2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return ((2 / SQRT_PI) * Math.exp(-z2) * sum);
}

/** erfc(z) for z ≥ 2 by the continued fraction (A&S 7.1.14), modified Lentz. */
function erfcFraction(z: number): number {
  const tiny = 1e-300;
  let f = z;
  let c = f;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = z + a * d;
    if (d === 0) d = tiny;
    c = z + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-z * z) / (SQRT_PI * f);
}

/** Complementary error function erfc(z) = 1 − erf(z), accurate relative to its value for z > 0. */
export function erfc(z: number): number {
  if (Number.isNaN(z)) return NaN;
  if (z >= ERFC_SPLIT) return z > 27 ? 0 : erfcFraction(z);
  if (z <= -ERFC_SPLIT) return 2 - (z < -27 ? 0 : erfcFraction(-z));
  return 1 - (z < 0 ? -erfSeries(-z) : erfSeries(z));
}

/** φ(x), the standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/** Φ(x) = P(Z ≤ x), accurate relative to its value for x < 0. */
export function normalCdf(x: number): number {
  return 0.5 * erfc(-x / SQRT_2);
}

/** 1 − Φ(x) = P(Z > x), accurate relative to its value for x > 0. */
export function normalSurvival(x: number): number {
  return 0.5 * erfc(x / SQRT_2);
}

// Acklam's coefficients.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Φ⁻¹(p) for p ∈ (0, 1); −∞ at 0, +∞ at 1, NaN outside. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  let x: number;
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  } else if (p <= 1 - P_LOW) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  // One Halley step. In the upper half work with the survival function so that the error stays relative.
  const e = p < 0.5 ? normalCdf(x) - p : 1 - p - normalSurvival(x);
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  return x - u / (1 + 0.5 * x * u);
}
