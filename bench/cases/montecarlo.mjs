// Monte Carlo benchmarks on the built-in Busan example (16 actors, 14 issues, 96 stances) with every salience ±10,
// every position ±5 % of its scale and every capability ±10 % (208 uncertain inputs), through the worker pool as
// `parley montecarlo` runs it. Targets (issue #5), on a 2-core machine:
//   10 000 draws of compromise, median, Nash and EUM in < 10 s; throughput ×1.8 or more from 1 to 2 threads;
//   1 000 draws of the SMP in < 60 s.
// The ms column is the whole run (worker start-up, draws, summary); the result column gives draws per second of the
// drawing phase and each model's cost in ms per draw and thread.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { availableParallelism } from 'node:os';
import { UncertaintyPool } from '../../dist/workers/uncertaintyPool.js';
import { findModel } from '../../dist/core/models/registry.js';
import { costPerDraw, prepareJob, summariseRun } from '../../dist/core/uncertainty/montecarlo.js';
import { parseScenario } from '../../dist/formats/scenarioText.js';

const BUSAN = new URL('../../scenarios/us-china-busan-2025.yaml', import.meta.url);

function busan() {
  const s = parseScenario(readFileSync(BUSAN, 'utf8'), 'us-china-busan-2025.yaml');
  return { ...s, uncertainty: { salience: 10, position: '5%', capability: '10%' } };
}

/**
 * One run through the worker pool: draws per second of the whole drawing phase (worker start-up included), draws per
 * second once every thread has finished its first chunk (steady state: start-up and JIT warm-up excluded), and each
 * model's ms per draw.
 */
async function drawRun(models, draws, threads) {
  const job = { experts: [{ name: 'busan', scenario: busan() }], models, seed: 1, draws };
  const pool = new UncertaintyPool(job, threads);
  try {
    const progress = [];
    const run = await pool.draws(draws, { onProgress: (done) => progress.push([performance.now(), done]) });
    const p = prepareJob(job);
    const report = summariseRun(p, run.chunks);
    const [t0, d0] = progress[Math.min(threads, progress.length) - 1];
    const [t1, d1] = progress[progress.length - 1];
    return { perSecond: (report.draws / run.elapsedMs) * 1000, steady: ((d1 - d0) / (t1 - t0)) * 1000, cost: costPerDraw(p, run.chunks) };
  } finally {
    await pool.close();
  }
}

async function monteCarlo(models, draws, threads) {
  const { perSecond, cost } = await drawRun(models, draws, threads);
  const each = models.map((m) => `${m} ${cost.models[m].toFixed(3)}`).join(', ');
  return `${Math.round(perSecond)} draws/s (${each} ms/draw)`;
}

/**
 * Throughput on 2 threads over 1, from runs taken in alternation (1, 2, 1, 2, …) so that a change in the machine's
 * background load during the measurement hits both sides alike: the median ratio of the pairs and their range.
 */
async function scaling(models, draws, pairs) {
  const steady = [];
  const whole = [];
  for (let i = 0; i < pairs; i++) {
    const one = await drawRun(models, draws, 1);
    const two = await drawRun(models, draws, 2);
    steady.push(two.steady / one.steady);
    whole.push(two.perSecond / one.perSecond);
  }
  const summary = (ratios) => {
    const sorted = [...ratios].sort((a, b) => a - b);
    return `×${sorted[Math.floor(sorted.length / 2)].toFixed(2)} (×${sorted[0].toFixed(2)}–${sorted[sorted.length - 1].toFixed(2)})`;
  };
  return `2 threads over 1, median (range) of ${pairs} alternating pairs: steady ${summary(steady)}, whole run ${summary(whole)}`;
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
  ...(threadCounts.includes(2)
    ? [
        {
          name: 'montecarlo: busan, compromise+median+nash+eum, scaling 1 → 2 threads',
          size: '10000 draws, 208 inputs',
          reference: 'issue #5: ≥ ×1.8',
          available: has(...FOUR),
          repeats: 1,
          run: () => scaling(FOUR, 10_000, 5),
        },
      ]
    : []),
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
