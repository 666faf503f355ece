// The analyses run as jobs, per scenario, outside any one view: which job runs in each slot (deals, Monte Carlo, …)
// with its progress, and the results, each with the draft it was computed from. Switching tabs or sub-tabs, or going
// to the library and back, keeps them; a reload finds the scenario's running jobs again (their ids are kept in
// localStorage) and follows them to the end. One job per slot at a time: a second start waits for the first to end.
import { useSyncExternalStore } from 'react';
import { api, ApiError, type Job, type ScenarioFile } from './api';
import { toast } from './components/Toast';
import { jobErrorLines, problemLine } from './problems';

const KIND_NAMES: Record<string, string> = {
  dynamics: 'Positions by round',
  deals: 'Deals',
  simulate: 'Simulated negotiation',
  montecarlo: 'Monte Carlo',
  sensitivity: 'Sensitivity',
  backtest: 'Backtest',
};

function tell(kind: string, how: string, lines: string[]) {
  const more = lines.length > 3 ? `\n… and ${lines.length - 3} more (see the panel)` : '';
  toast(`${KIND_NAMES[kind] ?? kind} ${how}:\n${lines.slice(0, 3).join('\n')}${more}`, 'error');
}

export type Phase = 'starting' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';

export interface JobSlot {
  kind: string;
  phase: Phase;
  job: Job | null;
  /** What went wrong (refused or failed), in the app's words. */
  problems: string[];
  /** Key of the scenario the job runs on (null: it does not depend on the draft). */
  key: string | null;
}

export interface Analysis {
  result: unknown;
  /** Key of the draft it was computed from; null when it does not depend on the draft (backtests, GENIUS files). */
  key: string | null;
  at: number;
}

export interface ScenarioJobs {
  slots: Record<string, JobSlot>;
  results: Record<string, Analysis>;
}

const EMPTY: ScenarioJobs = { slots: {}, results: {} };
const state = new Map<string, ScenarioJobs>();
const listeners = new Set<() => void>();
const followed = new Set<string>();
const STORE_KEY = 'parley.jobs';

function emit() {
  for (const l of listeners) l();
}

function update(scenario: string, fn: (s: ScenarioJobs) => ScenarioJobs) {
  state.set(scenario, fn(state.get(scenario) ?? EMPTY));
  emit();
}

function setSlot(scenario: string, slot: string, patch: Partial<JobSlot>) {
  update(scenario, (s) => ({ ...s, slots: { ...s.slots, [slot]: { ...(s.slots[slot] ?? { kind: slot, phase: 'starting', job: null, problems: [], key: null }), ...patch } } }));
}

export function running(slot: JobSlot | undefined): boolean {
  return !!slot && (slot.phase === 'starting' || slot.phase === 'running' || slot.phase === 'cancelling');
}

/** JSON with the keys of every object sorted: the same content gives the same text whatever order fields were set in. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** A key per scenario content: equal contents, equal keys (a result compares its key with the current draft's). */
export function scenarioKey(s: ScenarioFile): string {
  const text = canonical(s);
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(h2 >>> 0).toString(36)}${(h1 >>> 0).toString(36)}-${text.length}`;
}

// ---------------------------------------------------------------- running jobs kept across reloads

interface Kept {
  slot: string;
  id: string;
  kind: string;
  key: string | null;
}

function readKept(): Record<string, Kept[]> {
  try {
    return JSON.parse(localStorage.getItem(STORE_KEY) ?? '{}') as Record<string, Kept[]>;
  } catch {
    return {};
  }
}

function keep(scenario: string, k: Kept | null, dropId?: string) {
  const all = readKept();
  const list = (all[scenario] ?? []).filter((x) => x.id !== dropId && x.id !== k?.id && (!k || x.slot !== k.slot));
  if (k) list.push(k);
  if (list.length) all[scenario] = list;
  else delete all[scenario];
  try {
    localStorage.setItem(STORE_KEY, JSON.stringify(all));
  } catch {
    /* storage full or disabled: reattaching after a reload is a convenience */
  }
}

// ---------------------------------------------------------------- the React side

export function useScenarioJobs(scenario: string): ScenarioJobs {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state.get(scenario) ?? EMPTY,
  );
}

export function setResult(scenario: string, kind: string, result: unknown, key: string | null) {
  update(scenario, (s) => ({ ...s, results: { ...s.results, [kind]: { result, key, at: Date.now() } } }));
}

// ---------------------------------------------------------------- start, follow, cancel

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Start a job in a slot unless one runs there already. The result goes to `results[slot]` with `key`; a refusal or a
 * failure goes to the slot's `problems` (and the previous result of the slot stays, marked by the view).
 */
export async function startJob(scenario: string, slot: string, kind: string, content: ScenarioFile, params: Record<string, unknown>, key: string | null): Promise<void> {
  if (running(state.get(scenario)?.slots[slot])) return;
  setSlot(scenario, slot, { kind, phase: 'starting', job: null, problems: [], key });
  let job: Job;
  try {
    job = await api.startJob(kind, content, params);
  } catch (e) {
    const lines = e instanceof ApiError && e.problems.length ? e.problems.map((p) => problemLine(p)) : [(e as Error).message];
    setSlot(scenario, slot, { phase: 'failed', problems: lines });
    tell(kind, 'was refused', lines);
    return;
  }
  setSlot(scenario, slot, { phase: 'running', job });
  keep(scenario, { slot, id: job.id, kind, key });
  await follow(scenario, slot, job.id, key);
}

async function follow(scenario: string, slot: string, id: string, key: string | null): Promise<void> {
  if (followed.has(id)) return;
  followed.add(id);
  try {
    for (;;) {
      await sleep(200);
      let job: Job;
      try {
        job = await api.job(id);
      } catch (e) {
        setSlot(scenario, slot, { phase: 'failed', problems: [`lost track of the job: ${(e as Error).message}`] });
        keep(scenario, null, id);
        return;
      }
      const cur = state.get(scenario)?.slots[slot];
      if (job.status === 'queued' || job.status === 'running' || job.status === 'cancelling') {
        setSlot(scenario, slot, { job, phase: cur?.phase === 'cancelling' || job.status === 'cancelling' ? 'cancelling' : 'running' });
        continue;
      }
      keep(scenario, null, id);
      if (job.status === 'done') {
        setResult(scenario, slot, job.result, key);
        setSlot(scenario, slot, { job, phase: 'done', problems: [] });
      } else if (job.status === 'failed') {
        const lines = jobErrorLines(job.error);
        setSlot(scenario, slot, { job, phase: 'failed', problems: lines });
        tell(job.kind, 'failed', lines);
      } else setSlot(scenario, slot, { job, phase: 'cancelled', problems: [] });
      return;
    }
  } finally {
    followed.delete(id);
  }
}

/** Ask the server once to cancel; the job is followed until it reports it ended (no repeated DELETE). */
export async function cancelJob(scenario: string, slot: string): Promise<void> {
  const s = state.get(scenario)?.slots[slot];
  if (!s || s.phase !== 'running' || !s.job) return;
  setSlot(scenario, slot, { phase: 'cancelling' });
  await api.cancelJob(s.job.id);
}

/**
 * After a reload: the jobs this browser started on the scenario and kept in localStorage, looked up in the server's
 * list (GET /api/jobs); running ones are followed again, finished ones fetched once.
 */
export async function reattach(scenario: string): Promise<void> {
  const kept = readKept()[scenario] ?? [];
  if (kept.length === 0) return;
  let list: Job[];
  try {
    list = await api.jobs();
  } catch {
    return;
  }
  for (const k of kept) {
    const job = list.find((j) => j.id === k.id);
    if (!job) {
      keep(scenario, null, k.id);
      continue;
    }
    if (running(state.get(scenario)?.slots[k.slot])) continue;
    setSlot(scenario, k.slot, { kind: k.kind, phase: job.status === 'queued' || job.status === 'running' || job.status === 'cancelling' ? 'running' : 'starting', job, problems: [], key: k.key });
    void follow(scenario, k.slot, k.id, k.key);
  }
}
