// Expected utility model (EUM) benchmarks: the whole DEU development set (227 issues, 10 rounds each) through the
// numeric core and through the forecast model, and the EC car-emissions example (10 rounds; and until it cycles).
// Target (issue #3): all of deu-dev in under 500 ms; a vectorised numpy port needs about 7 s for 353 such issues.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { eumForecast, runEum } from '../../dist/core/models/expectedUtility.js';

const SHARED = process.env.PARLEY_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));
const DEU = join(SHARED, 'data', 'deu-dev');

/** deu-dev stances grouped by issue, in file order; a blank salience is 50 (the data set's README). */
function readDeu() {
  const rows = parse(readFileSync(join(DEU, 'stances.csv'), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
  const byIssue = new Map();
  for (const r of rows) {
    let list = byIssue.get(r.issue_id);
    if (!list) byIssue.set(r.issue_id, (list = []));
    list.push({ id: r.actor_id, name: r.actor_name, capability: Number(r.capability), position: Number(r.position), salience: r.salience === '' ? 50 : Number(r.salience) });
  }
  return [...byIssue.entries()].map(([issue, list]) => ({
    issue,
    list,
    input: {
      position: Float64Array.from(list, (a) => a.position),
      capability: Float64Array.from(list, (a) => a.capability),
      salience: Float64Array.from(list, (a) => a.salience / 100),
    },
  }));
}

/** One Parley scenario per issue (capabilities differ between eras, so the issues cannot share actors). */
function deuScenario({ issue, list }) {
  return {
    title: issue,
    sources: ['DEU'],
    actors: list.map((a) => ({ id: a.id, name: a.name, capability: a.capability })),
    issues: [{ id: issue, name: issue, scale: { min: 0, max: 100 }, anchors: [] }],
    stances: list.map((a) => ({ actor: a.id, issue, position: a.position, salience: a.salience })),
  };
}

const EC = {
  capability: [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08],
  position: [4, 7, 4, 4, 10, 10, 10, 7, 4, 7],
  salience: [0.8, 0.4, 0.2, 0.8, 0.6, 0.6, 0.9, 0.1, 1.0, 0.7],
};

const deuAvailable = () => existsSync(join(DEU, 'stances.csv'));

export default [
  {
    name: 'eum deu-dev core',
    size: '≤29 × 1 (227 issues)',
    reference: 'issue #3: < 500 ms',
    available: deuAvailable,
    setup: readDeu,
    run(issues) {
      let rounds = 0;
      let cycles = 0;
      let pairs = 0;
      let fixed = 0;
      for (const { input } of issues) {
        const run = runEum(input, { rounds: 10 });
        rounds += run.rounds;
        if (run.cycle) cycles++;
        if (run.cycle?.length === 2) pairs++;
        if (run.fixedFrom !== null) fixed++;
      }
      return `${issues.length} issues × 10 = ${rounds} rounds; ${cycles} cycle (${pairs} of period 2), ${fixed} at a fixed point`;
    },
  },
  {
    name: 'eum deu-dev forecast model',
    size: '≤29 × 1 (227 issues)',
    reference: 'issue #3: < 500 ms',
    available: deuAvailable,
    setup() {
      const issues = parse(readFileSync(join(DEU, 'issues.csv'), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });
      const outcome = new Map(issues.filter((r) => r.outcome !== '').map((r) => [r.issue_id, Number(r.outcome)]));
      return readDeu().map((x) => ({ scenario: deuScenario(x), outcome: outcome.get(x.issue) }));
    },
    run(cases) {
      // Mean absolute error against the actual outcomes (0–100 scale), for the headline (mean) and the median.
      let n = 0;
      let errMean = 0;
      let errMedian = 0;
      for (const { scenario, outcome } of cases) {
        const f = eumForecast(scenario).issues[0];
        if (outcome === undefined) continue;
        n++;
        errMean += Math.abs(f.value - outcome);
        errMedian += Math.abs(f.detail.median - outcome);
      }
      return `${cases.length} scenarios × 10 rounds; MAE mean ${(errMean / n).toFixed(2)}, median ${(errMedian / n).toFixed(2)}`;
    },
  },
  {
    name: 'eum EC 1994, 10 rounds',
    size: '10 × 1',
    run() {
      const run = runEum(EC, { rounds: 10 });
      return `10 rounds, final mean ${run.mean[10].toFixed(6)}`;
    },
  },
  {
    name: 'eum EC 1994, until it cycles',
    size: '10 × 1',
    run() {
      const run = runEum(EC, { stop: 'mean' });
      return `${run.rounds} rounds, ${run.stop.reason} of period ${run.cycle?.length}`;
    },
  },
];
