// Own ideas.
// 7a. The cost of disagreement as a parameter of the Nash component (Franchino & Mariotto 2021 make failure costly;
//     the shipped N puts each actor's disagreement at its worst point, reach R_i). Here the reach is ρ·R_i:
//     maximise Σ w_i log(ρR_i − |x − x_i|). ρ → ∞ tends to the weighted median (cheap talk, costly failure),
//     ρ < 1 pulls toward the extremes' middle. ρ fitted in folds; ρ = 1 is the shipped N.
// 7b. Blank saliences (31 stances) imputed with the issue's mean known salience instead of 50 (parameter-free; needs
//     the raw CSV, so it re-reads the data with a per-issue imputation).
// 7c. Disagreement cost with quadratic utilities: Σ w_i log(ρ²R_i² − (x − x_i)²); ρ → ∞ tends to the compromise.
import fs from 'node:fs';
import { D, DATA, evaluate, printTable, fitted, perIssue, shipped, memo, inSample } from './lib.mjs';

/** argmax of a concave function on [lo, hi] by golden-section search. */
function argmaxConcave(f, lo, hi) {
  const g = (Math.sqrt(5) - 1) / 2;
  let a = lo, b = hi, c = b - g * (b - a), d = a + g * (b - a), fc = f(c), fd = f(d);
  for (let k = 0; k < 200 && b - a > 1e-9; k++) {
    if (fc >= fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = f(c); } else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = f(d); }
  }
  return (a + b) / 2;
}
function nashReach(r, rho, quadratic) {
  const { position: x, weight: w } = r.t;
  const { min, max } = r.t.issue.scale;
  let lo = min, hi = max;
  const R = [];
  for (let i = 0; i < x.length; i++) {
    R[i] = rho * Math.max(x[i] - min, max - x[i]);
    if (w[i] > 0) { lo = Math.max(lo, x[i] - R[i]); hi = Math.min(hi, x[i] + R[i]); }
  }
  if (!(hi > lo)) return r.N; // no common acceptable interval: fall back to the shipped N
  const f = (z) => { let s = 0; for (let i = 0; i < x.length; i++) if (w[i] > 0) { const gap = quadratic ? R[i] ** 2 - (z - x[i]) ** 2 : R[i] - Math.abs(z - x[i]); s += w[i] * Math.log(Math.max(gap, 1e-300)); } return s; };
  return argmaxConcave(f, lo + 1e-9, hi - 1e-9);
}
const Nr = (r, rho) => memo(r, `Nr${rho}`, () => (rho === 1 ? r.N : nashReach(r, rho, false)));
const Nqr = (r, rho) => memo(r, `Nqr${rho}`, () => nashReach(r, rho, true));
const RHOS = [1, 0.75, 0.9, 1.25, 1.5, 2, 3, 5];
const models = [
  perIssue('check: N by golden section at ρ = 1 in B', (r) => shipped(r, (r.C + nashReach(r, 1, false)) / 2)),
  fitted('B = (C + N_ρ)/2, disagreement reach ρ fitted', RHOS, (r, rho) => shipped(r, (r.C + Nr(r, rho)) / 2), (rho) => ({ rho })),
  fitted('N_ρ alone outside consensus, ρ fitted', RHOS, (r, rho) => shipped(r, Nr(r, rho)), (rho) => ({ rho })),
  fitted('B = (C + Nq_ρ)/2, quadratic utilities, ρ fitted', RHOS, (r, rho) => shipped(r, (r.C + Nqr(r, rho)) / 2), (rho) => ({ rho })),
];

// 7b: impute blank saliences with the issue's mean known salience.
const dir = DATA;
const { readDeuTables } = await import(`${D}/formats/backtestData.js`);
const { ensembleModel } = await import(`${D}/core/models/ensemble.js`);
const { compromiseModel } = await import(`${D}/core/models/compromise.js`);
const { runBacktest } = await import(`${D}/core/backtest/run.js`);
const stText = fs.readFileSync(`${dir}/stances.csv`, 'utf8').trim().split(/\r?\n/);
const head = stText[0].split(',');
const si = head.indexOf('salience'), ii = head.indexOf('issue_id');
const rows = stText.slice(1).map((l) => l.split(',')); // no quoted commas in this file (checked below)
if (rows.some((r) => r.length !== head.length)) throw new Error('quoted fields: use a CSV parser');
const known = new Map();
for (const r of rows) if (r[si] !== '') { const k = known.get(r[ii]) ?? []; k.push(+r[si]); known.set(r[ii], k); }
let imputed = 0;
const out = [head.join(','), ...rows.map((r) => { if (r[si] === '') { const k = known.get(r[ii]); if (k) { r[si] = (k.reduce((a, b) => a + b, 0) / k.length).toFixed(3); imputed++; } } return r.join(','); })].join('\n');
const data2 = readDeuTables(fs.readFileSync(`${dir}/issues.csv`, 'utf8'), out).dataset;
const r2 = runBacktest(data2, { models: [compromiseModel, ensembleModel], replicates: 10, cv: 10, seed: 1 });

const res = evaluate(models);
printTable(res, 'Idea 7: cost of disagreement in the Nash component');
for (const m of models.filter((m) => m.fit)) { const s = inSample(m); console.log(`in-sample ${m.id}: ${s.mae.toFixed(2)} at ${JSON.stringify(s.parameters)}`); }
console.log(`\n7b: ${imputed} blank saliences imputed with the issue mean: compromise ${r2.models[0].metrics.mae.toFixed(2)}, ensemble ${r2.models[1].metrics.mae.toFixed(2)} (10-fold, seed 1; λ = 1 in every fold: ${r2.cv.folds.every((f) => f.parameters.ensemble.consensus_weight === 1)})`);
