// Idea 1: weight exponents w = c^a · s^b in the compromise and in the ensemble's bargaining forecast B
// (the Nash point recomputed with the same weights); the weighted median under consensus unchanged.
import { evaluate, printTable, fitted, perIssue, shipped, memo, weightedMean, nashBargaining, inSample } from './lib.mjs';

const G = [0, 0.5, 1, 2];
// grid with the shipped (1, 1) first, so ties keep the shipped weights
const GRID = [[1, 1], ...G.flatMap((a) => G.map((b) => [a, b])).filter(([a, b]) => !(a === 1 && b === 1))];
const w = (r, a, b) => memo(r, `w${a},${b}`, () => Float64Array.from(r.t.capability, (c, i) => c ** a * r.t.salience[i] ** b));
export const Cab = (r, a, b) => memo(r, `C${a},${b}`, () => {
  const ww = w(r, a, b);
  return ww.some((x) => x > 0) ? weightedMean(r.t.position, ww) : weightedMean(r.t.position, new Float64Array(ww.length).fill(1));
});
export const Nab = (r, a, b) => memo(r, `N${a},${b}`, () => nashBargaining(r.t.position, w(r, a, b), null, r.t.issue.scale, 'linear').value);

const models = [
  perIssue('C cap-only (1,0)', (r) => Cab(r, 1, 0)),
  perIssue('C sal-only (0,1)', (r) => Cab(r, 0, 1)),
  perIssue('C unweighted (0,0)', (r) => Cab(r, 0, 0)),
  perIssue('C (1,2)', (r) => Cab(r, 1, 2)),
  perIssue('C (2,1)', (r) => Cab(r, 2, 1)),
  perIssue('C (½,1)', (r) => Cab(r, 0.5, 1)),
  fitted('C fitted (a,b)', GRID, (r, [a, b]) => Cab(r, a, b), ([a, b]) => ({ a, b })),
  perIssue('ens B cap-only (1,0)', (r) => shipped(r, (Cab(r, 1, 0) + Nab(r, 1, 0)) / 2)),
  perIssue('ens B sal-only (0,1)', (r) => shipped(r, (Cab(r, 0, 1) + Nab(r, 0, 1)) / 2)),
  perIssue('ens B unweighted (0,0)', (r) => shipped(r, (Cab(r, 0, 0) + Nab(r, 0, 0)) / 2)),
  perIssue('ens B (1,2)', (r) => shipped(r, (Cab(r, 1, 2) + Nab(r, 1, 2)) / 2)),
  perIssue('ens B (½,1)', (r) => shipped(r, (Cab(r, 0.5, 1) + Nab(r, 0.5, 1)) / 2)),
  fitted('ens B fitted (a,b)', GRID, (r, [a, b]) => shipped(r, (Cab(r, a, b) + Nab(r, a, b)) / 2), ([a, b]) => ({ a, b })),
  fitted('ens C-only fitted (a,b), N shipped', GRID, (r, [a, b]) => shipped(r, (Cab(r, a, b) + r.N) / 2), ([a, b]) => ({ a, b })),
];
if (import.meta.url === `file://${process.argv[1]}`) {
  const res = evaluate(models);
  printTable(res, 'Idea 1: weight exponents');
  for (const m of models.filter((m) => m.fit)) { const s = inSample(m); console.log(`in-sample ${m.id}: ${s.mae.toFixed(2)} at ${JSON.stringify(s.parameters)}`); }
  // in-sample surface of the ensemble variant, for the report
  const { allRows } = await import('./lib.mjs');
  console.log('\nin-sample MAE of ens B(a,b) over the grid (rows a, columns b = 0, ½, 1, 2):');
  for (const a of G) console.log(`a=${a}: ` + G.map((b) => (allRows.reduce((e, r) => e + Math.abs(shipped(r, (Cab(r, a, b) + Nab(r, a, b)) / 2) - r.y), 0) / allRows.length).toFixed(2)).join('  '));
  console.log('in-sample MAE of C(a,b):');
  for (const a of G) console.log(`a=${a}: ` + G.map((b) => (allRows.reduce((e, r) => e + Math.abs(Cab(r, a, b) - r.y), 0) / allRows.length).toFixed(2)).join('  '));
}
