// Exchange model (Stokman & Van Oosten; Decide equal gain) benchmarks: the three real Decide data sets for 10 rounds
// (COP21 Paris 2015: 15 actors × 13 issues; Copenhagen 2009: 11 × 7; the Dutch toll case: 10 × 6), REX with p = 0.5,
// reading the Decide file, and the DEU development backtest with the exchange model beside the compromise baseline.
// Targets (issue #7): COP21 in under 50 ms in-process (the Python/Decimal reference takes about 15 s with a recorder
// attached); the whole development backtest with the exchange model under 5 s.
// The Decide inputs are GPL-3.0 data read from ../shared, never copied into the project.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktest } from '../../dist/core/backtest/run.js';
import { compromiseModel } from '../../dist/core/models/compromise.js';
import { EXCHANGE_DEFAULTS, exchangeModel, runExchange } from '../../dist/core/models/exchange/index.js';
import { toPointScenario } from '../../dist/core/scenario.js';
import { readDeuTables } from '../../dist/formats/backtestData.js';
import { readDecideText } from '../../dist/formats/decide.js';

const SHARED = process.env.PARLEY_SHARED ?? fileURLToPath(new URL('../../../shared/', import.meta.url));
const INPUTS = join(SHARED, 'reference', 'exchange', 'inputs');
const DEU = join(SHARED, 'data', 'deu-dev');

function decide(file) {
  const r = readDecideText(readFileSync(join(INPUTS, file), 'utf8'), file);
  if (!r.scenario) throw new Error(`${file} did not read: ${JSON.stringify(r.problems)}`);
  return toPointScenario(r.scenario);
}

/** Warm the JIT with a few runs first: the figure is the steady-state cost of one in-process run. */
function warmed(file, options) {
  const scenario = decide(file);
  for (let i = 0; i < 5; i++) runExchange(scenario, options);
  return scenario;
}

const describeRun = (run) => {
  const executed = run.rounds.reduce((s, r) => s + r.realized.length, 0);
  const ties = run.rounds.reduce((s, r) => s + r.stats.ties, 0);
  return `${run.rounds.length} rounds, ${run.rounds[0].candidateCount} candidates in round 1, ${executed} exchanges, ${ties} ties`;
};

const dataSet = (name, file, size, reference) => ({
  name: `exchange: ${name}, 10 rounds`,
  size,
  reference,
  repeats: 15,
  available: () => existsSync(join(INPUTS, file)),
  setup: () => warmed(file, EXCHANGE_DEFAULTS),
  run: (scenario) => describeRun(runExchange(scenario, EXCHANGE_DEFAULTS)),
});

export default [
  dataSet('COP21 Paris 2015', 'cop21.csv', '15 actors × 13 issues', 'issue #7: < 50 ms; Python/Decimal reference ≈ 15 000 ms'),
  dataSet('Copenhagen 2009', 'copenhagen.csv', '11 actors × 7 issues'),
  dataSet('Dutch toll case (sample_data)', 'sample_data.txt', '10 actors × 6 issues'),
  {
    name: 'exchange: COP21, REX p = 0.5, seed 1, 10 rounds',
    size: '15 actors × 13 issues',
    repeats: 15,
    available: () => existsSync(join(INPUTS, 'cop21.csv')),
    setup: () => warmed('cop21.csv', { ...EXCHANGE_DEFAULTS, p: 0.5, seed: 1 }),
    run: (scenario) => describeRun(runExchange(scenario, { ...EXCHANGE_DEFAULTS, p: 0.5, seed: 1 })),
  },
  {
    name: 'exchange: read the COP21 Decide file',
    size: '235 rows',
    repeats: 15,
    available: () => existsSync(join(INPUTS, 'cop21.csv')),
    setup: () => readFileSync(join(INPUTS, 'cop21.csv'), 'utf8'),
    run: (text) => `${readDecideText(text, 'cop21.csv').scenario.stances.length} stances`,
  },
  {
    name: 'exchange: DEU development backtest (exchange + compromise)',
    size: '227 issues in 85 proposals',
    reference: 'issue #7: < 5 000 ms',
    available: () => existsSync(join(DEU, 'issues.csv')),
    setup: () => {
      const r = readDeuTables(readFileSync(join(DEU, 'issues.csv'), 'utf8'), readFileSync(join(DEU, 'stances.csv'), 'utf8'));
      if (!r.dataset) throw new Error('deu-dev did not read');
      return r.dataset;
    },
    run: (data) => {
      const r = runBacktest(data, { models: [compromiseModel, exchangeModel] });
      const mae = (id) => r.models.find((m) => m.id === id)?.metrics?.mae.toFixed(2) ?? '–';
      return `MAE exchange ${mae('exchange')}, compromise ${mae('compromise')}`;
    },
  },
];
