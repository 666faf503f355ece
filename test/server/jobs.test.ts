// Jobs: progress, results, failures with the input's problems, cancel (queued and running), and the worker
// thread round trip (against the built dist/, which `npm test` builds first; skipped without it).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DYNAMICS_MODELS } from '../../src/core/dynamics/registry.js';
import type { DynamicsModel } from '../../src/core/dynamics/types.js';
import { JobManager } from '../../src/server/jobs.js';
import { REPO } from '../shared.js';
import { smallScenario, testApp } from './helpers.js';

/** A dynamic model for tests: every actor moves halfway to the compromise each round. */
const halfway: DynamicsModel = {
  id: 'test-halfway',
  name: 'Test: halfway to the mean',
  source: 'test',
  run(scenario, options = {}) {
    const rounds = Number(options.rounds ?? 4);
    const pos = scenario.actors.map((a) => scenario.issues.map((i) => scenario.stances.find((s) => s.actor === a.id && s.issue === i.id)?.position ?? null));
    const out = [{ round: 0, positions: pos.map((r) => [...r]), outcomes: {}, moves: [] }];
    for (let t = 1; t <= rounds; t++) {
      for (const row of pos) for (let k = 0; k < row.length; k++) if (row[k] !== null) row[k] = (row[k]! + 50) / 2;
      out.push({ round: t, positions: pos.map((r) => [...r]), outcomes: {}, moves: [] });
      options.onProgress?.(t, rounds);
    }
    return { model: 'test-halfway', actors: scenario.actors.map((a) => a.id), issues: scenario.issues.map((i) => i.id), rounds: out, stop: { reason: 'rounds', detail: `${rounds} rounds` }, forecast: {}, headline: 'test', notes: [] };
  },
};

afterEach(() => {
  const k = DYNAMICS_MODELS.indexOf(halfway);
  if (k >= 0) DYNAMICS_MODELS.splice(k, 1);
});

describe('jobs in-process', () => {
  it('runs a registered dynamic model with progress and returns its result through the API', async () => {
    DYNAMICS_MODELS.push(halfway);
    const { call } = testApp();
    const cap = (await call('GET', '/api/capabilities')).json;
    expect(cap.dynamics.map((d: { id: string }) => d.id)).toContain('test-halfway');
    const start = await call('POST', '/api/jobs', { kind: 'dynamics', scenario: smallScenario(), params: { model: 'test-halfway', rounds: 3 } });
    expect(start.status).toBe(202);
    expect(['queued', 'running']).toContain(start.json.job.status);
    const done = (await call('GET', `/api/jobs/${start.json.job.id}?wait`)).json.job;
    expect(done.status).toBe('done');
    expect(done.progress).toEqual({ done: 3, total: 3 });
    expect(done.result.rounds).toHaveLength(4);
    expect(done.result.rounds[3].positions[0][0]).toBe(100 / 8 + 50 * (1 - 1 / 8)); // 100 halfway to 50, three times
  });

  it('rejects a bad rounds parameter as a located problem before it accepts the job', async () => {
    DYNAMICS_MODELS.push(halfway);
    const { call } = testApp();
    const start = await call('POST', '/api/jobs', { kind: 'dynamics', scenario: smallScenario(), params: { model: 'test-halfway', rounds: 0 } });
    expect(start.status).toBe(422);
    expect(start.json.error.problems[0]).toMatchObject({ code: 'bad-param', path: ['params', 'rounds'] });
    expect((await call('GET', '/api/jobs')).json.jobs).toEqual([]);
  });

  it('cancels a queued job, and runs at most `concurrency` at once', async () => {
    DYNAMICS_MODELS.push(halfway);
    const jobs = new JobManager({ mode: 'inline', concurrency: 1 });
    const input = { scenario: smallScenario(), params: { model: 'test-halfway' } };
    const a = jobs.start('dynamics', input);
    const b = jobs.start('dynamics', input);
    expect(a.status).toBe('running');
    expect(b.status).toBe('queued');
    expect(jobs.cancel(b.id)).toBe(true);
    expect(jobs.get(b.id)!.status).toBe('cancelled');
    expect((await jobs.wait(a.id))!.status).toBe('done');
    expect(jobs.cancel(a.id)).toBe(false);
  });

  it('forgets the oldest ended jobs beyond `keep`', async () => {
    DYNAMICS_MODELS.push(halfway);
    const jobs = new JobManager({ mode: 'inline', keep: 3 });
    const ids = [];
    for (let k = 0; k < 6; k++) {
      const j = jobs.start('dynamics', { scenario: smallScenario(), params: { model: 'test-halfway' } });
      await jobs.wait(j.id);
      ids.push(j.id);
    }
    expect(jobs.list().length).toBeLessThanOrEqual(4);
    expect(jobs.get(ids[5]!)).toBeDefined();
    expect(jobs.get(ids[0]!)).toBeUndefined();
  });
});

const worker = join(REPO, 'dist', 'server', 'jobWorker.js');
const describeWorker = existsSync(worker) ? describe : describe.skip;
describeWorker('jobs in worker threads (dist/ build)', () => {
  it('runs off the main thread and reports input problems back', async () => {
    const jobs = new JobManager({ mode: 'worker', workerUrl: pathToFileURL(worker) });
    expect(jobs.mode).toBe('worker');
    const j = jobs.start('dynamics', { scenario: smallScenario(), params: { model: 'no-such-model' } });
    const done = await jobs.wait(j.id);
    expect(done!.status).toBe('failed');
    expect(done!.error!.problems![0]!.code).toBe('unknown-model');
    // As a 422 carries them: each problem with the CLI's text, the message a count.
    expect(done!.error).toMatchObject({ code: 'invalid-input', message: '1 problem found' });
    expect((done!.error!.problems![0] as { text?: string }).text).toMatch(/^<input>: params\.model: unknown dynamic model "no-such-model"/);
  });

  it('runs every dynamic model the build registers, and cancels a running worker', async () => {
    const { DYNAMICS_MODELS: built } = (await import(pathToFileURL(join(REPO, 'dist', 'core', 'dynamics', 'registry.js')).href)) as { DYNAMICS_MODELS: DynamicsModel[] };
    const jobs = new JobManager({ mode: 'worker', workerUrl: pathToFileURL(worker) });
    for (const m of built) {
      const j = jobs.start('dynamics', { scenario: smallScenario(), params: { model: m.id } });
      const done = await jobs.wait(j.id);
      expect(done!.status, `${m.id}: ${done!.error?.message}`).toBe('done');
      expect((done!.result as { rounds: unknown[] }).rounds.length).toBeGreaterThan(1);
    }
    const running = jobs.start('dynamics', { scenario: smallScenario(), params: { model: built[0]?.id ?? 'x' } });
    expect(running.status).toBe('running');
    expect(jobs.cancel(running.id)).toBe(true);
    expect((await jobs.wait(running.id))!.status).toBe('cancelled');
  });

  it('spreads Monte Carlo and sensitivity over threads of their own, with the same numbers as one thread', async () => {
    const scenario = { ...smallScenario(), uncertainty: { salience: 10, position: '5%', capability: '10%' } };
    const inline = new JobManager({ mode: 'inline' });
    const pooled = new JobManager({ mode: 'worker', workerUrl: pathToFileURL(worker), threads: 2 });
    for (const [kind, params] of [
      ['montecarlo', { draws: 600, seed: 7, models: ['compromise', 'median', 'eum'] }],
      ['sensitivity', { draws: 300, points: 3, seed: 7, models: ['compromise', 'nash'] }],
    ] as const) {
      const one = await inline.wait(inline.start(kind, { scenario, params }).id);
      const two = await pooled.wait(pooled.start(kind, { scenario, params }).id);
      expect(two!.status, `${kind}: ${two!.error?.message}`).toBe('done');
      expect(two!.progress).toEqual(one!.progress);
      expect(JSON.stringify(two!.result)).toBe(JSON.stringify(one!.result));
    }
  });

  it('runs a forecast too large for a request as a job in a worker thread, with the report POST /api/forecast gives', async () => {
    const jobs = new JobManager({ mode: 'worker', workerUrl: pathToFileURL(worker) });
    const inline = new JobManager({ mode: 'inline' });
    const input = { scenario: smallScenario(), params: { models: ['compromise', 'exchange'], options: { exchange: { rounds: 3 } } } };
    const inWorker = await jobs.wait(jobs.start('forecast', input).id);
    const inProcess = await inline.wait(inline.start('forecast', input).id);
    expect(inWorker!.status, inWorker!.error?.message).toBe('done');
    expect(inWorker!.result).toEqual(inProcess!.result);
    expect((inWorker!.result as { models: { id: string }[] }).models.map((m) => m.id)).toEqual(['compromise', 'exchange']);
  });

  it('cancels a running Monte Carlo job that uses threads of its own', async () => {
    const jobs = new JobManager({ mode: 'worker', workerUrl: pathToFileURL(worker), threads: 2 });
    const j = jobs.start('montecarlo', { scenario: smallScenario(), params: { draws: 100_000 } });
    expect(j.status).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(jobs.cancel(j.id)).toBe(true);
    expect((await jobs.wait(j.id))!.status).toBe('cancelled');
  });
});
