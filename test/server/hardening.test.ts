// The API as a demanding client drives it: requests from other sites, forecasts too large for a request, unknown and
// mistyped fields, bad job parameters refused before a job is accepted, bounded queues and time limits, uploads,
// analysts' names and versions, HTTP details. Each block answers one finding of a review of the server.
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { DYNAMICS_MODELS } from '../../src/core/dynamics/registry.js';
import type { DynamicsModel } from '../../src/core/dynamics/types.js';
import { analystHeader } from '../../src/server/app.js';
import { DEFAULT_SYNC_FORECAST_BUDGET_MS, modelCostMs } from '../../src/server/forecast.js';
import { JobManager, QueueFullError } from '../../src/server/jobs.js';
import { checkDatabasePath, startServer } from '../../src/server/node.js';
import { prepareTask } from '../../src/server/tasks.js';
import { parleyInProcess } from '../inProcess.js';
import { busanText, gridScenario, smallScenario, testApp } from './helpers.js';

type Call = ReturnType<typeof testApp>['call'];
const tmp = () => mkdtempSync(join(tmpdir(), 'parley-hardening-'));

/** A dynamic model for tests: `rounds` rounds, each reported; nothing else. */
const counter: DynamicsModel = {
  id: 'test-counter',
  name: 'Test: counts rounds',
  source: 'test',
  run(scenario, options = {}) {
    const rounds = Number(options.rounds ?? 3);
    for (let t = 1; t <= rounds; t++) options.onProgress?.(t, rounds);
    return { model: 'test-counter', actors: scenario.actors.map((a) => a.id), issues: scenario.issues.map((i) => i.id), rounds: [], stop: { reason: 'rounds', detail: '' }, forecast: {}, headline: '', notes: [] };
  },
};
afterEach(() => {
  const k = DYNAMICS_MODELS.indexOf(counter);
  if (k >= 0) DYNAMICS_MODELS.splice(k, 1);
});

async function stored(call: Call, scenario: Record<string, unknown> = smallScenario(), author = 'alice'): Promise<string> {
  const r = await call('POST', '/api/scenarios', { scenario, author });
  expect(r.status).toBe(201);
  return r.json.scenario.id as string;
}

describe('changes only from this server’s own pages (review #1)', () => {
  it('refuses Origin: null and Sec-Fetch-Site: cross-site on every change, as a foreign origin', async () => {
    const { call } = testApp();
    const id = await stored(call);
    const asNull = { origin: 'null' };
    for (const [method, path, body] of [
      ['POST', '/api/scenarios', { scenario: smallScenario() }],
      ['POST', '/api/jobs', { kind: 'montecarlo', scenario_id: id, params: { draws: 10 } }],
      ['POST', `/api/scenarios/${id}/versions/1/restore`, {}],
      ['POST', `/api/scenarios/${id}/combine`, { save: true }],
      ['PUT', `/api/scenarios/${id}`, { scenario: smallScenario() }],
      ['DELETE', `/api/scenarios/${id}`, undefined],
    ] as const) {
      const r = await call(method, path, body, asNull);
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.json.error.code).toBe('cross-origin');
      expect((await call(method, path, body, { 'sec-fetch-site': 'cross-site' })).status, `${method} ${path}`).toBe(403);
    }
    expect((await call('GET', '/api/scenarios')).json.scenarios).toHaveLength(1);
    expect((await call('GET', `/api/scenarios/${id}`)).json.version.version).toBe(1);
    expect((await call('GET', '/api/jobs')).json.jobs).toEqual([]);
    // The app's own pages (same host) and reading from anywhere still work.
    expect((await call('POST', '/api/scenarios', { scenario: smallScenario() }, { origin: 'http://localhost', host: 'localhost', 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    expect((await call('GET', '/api/scenarios', undefined, asNull)).status).toBe(200);
  });

  it('refuses a change without Content-Type: application/json (415), so no page can send one without asking first', async () => {
    const { call, app } = testApp();
    const id = await stored(call);
    const noType = (method: string, path: string, body?: string) => app.request(path, { method, body, headers: {} });
    for (const [method, path, body] of [
      ['POST', '/api/scenarios', JSON.stringify({ scenario: smallScenario() })],
      ['POST', '/api/jobs', JSON.stringify({ kind: 'montecarlo', scenario_id: id, params: { draws: 10 } })],
      ['POST', `/api/scenarios/${id}/versions/1/restore`, undefined],
      ['POST', `/api/scenarios/${id}/combine`, undefined],
      ['POST', '/api/import', JSON.stringify({ file_name: 'x.yaml', text: busanText() })],
    ] as const) {
      const res = await noType(method, path, body);
      expect(res.status, `${method} ${path}`).toBe(415);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad-content-type');
    }
    // multipart is for uploads only; a form elsewhere is refused too.
    const form = new FormData();
    form.append('scenario', JSON.stringify(smallScenario()));
    expect((await app.request('/api/scenarios', { method: 'POST', body: form })).status).toBe(415);
    expect((await call('GET', '/api/scenarios')).json.scenarios).toHaveLength(1);
    expect((await call('GET', `/api/scenarios/${id}/versions`)).json.versions).toHaveLength(1);
    // DELETE carries no body and needs no type (a page elsewhere cannot send DELETE without asking first).
    expect((await app.request(`/api/scenarios/${id}`, { method: 'DELETE' })).status).toBe(204);
  });
});

describe('forecasts too large for a request (review #2)', () => {
  it('estimates the cost of each model from the scenario’s size', () => {
    const busan = (id: string) => modelCostMs(id, 16, 14);
    expect(['compromise', 'median', 'nash', 'eum', 'smp', 'exchange', 'ensemble'].reduce((s, id) => s + busan(id), 0)).toBeLessThan(DEFAULT_SYNC_FORECAST_BUDGET_MS);
    // 40 actors × 20 issues: exchange alone is over the budget (C = 190 · 400 candidate exchanges), the rest is not.
    expect(modelCostMs('exchange', 40, 20)).toBe(0.03 * 190 * 400);
    expect(modelCostMs('exchange', 40, 20)).toBeGreaterThan(DEFAULT_SYNC_FORECAST_BUDGET_MS);
    expect(modelCostMs('smp', 40, 20) + modelCostMs('eum', 40, 20)).toBeLessThan(DEFAULT_SYNC_FORECAST_BUDGET_MS);
  });

  it('refuses a forecast above the budget with 422 too-costly, naming the costliest models and the forecast job', async () => {
    const { call } = testApp();
    const big = gridScenario(150, 30, 'Big');
    const r = await call('POST', '/api/forecast', { scenario: big });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('too-costly');
    const p = r.json.error.problems[0];
    expect(p).toMatchObject({ code: 'too-costly', path: ['models'] });
    expect(p.message).toMatch(/^forecasting 150 actors × 30 issues with .* would take about \d+ s \(exchange \d+ s/);
    expect(p.fix).toContain('"kind": "forecast"');
    expect(p.fix).toContain('compromise, median, nash, ensemble');
    // The quick models alone are answered.
    const quick = await call('POST', '/api/forecast', { scenario: gridScenario(150, 5), models: ['compromise', 'median'] });
    expect(quick.status).toBe(200);
  });

  it('guards the stored forecast, compare and combine too, and runs the same forecast as a job', async () => {
    const { call } = testApp({ syncForecastBudgetMs: 0.01 });
    const id = await stored(call);
    await call('PUT', `/api/scenarios/${id}`, { scenario: smallScenario(), author: 'bob' });
    for (const [method, path, body] of [
      ['POST', '/api/forecast', { scenario: smallScenario() }],
      ['GET', `/api/scenarios/${id}/forecast`, undefined],
      ['GET', `/api/scenarios/${id}/compare?from=1&to=2`, undefined],
      ['POST', `/api/scenarios/${id}/combine`, {}],
    ] as const) {
      const r = await call(method, path, body);
      expect(r.status, path).toBe(422);
      expect(r.json.error.code, path).toBe('too-costly');
    }
    const generous = testApp();
    const direct = (await generous.call('POST', '/api/forecast', { scenario: smallScenario(), models: ['compromise', 'nash'] })).json;
    const start = await call('POST', '/api/jobs', { kind: 'forecast', scenario_id: id, params: { models: ['compromise', 'nash'] } });
    expect(start.status).toBe(202);
    const job = (await call('GET', `/api/jobs/${start.json.job.id}?wait`)).json.job;
    expect(job.status).toBe('done');
    expect(job.result).toEqual(direct);
  });
});

describe('unknown fields and parameters (review #4)', () => {
  it('refuses an unknown field of a body, job parameter or query parameter, naming it with a "did you mean"', async () => {
    const { call } = testApp();
    const id = await stored(call);
    const cases: [string, string, unknown, (string | number)[], string][] = [
      ['POST', '/api/forecast', { scenario: smallScenario(), modles: ['nash'] }, ['modles'], 'did you mean "models"?'],
      ['POST', '/api/jobs', { kind: 'dynamics', scenario_id: id, parms: { model: 'smp' } }, ['parms'], 'did you mean "params"?'],
      ['POST', '/api/jobs', { kind: 'simulate', scenario_id: id, params: { deadline: 5 } }, ['params', 'deadline'], 'did you mean "rounds"?'],
      ['POST', '/api/jobs', { kind: 'montecarlo', scenario_id: id, params: { draws: 10, threshold: { tariff: 40 } } }, ['params', 'threshold'], 'did you mean "thresholds"?'],
      ['POST', '/api/jobs', { kind: 'sensitivity', scenario_id: id, params: { issue: 'tariff' } }, ['params', 'issue'], 'did you mean "issues"?'],
      ['POST', '/api/jobs', { kind: 'backtest', params: { bootstrap: 500 } }, ['params', 'bootstrap'], 'did you mean "replicates"?'],
      ['POST', '/api/jobs', { kind: 'dynamics', scenario_id: id, params: { model: 'eum', roundz: 3 } }, ['params', 'roundz'], 'did you mean "rounds"?'],
      ['PATCH', `/api/scenarios/${id}`, { titel: 'x' }, ['titel'], 'did you mean "title"?'],
      ['POST', `/api/scenarios/${id}/combine`, { author: 'x', sav: true }, ['sav'], 'did you mean "save"?'],
      ['POST', '/api/import', { file_name: 'x.yaml', txt: 'title: x' }, ['txt'], 'did you mean "text"?'],
    ];
    for (const [method, path, body, at, fix] of cases) {
      const r = await call(method, path, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      const p = r.json.error.problems.find((x: { path: unknown[] }) => JSON.stringify(x.path) === JSON.stringify(at));
      expect(p, JSON.stringify(r.json.error.problems)).toBeDefined();
      expect(p.fix).toContain(fix);
    }
    const q = await call('GET', `/api/scenarios/${id}/forecast?model=nash`);
    expect(q.status).toBe(400);
    expect(q.json.error.problems[0]).toMatchObject({ path: ['query', 'model'] });
    expect(q.json.error.problems[0].fix).toContain('did you mean "models"?');
    expect((await call('GET', '/api/jobs')).json.jobs).toEqual([]);
  });

  it('refuses an unknown field of an upload form', async () => {
    const { app } = testApp();
    const form = new FormData();
    form.append('file', new File([JSON.stringify(smallScenario())], 'small.json'));
    form.append('autor', 'x');
    const res = await app.request('/api/import', { method: 'POST', body: form });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { problems: { path: unknown[]; fix: string }[] } };
    expect(body.error.problems[0]!.path).toEqual(['autor']);
    expect(body.error.problems[0]!.fix).toContain('did you mean "author"?');
  });
});

describe('job parameters checked before a job is accepted (review #5, #6, #7)', () => {
  it('answers 422 at POST for what the review saw fail later, and creates no job', async () => {
    const { call } = testApp();
    const id = await stored(call);
    const cases: [string, Record<string, unknown>, (string | number)[]][] = [
      ['dynamics', { model: 'eum', rounds: 0 }, ['params', 'rounds']],
      ['dynamics', { model: 'nash' }, ['params', 'model']],
      ['montecarlo', { draws: 0 }, ['params', 'draws']],
      ['deals', { loss: 'cubic' }, ['params', 'loss']],
      ['simulate', { strategies: ['boulware', 'yolo'] }, ['params', 'strategies', 1]],
    ];
    for (const [kind, params, path] of cases) {
      const r = await call('POST', '/api/jobs', { kind, scenario_id: id, params });
      expect(r.status, `${kind} ${JSON.stringify(params)}`).toBe(422);
      expect(r.json.error.code).toBe('invalid-input');
      expect(r.json.error.problems[0].path).toEqual(path);
      expect(r.json.error.problems[0].text).toMatch(/^<input>: params\./);
    }
    expect((await call('GET', '/api/jobs')).json.jobs).toEqual([]);
  });

  it('locates every problem in the request', async () => {
    const { call } = testApp();
    const id = await stored(call);
    const at = async (body: Record<string, unknown>, path = '/api/jobs') => (await call('POST', path, body)).json.error.problems.map((p: { path: unknown[] }) => p.path);
    expect(await at({ kind: 'dynamics', scenario_id: id, params: { model: 'eum', foo: 1 } })).toEqual([['params', 'foo']]);
    expect(await at({ kind: 'dynamics', scenario_id: id, params: { model: 'eum', Q: 'x' } })).toEqual([['params', 'Q']]);
    expect(await at({ kind: 'deals', scenario_id: id, params: { issues: ['nope'] } })).toEqual([['params', 'issues', 0]]);
    expect(await at({ kind: 'deals', scenario_id: id, params: { parties: ['a', 'zzz'] } })).toEqual([['params', 'parties', 1]]);
    expect(await at({ kind: 'simulate', scenario_id: id, params: { strategies: ['boulware', 'yolo'] } })).toEqual([['params', 'strategies', 1]]);
    expect(await at({ kind: 'montecarlo', scenario_id: id, params: { models: ['foo'] } })).toEqual([['params', 'models', 0]]);
    expect(await at({ scenario: smallScenario(), models: ['foo'] }, '/api/forecast')).toEqual([['models', 0]]);
    expect(await at({ scenario: smallScenario(), options: { nash: { foo: 1 } } }, '/api/forecast')).toEqual([['options', 'nash', 'foo']]);
  });

  it('takes numbers only as numbers, flags only as true or false, and null as the default', async () => {
    DYNAMICS_MODELS.push(counter);
    const { call } = testApp();
    const id = await stored(call);
    const refused: [string, Record<string, unknown>, string][] = [
      ['dynamics', { model: 'test-counter', rounds: true }, 'rounds true is not a whole number from 1 to 1000'],
      ['montecarlo', { draws: true }, 'draws true is not a whole number'],
      ['montecarlo', { draws: [50] }, 'draws [50] is not a whole number'],
      ['montecarlo', { draws: '50' }, 'draws "50" is not a whole number'],
      ['dynamics', { model: 5 }, 'unknown dynamic model 5'],
      ['montecarlo', { analysts: 'yes' }, 'analysts "yes" is not true or false'],
      ['deals', { issues: [] }, 'issues is an empty list'],
    ];
    for (const [kind, params, message] of refused) {
      const r = await call('POST', '/api/jobs', { kind, scenario_id: id, params });
      expect(r.status, JSON.stringify(params)).toBe(422);
      expect(r.json.error.problems[0].message).toContain(message);
    }
    const start = await call('POST', '/api/jobs', { kind: 'dynamics', scenario_id: id, params: { model: 'test-counter', rounds: null } });
    expect(start.status).toBe(202);
    expect((await call('GET', `/api/jobs/${start.json.job.id}?wait`)).json.job.progress).toEqual({ done: 3, total: 3 });
    const authors = await call('POST', `/api/scenarios/${id}/combine`, { authors: 'alice' });
    expect(authors.status).toBe(422);
    expect(authors.json.error.problems[0].path).toEqual(['authors']);
    const save = await call('POST', `/api/scenarios/${id}/combine`, { save: 'yes' });
    expect(save.status).toBe(422);
    expect(save.json.error.problems[0].path).toEqual(['save']);
  });
});

describe('backtest source (review #8)', () => {
  it('refuses an unknown source, "deu" without data and data under another source; scores the job’s scenario on request', async () => {
    const { call } = testApp();
    const s = smallScenario() as { issues: Record<string, unknown>[] };
    s.issues[0]!.outcome = 50;
    await stored(call, s);
    const bogus = await call('POST', '/api/jobs', { kind: 'backtest', params: { source: 'bogus' } });
    expect(bogus.status).toBe(422);
    expect(bogus.json.error.problems[0]).toMatchObject({ path: ['params', 'source'] });
    expect(bogus.json.error.problems[0].fix).toContain('"library", "deu", "scenario"');
    expect((await call('POST', '/api/jobs', { kind: 'backtest', params: { source: 'deu' } })).json.error.problems[0].path).toEqual(['params', 'deu']);
    expect((await call('POST', '/api/jobs', { kind: 'backtest', params: { source: 'library', deu: { issues: '', stances: '' } } })).json.error.problems[0].path).toEqual(['params', 'deu']);
    const own = smallScenario() as { title: string; issues: Record<string, unknown>[] };
    own.title = 'Only this one';
    own.issues[1]!.outcome = 5;
    const start = await call('POST', '/api/jobs', { kind: 'backtest', scenario: own, params: { source: 'scenario', replicates: 100 } });
    expect(start.status).toBe(202);
    const job = (await call('GET', `/api/jobs/${start.json.job.id}?wait`)).json.job;
    expect(job.status).toBe('done');
    const compromise = job.result.models.find((m: { id: string }) => m.id === 'compromise');
    expect(compromise.metrics.n).toBe(1); // the quota issue of the sent scenario, not the library's tariff
    const none = await call('POST', '/api/jobs', { kind: 'backtest', scenario: smallScenario(), params: { source: 'scenario' } });
    expect(none.json.error.problems[0].message).toBe("the job's scenario has no issue with a known outcome");
  });
});

describe('a bounded job queue, a time limit, and cancelling (review #9, #12, #19)', () => {
  it('refuses a job when the queue is full (429 with Retry-After) and keeps everyone’s results', async () => {
    DYNAMICS_MODELS.push(counter);
    const jobs = new JobManager({ mode: 'inline', concurrency: 1, maxQueued: 2, keep: 3 });
    const { call } = testApp({ jobs });
    const body = { kind: 'dynamics', scenario: smallScenario(), params: { model: 'test-counter' } };
    const first = await call('POST', '/api/jobs', body);
    await call('GET', `/api/jobs/${first.json.job.id}?wait`);
    const accepted = [];
    for (let k = 0; k < 3; k++) accepted.push(await call('POST', '/api/jobs', body)); // one runs, two wait
    expect(accepted.map((r) => r.status)).toEqual([202, 202, 202]);
    const refused = await call('POST', '/api/jobs', body);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.json.error).toMatchObject({ code: 'queue-full', waiting: 2 });
    expect(() => jobs.start('dynamics', { scenario: smallScenario(), params: { model: 'test-counter' } })).toThrow(QueueFullError);
    // The finished job is still there, with its result.
    const kept = await call('GET', `/api/jobs/${first.json.job.id}`);
    expect(kept.json.job).toMatchObject({ status: 'done' });
    expect(kept.json.job.result.model).toBe('test-counter');
    for (const r of accepted) await call('GET', `/api/jobs/${r.json.job.id}?wait`);
    expect((await call('POST', '/api/jobs', body)).status).toBe(202);
  });

  it('forgets only ended jobs, the oldest first, beyond `keep`', async () => {
    DYNAMICS_MODELS.push(counter);
    const jobs = new JobManager({ mode: 'inline', keep: 2 });
    const ids = [];
    for (let k = 0; k < 4; k++) {
      const j = jobs.start('dynamics', { scenario: smallScenario(), params: { model: 'test-counter' } });
      await jobs.wait(j.id);
      ids.push(j.id);
    }
    expect(ids.map((id) => jobs.get(id) !== undefined)).toEqual([false, false, true, true]);
  });

  it('stops a job that runs past the time limit, saying so', async () => {
    DYNAMICS_MODELS.push(counter);
    let now = 0;
    const jobs = new JobManager({ mode: 'inline', timeLimitMs: 60_000, now: () => now });
    const j = jobs.start('dynamics', { scenario: smallScenario(), params: { model: 'test-counter', rounds: 5 } });
    now = 61_000; // the clock moves on before the job reports progress
    const done = await jobs.wait(j.id);
    expect(done!.status).toBe('failed');
    expect(done!.error!.code).toBe('time-limit');
    expect(done!.error!.message).toMatch(/^stopped after 1 minute, the longest a job may run/);
    expect(done!.result).toBeUndefined();
  });

  it('reports a running job being cancelled as "cancelling", then "cancelled"', async () => {
    DYNAMICS_MODELS.push(counter);
    const jobs = new JobManager({ mode: 'inline' });
    const { call } = testApp({ jobs });
    const start = await call('POST', '/api/jobs', { kind: 'dynamics', scenario: smallScenario(), params: { model: 'test-counter' } });
    const j = jobs.get(start.json.job.id)!;
    if (j.status === 'running') {
      const r = await call('DELETE', `/api/jobs/${j.id}`);
      expect(r.status).toBe(202);
      expect(r.json).toMatchObject({ cancelled: true, job: { status: 'cancelling' } });
      expect((await call('DELETE', `/api/jobs/${j.id}`)).json.error.message).toContain('is being cancelled already');
      expect((await call('GET', `/api/jobs/${j.id}?wait`)).json.job.status).toBe('cancelled');
    }
  });

  it('shows the progress of a deals job issue by issue, and warns before a frontier of many parties', async () => {
    const { call } = testApp();
    const start = await call('POST', '/api/jobs', { kind: 'deals', scenario: smallScenario() });
    expect(start.json.job.warnings).toEqual([]);
    const job = (await call('GET', `/api/jobs/${start.json.job.id}?wait`)).json.job;
    expect(job.progress).toEqual({ done: 3, total: 3 }); // 2 issues merged, then the points and logrolls
    const seen: [number, number][] = [];
    await prepareTask('deals', { scenario: gridScenario(3, 6), params: { parties: 'actors', logrolls: 0 } }).run((done, total) => seen.push([done, total]), { threads: 1 });
    expect(seen[0]).toEqual([0, 7]);
    expect(seen.map(([d]) => d)).toEqual([...seen.map(([d]) => d)].sort((a, b) => a - b)); // never backwards
    expect(seen.filter(([d]) => d > 0 && d < 7).length).toBeGreaterThanOrEqual(5); // one step per issue merged
    expect(seen[seen.length - 1]).toEqual([7, 7]);
    // 10 parties over 5^9 ≈ 2·10^6 packages: accepted with a warning (prepared only here: it would take very long).
    const prepared = prepareTask('deals', { scenario: gridScenario(10, 9), params: { parties: 'actors' } });
    expect(prepared.warnings[0]).toMatch(/^10 parties over 1\.95·10\^6 possible packages: the Pareto frontier of more than 8 parties can take hours/);
    expect(prepareTask('deals', { scenario: gridScenario(10, 9), params: { parties: ['a0', 'a1', 'a2'] } }).warnings).toEqual([]);
  });
});

describe('uploads (review #10)', () => {
  it('answers a malformed multipart body with 400 bad-multipart', async () => {
    const { app } = testApp();
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=XYZ']) {
      const res = await app.request('/api/import', { method: 'POST', body: 'garbage, not a form', headers: { 'content-type': type } });
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; fix: string } };
      expect(body.error.code).toBe('bad-multipart');
      expect(body.error.fix).toContain('multipart field `file`');
    }
  });

  it('saves on ?dry_run=false and reads only on ?dry_run or ?dry_run=true', async () => {
    const { call } = testApp();
    expect((await call('POST', '/api/import?dry_run=true', { file_name: 'b.yaml', text: busanText() })).status).toBe(200);
    expect((await call('POST', '/api/import?dry_run', { file_name: 'b.yaml', text: busanText() })).status).toBe(200);
    expect((await call('GET', '/api/scenarios')).json.scenarios).toHaveLength(0);
    const saved = await call('POST', '/api/import?dry_run=false', { file_name: 'b.yaml', text: busanText() });
    expect(saved.status).toBe(201);
    expect(saved.headers.get('location')).toBe(`/api/scenarios/${saved.json.scenario.id}`);
    expect((await call('POST', '/api/import?dry_run=perhaps', { file_name: 'b.yaml', text: busanText() })).status).toBe(400);
  });
});

describe('analysts (review #13, #14)', () => {
  it('reads a name outside ASCII from X-Parley-Analyst, percent-encoded or as UTF-8 bytes', async () => {
    expect(analystHeader('Zo\u00c3\u00ab')).toBe('Zoë'); // "Zoë" sent as UTF-8, as Node hands the bytes over
    expect(analystHeader('%C5%81ukasz')).toBe('Łukasz');
    expect(analystHeader(encodeURIComponent('张伟'))).toBe('张伟');
    expect(analystHeader('Zoë')).toBe('Zoë'); // Latin-1 as it is
    expect(analystHeader('100%')).toBe('100%');
    const { call } = testApp();
    const id = await stored(call);
    const r = await call('PUT', `/api/scenarios/${id}`, { scenario: smallScenario() }, { 'x-parley-analyst': encodeURIComponent('Łukasz') });
    expect(r.json.version.author).toBe('Łukasz');
    const analysts = (await call('GET', `/api/scenarios/${id}/analysts`)).json.analysts.map((a: { author: string }) => a.author);
    expect(analysts).toEqual(['alice', 'Łukasz']);
  });

  it('keeps the author of the numbers on a rename or a restore, so combining counts no phantom analyst', async () => {
    const { call } = testApp();
    const id = await stored(call); // alice: salience of a on the tariff 50
    const bob = smallScenario() as { stances: Record<string, unknown>[] };
    bob.stances[0]!.salience = 20;
    await call('PUT', `/api/scenarios/${id}`, { scenario: bob }, { 'x-parley-analyst': 'bob' });
    const renamed = await call('PATCH', `/api/scenarios/${id}`, { title: 'Renamed' }, { 'x-parley-analyst': 'carol' });
    expect(renamed.json.version).toMatchObject({ version: 3, author: 'bob', message: 'renamed to "Renamed" by carol' });
    let combined = await call('POST', `/api/scenarios/${id}/combine`, {});
    expect(combined.json.analysts.map((a: { author: string }) => a.author)).toEqual(['alice', 'bob']);
    expect(combined.json.scenario.stances[0].salience).toBe(35); // median of 50 and 20
    const restored = await call('POST', `/api/scenarios/${id}/versions/1/restore`, {});
    expect(restored.json.version).toMatchObject({ version: 4, author: 'alice', message: 'restored version 1' });
    combined = await call('POST', `/api/scenarios/${id}/combine`, {});
    expect(combined.json.analysts.map((a: { author: string }) => a.author)).toEqual(['bob', 'alice']);
    expect(combined.json.scenario.stances[0].salience).toBe(35);
  });
});

describe('simulate: the CLI’s defaults (review #3, #17)', () => {
  it('samples a space above 1 000 000 packages as parley simulate does, with the same result', async () => {
    // Two actors, 9 issues of 5 values: 5^9 = 1 953 125 packages, more than the default bid limit of 1 000 000.
    const issues = Array.from({ length: 9 }, (_, j) => ({ id: `i${j}`, name: `Issue ${j}`, status_quo: 50 }));
    const scenario = {
      title: 'Nine issues',
      actors: [
        { id: 'a', name: 'A', capability: 50 },
        { id: 'b', name: 'B', capability: 50 },
      ],
      issues,
      stances: issues.flatMap((i, j) => [
        { actor: 'a', issue: i.id, position: 10 * j, salience: 50 + j },
        { actor: 'b', issue: i.id, position: 100 - 5 * j, salience: 90 - j },
      ]),
    };
    const { call } = testApp();
    const start = await call('POST', '/api/jobs', { kind: 'simulate', scenario, params: { parties: 'actors', rounds: 40, seed: 3 } });
    const api = (await call('GET', `/api/jobs/${start.json.job.id}?wait`)).json.job.result;
    expect(api.bids).toMatchObject({ sampled: true, outcomes: 1953125 });
    const dir = tmp();
    writeFileSync(join(dir, 'nine.json'), JSON.stringify(scenario));
    const cli = await parleyInProcess('simulate', join(dir, 'nine.json'), '--parties', 'actors', '--deadline', '40', '--seed', '3', '--format', 'json');
    expect(cli.code).toBe(0);
    const j = JSON.parse(cli.out);
    expect(api.bids).toEqual(j.bids);
    expect(api.utilities).toEqual(j.utilities);
    expect(api.agreement?.package ?? null).toEqual(j.agreement?.package ?? null);
    const small = await call('POST', '/api/jobs', { kind: 'simulate', scenario, params: { parties: 'actors', rounds: 5, max_bids: 1000 } });
    expect((await call('GET', `/api/jobs/${small.json.job.id}?wait`)).json.job.result.bids.count).toBeLessThan(2000);
  });

  it('runs Monte Carlo and sensitivity with the CLI’s defaults, and says when nothing is uncertain', async () => {
    const { call } = testApp();
    const mc = await call('POST', '/api/jobs', { kind: 'montecarlo', scenario: smallScenario(), params: { models: ['compromise'], thresholds: { tariff: 50 } } });
    const r = (await call('GET', `/api/jobs/${mc.json.job.id}?wait`)).json.job.result;
    expect(r.draws).toBe(1000);
    expect(r.histogram_bins).toBe(20);
    expect(r.notes[0]).toMatch(/^no input is uncertain, so every draw gives the point forecast/);
    expect(r.issues[0].models.compromise.p_above).toEqual({ 50: 0 }); // 3100/65 ≈ 47.7 in every draw
    const sens = await call('POST', '/api/jobs', { kind: 'sensitivity', scenario: smallScenario(), params: { models: ['compromise'], draws: 10 } });
    const s = (await call('GET', `/api/jobs/${sens.json.job.id}?wait`)).json.job.result;
    expect(s.notes[0]).toMatch(/^no input is uncertain, so nothing can move the forecast/);
    const badThreshold = await call('POST', '/api/jobs', { kind: 'montecarlo', scenario: smallScenario(), params: { thresholds: { tarif: 50, quota: [5, 50] } } });
    expect(badThreshold.json.error.problems.map((p: { path: unknown[] }) => p.path)).toEqual([
      ['params', 'thresholds', 'tarif'],
      ['params', 'thresholds', 'quota', 1],
    ]);
  });
});

describe('HTTP details (review #20, #21, #22)', () => {
  it('answers a wrong method with 405 and Allow, OPTIONS with 204, and creations with Location', async () => {
    const { call } = testApp();
    const get = await call('GET', '/api/forecast');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST, OPTIONS');
    expect(get.json.error.code).toBe('method-not-allowed');
    expect((await call('DELETE', '/api/health')).status).toBe(405);
    const options = await call('OPTIONS', '/api/scenarios/x');
    expect(options.status).toBe(204);
    expect(options.headers.get('allow')?.split(', ').sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'PUT']);
    expect((await call('GET', '/api/nothing')).status).toBe(404);
    const created = await call('POST', '/api/scenarios', { scenario: smallScenario() });
    expect(created.headers.get('location')).toBe('/api/scenarios/small-test-scenario');
    const job = await call('POST', '/api/jobs', { kind: 'deals', scenario_id: 'small-test-scenario' });
    expect(job.headers.get('location')).toBe(`/api/jobs/${job.json.job.id}`);
  });

  it('waits for a job only when asked, and pages the job list', async () => {
    const { call } = testApp();
    const ids = [];
    for (let k = 0; k < 3; k++) ids.push((await call('POST', '/api/jobs', { kind: 'deals', scenario: smallScenario() })).json.job.id);
    expect((await call('GET', `/api/jobs/${ids[0]}?wait=false`)).status).toBe(200);
    expect((await call('GET', `/api/jobs/${ids[0]}?wait=soon`)).status).toBe(400);
    expect((await call('GET', `/api/jobs/${ids[2]}?wait=30`)).json.job.status).toBe('done');
    const page = (await call('GET', '/api/jobs?limit=2&offset=1')).json;
    expect(page.total).toBe(3);
    expect(page.jobs.map((j: { id: string }) => j.id)).toEqual([ids[1], ids[0]]);
  });

  it('refuses a base_version that never existed, records a job’s version, and refuses two scenarios in one job', async () => {
    const { call } = testApp();
    const id = await stored(call);
    await call('PUT', `/api/scenarios/${id}`, { scenario: smallScenario() });
    const never = await call('PUT', `/api/scenarios/${id}`, { scenario: smallScenario(), base_version: 99 });
    expect(never.status).toBe(422);
    expect(never.json.error.problems[0].message).toBe('there is no version 99 (the latest is 2)');
    expect((await call('PUT', `/api/scenarios/${id}`, { scenario: smallScenario(), base_version: 1 })).status).toBe(409);
    const job = await call('POST', '/api/jobs', { kind: 'deals', scenario_id: id, version: 1 });
    expect(job.json.job).toMatchObject({ scenario_id: id, version: 1 });
    expect((await call('POST', '/api/jobs', { kind: 'deals', scenario_id: id })).json.job.version).toBe(2);
    const both = await call('POST', '/api/jobs', { kind: 'deals', scenario_id: id, scenario: smallScenario() });
    expect(both.status).toBe(422);
    expect(both.json.error.problems[0].code).toBe('two-scenarios');
    expect((await call('POST', '/api/jobs', { kind: 'deals', scenario: smallScenario(), version: 1 })).status).toBe(422);
  });

  it('says what is wrong in the API’s own words', async () => {
    const { call } = testApp();
    const id = await stored(call);
    expect((await call('PATCH', `/api/scenarios/${id}`, { title: 5 })).json.error.problems[0].message).toBe('the title is 5, not text');
    const blank = await call('POST', '/api/scenarios', { scenario: { ...smallScenario(), title: '   ' } });
    expect(blank.status).toBe(422);
    expect(blank.json.error.problems[0]).toMatchObject({ path: ['scenario', 'title'], message: 'the title is empty' });
    expect((await call('POST', '/api/scenarios', { scenario: { ...smallScenario(), title: 'x'.repeat(500) } })).json.error.problems[0].message).toBe('the title is 500 characters long, more than 200');
    const huge = await call('GET', `/api/scenarios/${id}/versions/99999999999999999999999`);
    expect(huge.status).toBe(400);
    expect(huge.json.error.message).toBe('"99999999999999999999999" is not a version number (1, 2, …)');
    const all = await call('GET', `/api/scenarios/${id}/forecast?models=`);
    expect(all.status).toBe(200);
    expect(all.json.models).toHaveLength(7);
    for (const scenario of [[], 'x', 5]) {
      const r = await call('POST', '/api/forecast', { scenario });
      expect(r.json.error.problems[0].code).toBe('wrong-type');
      expect(r.json.error.problems[0].fix).not.toContain('parley init');
    }
  });
});

describe('parley serve’s library and port (review #24)', () => {
  it('refuses a --db that is a folder or not SQLite, naming it', () => {
    const dir = tmp();
    expect(() => checkDatabasePath(dir)).toThrow(InputError);
    expect(() => checkDatabasePath(dir)).toThrow(/this is a folder, not a library file/);
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    expect(() => checkDatabasePath(join(dir, 'notes.txt'))).toThrow(/not a SQLite database/);
    writeFileSync(join(dir, 'empty.sqlite'), '');
    expect(() => checkDatabasePath(join(dir, 'empty.sqlite'))).not.toThrow();
    expect(() => checkDatabasePath(join(dir, 'new.sqlite'))).not.toThrow();
  });

  it('finds the port busy before it creates the library', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as AddressInfo).port;
    const db = join(tmp(), 'new.sqlite');
    try {
      await expect(startServer({ port, db, jobMode: 'inline' })).rejects.toMatchObject({ code: 'EADDRINUSE' });
      expect(existsSync(db)).toBe(false);
    } finally {
      await new Promise<void>((r) => blocker.close(() => r()));
    }
  });
});
