// Expected utility model (EUM) benchmarks: the whole DEU development set (227 issues, 10 rounds each) through the
// numeric core and through the forecast model, and the EC car-emissions example (10 rounds; and until it cycles).
// Target (issue #3): all of deu-dev in under 500 ms; a vectorised numpy port needs about 7 s for 353 such issues.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { issueTables } from '../../dist/core/issueTable.js';
import { eumForecast, runEum } from '../../dist/core/models/expectedUtility.js';
import { readDeuTables } from '../../dist/formats/backtestData.js';

const SHARED = process.env.PARLEY_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));
const DEU = join(SHARED, 'data', 'deu-dev');

/** deu-dev as the backtest reads it: one scenario per proposal (a blank salience is 50, as the data set's README says). */
function readDeuScenarios() {
  const { dataset } = readDeuTables(readFileSync(join(DEU, 'issues.csv'), 'utf8'), readFileSync(join(DEU, 'stances.csv'), 'utf8'));
  return dataset.cases.flatMap((c) => c.scenarios);
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
    setup: () => readDeuScenarios().flatMap((scenario) => issueTables(scenario).map((t) => ({ input: t }))),
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
    setup: readDeuScenarios,
    run(scenarios) {
      // Mean absolute error against the actual outcomes (0–100 scale), for the headline (mean) and the median.
      let n = 0;
      let errMean = 0;
      let errMedian = 0;
      for (const scenario of scenarios) {
        eumForecast(scenario).issues.forEach((f, k) => {
          const outcome = scenario.issues[k].outcome;
          if (outcome === undefined) return;
          n++;
          errMean += Math.abs(f.value - outcome);
          errMedian += Math.abs(f.detail.median - outcome);
        });
      }
      return `${n} issues in ${scenarios.length} scenarios × 10 rounds; MAE mean ${(errMean / n).toFixed(2)}, median ${(errMedian / n).toFixed(2)}`;
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
