/**
 * A worker thread that runs one job (see jobs.ts): it receives { kind, input, threads } as workerData, posts
 * { type: 'progress', done, total } at most every 50 ms, then { type: 'done', result } or { type: 'error', … }.
 * Monte Carlo and sensitivity jobs spread their draws over `threads` threads of their own (src/workers), which end
 * with this one. The parent cancels by terminating the thread.
 */
import { availableParallelism } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import { runTask, type TaskInput } from './tasks.js';

const { kind, input, threads } = workerData as { kind: string; input: TaskInput; threads?: number };
let last = 0;
try {
  const result = await runTask(
    kind,
    input,
    (done, total) => {
      const t = performance.now();
      if (t - last >= 50 || done >= total) {
        last = t;
        parentPort!.postMessage({ type: 'progress', done, total });
      }
    },
    { threads: threads ?? availableParallelism() },
  );
  parentPort!.postMessage({ type: 'done', result });
} catch (e) {
  if (e instanceof InputError) parentPort!.postMessage({ type: 'error', message: e.message, problems: e.problems, source: e.source });
  else parentPort!.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
}
