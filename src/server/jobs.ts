/**
 * Long computations as jobs: started by one request, polled for progress by others, cancellable.
 *
 * Each job runs in its own worker thread (compiled `jobWorker.js` beside this module) so the server keeps
 * answering while a Monte Carlo run or an SMP tournament computes; at most `concurrency` run at once and the
 * rest wait in a queue. When the worker file is not there (running from TypeScript sources, as in the unit
 * tests) jobs run in-process on a later tick instead, with the same progress and cancel semantics as far as a
 * synchronous computation allows (cancel takes effect at the next progress report).
 * Finished jobs are kept (the newest `keep`) so their results can be fetched; nothing is written to disk.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, type InputProblem } from '../core/errors.js';
import { Cancelled, runTask, type TaskInput } from './tasks.js';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number };
  created_at: string;
  finished_at: string | null;
  /** The scenario the job ran on, when it came from the library. */
  scenario_id: string | null;
  params: Record<string, unknown>;
  result?: unknown;
  error?: { message: string; problems?: InputProblem[] };
}

export interface JobManagerOptions {
  /** 'worker': threads (fails if the worker file is missing); 'inline': in-process; 'auto' (default): threads when possible. */
  mode?: 'worker' | 'inline' | 'auto';
  /** The compiled worker script; default: jobWorker.js beside this module. */
  workerUrl?: URL;
  concurrency?: number;
  /** Threads each Monte Carlo or sensitivity job spreads its draws over, in worker mode (default: the machine's cores). */
  threads?: number;
  keep?: number;
}

interface Entry {
  job: Job;
  input: TaskInput;
  cancel?: () => void;
  cancelled: boolean;
  waiters: (() => void)[];
}

export class JobManager {
  readonly mode: 'worker' | 'inline';
  private readonly workerUrl: URL;
  private readonly concurrency: number;
  private readonly threads: number | undefined;
  private readonly keep: number;
  private readonly jobs = new Map<string, Entry>();
  private readonly queue: Entry[] = [];
  private running = 0;
  private counter = 0;

  constructor(options: JobManagerOptions = {}) {
    this.workerUrl = options.workerUrl ?? new URL('./jobWorker.js', import.meta.url);
    const hasWorker = existsSync(fileURLToPath(this.workerUrl));
    const mode = options.mode ?? 'auto';
    if (mode === 'worker' && !hasWorker) throw new Error(`job worker not found at ${fileURLToPath(this.workerUrl)}: build first (npm run build)`);
    this.mode = mode === 'inline' || !hasWorker ? 'inline' : 'worker';
    this.concurrency = Math.max(1, options.concurrency ?? 2);
    this.threads = options.threads === undefined ? undefined : Math.max(1, Math.floor(options.threads));
    this.keep = options.keep ?? 200;
  }

  start(kind: string, input: TaskInput, scenarioId: string | null = null): Job {
    const id = `job-${Date.now().toString(36)}-${(++this.counter).toString(36)}`;
    const job: Job = {
      id,
      kind,
      status: 'queued',
      progress: { done: 0, total: 1 },
      created_at: new Date().toISOString(),
      finished_at: null,
      scenario_id: scenarioId,
      params: input.params,
    };
    const entry: Entry = { job, input, cancelled: false, waiters: [] };
    this.jobs.set(id, entry);
    this.queue.push(entry);
    this.evict();
    this.pump();
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id)?.job;
  }

  list(): Job[] {
    return [...this.jobs.values()].map((e) => e.job).reverse();
  }

  /** Cancel a queued or running job. False when there is no such job or it already ended. */
  cancel(id: string): boolean {
    const e = this.jobs.get(id);
    if (!e || (e.job.status !== 'queued' && e.job.status !== 'running')) return false;
    e.cancelled = true;
    if (e.job.status === 'queued') {
      this.queue.splice(this.queue.indexOf(e), 1);
      this.finish(e, 'cancelled');
    } else e.cancel?.();
    return true;
  }

  /** Resolves when the job has ended (for tests and for clients that want to block). */
  wait(id: string): Promise<Job | undefined> {
    const e = this.jobs.get(id);
    if (!e) return Promise.resolve(undefined);
    if (isEnded(e.job.status)) return Promise.resolve(e.job);
    return new Promise((resolve) => e.waiters.push(() => resolve(e.job)));
  }

  /** Cancel everything (server shutdown). */
  close(): void {
    for (const e of this.jobs.values()) this.cancel(e.job.id);
  }

  private pump(): void {
    while (this.running < this.concurrency && this.queue.length > 0) {
      const e = this.queue.shift()!;
      this.running++;
      e.job.status = 'running';
      if (this.mode === 'worker') this.runInWorker(e);
      else setImmediate(() => void this.runInline(e));
    }
  }

  private async runInline(e: Entry): Promise<void> {
    if (e.cancelled) return this.finish(e, 'cancelled');
    try {
      e.job.result = await runTask(e.job.kind, e.input, (done, total) => {
        if (e.cancelled) throw new Cancelled();
        e.job.progress = { done, total };
      });
      this.finish(e, 'done');
    } catch (err) {
      if (err instanceof Cancelled || e.cancelled) this.finish(e, 'cancelled');
      else this.fail(e, err);
    }
  }

  private runInWorker(e: Entry): void {
    const worker = new Worker(this.workerUrl, { workerData: { kind: e.job.kind, input: e.input, threads: this.threads }, execArgv: workerExecArgv() });
    let ended = false;
    const end = (status: JobStatus) => {
      if (ended) return;
      ended = true;
      this.finish(e, status);
    };
    e.cancel = () => {
      void worker.terminate().then(() => end('cancelled'));
    };
    worker.on('message', (m: { type: string; done?: number; total?: number; result?: unknown; message?: string; problems?: InputProblem[] }) => {
      if (m.type === 'progress') e.job.progress = { done: m.done!, total: m.total! };
      else if (m.type === 'done') {
        e.job.result = m.result;
        end('done');
        void worker.terminate();
      } else if (m.type === 'error') {
        e.job.error = { message: m.message ?? 'failed', problems: m.problems };
        end('failed');
        void worker.terminate();
      }
    });
    worker.on('error', (err) => {
      e.job.error = { message: err.message };
      end('failed');
    });
    worker.on('exit', () => end(e.cancelled ? 'cancelled' : 'failed'));
  }

  private fail(e: Entry, err: unknown): void {
    e.job.error = err instanceof InputError ? { message: err.message, problems: err.problems } : { message: err instanceof Error ? err.message : String(err) };
    this.finish(e, 'failed');
  }

  private finish(e: Entry, status: JobStatus): void {
    const wasRunning = e.job.status === 'running';
    e.job.status = status;
    e.job.finished_at = new Date().toISOString();
    if (status === 'done') e.job.progress = { done: e.job.progress.total, total: e.job.progress.total };
    if (wasRunning) {
      this.running--;
      this.pump();
    }
    for (const w of e.waiters.splice(0)) w();
  }

  /** Forget the oldest ended jobs beyond `keep`. */
  private evict(): void {
    if (this.jobs.size <= this.keep) return;
    for (const [id, e] of this.jobs) {
      if (this.jobs.size <= this.keep) break;
      if (isEnded(e.job.status)) this.jobs.delete(id);
    }
  }
}

/** The parent's Node options without those that only make sense for a script given on the command line (-e, --input-type). */
function workerExecArgv(): string[] {
  const out: string[] = [];
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-e' || a === '--eval' || a === '-p' || a === '--print') i++;
    else if (!a.startsWith('--input-type') && !a.startsWith('--eval=') && !a.startsWith('--print=')) out.push(a);
  }
  return out;
}

function isEnded(s: JobStatus): boolean {
  return s === 'done' || s === 'failed' || s === 'cancelled';
}
