// Helpers for the API tests: an app over an in-memory library, JSON requests, and a small scenario.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../src/server/app.js';
import { JobManager } from '../../src/server/jobs.js';
import { SqliteStore } from '../../src/server/store.js';
import { REPO } from '../shared.js';

export const BUSAN = join(REPO, 'scenarios', 'us-china-busan-2025.yaml');
export const busanText = () => readFileSync(BUSAN, 'utf8');

/** Three actors, two issues: small enough to check forecasts by hand. */
export function smallScenario(): Record<string, unknown> {
  return {
    title: 'Small test scenario',
    actors: [
      { id: 'a', name: 'Actor A', capability: 60, group: 'West' },
      { id: 'b', name: 'Actor B', capability: 30, group: 'East' },
      { id: 'c', name: 'Actor C', capability: 10, group: 'East' },
    ],
    issues: [
      { id: 'tariff', name: 'Tariff', anchors: { 0: 'removed', 100: 'kept' }, status_quo: 100, no_deal: 100 },
      { id: 'quota', name: 'Quota', scale: { min: 0, max: 10 }, status_quo: 2 },
    ],
    stances: [
      { actor: 'a', issue: 'tariff', position: 100, salience: 50 },
      { actor: 'b', issue: 'tariff', position: 0, salience: 100 },
      { actor: 'c', issue: 'tariff', position: 20, salience: 50 },
      { actor: 'a', issue: 'quota', position: 8, salience: 20 },
      { actor: 'b', issue: 'quota', position: 2, salience: 80 },
    ],
  };
}

export function testApp(options: { jobs?: JobManager; webRoot?: string; maxBodyBytes?: number; file?: string; syncForecastBudgetMs?: number } = {}) {
  const store = new SqliteStore(options.file ?? ':memory:');
  const app = createApp({
    store,
    jobs: options.jobs ?? new JobManager({ mode: 'inline' }),
    webRoot: options.webRoot,
    maxBodyBytes: options.maxBodyBytes,
    syncForecastBudgetMs: options.syncForecastBudgetMs,
  });
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...headers } };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['content-type'] ??= 'application/json';
    }
    const res = await app.request(path, init);
    const text = await res.text();
    let json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  };
  return { app, store, call };
}

/** A synthetic scenario of n actors × m issues (every actor with a stance on every issue), deterministic. */
export function gridScenario(n: number, m: number, title = 'Grid'): Record<string, unknown> {
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const actors = Array.from({ length: n }, (_, i) => ({ id: `a${i}`, name: `Actor ${i}`, capability: 1 + Math.floor(next() * 100) }));
  const issues = Array.from({ length: m }, (_, j) => ({ id: `i${j}`, name: `Issue ${j}`, status_quo: 50, no_deal: 50 }));
  const stances = actors.flatMap((a) => issues.map((i) => ({ actor: a.id, issue: i.id, position: Math.floor(next() * 101), salience: 1 + Math.floor(next() * 100) })));
  return { title, actors, issues, stances };
}
