// The HTTP API, endpoint by endpoint, through app.request() (no network): status codes, shapes, the CLI's
// messages in 422s, versions and conflicts, imports and exports, combining analysts, jobs, static files.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecastScenario } from '../../src/core/forecast.js';
import { DEFAULT_MODELS } from '../../src/core/models/registry.js';
import { toPointScenario } from '../../src/core/scenario.js';
import { parseScenario } from '../../src/formats/scenarioText.js';
import { createApp } from '../../src/server/app.js';
import { seedExamples } from '../../src/server/seed.js';
import { SqliteStore } from '../../src/server/store.js';
import { busanText, smallScenario, testApp } from './helpers.js';

describe('about the API', () => {
  it('answers health and capabilities', async () => {
    const { call } = testApp();
    expect((await call('GET', '/api/health')).json).toEqual({ ok: true });
    const cap = (await call('GET', '/api/capabilities')).json;
    expect(cap.models.map((m: { id: string }) => m.id)).toEqual(expect.arrayContaining(['compromise', 'median', 'nash']));
    expect(cap.import_formats.map((f: { id: string }) => f.id)).toContain('parley');
    expect(cap.export_formats).toEqual(['yaml', 'json']);
  });

  it('describes every route it serves in /api/openapi.json, and nothing else', async () => {
    const { app, call } = testApp();
    const doc = (await call('GET', '/api/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    const served = new Set(
      app.routes
        .filter((r) => r.path.startsWith('/api/') && r.path !== '/api/*' && r.method !== 'ALL')
        .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, '{$1}')}`),
    );
    const described = new Set<string>();
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(item)) if (method !== 'parameters') described.add(`${method} ${path}`);
    }
    expect([...described].sort()).toEqual([...served].sort());
    expect(doc.components.schemas.Scenario.properties.actors).toBeDefined();
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const { call } = testApp();
    const r = await call('GET', '/api/nothing-here');
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not-found');
  });
});

describe('requests from elsewhere', () => {
  it('refuses changes from another site, bodies that are not JSON, and unknown host names', async () => {
    const { call, app } = testApp();
    const evil = await call('POST', '/api/scenarios', { scenario: smallScenario() }, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.json.error.code).toBe('cross-origin');
    expect((await call('POST', '/api/scenarios', { scenario: smallScenario() }, { origin: 'http://localhost', host: 'localhost' })).status).toBe(201);
    const form = await call('POST', '/api/scenarios', JSON.stringify({ scenario: smallScenario() }), { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
    expect((await call('GET', '/api/scenarios')).json.scenarios).toHaveLength(1);
    expect((await app.request('/api/scenarios', { headers: { origin: 'https://evil.example' } })).status).toBe(200); // reading is harmless: no CORS headers, the page cannot see the answer
    const guarded = createApp({ store: new SqliteStore(':memory:'), allowedHosts: ['127.0.0.1', 'localhost', '::1'] });
    expect((await guarded.request('http://127.0.0.1:8787/api/health')).status).toBe(200);
    expect((await guarded.request('http://[::1]:8787/api/health')).status).toBe(200);
    const rebound = await guarded.request('http://attacker.example:8787/api/scenarios');
    expect(rebound.status).toBe(421);
  });
});

describe('POST /api/validate', () => {
  it('accepts a valid scenario object', async () => {
    const { call } = testApp();
    const r = await call('POST', '/api/validate', { scenario: smallScenario() });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ valid: true, actors: 3, issues: 2, stances: 5 });
  });

  it('lists every problem with path, message, fix and the CLI text', async () => {
    const { call } = testApp();
    const bad = smallScenario() as { stances: Record<string, unknown>[] };
    bad.stances[0]!.salience = 140;
    bad.stances[1]!.actor = 'bb';
    const r = await call('POST', '/api/validate', { scenario: bad });
    expect(r.status).toBe(422);
    expect(r.json.valid).toBe(false);
    const codes = r.json.problems.map((p: { code: string }) => p.code).sort();
    expect(codes).toEqual(['out-of-range', 'unknown-actor']);
    const unknown = r.json.problems.find((p: { code: string }) => p.code === 'unknown-actor');
    expect(unknown.path).toEqual(['scenario', 'stances', 1, 'actor']);
    expect(unknown.fix).toBe('did you mean "b"?');
    expect(unknown.text).toBe('<input>: scenario.stances[1].actor: unknown actor "bb" — did you mean "b"?');
  });

  it('locates problems in file text by line and column, as the CLI prints them', async () => {
    const { call } = testApp();
    const text = busanText().replace('capability: 40, group: United States', 'capabilty: 40, group: United States');
    const r = await call('POST', '/api/validate', { text, file_name: '../../secret/busan.yaml' });
    expect(r.status).toBe(422);
    const p = r.json.problems.find((x: { code: string }) => x.code === 'unknown-key');
    expect(p.fix).toBe('did you mean `capability`?');
    expect(p.line).toBeGreaterThan(1);
    expect(p.text).toMatch(/^busan\.yaml:\d+:\d+: unknown key `capabilty` — did you mean `capability`\?$/);
  });

  it('rejects bodies that are not a JSON object', async () => {
    const { call } = testApp();
    expect((await call('POST', '/api/validate', '{ not json')).status).toBe(400);
    expect((await call('POST', '/api/validate', '[1, 2]')).json.error.code).toBe('bad-json');
    expect((await call('POST', '/api/validate', '')).json.error.code).toBe('empty-body');
    const r = await call('POST', '/api/validate', {});
    expect(r.status).toBe(422);
    expect(r.json.problems[0].code).toBe('missing-field');
  });
});

describe('POST /api/forecast', () => {
  it('computes every default model; the numbers check by hand', async () => {
    const { call } = testApp();
    const r = await call('POST', '/api/forecast', { scenario: smallScenario() });
    expect(r.status).toBe(200);
    const tariff = r.json.issues.find((i: { id: string }) => i.id === 'tariff');
    // weights c·s: a 60·0.5 = 30 at 100, b 30·1 = 30 at 0, c 10·0.5 = 5 at 20 → mean 3100/65; median: 35 of 65 at or below 20.
    expect(tariff.forecasts.compromise).toBeCloseTo(3100 / 65, 12);
    expect(tariff.forecasts.median).toBe(20);
    expect(Object.keys(tariff.forecasts)).toEqual(DEFAULT_MODELS);
  });

  it('gives the same numbers as the core the CLI calls, on the Busan example', async () => {
    const { call } = testApp();
    const r = await call('POST', '/api/forecast', { text: busanText(), file_name: 'busan.yaml' });
    const direct = forecastScenario(toPointScenario(parseScenario(busanText())), DEFAULT_MODELS);
    // The CLI's JSON report adds each model's explanation per issue; the numbers are the core's.
    expect(r.json.issues.map(({ explanations: _, ...rest }: Record<string, unknown>) => rest)).toEqual(JSON.parse(JSON.stringify(direct.issues)));
    expect(r.json.issues[0].explanations.compromise).toBe(direct.details[0]!.issues[0]!.explanation);
    expect(Object.keys(r.json.notes)).toEqual(DEFAULT_MODELS);
  });

  it('runs the chosen models with options, and rejects unknown ones with a suggestion', async () => {
    const { call } = testApp();
    const one = await call('POST', '/api/forecast', { scenario: smallScenario(), models: ['nash'], options: { nash: { utility: 'quadratic' } } });
    expect(one.status).toBe(200);
    expect(Object.keys(one.json.issues[0].forecasts)).toEqual(['nash']);
    const unknown = await call('POST', '/api/forecast', { scenario: smallScenario(), models: ['meadian'] });
    expect(unknown.status).toBe(422);
    expect(unknown.json.error.problems[0].fix).toBe('did you mean "median"?');
    expect((await call('POST', '/api/forecast', { scenario: smallScenario(), models: 'median' })).status).toBe(422);
    const badOption = await call('POST', '/api/forecast', { scenario: smallScenario(), options: { nash: { utility: 'cubic' } } });
    expect(badOption.status).toBe(422);
    expect(badOption.json.error.problems[0].path).toEqual(['options', 'nash', 'utility']);
  });
});

describe('the library', () => {
  it('creates, lists, reads, saves, renames, duplicates and deletes', async () => {
    const { call } = testApp();
    const created = await call('POST', '/api/scenarios', { scenario: smallScenario(), author: 'alice', message: 'first draft' });
    expect(created.status).toBe(201);
    expect(created.json.scenario).toMatchObject({ id: 'small-test-scenario', latest_version: 1, analysts: ['alice'], actors: 3, issues: 2 });
    expect((await call('GET', '/api/scenarios')).json.scenarios.map((s: { id: string }) => s.id)).toEqual(['small-test-scenario']);

    const got = await call('GET', '/api/scenarios/small-test-scenario');
    expect(got.json.version).toMatchObject({ version: 1, author: 'alice', message: 'first draft' });
    expect(got.json.content.actors).toHaveLength(3);

    const edited = { ...smallScenario(), description: 'edited' };
    const saved = await call('PUT', '/api/scenarios/small-test-scenario', { scenario: edited, base_version: 1, message: 'added a description' }, { 'x-parley-analyst': 'bob' });
    expect(saved.status).toBe(200);
    expect(saved.json.version).toMatchObject({ version: 2, author: 'bob' });

    const renamed = await call('PATCH', '/api/scenarios/small-test-scenario', { title: 'Renamed' });
    expect(renamed.json.scenario).toMatchObject({ title: 'Renamed', latest_version: 3 });
    expect((await call('PATCH', '/api/scenarios/small-test-scenario', { title: '  ' })).status).toBe(422);

    const copy = await call('POST', '/api/scenarios/small-test-scenario/duplicate', {});
    expect(copy.status).toBe(201);
    expect(copy.json.scenario).toMatchObject({ id: 'renamed-copy', title: 'Renamed (copy)', latest_version: 1 });

    expect((await call('DELETE', '/api/scenarios/small-test-scenario')).status).toBe(204);
    expect((await call('GET', '/api/scenarios/small-test-scenario')).status).toBe(404);
    expect((await call('DELETE', '/api/scenarios/small-test-scenario')).status).toBe(404);
    expect((await call('GET', '/api/scenarios')).json.scenarios.map((s: { id: string }) => s.id)).toEqual(['renamed-copy']);
  });

  it('gives a taken title a new id', async () => {
    const { call } = testApp();
    await call('POST', '/api/scenarios', { scenario: smallScenario() });
    const second = await call('POST', '/api/scenarios', { scenario: smallScenario() });
    expect(second.json.scenario.id).toBe('small-test-scenario-2');
  });

  it('refuses an invalid save and keeps the versions as they were', async () => {
    const { call } = testApp();
    await call('POST', '/api/scenarios', { scenario: smallScenario() });
    const bad = { ...smallScenario(), issues: [] };
    const r = await call('PUT', '/api/scenarios/small-test-scenario', { scenario: bad });
    expect(r.status).toBe(422);
    expect(r.json.error.problems.map((p: { code: string }) => p.code)).toContain('no-issues');
    expect((await call('GET', '/api/scenarios/small-test-scenario/versions')).json.versions).toHaveLength(1);
    expect((await call('PUT', '/api/scenarios/nope', { scenario: smallScenario() })).status).toBe(404);
    expect((await call('PUT', '/api/scenarios/small-test-scenario', { scenario: smallScenario(), base_version: 'one' })).status).toBe(422);
    expect((await call('POST', '/api/scenarios', { scenario: smallScenario(), author: 'x'.repeat(61) })).status).toBe(422);
  });

  it('refuses a save based on a stale version (409) and accepts it without a base', async () => {
    const { call } = testApp();
    await call('POST', '/api/scenarios', { scenario: smallScenario() });
    expect((await call('PUT', '/api/scenarios/small-test-scenario', { scenario: smallScenario(), base_version: 1 })).status).toBe(200);
    const stale = await call('PUT', '/api/scenarios/small-test-scenario', { scenario: smallScenario(), base_version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'conflict', latest_version: 2 });
    expect((await call('PUT', '/api/scenarios/small-test-scenario', { scenario: smallScenario() })).json.version.version).toBe(3);
  });

  it('keeps every one of many concurrent saves, and lets exactly one of many racing edits of one version win', async () => {
    const { call } = testApp();
    await call('POST', '/api/scenarios', { scenario: smallScenario() });
    const racing = await Promise.all(
      Array.from({ length: 20 }, (_, k) => call('PUT', '/api/scenarios/small-test-scenario', { scenario: { ...smallScenario(), description: `edit ${k}` }, base_version: 1 })),
    );
    expect(racing.filter((r) => r.status === 200)).toHaveLength(1);
    expect(racing.filter((r) => r.status === 409)).toHaveLength(19);
    const all = await Promise.all(
      Array.from({ length: 20 }, (_, k) => call('PUT', '/api/scenarios/small-test-scenario', { scenario: { ...smallScenario(), description: `blind ${k}` }, author: `analyst ${k}` })),
    );
    expect(all.every((r) => r.status === 200)).toBe(true);
    const numbers = all.map((r) => r.json.version.version).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 20 }, (_, k) => k + 3));
    const versions = (await call('GET', '/api/scenarios/small-test-scenario/versions')).json.versions;
    expect(versions).toHaveLength(22);
    const contents = await Promise.all(numbers.map((v) => call('GET', `/api/scenarios/small-test-scenario/versions/${v}`)));
    expect(new Set(contents.map((c) => c.json.content.description)).size).toBe(20);
  });
});

describe('versions', () => {
  async function withHistory() {
    const t = testApp();
    await t.call('POST', '/api/scenarios', { scenario: smallScenario(), author: 'alice' });
    const v2 = smallScenario() as { stances: Record<string, unknown>[]; actors: Record<string, unknown>[] };
    v2.stances[1]!.salience = 40; // b cares less about the tariff
    v2.actors.push({ id: 'd', name: 'Actor D', capability: 5 });
    v2.stances.push({ actor: 'd', issue: 'tariff', position: 100, salience: 10 });
    await t.call('PUT', '/api/scenarios/small-test-scenario', { scenario: v2, message: 'b less salient; d added' });
    return t;
  }

  it('lists, reads and restores versions', async () => {
    const { call } = await withHistory();
    const list = (await call('GET', '/api/scenarios/small-test-scenario/versions')).json.versions;
    expect(list.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const v1 = await call('GET', '/api/scenarios/small-test-scenario/versions/1');
    expect(v1.json.content.actors).toHaveLength(3);
    expect((await call('GET', '/api/scenarios/small-test-scenario/versions/9')).status).toBe(404);
    expect((await call('GET', '/api/scenarios/small-test-scenario/versions/abc')).status).toBe(400);
    const restored = await call('POST', '/api/scenarios/small-test-scenario/versions/1/restore', {});
    expect(restored.json.version).toMatchObject({ version: 3, message: 'restored version 1' });
    expect((await call('GET', '/api/scenarios/small-test-scenario')).json.content).toEqual(v1.json.content);
  });

  it('compares two versions: what changed and how the forecasts moved', async () => {
    const { call } = await withHistory();
    const r = await call('GET', '/api/scenarios/small-test-scenario/compare?from=1&to=2');
    expect(r.status).toBe(200);
    const texts = r.json.changes.map((c: { text: string }) => c.text);
    expect(texts).toEqual(expect.arrayContaining(['added actor d', 'added stance of d on tariff', 'salience of b on tariff: 100 → 40']));
    const tariff = r.json.forecast.find((i: { id: string }) => i.id === 'tariff');
    // v2: weights a 30 @100, b 12 @0, c 5 @20, d 0.5 @100 → mean (3000 + 100 + 50) / 47.5
    expect(tariff.models.compromise.from).toBeCloseTo(3100 / 65, 12);
    expect(tariff.models.compromise.to).toBeCloseTo(3150 / 47.5, 12);
    expect(tariff.models.compromise.change).toBeCloseTo(3150 / 47.5 - 3100 / 65, 12);
    expect((await call('GET', '/api/scenarios/small-test-scenario/compare?from=x')).status).toBe(400);
  });

  it('exports YAML and JSON that read back to the same scenario', async () => {
    const { call } = await withHistory();
    const yaml = await call('GET', '/api/scenarios/small-test-scenario/export?format=yaml&version=1');
    expect(yaml.status).toBe(200);
    expect(yaml.headers.get('content-disposition')).toBe('attachment; filename="small-test-scenario-v1.yaml"');
    const v1 = (await call('GET', '/api/scenarios/small-test-scenario/versions/1')).json.content;
    const back = await call('POST', '/api/validate', { text: yaml.text, file_name: 'x.yaml' });
    expect(back.json.scenario).toEqual(v1);
    const json = await call('GET', '/api/scenarios/small-test-scenario/export?format=json');
    expect(JSON.parse(json.text).actors).toHaveLength(4);
    expect((await call('GET', '/api/scenarios/small-test-scenario/export?format=xml')).status).toBe(400);
  });

  it('forecasts a stored version', async () => {
    const { call } = await withHistory();
    const r = await call('GET', '/api/scenarios/small-test-scenario/forecast?version=1&models=compromise');
    expect(r.json.issues[0].forecasts).toEqual({ compromise: 3100 / 65 });
  });
});

describe('POST /api/import', () => {
  it('imports file text in JSON, and a multipart upload, naming the format', async () => {
    const { call, app } = testApp();
    const r = await call('POST', '/api/import', { file_name: 'busan.yaml', text: busanText(), author: 'carol' });
    expect(r.status).toBe(201);
    expect(r.json).toMatchObject({ format: 'parley', scenario: { actors: 16, issues: 14, origin: 'import', analysts: ['carol'] } });
    const form = new FormData();
    form.append('file', new File([JSON.stringify(smallScenario())], 'small.json', { type: 'application/json' }));
    const res = await app.request('/api/import', { method: 'POST', body: form });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { version: { message: string } }).version.message).toBe('imported from small.json (Parley scenario (YAML/JSON))');
  });

  it('reads without saving on ?dry_run', async () => {
    const { call } = testApp();
    const r = await call('POST', '/api/import?dry_run', { file_name: 'busan.yaml', text: busanText() });
    expect(r.status).toBe(200);
    expect(r.json.scenario.actors).toHaveLength(16);
    expect((await call('GET', '/api/scenarios')).json.scenarios).toHaveLength(0);
  });

  it('reports problems located in the uploaded file, named by its base name only', async () => {
    const { call } = testApp();
    const r = await call('POST', '/api/import', { file_name: '/etc/../../tmp/evil.yaml', text: 'title: x\nactors: [\n' });
    expect(r.status).toBe(422);
    expect(r.json.error.problems[0].text).toMatch(/^evil\.yaml:\d+:\d+: syntax error/);
  });

  it('rejects a binary upload and a form without a file', async () => {
    const { app } = testApp();
    const form = new FormData();
    form.append('file', new File([new Uint8Array([0xff, 0xfe, 0x00, 0x81])], 'x.yaml'));
    const res = await app.request('/api/import', { method: 'POST', body: form });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { problems: { code: string }[] } }).error.problems[0]!.code).toBe('not-text');
    const empty = new FormData();
    empty.append('other', 'x');
    expect((await app.request('/api/import', { method: 'POST', body: empty })).status).toBe(422);
  });

  it('refuses bodies over the size limit with 413', async () => {
    const { call } = testApp({ maxBodyBytes: 2000 });
    const r = await call('POST', '/api/import', { file_name: 'busan.yaml', text: busanText() });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('too-large');
  });
});

describe('combining analysts', () => {
  it("takes the median of the analysts' numbers and reports their spread", async () => {
    const { call } = testApp();
    await call('POST', '/api/scenarios', { scenario: smallScenario(), author: 'alice' });
    expect((await call('POST', '/api/scenarios/small-test-scenario/combine', {})).status).toBe(422);
    for (const [author, salience] of [['bob', 60], ['carol', 20]] as const) {
      const s = smallScenario() as { stances: Record<string, unknown>[] };
      s.stances[1]!.salience = salience;
      await call('PUT', '/api/scenarios/small-test-scenario', { scenario: s, author });
    }
    const analysts = (await call('GET', '/api/scenarios/small-test-scenario/analysts')).json.analysts;
    expect(analysts.map((a: { author: string }) => a.author)).toEqual(['alice', 'bob', 'carol']);
    const r = await call('POST', '/api/scenarios/small-test-scenario/combine', {});
    expect(r.status).toBe(200);
    expect(r.json.scenario.stances[1].salience).toBe(60); // median of 100, 60, 20
    expect(r.json.uncertain.stances[1].salience).toEqual([20, 100]);
    expect(r.json.disagreements[0]).toMatchObject({ what: 'salience of b on tariff', values: { alice: 100, bob: 60, carol: 20 }, median: 60 });
    const tariff = r.json.issues.find((i: { id: string }) => i.id === 'tariff').models.compromise;
    const mean = (sb: number) => (100 * 30 + 20 * 5) / (30 + 30 * (sb / 100) + 5);
    expect(tariff.by_analyst.alice).toBeCloseTo(mean(100), 12);
    expect(tariff.median).toBeCloseTo(mean(60), 12);
    expect(tariff.low).toBeCloseTo(mean(100), 12);
    expect(tariff.high).toBeCloseTo(mean(20), 12);
    const two = await call('POST', '/api/scenarios/small-test-scenario/combine', { authors: ['alice', 'dave'] });
    expect(two.status).toBe(422);
    const saved = await call('POST', '/api/scenarios/small-test-scenario/combine', { save: 'uncertain' });
    expect(saved.json.saved.version).toBe(4);
    expect((await call('GET', '/api/scenarios/small-test-scenario')).json.content.stances[1].salience).toEqual([20, 100]);
  });
});

describe('jobs', () => {
  it('rejects unknown kinds and bad parameters', async () => {
    const { call } = testApp();
    const r = await call('POST', '/api/jobs', { kind: 'astrology', scenario: smallScenario() });
    expect(r.status).toBe(422);
    expect(r.json.error.problems[0].code).toBe('unknown-job');
    expect((await call('POST', '/api/jobs', { kind: 'dynamics', scenario: smallScenario(), params: [1] })).status).toBe(422);
    expect((await call('POST', '/api/jobs', { kind: 'dynamics', scenario_id: 'nope' })).status).toBe(404);
    expect((await call('GET', '/api/jobs/job-none')).status).toBe(404);
    expect((await call('DELETE', '/api/jobs/job-none')).status).toBe(404);
  });

  it('refuses a job with bad parameters before it runs, and cannot cancel an ended job (409 in the error envelope)', async () => {
    const { call } = testApp();
    const refused = await call('POST', '/api/jobs', { kind: 'dynamics', scenario: smallScenario(), params: { model: 'no-such-model' } });
    expect(refused.status).toBe(422);
    expect(refused.json.error.problems[0]).toMatchObject({ code: 'unknown-model', path: ['params', 'model'] });
    const start = await call('POST', '/api/jobs', { kind: 'dynamics', scenario: smallScenario(), params: { model: 'eum', rounds: 2 } });
    expect(start.status).toBe(202);
    const done = await call('GET', `/api/jobs/${start.json.job.id}?wait`);
    expect(done.json.job.status).toBe('done');
    const again = await call('DELETE', `/api/jobs/${start.json.job.id}`);
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: 'conflict' });
    expect(again.json.error.message).toContain('has ended already (done)');
    expect((await call('GET', '/api/jobs')).json.jobs[0].id).toBe(start.json.job.id);
  });
});

describe('the web app', () => {
  it('explains how to build the app when it is not built', async () => {
    const { app } = testApp({ webRoot: join(tmpdir(), 'parley-no-such-dir') });
    const res = await app.request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build:web');
  });

  it('serves files under the web root, index.html for app routes, and nothing outside it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'parley-web-'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'app.js'), 'console.log(1)');
    const { app } = testApp({ webRoot: root });
    const js = await app.request('/app.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect(await (await app.request('/s/some-scenario/forecast')).text()).toContain('<title>app</title>');
    for (const path of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2f..%2fetc%2fpasswd']) {
      const res = await app.request(path);
      expect(await res.text()).not.toContain('root:');
    }
  });
});

describe('seeding the built-in examples', () => {
  it('adds the examples to an empty library once, and not again after they are deleted', async () => {
    const store = new SqliteStore(':memory:');
    const first = await seedExamples(store, join(import.meta.dirname, '..', '..', 'scenarios'));
    expect(first.added).toContain('us-china-busan-2025');
    expect(first.skipped).toEqual([]);
    await store.remove('us-china-busan-2025');
    const again = await seedExamples(store, join(import.meta.dirname, '..', '..', 'scenarios'));
    expect(again.added).toEqual([]);
    expect((await store.list()).some((s) => s.id === 'us-china-busan-2025')).toBe(false);
  });
});
