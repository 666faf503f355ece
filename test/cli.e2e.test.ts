// End-to-end: run the real `parley` executable (dist/, built by `npm test`) as a user would.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parley, requireBuild } from './executable.js';
import { describeWithShared, REPO, sharedPath } from './shared.js';



let dir: string;
beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'parley-e2e-'));
});

describe('parley forecast', () => {
  it('forecasts the built-in Busan example with every model by default', () => {
    const r = parley('forecast');
    expect(r.code).toBe(0);
    expect(r.out).toContain("US–China leaders' summit, Busan, 30 October 2025");
    expect(r.out).toMatch(/issue\s+status quo\s+no deal\s+compromise\s+median\s+nash\s/);
    for (const name of ['Fentanyl tariff', 'Rare-earth', 'Soybean', 'Taiwan', 'TikTok', 'Port fees', 'Jimmy Lai']) expect(r.out).toContain(name);
    expect(r.out).toContain('What the forecasts mean');
  });
  it('prints the JSON other programs rely on', () => {
    const r = parley('forecast', '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.scenario.title).toMatch(/Busan/);
    expect(j.issues).toHaveLength(14);
    for (const i of j.issues) {
      expect(Object.keys(i)).toEqual(expect.arrayContaining(['id', 'name', 'status_quo', 'no_deal', 'forecasts']));
      expect(Object.keys(i.forecasts)).toEqual(expect.arrayContaining(['compromise', 'median', 'nash']));
      for (const v of Object.values(i.forecasts)) expect(Number.isFinite(v)).toBe(true);
    }
  });
  it('gives the EC car-emissions example its published values: compromise 7.389956, median 7', () => {
    const j = JSON.parse(parley('forecast', 'scenarios/ec-car-emissions-1994.yaml', '--format', 'json').out);
    expect(j.issues[0].forecasts.compromise.toFixed(6)).toBe('7.389956');
    expect(j.issues[0].forecasts.median).toBe(7);
  });
  it('runs only the models asked for, in csv and markdown too', () => {
    const csv = parley('forecast', '--model', 'median', '--model', 'compromise', '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.out.split('\n')[0]).toBe('issue,name,status_quo,no_deal,median,compromise,spread,consensus,meaning');
    const md = parley('forecast', '-m', 'nash', '--format', 'markdown');
    expect(md.out).toMatch(/^## US–China/);
    expect(md.out).toContain('|---|---:|');
  });
  it('writes --out atomically and refuses a folder that does not exist, leaving nothing behind', () => {
    const out = join(dir, 'f.json');
    expect(parley('forecast', '--format', 'json', '--out', out).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).issues).toHaveLength(14);
    const bad = parley('forecast', '--out', join(dir, 'nope', 'f.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/does not exist/);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });
  it('rejects unknown models, formats and options with exit 2 and a suggestion', () => {
    const m = parley('forecast', '--model', 'compromse');
    expect(m.code).toBe(2);
    expect(m.err).toContain('did you mean compromise?');
    expect(parley('forecast', '--format', 'xml').code).toBe(2);
    const o = parley('forecast', '--modle', 'x');
    expect(o.code).toBe(2);
    expect(o.err).toMatch(/unknown option '--modle'/);
    expect(parley('frobnicate').code).toBe(2);
  });
});

describe('bad input: located messages, exit 2, never a stack trace', () => {
  const broken = `title: broken
actors:
  - { id: us, name: US, capability: -3 }
  - { id: cn, name: China, capability: 10 }
issues:
  - { id: tariffs, name: Tariffs }
stances:
  - { actor: us, issue: tariffs, position: 50, salience: 140 }
  - { actor: chn, issue: tariffs, position: 20, salience: 50 }
`;
  it('validate lists every problem as file:line:column: what — fix', () => {
    const f = join(dir, 'broken.yaml');
    writeFileSync(f, broken);
    const r = parley('validate', f);
    expect(r.code).toBe(2);
    expect(r.err).toContain('broken.yaml:3:25: capability -3 is out of range — capability is ≥ 0');
    expect(r.err).toContain('broken.yaml:8:48: salience 140 is out of range');
    expect(r.err).toContain('broken.yaml:9:7: unknown actor "chn" — did you mean "cn"?');
    expect(r.err).toContain('3 problems found.');
    expect(r.err).not.toMatch(/\n\s+at /);
  });
  it('every other command refuses the invalid file the same way', () => {
    const f = join(dir, 'broken2.yaml');
    writeFileSync(f, broken);
    for (const cmd of ['forecast', 'import']) {
      const r = parley(cmd, f);
      expect(r.code).toBe(2);
      expect(r.err).toContain('broken2.yaml:3:25');
      expect(r.out).toBe('');
    }
  });
  it('a malformed file, a missing file and an empty actor list', () => {
    const f = join(dir, 'syntax.yaml');
    writeFileSync(f, 'title: x\nactors: [\n');
    expect(parley('forecast', f)).toEqual(expect.objectContaining({ code: 2, err: expect.stringMatching(/syntax\.yaml:3:1: syntax error/) }));
    expect(parley('forecast', join(dir, 'missing.yaml'))).toEqual(expect.objectContaining({ code: 2, err: expect.stringContaining('file not found') }));
    const g = join(dir, 'empty.json');
    writeFileSync(g, '{"title": "e", "actors": [], "issues": [], "stances": []}');
    const r = parley('forecast', g);
    expect(r.code).toBe(2);
    expect(r.err).toContain('the scenario has 0 actors; a negotiation needs at least two');
  });
  it('validate says valid for a good file', () => {
    const r = parley('validate', 'scenarios/us-china-busan-2025.yaml');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/valid — 16 actors, 14 issues, \d+ stances/);
  });
});

describe('schema, init, import, help, version', () => {
  it('schema prints the published JSON Schema', () => {
    const r = parley('schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual(JSON.parse(readFileSync(join(REPO, 'schema', 'scenario.schema.json'), 'utf8')));
  });
  it('init writes a commented template that validates and forecasts, and will not overwrite', () => {
    const f = join(dir, 'new.yaml');
    expect(parley('init', f).code).toBe(0);
    expect(readFileSync(f, 'utf8')).toMatch(/^# /m);
    expect(parley('validate', f).code).toBe(0);
    expect(parley('forecast', f).code).toBe(0);
    const again = parley('init', f);
    expect(again.code).toBe(2);
    expect(again.err).toContain('--force');
  });
  it('import writes a Parley scenario that reads back the same', () => {
    const out = join(dir, 'ec.json');
    expect(parley('import', 'scenarios/ec-car-emissions-1994.yaml', '--out', out).code).toBe(0);
    expect(parley('forecast', out, '--format', 'json').code).toBe(0);
  });
  it('--help lists the commands, and each command has examples; --version prints the version', () => {
    const h = parley('--help');
    expect(h.code).toBe(0);
    for (const c of ['forecast', 'validate', 'schema', 'init', 'dynamics', 'import']) expect(h.out).toContain(c);
    for (const c of ['forecast', 'validate', 'schema', 'init', 'dynamics', 'import']) expect(parley(c, '--help').out).toContain('Examples:');
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
    expect(parley('--version').out.trim()).toBe(pkg.version);
  });
});

describe('built-in scenarios', () => {
  it.each(readdirSync(join(REPO, 'scenarios')).filter((f) => /\.ya?ml$/.test(f)))('%s is valid', (f) => {
    expect(parley('validate', join('scenarios', f)).code).toBe(0);
  });
  it('the Busan example has all 14 issues with anchors, status quo and no-deal points, ≥ 12 actors, and a note on every stance', async () => {
    const { parse } = await import('yaml');
    const s = parse(readFileSync(join(REPO, 'scenarios', 'us-china-busan-2025.yaml'), 'utf8'));
    expect(s.issues).toHaveLength(14);
    for (const i of s.issues) {
      expect(Object.keys(i.anchors).length).toBeGreaterThanOrEqual(3);
      expect(typeof i.status_quo).toBe('number');
      expect(typeof i.no_deal).toBe('number');
    }
    expect(s.actors.length).toBeGreaterThanOrEqual(12);
    for (const a of s.actors) expect(a.capability).toBeGreaterThan(0);
    const noted = s.stances.filter((x: { note?: string }) => x.note).length;
    expect(noted).toBe(s.stances.length);
  });
});

describeWithShared('reference/genius/domains/Laptop', 'parley import of a GENIUS folder', () => {
  it('converts the ANAC Laptop negotiation to a valid scenario and prints the approximation', () => {
    const out = join(dir, 'laptop.yaml');
    const r = parley('import', sharedPath('reference', 'genius', 'domains', 'Laptop'), '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toContain('laptop_buyer_utility: Parley utility within 0.2194');
    expect(r.err).toContain('laptop_seller_utility: Parley utility within 0.1234');
    const check = parley('validate', out);
    expect(check.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('label: Macintosh');
    expect((text.match(/note: "?Converted from GENIUS profile/g) ?? []).length).toBe(6);
    const bad = parley('import', sharedPath('reference', 'genius', 'domains', '10issues_nonlinear'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/profile-1\.xml:\d+:\d+: profile "profile-1" is non-linear/);
  });
});
