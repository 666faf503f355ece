// Monte Carlo benchmarks on the built-in Busan example (16 actors, 14 issues, 96 stances) with every salience ±10,
// every position ±5 % of its scale and every capability ±10 % (208 uncertain inputs), through the worker pool as
// `parley montecarlo` runs it. Targets (issue #5), on a 2-core machine:
//   10 000 draws of compromise, median, Nash and EUM in < 10 s; throughput ×1.8 or more from 1 to 2 threads;
//   1 000 draws of the SMP in < 60 s.
// The ms column is the whole run (worker start-up, draws, summary); the result column gives draws per second of the
// drawing phase and each model's cost in ms per draw and thread.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { UncertaintyPool } from '../../dist/cli/workers/pool.js';
import { findModel } from '../../dist/core/models/registry.js';
import { costPerDraw, prepareJob, summariseRun } from '../../dist/core/uncertainty/montecarlo.js';
import { parseScenario } from '../../dist/formats/scenarioText.js';

const BUSAN = new URL('../../scenarios/us-china-busan-2025.yaml', import.meta.url);

function busan() {
  const s = parseScenario(readFileSync(BUSAN, 'utf8'), 'us-china-busan-2025.yaml');
  return { ...s, uncertainty: { salience: 10, position: '5%', capability: '10%' } };
}

async function monteCarlo(models, draws, threads) {
  const job = { experts: [{ name: 'busan', scenario: busan() }], models, seed: 1, draws };
  const pool = new UncertaintyPool(job, threads);
  try {
    const run = await pool.draws(draws);
    const p = prepareJob(job);
    const report = summariseRun(p, run.chunks);
    const cost = costPerDraw(p, run.chunks);
    const perSecond = (report.draws / run.elapsedMs) * 1000;
    const each = models.map((m) => `${m} ${cost.models[m].toFixed(3)}`).join(', ');
    return `${Math.round(perSecond)} draws/s (${each} ms/draw)`;
  } finally {
    await pool.close();
  }
}

const has = (...ids) => () => ids.every((id) => findModel(id) !== undefined);
const threadCounts = [1, 2].filter((t) => t <= Math.max(2, availableParallelism()));
const FOUR = ['compromise', 'median', 'nash', 'eum'];

export default [
  ...threadCounts.map((t) => ({
    name: `montecarlo: busan, compromise+median+nash+eum, ${t} thread${t > 1 ? 's' : ''}`,
    size: '10000 draws, 208 inputs',
    reference: t === 2 ? 'issue #5: < 10 000 ms on 2 cores' : 'issue #5: 2 threads ≥ 1.8× the draws/s of 1',
    available: has(...FOUR),
    repeats: 3,
    run: () => monteCarlo(FOUR, 10_000, t),
  })),
  // Enough draws that worker start-up and warm-up do not dominate: about 2 s per run on one thread.
  ...[['compromise', 40_000], ['median', 30_000], ['nash', 40_000], ['eum', 2_000]].flatMap(([m, draws]) =>
    threadCounts.map((t) => ({
      name: `montecarlo: busan, ${m} alone, ${t} thread${t > 1 ? 's' : ''}`,
      size: `${draws} draws, 208 inputs`,
      available: has(m),
      repeats: 3,
      run: () => monteCarlo([m], draws, t),
    })),
  ),
  {
    name: 'montecarlo: busan, smp, 2 threads',
    size: '1000 draws, 208 inputs',
    reference: 'issue #5: < 60 000 ms on 2 cores',
    available: has('smp'),
    repeats: 1,
    run: () => monteCarlo(['smp'], 1000, 2),
  },
];
