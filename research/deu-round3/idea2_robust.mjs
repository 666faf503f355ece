// Idea 2: robust means of positions (weighted trimmed mean, Huber M-estimate) in place of the compromise, and a
// fitted mix of the weighted median into the bargaining forecast outside consensus.
import { evaluate, printTable, fitted, perIssue, shipped, memo, weightedMean, inSample } from './lib.mjs';

/** Weighted trimmed mean: drop a share tau of the total weight from each tail (fractional weight at the cut). */
export function trimmedMean(x, w, tau) {
  const idx = Array.from(x.keys()).filter((i) => w[i] > 0).sort((a, b) => x[a] - x[b]);
  const W = idx.reduce((s, i) => s + w[i], 0);
  if (tau <= 0) return weightedMean(x, w);
  const lo = tau * W, hi = (1 - tau) * W;
  let cum = 0, sw = 0, sx = 0;
  for (const i of idx) {
    const a = Math.max(cum, lo), b = Math.min(cum + w[i], hi);
    if (b > a) { sw += b - a; sx += (b - a) * x[i]; }
    cum += w[i];
  }
  return sw > 0 ? sx / sw : weightedMean(x, w);
}
/** Weighted Huber M-estimate of location with tuning constant k (points), by iteratively reweighted least squares. */
export function huber(x, w, k, start) {
  if (!Number.isFinite(k)) return weightedMean(x, w);
  let mu = start;
  for (let it = 0; it < 200; it++) {
    let sw = 0, sx = 0;
    for (let i = 0; i < x.length; i++) {
      const d = Math.abs(x[i] - mu);
      const v = w[i] * (d <= k ? 1 : k / d);
      sw += v; sx += v * x[i];
    }
    const next = sx / sw;
    if (Math.abs(next - mu) < 1e-9) { mu = next; break; }
    mu = next;
  }
  return mu;
}
const T = (r, tau) => memo(r, `T${tau}`, () => trimmedMean(r.t.position, r.t.weight, tau));
const H = (r, k) => memo(r, `H${k}`, () => huber(r.t.position, r.t.weight, k, r.C));

const TAUS = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45];
const KS = [Infinity, 50, 40, 30, 25, 20, 15, 10, 5];
const MUS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1];
const models = [
  perIssue('trimmed mean τ=0.1 (fixed)', (r) => T(r, 0.1)),
  perIssue('trimmed mean τ=0.25 (fixed, interquartile mean)', (r) => T(r, 0.25)),
  fitted('trimmed mean, τ fitted', TAUS, (r, tau) => T(r, tau), (tau) => ({ tau })),
  fitted('ens with B=(T_τ+N)/2, τ fitted', TAUS, (r, tau) => shipped(r, (T(r, tau) + r.N) / 2), (tau) => ({ tau })),
  perIssue('ens with B=(T_0.25+N)/2 (fixed)', (r) => shipped(r, (T(r, 0.25) + r.N) / 2)),
  fitted('Huber, k fitted', KS, (r, k) => H(r, k), (k) => ({ k })),
  fitted('ens with B=(H_k+N)/2, k fitted', KS, (r, k) => shipped(r, (H(r, k) + r.N) / 2), (k) => ({ k })),
  perIssue('ens with B=(H_20+N)/2 (fixed)', (r) => shipped(r, (H(r, 20) + r.N) / 2)),
  fitted('ens, B → (1−μ)B + μM outside consensus, μ fitted', MUS, (r, mu) => shipped(r, (1 - mu) * (r.C + r.N) / 2 + mu * r.M), (mu) => ({ mu })),
  fitted('(1−μ)C + μM outside consensus, M under consensus, μ fitted', MUS, (r, mu) => shipped(r, (1 - mu) * r.C + mu * r.M), (mu) => ({ mu })),
  perIssue('median of (C, N, M) outside consensus (no parameter)', (r) => shipped(r, [r.C, r.N, r.M].sort((a, b) => a - b)[1])),
];
const res = evaluate(models);
printTable(res, 'Idea 2: robust means');
for (const m of models.filter((m) => m.fit)) { const s = inSample(m); console.log(`in-sample ${m.id}: ${s.mae.toFixed(2)} at ${JSON.stringify(s.parameters)}`); }
