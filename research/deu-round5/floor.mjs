// Round 5: how low can the error go on this data? Not a candidate for shipping but a bound on what any forecast built
// from positions, saliences, vote weights, reference points, voting rule and procedure can reach on deu-dev.
//
// 1. The best linear combination, chosen with hindsight. Least-absolute-deviation (LAD) regression of the outcome on
//    twelve forecasts and summaries of the issue, fitted on all 227 issues and scored on the same issues. LAD is convex,
//    so its in-sample MAE is the smallest any linear combination of these features reaches, with every weight chosen
//    after seeing the outcomes: an optimistic bound for the whole class. Then the same fitted inside the folds.
// 2. A flexible learner: gradient boosting of depth-2 regression trees under absolute loss (Friedman 2001), on the same
//    features plus the voting rule, procedure and Nice-weight era; in sample and out of fold.
// 3. The two-position issues: the outcome as a share of the way from one position to the other, against the weight
//    share of the second side; the best step function of that share, fitted with hindsight.
// Same footing as rounds 3 and 4: 10 folds by case, seeds 1–5 (../deu-round3/README.md).
import { evaluate, printTable, allRows, rowsOf, issueTables, mean } from '../deu-round3/lib.mjs';

// ---------------------------------------------------------------------------------------------------------- features
const B = (r) => (r.C + r.N) / 2;
const at = (r, id) => { const k = r.t.actorIds.indexOf(id); return k < 0 ? undefined : r.t.position[k]; };
function nearest(r, b) { let best = b, bd = Infinity; for (const p of r.t.position) { const d = Math.abs(p - b); if (d < bd) { bd = d; best = p; } } return best; }
function councilMean(r) {
  let sw = 0, sx = 0;
  r.t.actorIds.forEach((id, i) => { if (id !== 'com' && id !== 'ep') { sw += r.t.weight[i]; sx += r.t.weight[i] * r.t.position[i]; } });
  return sw > 0 ? sx / sw : r.C;
}
const FEATURES = {
  'compromise C': (r) => r.C,
  'Nash (costly disagreement) N': (r) => r.N,
  'weighted median M': (r) => r.M,
  'unweighted mean': (r) => mean([...r.t.position]),
  'Commission': (r) => at(r, 'com') ?? r.C,
  'Parliament': (r) => at(r, 'ep') ?? r.C,
  'Council weighted mean': councilMean,
  'reference point (C if unknown)': (r) => r.rp ?? r.C,
  'lowest position': (r) => Math.min(...r.t.position),
  'highest position': (r) => Math.max(...r.t.position),
  'position nearest B': (r) => nearest(r, B(r)),
};
const NAMES = ['intercept', ...Object.keys(FEATURES)];
const featuresOf = (r) => [1, ...Object.values(FEATURES).map((f) => f(r))];

// ------------------------------------------------------------------------------------------------- LAD regression
/** Solve A x = b (small, dense) by Gaussian elimination with partial pivoting; a ridge of 1e-9 keeps it regular. */
function solve(A, b) {
  const n = b.length, M = A.map((row, i) => [...row, b[i]]);
  for (let i = 0; i < n; i++) M[i][i] += 1e-9;
  for (let c = 0; c < n; c++) {
    let p = c; for (let i = c + 1; i < n; i++) if (Math.abs(M[i][c]) > Math.abs(M[p][c])) p = i;
    [M[c], M[p]] = [M[p], M[c]];
    for (let i = c + 1; i < n; i++) { const f = M[i][c] / M[c][c]; for (let j = c; j <= n; j++) M[i][j] -= f * M[c][j]; }
  }
  const x = new Array(n).fill(0);
  for (let i = n - 1; i >= 0; i--) { let s = M[i][n]; for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j]; x[i] = s / M[i][i]; }
  return x;
}
/** LAD by iteratively reweighted least squares (Schlossmacher 1973), 300 iterations; returns the coefficients. */
function lad(X, y) {
  const p = X[0].length;
  let beta = new Array(p).fill(0);
  let u = y.map(() => 1);
  for (let it = 0; it < 300; it++) {
    const A = Array.from({ length: p }, () => new Array(p).fill(0)), b = new Array(p).fill(0);
    X.forEach((x, i) => { for (let j = 0; j < p; j++) { b[j] += u[i] * x[j] * y[i]; for (let k = 0; k < p; k++) A[j][k] += u[i] * x[j] * x[k]; } });
    beta = solve(A, b);
    u = X.map((x, i) => 1 / Math.max(1e-4, Math.abs(y[i] - x.reduce((s, v, j) => s + v * beta[j], 0))));
  }
  return beta;
}
const predict = (beta, x) => Math.min(100, Math.max(0, x.reduce((s, v, j) => s + v * beta[j], 0)));

// -------------------------------------------------------------------------------- gradient boosting, absolute loss
const EXTRA = { 'consensus': (r) => (r.consensus ? 1 : 0), 'co-decision': (r) => (r.cod ? 1 : 0), 'qmv': (r) => (r.qmv ? 1 : 0), 'Nice weights': (r) => (r.nice ? 1 : 0), 'participants': (r) => r.t.position.length };
const treeFeatures = (r) => [...featuresOf(r).slice(1), ...Object.values(EXTRA).map((f) => f(r))];
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
/** Best single split of rows idx on the negative gradient g (least squares on signs), min leaf 8. */
function bestSplit(X, g, idx) {
  let best = null;
  for (let f = 0; f < X[0].length; f++) {
    const order = [...idx].sort((a, b) => X[a][f] - X[b][f]);
    let sl = 0, nl = 0; const st = order.reduce((s, i) => s + g[i], 0);
    for (let k = 0; k < order.length - 1; k++) {
      sl += g[order[k]]; nl++;
      if (X[order[k]][f] === X[order[k + 1]][f] || nl < 8 || order.length - nl < 8) continue;
      const gain = (sl * sl) / nl + ((st - sl) ** 2) / (order.length - nl);
      if (!best || gain > best.gain) best = { gain, f, t: (X[order[k]][f] + X[order[k + 1]][f]) / 2 };
    }
  }
  return best;
}
/** Depth-2 tree; leaves take the median residual (the absolute-loss step of Friedman 2001, algorithm 3). */
function tree(X, res, idx) {
  const g = res.map(Math.sign);
  const grow = (ids, depth) => {
    const s = depth < 2 ? bestSplit(X, g, ids) : null;
    if (!s) return { leaf: median(ids.map((i) => res[i])) };
    return { ...s, l: grow(ids.filter((i) => X[i][s.f] <= s.t), depth + 1), r: grow(ids.filter((i) => X[i][s.f] > s.t), depth + 1) };
  };
  return grow(idx, 0);
}
const evalTree = (n, x) => (n.leaf !== undefined ? n.leaf : evalTree(x[n.f] <= n.t ? n.l : n.r, x));
function boost(X, y, { rounds = 150, rate = 0.1 } = {}) {
  const f0 = median(y), trees = [];
  const F = y.map(() => f0), idx = y.map((_, i) => i);
  for (let m = 0; m < rounds; m++) {
    const t = tree(X, y.map((v, i) => v - F[i]), idx);
    trees.push(t);
    X.forEach((x, i) => { F[i] += rate * evalTree(t, x); });
  }
  return (x) => Math.min(100, Math.max(0, f0 + rate * trees.reduce((s, t) => s + evalTree(t, x), 0)));
}

// ------------------------------------------------------------------------------------------------------- models
const rowsIn = (scenarios) => scenarios.flatMap((s) => [...rowsOf(s).values()].filter((r) => r.y !== undefined));
const byIssue = (id, value) => (s, o) => ({ model: id, notes: [], issues: issueTables(s).map((t) => ({ issue: t.issue.id, value: value(rowsOf(s).get(t.issue.id), o?.[id]), explanation: '', detail: {} })) });
/** LAD over the features outside consensus (the weighted median under consensus, as shipped). */
const ladModel = {
  id: 'LAD on 12 features (median under consensus)', name: 'lad', source: 'round 5',
  forecast: byIssue('LAD on 12 features (median under consensus)', (r, o) => (r.consensus ? r.M : predict(o.beta, featuresOf(r)))),
  fit: (training) => { const rows = rowsIn(training).filter((r) => !r.consensus); return { options: { [ladModel.id]: { beta: lad(rows.map(featuresOf), rows.map((r) => r.y)) } }, parameters: {} }; },
};
const boostModel = (rounds) => {
  const id = `boosted trees, absolute loss, ${rounds} rounds (17 features)`;
  return {
    id, name: id, source: 'round 5',
    forecast: byIssue(id, (r, o) => o.f(treeFeatures(r))),
    fit: (training) => { const rows = rowsIn(training); return { options: { [id]: { f: boost(rows.map(treeFeatures), rows.map((r) => r.y), { rounds }) } }, parameters: {} }; },
  };
};

// ------------------------------------------------------------------------------------------------------- report
const maeOf = (rows, f) => mean(rows.map((r) => Math.abs(f(r) - r.y)));
const ens = (r) => (r.consensus ? r.M : B(r));
const subsets = { 'all 227': () => true, 'QMV+COD': (r) => r.qmv && r.cod, 'Nice': (r) => r.nice };
const line = (name, f) => `| ${name} | ${Object.values(subsets).map((k) => maeOf(allRows.filter(k), f).toFixed(2)).join(' | ')} |`;

console.log('## 1–2. In sample: fitted on all 227 issues and scored on the same issues (optimistic by construction)');
console.log(`| forecast | ${Object.keys(subsets).join(' | ')} |`);
console.log('|---|---:|---:|---:|');
console.log(line('compromise C', (r) => r.C));
console.log(line('ensemble (shipped)', ens));
const outside = allRows.filter((r) => !r.consensus);
const beta = lad(outside.map(featuresOf), outside.map((r) => r.y));
console.log(line('best linear combination of the 12 features outside consensus (LAD), median under consensus', (r) => (r.consensus ? r.M : predict(beta, featuresOf(r)))));
const betaAll = lad(allRows.map(featuresOf), allRows.map((r) => r.y));
console.log(line('… one LAD on all issues (consensus rule dropped)', (r) => predict(betaAll, featuresOf(r))));
const qc = allRows.filter((r) => r.qmv && r.cod);
const betaQC = lad(qc.map(featuresOf), qc.map((r) => r.y));
console.log(`| … a LAD fitted on the QMV+COD issues alone, scored on them | | ${maeOf(qc, (r) => predict(betaQC, featuresOf(r))).toFixed(2)} | |`);
for (const rounds of [25, 50, 150]) {
  const gb = boost(allRows.map(treeFeatures), allRows.map((r) => r.y), { rounds });
  console.log(line(`boosted trees (${rounds} depth-2 trees, rate 0.1), 17 features`, (r) => gb(treeFeatures(r))));
}
{
  // Is IRLS at the optimum? A coordinate search (steps 1 … 1e-4 on every coefficient) must find no lower MAE.
  const obj = (b) => mean(outside.map((r) => Math.abs(featuresOf(r).reduce((s, v, j) => s + v * b[j], 0) - r.y)));
  let b = [...beta], cur = obj(b);
  const start = cur;
  for (let pass = 0; pass < 10; pass++) for (let j = 0; j < b.length; j++) for (const step of [1, 0.1, 0.01, 1e-3, 1e-4]) for (const sg of [1, -1]) {
    const t = [...b]; t[j] += sg * step; const v = obj(t); if (v < cur - 1e-12) { b = t; cur = v; }
  }
  console.log(`\nLAD optimum check outside consensus (unclamped): IRLS ${start.toFixed(6)}, after a coordinate search ${cur.toFixed(6)}.`);
}
console.log('\nLAD coefficients outside consensus (in sample):');
console.log(NAMES.map((n, j) => `  ${n.padEnd(32)} ${beta[j].toFixed(3)}`).join('\n'));

// 3. two-position issues
console.log('\n## 3. Issues with exactly two distinct positions');
const two = allRows.filter((r) => new Set(r.t.position).size === 2);
const share = (r) => { const hi = Math.max(...r.t.position); let w = 0, W = 0; r.t.position.forEach((x, i) => { W += r.t.weight[i]; if (x === hi) w += r.t.weight[i]; }); return w / W; };
const lohi = (r) => [Math.min(...r.t.position), Math.max(...r.t.position)];
const frac = (r) => { const [lo, hi] = lohi(r); return (r.y - lo) / (hi - lo); };
console.log(`${two.length} issues; compromise ${maeOf(two, (r) => r.C).toFixed(2)}, ensemble ${maeOf(two, ens).toFixed(2)}.`);
for (const bins of [1, 2, 4, 8]) {
  // hindsight: in each bin of the high side's weight share, the forecast that is best for that bin's own outcomes
  // (a fraction t of the way from the low to the high position, t on a grid of 0.01, the bin's weighted median).
  const bin = (r) => Math.min(bins - 1, Math.floor(share(r) * bins));
  let err = 0;
  for (let b = 0; b < bins; b++) {
    const rows = two.filter((r) => bin(r) === b);
    if (!rows.length) continue;
    let best = Infinity;
    for (let t = 0; t <= 1.0001; t += 0.01) best = Math.min(best, rows.reduce((e, r) => { const [lo, hi] = lohi(r); return e + Math.abs(lo + t * (hi - lo) - r.y); }, 0));
    err += best;
  }
  console.log(`best step function of the weight share with ${bins} step${bins > 1 ? 's' : ''}, fitted with hindsight: ${(err / two.length).toFixed(2)}`);
}
const ends = two.filter((r) => { const f = frac(r); return f === 0 || f === 1; }).length;
console.log(`outcome at one of the two positions: ${ends} of ${two.length}; at the side with more weight: ${two.filter((r) => (share(r) >= 0.5 ? frac(r) === 1 : frac(r) === 0)).length}.`);

// out of fold
const res = evaluate([ladModel, boostModel(25), boostModel(50), boostModel(150)]);
printTable(res, 'Out of fold (10 folds by case, seeds 1–5): the same learners fitted inside the folds');
