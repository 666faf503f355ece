/**
 * The worker pool behind `parley montecarlo`, `sensitivity` and `shock --perturb`, and the server's Monte Carlo and
 * sensitivity jobs (src/server/tasks.ts): piscina threads, each holding the prepared job, fed chunks of draws (or one
 * input's sweep) as tasks. Results come back in any order and are put back in draw order, so the numbers do not
 * depend on the thread count. An abort signal (Ctrl-C) stops the run: tasks in
 * flight are cancelled, and the caller gets what finished, marked as interrupted.
 */
import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { chunkRanges, type ChunkResult, type MonteCarloJob } from '../core/uncertainty/montecarlo.js';
import type { WorkerResult, WorkerTask } from './uncertaintyWorker.js';

/** The number of threads to use by default: the machine's available parallelism. */
export function defaultThreads(): number {
  return availableParallelism();
}

export interface PoolRunOptions {
  signal?: AbortSignal;
  /** Called after every finished task with the work done so far (draws, or inputs swept) and the total. */
  onProgress?: (done: number, total: number) => void;
}

const isAbort = (e: unknown) => e instanceof Error && (e.name === 'AbortError' || /abort|terminated/i.test(e.message));

export class UncertaintyPool {
  private readonly pool: Piscina<WorkerTask, WorkerResult>;
  readonly threads: number;

  constructor(job: MonteCarloJob, threads: number) {
    const worker = new URL('./uncertaintyWorker.js', import.meta.url);
    if (!existsSync(fileURLToPath(worker))) {
      throw new Error(`the worker ${fileURLToPath(worker)} is missing: run \`npm run build\` (workers run the compiled code)`);
    }
    this.threads = Math.max(1, Math.floor(threads));
    this.pool = new Piscina<WorkerTask, WorkerResult>({
      filename: worker.href,
      workerData: job,
      minThreads: this.threads,
      maxThreads: this.threads,
      idleTimeout: 60_000,
    });
  }

  /** Run tasks, collecting results by index; stops at the first abort. Rethrows a worker's error (a bug). */
  private async runAll<R>(tasks: WorkerTask[], weight: (t: WorkerTask) => number, opts: PoolRunOptions): Promise<{ results: (R | undefined)[]; interrupted: boolean }> {
    const results: (R | undefined)[] = new Array<R | undefined>(tasks.length);
    const total = tasks.reduce((n, t) => n + weight(t), 0);
    let done = 0;
    let interrupted = opts.signal?.aborted ?? false;
    let failure: unknown;
    // every queued task listens to the signal: many tasks are expected, not a leak
    if (opts.signal) setMaxListeners(tasks.length + 10, opts.signal);
    if (!interrupted) {
      await Promise.all(
        tasks.map(async (task, i) => {
          try {
            results[i] = (await this.pool.run(task, { signal: opts.signal ?? null })) as R;
            done += weight(task);
            opts.onProgress?.(done, total);
          } catch (e) {
            if (opts.signal?.aborted && isAbort(e)) interrupted = true;
            else failure ??= e;
          }
        }),
      );
    }
    if (failure !== undefined) throw failure;
    return { results, interrupted: interrupted || results.includes(undefined) };
  }

  /** Draws 0..draws−1 in chunks; returns the chunks that finished (in draw order) and whether the run was cut short. */
  async draws(draws: number, opts: PoolRunOptions = {}): Promise<{ chunks: ChunkResult[]; interrupted: boolean; elapsedMs: number }> {
    const t0 = performance.now();
    const tasks: WorkerTask[] = chunkRanges(draws, this.threads).map(([from, to]) => ({ type: 'draws', from, to }));
    const { results, interrupted } = await this.runAll<ChunkResult>(tasks, (t) => (t.type === 'draws' ? t.to - t.from : 1), opts);
    return { chunks: results.filter((r): r is ChunkResult => r !== undefined), interrupted, elapsedMs: performance.now() - t0 };
  }

  /** One-at-a-time sweeps of inputs 0..inputs−1 (see core/uncertainty/sensitivity.ts). */
  async sweeps(inputs: number, points: number, opts: PoolRunOptions = {}): Promise<{ sweeps: (Float64Array | undefined)[]; interrupted: boolean }> {
    const tasks: WorkerTask[] = Array.from({ length: inputs }, (_, input) => ({ type: 'sweep', input, points }));
    const { results, interrupted } = await this.runAll<Float64Array>(tasks, () => 1, opts);
    return { sweeps: results, interrupted };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
