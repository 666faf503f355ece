/**
 * Worker thread of the uncertainty pool (./pool.ts): runs Monte Carlo chunks and one-at-a-time sweeps of the job it
 * was started with (piscina's workerData). The job is prepared once per thread; every task is pure in (job, task).
 */
import { performance } from 'node:perf_hooks';
import { workerData } from 'piscina';
import { prepareJob, runChunk, type ChunkResult, type MonteCarloJob, type PreparedJob } from '../core/uncertainty/montecarlo.js';
import { sweepInput } from '../core/uncertainty/sensitivity.js';

export type WorkerTask = { type: 'draws'; from: number; to: number } | { type: 'sweep'; input: number; points: number };
export type WorkerResult = ChunkResult | Float64Array;

let prepared: PreparedJob | undefined;

export default function run(task: WorkerTask): WorkerResult {
  prepared ??= prepareJob(workerData as MonteCarloJob);
  if (task.type === 'draws') return runChunk(prepared, task.from, task.to, () => performance.now());
  return sweepInput(prepared, task.input, task.points);
}
