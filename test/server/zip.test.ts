// ZIP uploads: the in-memory reader (stored and deflated entries, limits, damage), importing a zip of scenario
// files, and a zipped GENIUS negotiation analysed as deals (with the ANAC Laptop domain from ../shared).
import { readdirSync, readFileSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { isZip, readZip, ZipError } from '../../src/server/zip.js';
import { describeWithShared, sharedPath } from '../shared.js';
import { busanText, smallScenario, testApp } from './helpers.js';

/** A ZIP archive of the given files (deflated unless `store`), written by hand from APPNOTE 6.3. */
export function makeZip(files: { path: string; text: string }[], store = false): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const f of files) {
    const data = Buffer.from(f.text, 'utf8');
    const body = store ? data : deflateRawSync(data);
    const name = Buffer.from(f.path, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(store ? 0 : 8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(store ? 0 : 8, 10);
    dir.writeUInt32LE(body.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    central.push(dir, name);
    offset += 30 + name.length + body.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dirBytes, end]));
}

describe('readZip', () => {
  it('reads stored and deflated entries, dropping folders from names and skipping hidden files', () => {
    for (const store of [true, false]) {
      const zip = makeZip([{ path: 'a/b/one.yaml', text: 'x: 1\n' }, { path: 'a/two.json', text: '{"y": 2}' }, { path: '__MACOSX/a/._one.yaml', text: 'junk' }], store);
      expect(isZip(zip)).toBe(true);
      const entries = readZip(zip);
      expect(entries.map((e) => [e.name, e.path, new TextDecoder().decode(e.data)])).toEqual([
        ['one.yaml', 'a/b/one.yaml', 'x: 1\n'],
        ['two.json', 'a/two.json', '{"y": 2}'],
      ]);
    }
  });

  it('refuses damaged archives and archives over the limits', () => {
    const zip = makeZip([{ path: 'one.txt', text: 'a'.repeat(1000) }, { path: 'two.txt', text: 'b' }]);
    expect(() => readZip(zip.subarray(0, zip.length - 30))).toThrow(ZipError);
    expect(() => readZip(zip, { maxEntries: 1 })).toThrow('at most 1');
    expect(() => readZip(zip, { maxBytes: 500 })).toThrow('unpacks to more than');
    expect(isZip(new TextEncoder().encode('title: x'))).toBe(false);
  });
});

describe('zip uploads', () => {
  const upload = (app: ReturnType<typeof testApp>['app'], bytes: Uint8Array, name: string) => {
    const form = new FormData();
    form.append('file', new File([bytes], name));
    return app.request('/api/import', { method: 'POST', body: form });
  };

  it('imports every scenario in a zip, and reports the files it could not read', async () => {
    const { app, call } = testApp();
    const zip = makeZip([
      { path: 'cases/busan.yaml', text: busanText() },
      { path: 'cases/small.json', text: JSON.stringify(smallScenario()) },
      { path: 'cases/broken.yaml', text: 'title: Broken\nactors: []\nissues: []\nstances: []\n' },
    ]);
    const res = await upload(app, zip, 'cases.zip');
    expect(res.status).toBe(201);
    const body = (await res.json()) as { scenarios: { title: string }[]; problems: { text: string }[] };
    expect(body.scenarios.map((s) => s.title)).toEqual(["US–China leaders' summit, Busan, 30 October 2025", 'Small test scenario']);
    expect(body.problems[0]!.text).toMatch(/^cases\.zip\/cases\/broken\.yaml:\d+:\d+: the scenario has 0 actors/);
    expect((await call('GET', '/api/scenarios')).json.scenarios).toHaveLength(2);
    const bad = await upload(app, makeZip([{ path: 'notes.txt', text: 'hello' }]), 'x.zip');
    expect(bad.status).toBe(422);
  });
});

describeWithShared('reference/genius/domains/Laptop', 'a zipped GENIUS negotiation', () => {
  const dir = sharedPath('reference', 'genius', 'domains', 'Laptop');
  const zip = () => makeZip(readdirSync(dir).map((f) => ({ path: `Laptop/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') })));

  it('is imported as a converted scenario, with the approximation in the answer', async () => {
    const { app, call } = testApp();
    const form = new FormData();
    form.append('file', new File([zip()], 'Laptop.zip'));
    const res = await app.request('/api/import', { method: 'POST', body: form });
    expect(res.status).toBe(201);
    const body = (await res.json()) as {
      format: string;
      scenario: { id: string };
      version: { message: string };
      approximation: { summary: string[]; actors: { actor: string; maxGap: number; issues: { salience: number }[] }[] };
    };
    expect(body.format).toBe('genius');
    expect(body.version.message).toMatch(/converted from the GENIUS negotiation in Laptop\.zip/);
    expect(body.approximation.actors.map((a) => [a.actor, Number(a.maxGap.toFixed(4))])).toEqual([
      ['laptop_buyer_utility', 0.2194],
      ['laptop_seller_utility', 0.1234],
    ]);
    for (const a of body.approximation.actors) expect(a.issues.reduce((s, r) => s + r.salience, 0)).toBeCloseTo(100, 4);
    expect(body.approximation.summary[0]).toContain('within 0.2194');
    // The stored scenario is a valid one: it forecasts.
    const stored = await call('GET', `/api/scenarios/${body.scenario.id}`);
    expect(stored.json.content.issues).toHaveLength(3);
    expect(stored.json.content.actors).toHaveLength(2);
    const forecast = await call('GET', `/api/scenarios/${body.scenario.id}/forecast`);
    expect(forecast.status).toBe(200);
  });

  it('is analysed as deals: outcomes and Pareto frontier as GENIUS counts them (../shared expected.json)', async () => {
    const { call } = testApp();
    const expected = JSON.parse(readFileSync(sharedPath('reference', 'genius', 'expected.json'), 'utf8')) as Record<string, unknown>;
    const start = await call('POST', '/api/jobs', { kind: 'deals', scenario: smallScenario(), params: { genius_zip: Buffer.from(zip()).toString('base64') } });
    expect(start.status).toBe(202);
    expect(start.json.job.params.genius).toBe('(uploaded negotiation)');
    const job = (await call('GET', `/api/jobs/${start.json.job.id}?wait`)).json.job;
    expect(job.status).toBe('done');
    expect(job.result.source).toBe('genius');
    const laptop = expected.Laptop as { outcomes: number; pareto_distinct_utility_vectors: number };
    expect(job.result.outcomes).toBe(laptop.outcomes);
    expect(job.result.pareto.distinct).toBe(laptop.pareto_distinct_utility_vectors);
    expect(job.result.parties).toHaveLength(2);
    expect(job.result.frontier.length).toBe(job.result.pareto.distinct);
  });
});

describeWithShared('reference/genius/domains/10issues_nonlinear', 'a zipped non-linear GENIUS negotiation', () => {
  it('is refused, each problem located in its file inside the archive', async () => {
    const dir = sharedPath('reference', 'genius', 'domains', '10issues_nonlinear');
    const bytes = makeZip(readdirSync(dir).map((f) => ({ path: `nl/${f}`, text: readFileSync(`${dir}/${f}`, 'utf8') })));
    const { app } = testApp();
    const form = new FormData();
    form.append('file', new File([bytes], 'nl.zip'));
    const res = await app.request('/api/import', { method: 'POST', body: form });
    expect(res.status).toBe(422);
    const body = (await res.json()) as { error: { problems: { code: string; text: string }[] } };
    expect(body.error.problems.map((p) => p.code)).toEqual(['nonlinear-profile', 'nonlinear-profile']);
    expect(body.error.problems[0]!.text).toMatch(/^nl\.zip\/nl\/profile-1\.xml:\d+:\d+: profile "profile-1" is non-linear/);
  });
});
