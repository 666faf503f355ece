// The most promising candidates of ideas 1–7 side by side, with paired case-bootstrap intervals of their MAE
// difference from the shipped ensemble (out-of-fold predictions; for fitted candidates the partition of each seed,
// intervals from seed 1's partition, 2000 resamples of whole cases), on all issues and on the subsets most like the
// held-out set. Also sanity checks of the harness.
import { D, evaluate, printTable, fitted, perIssue, shipped, memo, weightedMean, nashBargaining, runBacktest, data, compromiseModel, ensembleModel, rowsOf } from './lib.mjs';
const { clusterBootstrapMean } = await import(`${D}/core/backtest/bootstrap.js`);

const w = (r, a, b) => memo(r, `w${a},${b}`, () => Float64Array.from(r.t.capability, (c, i) => c ** a * r.t.salience[i] ** b));
const Cab = (r, a, b) => memo(r, `C${a},${b}`, () => weightedMean(r.t.position, w(r, a, b)));
const Nab = (r, a, b) => memo(r, `N${a},${b}`, () => nashBargaining(r.t.position, w(r, a, b), null, r.t.issue.scale, 'linear').value);
const U = (r) => r.t.position.reduce((a, b) => a + b, 0) / r.t.position.length;
const S = (r, g) => memo(r, `S${g}`, () => { const W = new Map(); r.t.position.forEach((x, i) => W.set(x, (W.get(x) ?? 0) + r.t.weight[i])); let sw = 0, sx = 0; for (const [x, v] of W) if (v > 0) { sw += v ** g; sx += v ** g * x; } return sx / sw; });
const nobodyAtRp = (r) => r.rp !== undefined && ![...r.t.position].includes(r.rp);

const models = [
  // sanity: a one-point grid reproduces the fixed model
  fitted('sanity: fitted on grid [(1,1)] = ensemble', [[1, 1]], (r, [a, b]) => shipped(r, (Cab(r, a, b) + Nab(r, a, b)) / 2)),
  perIssue('1: ens B with w = c^½·s (fixed; best of 16 in sample)', (r) => shipped(r, (Cab(r, 0.5, 1) + Nab(r, 0.5, 1)) / 2)),
  perIssue('1: ens B with w = s (salience only, fixed)', (r) => shipped(r, (Cab(r, 0, 1) + Nab(r, 0, 1)) / 2)),
  fitted('1: ens B with w = c^a·s^b, (a,b) fitted', [[1, 1], ...[0, 0.5, 1, 2].flatMap((a) => [0, 0.5, 1, 2].map((b) => [a, b])).filter(([a, b]) => !(a === 1 && b === 1))], (r, [a, b]) => shipped(r, (Cab(r, a, b) + Nab(r, a, b)) / 2)),
  perIssue('6: (C + N + U)/3 (fixed)', (r) => shipped(r, (r.C + r.N + U(r)) / 3)),
  fitted('5: B = (S_γ + N)/2, γ fitted', [1, 0, 0.5, 0.75, 1.25, 1.5, 2, 3], (r, g) => shipped(r, (S(r, g) + r.N) / 2)),
  fitted('4: nobody at rp → (1−μ)B + μC, μ fitted [snooped]', [0, 0.5, 1], (r, mu) => (r.consensus || !nobodyAtRp(r) ? shipped(r) : (1 - mu) * (r.C + r.N) / 2 + mu * r.C)),
];
const res = evaluate(models);
printTable(res, 'Most promising candidates');

// paired intervals vs the ensemble, seed 1 partition
const run = runBacktest(data, { models: [compromiseModel, ensembleModel, ...models], replicates: 10, cv: 10, seed: 1 });
const rowByKey = new Map(data.cases.flatMap((c) => c.scenarios.flatMap((s) => [...rowsOf(s).values()].map((r) => [`${c.id}/${r.t.issue.id}`, r]))));
const subsets = { all: () => true, 'QMV+COD': (r) => r.qmv && r.cod, Nice: (r) => r.nice };
console.log('\n## Paired difference from the ensemble (seed-1 partition; 95% case-bootstrap interval, 2000 resamples)');
console.log('| model | ' + Object.keys(subsets).join(' | ') + ' |');
console.log('|---|' + Object.keys(subsets).map(() => '---').join('|') + '|');
for (const m of ['compromise', ...models.map((m) => m.id)]) {
  const cells = Object.values(subsets).map((keep) => {
    const recs = run.issues.filter((x) => keep(rowByKey.get(`${x.case}/${x.issue}`)));
    const diffs = recs.map((x) => Math.abs(x.predictions[m] - x.outcome) - Math.abs(x.predictions.ensemble - x.outcome));
    const groups = recs.map((x) => x.case);
    const ids = [...new Set(groups)];
    const b = clusterBootstrapMean(diffs, groups.map((g) => ids.indexOf(g)), { replicates: 2000, seed: 1 });
    return `${b.estimate >= 0 ? '+' : ''}${b.estimate.toFixed(2)} [${b.interval[0].toFixed(2)}, ${b.interval[1].toFixed(2)}]`;
  });
  console.log(`| ${m} | ${cells.join(' | ')} |`);
}
