// Shared harness for round 3: the data, per-issue rows with cached parts, the perIssue / fitted-on-grid model
// patterns of src/core/backtest/alternatives.test.ts, and the 10-fold × seeds 1–5 evaluation via runBacktest.
import fs from 'node:fs';
export const D = new URL('../../dist', import.meta.url).href;
const { readDeuTables } = await import(`${D}/formats/backtestData.js`);
const { runBacktest } = await import(`${D}/core/backtest/run.js`);
const { issueTables } = await import(`${D}/core/issueTable.js`);
const { compromiseModel, weightedMean } = await import(`${D}/core/models/compromise.js`);
const { ensembleModel, ensembleComponents } = await import(`${D}/core/models/ensemble.js`);
const { nashBargaining } = await import(`${D}/core/models/nashBargaining.js`);
const { weightedMedian } = await import(`${D}/core/models/weightedMedian.js`);
export { runBacktest, issueTables, compromiseModel, weightedMean, ensembleModel, ensembleComponents, nashBargaining, weightedMedian };

export const DATA = process.env.PARLEY_SHARED ? `${process.env.PARLEY_SHARED}/data/deu-dev` : new URL('../../../shared/data/deu-dev', import.meta.url).pathname;
const dir = DATA;
export const data = readDeuTables(fs.readFileSync(`${dir}/issues.csv`, 'utf8'), fs.readFileSync(`${dir}/stances.csv`, 'utf8')).dataset;

export const optionsOf = (s) => s.model_options?.ensemble ?? {};
export const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** One issue with everything the candidates are built from. memo: per-row cache for expensive variants. */
const rowCache = new WeakMap();
export function rowsOf(s) {
  const hit = rowCache.get(s);
  if (hit) return hit;
  const o = optionsOf(s);
  const m = new Map(
    issueTables(s).map((t) => {
      const c = ensembleComponents(t);
      const consensus = o.voting_rule === 'unanimity' && o.procedure !== 'codecision' && c.participants >= 3;
      return [t.issue.id, {
        t, s, o, C: c.compromise, N: c.nash, M: c.median, consensus, y: t.issue.outcome,
        rp: t.issue.no_deal, cod: o.procedure === 'codecision', qmv: o.voting_rule === 'qmv',
        nice: Math.max(...t.capability) >= 29, memo: new Map(),
      }];
    }),
  );
  rowCache.set(s, m);
  return m;
}
export const memo = (r, key, f) => (r.memo.has(key) ? r.memo.get(key) : (r.memo.set(key, f()), r.memo.get(key)));
export const shipped = (r, bargaining = (r.C + r.N) / 2) => (r.consensus ? r.M : bargaining);

/** Model from a per-issue rule. */
export function perIssue(id, rule) {
  return {
    id, name: id, source: 'round 3',
    forecast: (s) => ({ model: id, notes: [], issues: issueTables(s).map((t) => ({ issue: t.issue.id, value: rule(rowsOf(s).get(t.issue.id)), explanation: '', detail: {} })) }),
  };
}
/** Model with one choice from `grid`, fitted by least absolute error on the training cases (ties: earlier grid point). */
export function fitted(id, grid, rule, report = (g) => (typeof g === 'number' ? { p: g } : Object.fromEntries(g.map((v, k) => [`p${k}`, v])))) {
  const pick = (o) => grid[o?.[id]?.k ?? 0];
  return {
    id, name: id, source: 'round 3',
    forecast: (s, o) => ({ model: id, notes: [], issues: issueTables(s).map((t) => ({ issue: t.issue.id, value: rule(rowsOf(s).get(t.issue.id), pick(o)), explanation: '', detail: {} })) }),
    fit: (training) => {
      const rows = training.flatMap((s) => [...rowsOf(s).values()].filter((r) => r.y !== undefined));
      let best = { error: Infinity, k: 0 };
      grid.forEach((g, k) => {
        let e = 0;
        for (const r of rows) e += Math.abs(rule(r, g) - r.y);
        if (e < best.error - 1e-9) best = { error: e, k };
      });
      return { options: { [id]: { k: best.k } }, parameters: report(grid[best.k]) };
    },
  };
}

const rowByKey = new Map(data.cases.flatMap((c) => c.scenarios.flatMap((s) => [...rowsOf(s).values()].map((r) => [`${c.id}/${r.t.issue.id}`, r]))));
export const SUBSETS = {
  all: () => true,
  'qmv+cod': (r) => r.qmv && r.cod,
  nice: (r) => r.nice,
  'no-consensus': (r) => !r.consensus,
};
export const SEEDS = [1, 2, 3, 4, 5];

/**
 * Out-of-fold MAE (10 folds by case) averaged over seeds 1–5, overall and on the subsets; fitted parameters of
 * every fold. Non-fitted models are the same in every seed.
 */
export function evaluate(models, { seeds = SEEDS, k = 10 } = {}) {
  const runs = seeds.map((seed) => runBacktest(data, { models: [compromiseModel, ensembleModel, ...models], replicates: 10, cv: k, seed }));
  const out = {};
  runs[0].models.forEach((m, j) => {
    const subs = {};
    for (const [name, keep] of Object.entries(SUBSETS)) {
      subs[name] = mean(runs.map((run) => {
        const recs = run.issues.filter((x) => keep(rowByKey.get(`${x.case}/${x.issue}`)));
        return mean(recs.map((x) => Math.abs(x.predictions[m.id] - x.outcome)));
      }));
    }
    subs.n = Object.fromEntries(Object.entries(SUBSETS).map(([name, keep]) => [name, runs[0].issues.filter((x) => keep(rowByKey.get(`${x.case}/${x.issue}`))).length]));
    const perSeed = runs.map((run) => run.models[j].metrics.mae);
    const params = runs.flatMap((run) => (run.cv?.folds ?? []).map((f) => f.parameters[m.id]).filter(Boolean));
    out[m.id] = { mae: mean(perSeed), perSeed, subsets: subs, params };
  });
  return out;
}

/** Count of each fitted parameter vector over the folds, e.g. "0.5,1 ×32; 1,1 ×18". */
export function stability(params) {
  if (!params.length) return '—';
  const counts = new Map();
  for (const p of params) {
    const key = Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join('; ');
}

export function printTable(res, title) {
  console.log(`\n## ${title}`);
  console.log('| model | OOF MAE (mean seeds 1–5) | per seed | QMV+COD | Nice | no-consensus | fitted values over 50 folds |');
  console.log('|---|---:|---|---:|---:|---:|---|');
  for (const [id, r] of Object.entries(res)) {
    console.log(`| ${id} | ${r.mae.toFixed(2)} | ${r.perSeed.map((x) => x.toFixed(2)).join(' ')} | ${r.subsets['qmv+cod'].toFixed(2)} | ${r.subsets.nice.toFixed(2)} | ${r.subsets['no-consensus'].toFixed(2)} | ${stability(r.params)} |`);
  }
  const n = Object.values(res)[0].subsets.n;
  console.log(`(issues: all ${n.all}, QMV+COD ${n['qmv+cod']}, Nice ${n.nice}, no-consensus ${n['no-consensus']})`);
}

/** All rows with an outcome (for exploration). */
export const allRows = [...rowByKey.values()].filter((r) => r.y !== undefined);

/** In-sample: fit on all 85 cases and score on them (for the gap to the out-of-fold figure). */
export function inSample(model) {
  const scen = data.cases.flatMap((c) => c.scenarios);
  const f = model.fit ? model.fit(scen) : { options: {}, parameters: {} };
  const pred = new Map();
  for (const s of scen) for (const x of model.forecast(s, f.options).issues) pred.set(`${s.id ?? ''}/${x.issue}`, x.value);
  let e = 0, n = 0;
  for (const s of scen) for (const r of rowsOf(s).values()) if (r.y !== undefined) { e += Math.abs(pred.get(`${s.id ?? ''}/${r.t.issue.id}`) - r.y); n++; }
  return { mae: e / n, parameters: f.parameters };
}
