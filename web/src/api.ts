// The only way the web app talks to Parley: the HTTP API (documented at /api/openapi.json).
import type { ForecastReport } from '../../src/core/forecast';
import type { DynamicsResult } from '../../src/core/dynamics/types';
import type { ScenarioSummary, VersionMeta } from '../../src/server/records';

export type { ForecastReport, DynamicsResult, ScenarioSummary, VersionMeta };

/** A scenario in file layout, as the API sends and takes it. */
export interface ScenarioFile {
  title: string;
  description?: string;
  date?: string;
  sources?: string[];
  capability_unit?: string;
  actors: ActorRow[];
  issues: IssueRow[];
  stances: StanceRow[];
  model_options?: Record<string, Record<string, unknown>>;
}
export type QuantityFile = number | [number, number] | { uniform: [number, number] } | { triangular: [number, number, number] } | { normal: { mean: number; sd: number } };
export interface ActorRow {
  id: string;
  name: string;
  capability: QuantityFile;
  group?: string;
  description?: string;
}
export interface IssueRow {
  id: string;
  name: string;
  description?: string;
  scale?: { min: number; max: number; unit?: string };
  anchors?: Record<string, string>;
  status_quo?: number;
  no_deal?: number;
  options?: { value: number; label: string }[];
  outcome?: number;
}
export interface StanceRow {
  actor: string;
  issue: string;
  position: QuantityFile;
  salience: QuantityFile;
  note?: string;
}

export interface Problem {
  code: string;
  path: (string | number)[];
  message: string;
  fix: string;
  line?: number;
  column?: number;
  /** The API's formatted line (`file:line:column: message — fix`); absent on problems of a failed job. */
  text?: string;
}

export interface Capabilities {
  models: { id: string; name: string; source: string }[];
  default_models: string[];
  dynamics: { id: string; name: string; source: string }[];
  jobs: { id: string; name: string; params: Record<string, string>; variants: { id: string; name: string; source: string }[] }[];
  import_formats: { id: string; name: string }[];
  export_formats: string[];
  limits: { max_body_bytes: number };
}

export interface Job {
  id: string;
  kind: string;
  status: 'queued' | 'running' | 'cancelling' | 'done' | 'failed' | 'cancelled';
  progress: { done: number; total: number };
  result?: unknown;
  error?: { message: string; problems?: Problem[] };
}

export interface Change {
  kind: 'added' | 'removed' | 'changed';
  entity: string;
  id: string;
  field?: string;
  text: string;
}

export interface Comparison {
  from: VersionMeta;
  to: VersionMeta;
  changes: Change[];
  forecast: { id: string; name: string; scale: { min: number; max: number }; models: Record<string, { from: number | null; to: number; change: number | null }> }[];
}

export interface Combination {
  analysts: { author: string; version: number }[];
  scenario: ScenarioFile;
  uncertain: ScenarioFile;
  disagreements: { what: string; values: Record<string, number>; median: number }[];
  issues: { id: string; name: string; models: Record<string, { by_analyst: Record<string, number>; median: number; low: number; high: number }> }[];
  forecast: ForecastReport;
  saved: VersionMeta | null;
}

/** An API error: status, code, message, and the problems of a 422. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: Problem[] = [],
  ) {
    super(message);
  }
}

let analyst = localStorage.getItem('parley.analyst') ?? 'analyst';
export const getAnalyst = () => analyst;
export function setAnalyst(name: string) {
  analyst = name.trim() || 'analyst';
  localStorage.setItem('parley.analyst', analyst);
}

async function call<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  // Header values are bytes: the name travels percent-encoded, which the server decodes (names like Zoë or Łukasz).
  const init: RequestInit = { method, signal, headers: { 'x-parley-analyst': encodeURIComponent(analyst) } };
  if (body instanceof FormData) init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['content-type'] = 'application/json';
  }
  const res = await fetch(path, init);
  if (res.status === 204) return undefined as T;
  // A body that fails to arrive (the request aborted while it was read) must not pass for an empty answer.
  const json = res.ok ? await res.json() : await res.json().catch(() => ({}));
  if (!res.ok) {
    const e = json.error ?? {};
    const problems: Problem[] = e.problems ?? json.problems ?? [];
    throw new ApiError(res.status, e.code ?? 'error', e.message ?? (problems.length ? `${problems.length} problems` : res.statusText), problems);
  }
  return json as T;
}

export const api = {
  capabilities: () => call<Capabilities>('GET', '/api/capabilities'),
  list: () => call<{ scenarios: ScenarioSummary[] }>('GET', '/api/scenarios').then((r) => r.scenarios),
  get: (id: string) => call<{ scenario: ScenarioSummary; version: VersionMeta; content: ScenarioFile }>('GET', `/api/scenarios/${encodeURIComponent(id)}`),
  create: (scenario: ScenarioFile, message?: string) => call<{ scenario: ScenarioSummary; version: VersionMeta }>('POST', '/api/scenarios', { scenario, message }),
  save: (id: string, scenario: ScenarioFile, baseVersion: number | undefined, message: string) =>
    call<{ scenario: ScenarioSummary; version: VersionMeta }>('PUT', `/api/scenarios/${encodeURIComponent(id)}`, { scenario, base_version: baseVersion, message }),
  rename: (id: string, title: string) => call<{ scenario: ScenarioSummary }>('PATCH', `/api/scenarios/${encodeURIComponent(id)}`, { title }),
  remove: (id: string) => call<void>('DELETE', `/api/scenarios/${encodeURIComponent(id)}`),
  duplicate: (id: string) => call<{ scenario: ScenarioSummary }>('POST', `/api/scenarios/${encodeURIComponent(id)}/duplicate`, {}),
  importFile: (file: File) => {
    const form = new FormData();
    form.append('file', file);
    form.append('author', analyst);
    return call<{ scenario: ScenarioSummary; format: string }>('POST', '/api/import', form);
  },
  versions: (id: string) => call<{ versions: VersionMeta[] }>('GET', `/api/scenarios/${encodeURIComponent(id)}/versions`).then((r) => r.versions),
  version: (id: string, v: number) => call<{ version: VersionMeta; content: ScenarioFile }>('GET', `/api/scenarios/${encodeURIComponent(id)}/versions/${v}`),
  restore: (id: string, v: number) => call<{ version: VersionMeta }>('POST', `/api/scenarios/${encodeURIComponent(id)}/versions/${v}/restore`, {}),
  compare: (id: string, from: number, to: number) => call<Comparison>('GET', `/api/scenarios/${encodeURIComponent(id)}/compare?from=${from}&to=${to}`),
  analysts: (id: string) => call<{ analysts: VersionMeta[] }>('GET', `/api/scenarios/${encodeURIComponent(id)}/analysts`).then((r) => r.analysts),
  combine: (id: string, save?: boolean | 'uncertain') => call<Combination>('POST', `/api/scenarios/${encodeURIComponent(id)}/combine`, { save }),
  validate: (scenario: ScenarioFile, signal?: AbortSignal) => call<{ valid: true }>('POST', '/api/validate', { scenario }, signal),
  forecast: (scenario: ScenarioFile, signal?: AbortSignal) => call<ForecastReport>('POST', '/api/forecast', { scenario }, signal),
  startJob: (kind: string, scenario: ScenarioFile, params: Record<string, unknown>) => call<{ job: Job }>('POST', '/api/jobs', { kind, scenario, params }).then((r) => r.job),
  job: (id: string) => call<{ job: Job }>('GET', `/api/jobs/${encodeURIComponent(id)}`).then((r) => r.job),
  jobs: () => call<{ jobs: Job[] }>('GET', '/api/jobs').then((r) => r.jobs),
  cancelJob: (id: string) => call<{ cancelled: boolean }>('DELETE', `/api/jobs/${encodeURIComponent(id)}`).catch(() => ({ cancelled: false })),
  exportUrl: (id: string, format: string, version?: number) => `/api/scenarios/${encodeURIComponent(id)}/export?format=${format}${version ? `&version=${version}` : ''}`,
};
