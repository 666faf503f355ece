/**
 * Long computations as jobs: started by one request, polled for progress by others, cancellable.
 *
 * Each job runs in its own worker thread (compiled `jobWorker.js` beside this module) so the server keeps
 * answering while a Monte Carlo run or an SMP tournament computes; at most `concurrency` run at once and the
 * rest wait in a queue. When the worker file is not there (running from TypeScript sources, as in the unit
 * tests) jobs run in-process on a later tick instead, with the same progress and cancel semantics as far as a
 * synchronous computation allows (cancel takes effect at the next progress report).
 *
 * Bounds. At most `maxQueued` jobs wait (default 50); one more is refused (QueueFullError, which the API answers
 * 429 with Retry-After) — a burst of jobs never pushes out anyone's results. Ended jobs are kept apart from the
 * queue: the newest `keep` of them (default 200), the oldest ended one forgotten first; queued and running jobs are
 * never forgotten. A job that runs longer than `timeLimitMs` (default 15 minutes) is stopped and fails with a
 * message saying so (a worker is terminated; an in-process job stops at its next progress report). Nothing is written
 * to disk.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError, type InputProblem } from '../core/errors.js';
import { problemCount, problemsJson } from './params.js';
import { Cancelled, runTask, type TaskInput } from './tasks.js';

/** `cancelling`: cancel was asked while the job ran, and its thread is being stopped; it ends as `cancelled`. */
export type JobStatus = 'queued' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: { done: number; total: number };
  created_at: string;
  finished_at: string | null;
  /** The scenario the job ran on, when it came from the library, and its version. */
  scenario_id: string | null;
  version: number | null;
  params: Record<string, unknown>;
  /** Said when the job was accepted: e.g. that a deal space this large may take very long. */
  warnings: string[];
  result?: unknown;
  error?: { code?: string; message: string; problems?: InputProblem[] };
}

/** Where a job comes from and what was said when it was accepted. */
export interface JobMeta {
  scenario_id?: string | null;
  version?: number | null;
  warnings?: string[];
}

/** The queue is full: the job is refused, nothing else is dropped. */
export class QueueFullError extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} jobs are waiting already, the most the server queues — wait until some have run, or cancel some (DELETE /api/jobs/{id})`);
    this.name = 'QueueFullError';
  }
}

/** Stopped at the time limit. */
class TimeLimit extends Error {
  constructor() {
    super('time limit');
  }
}

export interface JobManagerOptions {
  /** 'worker': threads (fails if the worker file is missing); 'inline': in-process; 'auto' (default): threads when possible. */
  mode?: 'worker' | 'inline' | 'auto';
  /** The compiled worker script; default: jobWorker.js beside this module. */
  workerUrl?: URL;
  concurrency?: number;
  /** Threads each Monte Carlo or sensitivity job spreads its draws over, in worker mode (default: the machine's cores). */
  threads?: number;
  /** Ended jobs kept for their results (default 200). */
  keep?: number;
  /** Jobs that may wait in the queue (default 50); one more is refused. */
  maxQueued?: number;
  /** Longest a job may run, in ms (default 15 minutes). */
  timeLimitMs?: number;
  /** The clock, in ms (for tests; default Date.now). */
  now?: () => number;
}

export const DEFAULT_JOB_LIMITS = { keep: 200, maxQueued: 50, timeLimitMs: 15 * 60_000 } as const;

interface Entry {
  job: Job;
  input: TaskInput;
  cancel?: () => void;
  cancelled: boolean;
  started?: number;
  waiters: (() => void)[];
}

export class JobManager {
  readonly mode: 'worker' | 'inline';
  private readonly workerUrl: URL;
  private readonly concurrency: number;
  private readonly threads: number | undefined;
  readonly keep: number;
  readonly maxQueued: number;
  readonly timeLimitMs: number;
  private readonly now: () => number;
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
    this.keep = options.keep ?? DEFAULT_JOB_LIMITS.keep;
    this.maxQueued = options.maxQueued ?? DEFAULT_JOB_LIMITS.maxQueued;
    this.timeLimitMs = options.timeLimitMs ?? DEFAULT_JOB_LIMITS.timeLimitMs;
    this.now = options.now ?? Date.now;
  }

  /** Queue a job (its parameters already checked by prepareTask). Throws QueueFullError when `maxQueued` jobs wait. */
  start(kind: string, input: TaskInput, meta: JobMeta = {}): Job {
    if (this.queue.length >= this.maxQueued && this.running >= this.concurrency) throw new QueueFullError(this.queue.length);
    const id = `job-${Date.now().toString(36)}-${(++this.counter).toString(36)}`;
    const job: Job = {
      id,
      kind,
      status: 'queued',
      progress: { done: 0, total: 1 },
      created_at: new Date().toISOString(),
      finished_at: null,
      scenario_id: meta.scenario_id ?? null,
      version: meta.version ?? null,
      params: input.params,
      warnings: meta.warnings ?? [],
    };
    const entry: Entry = { job, input, cancelled: false, waiters: [] };
    this.jobs.set(id, entry);
    this.queue.push(entry);
    this.pump();
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id)?.job;
  }

  list(): Job[] {
    return [...this.jobs.values()].map((e) => e.job).reverse();
  }

  /** Jobs waiting in the queue. */
  get waiting(): number {
    return this.queue.length;
  }

  /**
   * Cancel a queued or running job. False when there is no such job or it already ended (or is being cancelled). A
   * queued job ends at once (`cancelled`); a running one is `cancelling` until its thread has stopped.
   */
  cancel(id: string): boolean {
    const e = this.jobs.get(id);
    if (!e || (e.job.status !== 'queued' && e.job.status !== 'running')) return false;
    e.cancelled = true;
    if (e.job.status === 'queued') {
      this.queue.splice(this.queue.indexOf(e), 1);
      this.finish(e, 'cancelled');
    } else {
      e.job.status = 'cancelling';
      e.cancel?.();
    }
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
      e.started = this.now();
      if (this.mode === 'worker') this.runInWorker(e);
      else setImmediate(() => void this.runInline(e));
    }
  }

  private async runInline(e: Entry): Promise<void> {
    if (e.cancelled) return this.finish(e, 'cancelled');
    try {
      e.job.result = await runTask(e.job.kind, e.input, (done, total) => {
        if (e.cancelled) throw new Cancelled();
        if (this.now() - e.started! > this.timeLimitMs) throw new TimeLimit();
        e.job.progress = { done, total };
      });
      this.finish(e, e.cancelled ? 'cancelled' : 'done');
    } catch (err) {
      if (err instanceof Cancelled || e.cancelled) this.finish(e, 'cancelled');
      else if (err instanceof TimeLimit) this.timedOut(e);
      else this.fail(e, err);
    }
  }

  private timedOut(e: Entry): void {
    const minutes = this.timeLimitMs / 60_000;
    const limit = minutes >= 1 ? `${Number(minutes.toFixed(1))} minute${minutes === 1 ? '' : 's'}` : `${this.timeLimitMs} ms`;
    e.job.error = {
      code: 'time-limit',
      message: `stopped after ${limit}, the longest a job may run (at ${e.job.progress.done} of ${e.job.progress.total}) — ask for less: fewer parties, issues, points, draws or rounds`,
    };
    delete e.job.result;
    this.finish(e, 'failed');
  }

  private runInWorker(e: Entry): void {
    const worker = new Worker(this.workerUrl, { workerData: { kind: e.job.kind, input: e.input, threads: this.threads }, execArgv: workerExecArgv() });
    let ended = false;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void worker.terminate();
    }, this.timeLimitMs);
    timer.unref();
    const end = (status: JobStatus) => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      if (e.cancelled) this.finish(e, 'cancelled');
      else if (timedOut) this.timedOut(e);
      else this.finish(e, status);
    };
    e.cancel = () => {
      void worker.terminate().then(() => end('cancelled'));
    };
    worker.on('message', (m: { type: string; done?: number; total?: number; result?: unknown; message?: string; problems?: InputProblem[]; source?: string }) => {
      if (m.type === 'progress') e.job.progress = { done: m.done!, total: m.total! };
      else if (m.type === 'done') {
        e.job.result = m.result;
        end('done');
        void worker.terminate();
      } else if (m.type === 'error') {
        e.job.error = m.problems ? inputError(m.problems, m.source) : { code: 'failed', message: m.message ?? 'failed' };
        end('failed');
        void worker.terminate();
      }
    });
    worker.on('error', (err) => {
      e.job.error = { code: 'failed', message: err.message };
      end('failed');
    });
    worker.on('exit', () => end(e.cancelled ? 'cancelled' : 'failed'));
  }

  private fail(e: Entry, err: unknown): void {
    e.job.error = err instanceof InputError ? inputError(err.problems, err.source) : { code: 'failed', message: err instanceof Error ? err.message : String(err) };
    this.finish(e, 'failed');
  }

  private finish(e: Entry, status: JobStatus): void {
    const wasRunning = e.job.status === 'running' || e.job.status === 'cancelling';
    e.job.status = status;
    e.job.finished_at = new Date().toISOString();
    if (status === 'done') e.job.progress = { done: e.job.progress.total, total: e.job.progress.total };
    if (status !== 'done') delete e.job.result;
    this.evict();
    if (wasRunning) {
      this.running--;
      this.pump();
    }
    for (const w of e.waiters.splice(0)) w();
  }

  /** Forget the oldest ended jobs beyond `keep` (queued and running jobs do not count and are never forgotten). */
  private evict(): void {
    let ended = 0;
    for (const e of this.jobs.values()) if (isEnded(e.job.status)) ended++;
    for (const [id, e] of this.jobs) {
      if (ended <= this.keep) break;
      if (isEnded(e.job.status)) {
        this.jobs.delete(id);
        ended--;
      }
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

/** A failed job's error for problems with its input: as a 422 carries them, each with the CLI's text. */
function inputError(problems: InputProblem[], source?: string): NonNullable<Job['error']> {
  return { code: 'invalid-input', message: problemCount(problems.length), problems: problemsJson(problems, source) };
}

export function isEnded(s: JobStatus): boolean {
  return s === 'done' || s === 'failed' || s === 'cancelled';
}
