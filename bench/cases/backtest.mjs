// Backtest benchmarks on the DEU development set (227 issues in 85 proposals): reading the tables, the backtest of
// every registered model (2000 bootstrap resamples of cases), the same cross-validated with 10 folds, and the
// ensemble's fit. Target (issue #6): the whole backtest of all models in under 10 s.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktest } from '../../dist/core/backtest/run.js';
import { MODELS } from '../../dist/core/models/registry.js';
import { fitEnsemble } from '../../dist/core/models/ensemble.js';
import { readDeuTables } from '../../dist/formats/backtestData.js';

const SHARED = process.env.PARLEY_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));
const DEU = join(SHARED, 'data', 'deu-dev');
const available = () => existsSync(join(DEU, 'issues.csv'));

function read() {
  const r = readDeuTables(readFileSync(join(DEU, 'issues.csv'), 'utf8'), readFileSync(join(DEU, 'stances.csv'), 'utf8'));
  if (!r.dataset) throw new Error('deu-dev did not read: ' + JSON.stringify(r.problems));
  return r.dataset;
}

const mae = (report, id) => report.models.find((m) => m.id === id)?.metrics?.mae.toFixed(2) ?? '–';

export default [
  {
    name: 'backtest: read deu-dev tables',
    size: '227 issues, 4145 stances',
    available,
    run: () => `${read().cases.length} cases`,
  },
  {
    name: 'backtest: all registered models',
    size: '227 issues',
    reference: 'issue #6: < 10 000 ms',
    available,
    setup: read,
    run: (data) => {
      const r = runBacktest(data, { models: MODELS });
      return `${r.models.length} models; MAE compromise ${mae(r, 'compromise')}, ensemble ${mae(r, 'ensemble')}`;
    },
  },
  {
    name: 'backtest: all registered models, 10-fold CV',
    size: '227 issues, 10 folds',
    reference: 'issue #6: < 10 000 ms',
    available,
    setup: read,
    run: (data) => {
      const r = runBacktest(data, { models: MODELS, cv: 10 });
      return `CV MAE ensemble ${mae(r, 'ensemble')}`;
    },
  },
  {
    name: 'backtest: fit the ensemble',
    size: '227 issues, 21 grid points',
    available,
    setup: () => read().cases.flatMap((c) => c.scenarios),
    run: (scenarios) => `consensus_weight ${fitEnsemble(scenarios).parameters.consensus_weight}`,
  },
];
