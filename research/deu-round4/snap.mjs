// Round 4: is the outcome one of the proposals on the table? In 141 of the 227 development issues the outcome equals
// some actor's position exactly (65 of them at 0 or 100, 27 at the reference point), and in 86 of those 141 it is the
// position nearest to the ensemble's bargaining forecast B. If the outcome distribution has point masses at the
// positions, the forecast that minimises expected absolute error (the predictive median) jumps to a position
// that lies close to B. "Snap": outside consensus, replace B by the nearest actor position when it lies within d points.
// Same footing as round 3 (../deu-round3/README.md): 10 folds by case, seeds 1–5, every fitted value refitted in folds.
import { evaluate, printTable, fitted, perIssue, inSample, allRows } from '../deu-round3/lib.mjs';

const B = (r) => (r.C + r.N) / 2;
/** Nearest actor position to b if it lies within d, else b; `keep` filters the candidate positions. */
const snap = (r, b, d, keep = () => true) => {
  let best = b, bd = Infinity;
  for (const p of r.t.position) { if (!keep(p)) continue; const dd = Math.abs(p - b); if (dd < bd) { bd = dd; best = p; } }
  return bd <= d ? best : b;
};
const inner = (p) => p !== 0 && p !== 100;
const D = [0, 2.5, 5, 7.5, 10, 12.5, 15, 20];

const models = [
  fitted('snap to the nearest position within d, d fitted', D, (r, d) => (r.consensus ? r.M : snap(r, B(r), d)), (d) => ({ d })),
  fitted('snap to the nearest inner position (not 0 or 100) within d, d fitted', D, (r, d) => (r.consensus ? r.M : snap(r, B(r), d, inner)), (d) => ({ d })),
  perIssue('snap within 5, fixed', (r) => (r.consensus ? r.M : snap(r, B(r), 5))),
  perIssue('snap within 10, fixed (best in sample: picked after looking)', (r) => (r.consensus ? r.M : snap(r, B(r), 10))),
];
printTable(evaluate(models), 'Round 4: snap the forecast to a position on the table');
for (const m of models.filter((m) => m.fit)) { const s = inSample(m); console.log(`in-sample ${m.id}: ${s.mae.toFixed(2)} at ${JSON.stringify(s.parameters)}`); }

const mae = (rows, f) => (rows.reduce((e, r) => e + Math.abs(f(r) - r.y), 0) / rows.length).toFixed(2);
console.log('\nIn sample, by d (all 227 / outside consensus 194):');
for (const d of D) console.log(`d=${d}: ${mae(allRows, (r) => (r.consensus ? r.M : snap(r, B(r), d)))} / ${mae(allRows.filter((r) => !r.consensus), (r) => snap(r, B(r), d))}`);
const atPos = allRows.filter((r) => r.t.position.includes(r.y));
const nearest = atPos.filter((r) => snap(r, r.consensus ? r.M : B(r), Infinity) === r.y);
console.log(`\nOutcome at an actor's position: ${atPos.length} of ${allRows.length}; of those, at 0 or 100: ${atPos.filter((r) => !inner(r.y)).length}; at the reference point: ${atPos.filter((r) => r.rp === r.y).length}; the position nearest the forecast: ${nearest.length}.`);
