// `parley deals`, `parley simulate` and `parley tournament` run in-process, exactly as the executable runs them
// (test/inProcess.ts).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parleyInProcess } from '../../../test/inProcess.js';
import { describeWithShared, readShared, sharedPath } from '../../../test/shared.js';

const parley = parleyInProcess;

let dir: string;
const SMALL = `
title: Small
actors:
  - { id: n1, name: North leader, capability: 3, group: North }
  - { id: s1, name: South leader, capability: 2, group: South }
issues:
  - { id: tax, name: Tax, anchors: { 0: "no tax", 100: "full tax" }, status_quo: 50, no_deal: 0 }
  - { id: aid, name: Aid, anchors: { 0: "no aid", 100: "full aid" }, status_quo: 50 }
stances:
  - { actor: n1, issue: tax, position: 100, salience: 80 }
  - { actor: n1, issue: aid, position: 0, salience: 20 }
  - { actor: s1, issue: tax, position: 0, salience: 20 }
  - { actor: s1, issue: aid, position: 100, salience: 80 }
`;
let small: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-deals-'));
  small = join(dir, 'small.yaml');
  writeFileSync(small, SMALL);
});

describe('parley deals', () => {
  it('analyses the built-in Busan example: frontier, points, packages in anchor words, forecast, logrolls', async () => {
    const r = await parley('deals', '--parties', 'United States,China');
    expect(r.code).toBe(0);
    expect(r.out).toContain("US–China leaders' summit");
    expect(r.out).toMatch(/14 issues, 3,662,109,375 possible packages; 2 parties: United States \(8 actors\), China \(5 actors\)/);
    expect(r.out).toMatch(/Pareto frontier: [\d,]+ packages/);
    for (const s of ['Nash', 'Kalai–Smorodinsky', 'Egalitarian', 'Maximum welfare', 'The Nash package in words', 'The compromise forecast against the frontier', 'Best logrolls between United States and China over the status quo']) {
      expect(r.out).toContain(s);
    }
    // The fentanyl-for-soybeans trade, in the issue's words.
    expect(r.out).toMatch(/United States moves toward China on Fentanyl tariff \(salience [\d.]+ vs [\d.]+\) in exchange for China moving toward United States on Soybean and farm purchases/);
  });

  it('prints the JSON the issue fixes, utilities in party order', async () => {
    const r = await parley('deals', small, '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['outcomes', 'pareto', 'nash', 'kalai_smorodinsky', 'max_welfare', 'opposition']));
    expect(j.outcomes).toBe(25);
    expect(j.pareto.outcomes).toBeGreaterThanOrEqual(j.pareto.distinct);
    for (const k of ['nash', 'kalai_smorodinsky', 'max_welfare']) expect(j[k]).toHaveLength(2);
    expect(j.parties.map((p: { name: string }) => p.name)).toEqual(['North', 'South']);
    expect(j.packages.nash.map((x: { issue: string }) => x.issue)).toEqual(['tax', 'aid']);
    expect(j.logrolls.logrolls[0].explanation).toMatch(/^North moves toward South on Aid .* in exchange for South moving toward North on Tax/);
    expect(typeof j.forecast.distance_to_frontier).toBe('number');
  });

  it('writes the deal space as GENIUS XML that `parley deals` reads back with the same frontier', async () => {
    const out = join(dir, 'genius-out');
    const w = await parley('deals', small, '--write-genius', out, '--format', 'json');
    expect(w.code).toBe(0);
    expect(w.err).toContain('Wrote 3 GENIUS files');
    expect(readdirSync(out).sort()).toEqual(['Small-North.xml', 'Small-South.xml', 'Small-domain.xml']);
    const back = JSON.parse((await parley('deals', out, '--format', 'json')).out);
    const first = JSON.parse(w.out);
    expect(back.convention).toBe('genius');
    expect([back.outcomes, back.pareto.distinct, back.pareto.outcomes]).toEqual([first.outcomes, first.pareto.distinct, first.pareto.outcomes]);
    back.nash.forEach((u: number, i: number) => expect(u).toBeCloseTo(first.nash[i], 12));
  });

  it('locates problems in a GENIUS folder by file, line and column, and exits 2', async () => {
    const bad = join(dir, 'bad-genius');
    mkdirSync(bad, { recursive: true });
    writeFileSync(join(bad, 'domain.xml'), '<negotiation_template><utility_space><objective name="d">\n<issue index="1" name="x" type="discrete"><item value="a"/><item value="b"/></issue>\n</objective></utility_space></negotiation_template>');
    writeFileSync(join(bad, 'p1.xml'), '<utility_space><objective>\n<issue index="1" name="x"><item value="a" evaluation="1"/><item value="c" evaluation="2"/></issue>\n<weight index="1" value="1"/></objective></utility_space>');
    writeFileSync(join(bad, 'p2.xml'), '<utility_space><objective>\n<issue index="1" name="x"><item value="a" evaluation="1"/><item value="b" evaluation="oops"/></issue>\n<weight index="1" value="1"/></objective></utility_space>');
    const r = await parley('deals', bad);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/p1\.xml:2:\d+: value "c" is not a value of issue "x" in the domain — use one of: a, b/);
    expect(r.err).toMatch(/p2\.xml:2:\d+: evaluation="oops" on <item> is not a number/);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it('refuses bad options with a message and exit 2', async () => {
    const unknown = await parley('deals', small, '--parties', 'Nort,South');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('did you mean "North"?');
    expect((await parley('deals', small, '--points', '0')).code).toBe(2);
    expect((await parley('deals', small, '--baseline', 'later')).err).toContain('use status-quo or forecast');
    expect((await parley('deals', join(dir, 'missing.yaml'))).err).toContain('file not found');
  });
});

describeWithShared('reference/genius/domains/Laptop', 'parley deals on GENIUS folders', () => {
  it('reproduces expected.json for Laptop through the command line', async () => {
    const e = JSON.parse(readShared('reference/genius/expected.json')).Laptop;
    const j = JSON.parse((await parley('deals', sharedPath('reference/genius/domains/Laptop'), '--format', 'json')).out);
    expect(j.outcomes).toBe(e.outcomes);
    expect([j.pareto.outcomes, j.pareto.distinct]).toEqual([e.pareto_outcomes_including_ties, e.pareto_distinct_utility_vectors]);
    j.nash.forEach((u: number, i: number) => expect(Math.abs(u - e.nash_disagreement_is_reservation_or_0[i])).toBeLessThan(1e-9));
    j.kalai_smorodinsky.forEach((u: number, i: number) => expect(Math.abs(u - e.kalai_smorodinsky_normalised_gains[i])).toBeLessThan(1e-9));
    expect(j.opposition).toBeCloseTo(e.opposition_level, 12);
  });

  it('chooses profiles and the NegMAS convention', async () => {
    const j = JSON.parse((await parley('deals', sharedPath('reference/genius/domains/Party'), '--profiles', 'party1_utility,party2_utility,party3_utility', '--format', 'json')).out);
    expect(j.pareto.distinct).toBe(102);
    const n = JSON.parse((await parley('deals', sharedPath('reference/genius/domains/Camera'), '--convention', 'negmas', '--format', 'json')).out);
    expect([n.convention, n.pareto.distinct]).toEqual(['negmas', 12]);
  });
});

describe('parley simulate', () => {
  it('prints the trace and the result; the same seed gives the same JSON', async () => {
    const t = await parley('simulate', small, '--strategies', 'boulware,conceder', '--deadline', '60', '--seed', '1');
    expect(t.code).toBe(0);
    expect(t.out).toContain('Small — strategies: North boulware, South conceder.');
    expect(t.out).toMatch(/round\s+t\s+party\s+action\s+U North\s+U South/);
    expect(t.out).toMatch(/Agreement in round \d+|No agreement/);
    const a = await parley('simulate', small, '--strategies', 'random,nice-tit-for-tat', '--seed', '3', '--format', 'json');
    const b = await parley('simulate', small, '--strategies', 'random,nice-tit-for-tat', '--seed', '3', '--format', 'json');
    expect(a.out).toBe(b.out);
    const j = JSON.parse(a.out);
    expect(j.trace.length).toBeGreaterThan(0);
    for (const e of j.trace.filter((x: { action: string }) => x.action === 'offer')) expect(e.utilities).toHaveLength(2);
    const csv = await parley('simulate', small, '--strategies', 'linear,linear', '--format', 'csv');
    expect(csv.out.split('\n')[0]).toBe('turn,round,time,party,action,utility_North,utility_South,tax,aid');
  });

  it('refuses unknown strategies and a wrong count, exit 2', async () => {
    const r = await parley('simulate', small, '--strategies', 'boulwar,linear');
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean "boulware"?');
    expect((await parley('simulate', small, '--strategies', 'linear')).err).toContain('1 given for 2 parties');
    expect((await parley('simulate', small, '--deadline', 'soon')).err).toContain('--deadline soon');
  });
});

describe('parley tournament', () => {
  it('ranks the strategies; reproducible with a seed', async () => {
    const r = await parley('tournament', small, '--strategies', 'boulware,conceder,hardliner,random', '--deadline', '40', '--repetitions', '2', '--seed', '9');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Tournament: 4 strategies × 1 domain × both roles × 2 repetitions = 24 negotiations');
    expect(r.out).toMatch(/rank\s+strategy\s+runs\s+agreements\s+mean payoff\s+welfare\s+dist\. Pareto\s+dist\. Nash\s+rounds/);
    const a = await parley('tournament', small, '--strategies', 'boulware,random', '--seed', '9', '--format', 'json');
    const b = await parley('tournament', small, '--strategies', 'boulware,random', '--seed', '9', '--format', 'json');
    expect(a.out).toBe(b.out);
    expect(JSON.parse(a.out).ranking).toHaveLength(2);
    const csv = await parley('tournament', small, '--strategies', 'boulware,random', '--format', 'csv');
    expect(csv.out.split('\n')).toHaveLength(2 + 1 + 1); // header, 2 runs, final newline
    expect(readFileSync(small, 'utf8')).toBe(SMALL);
  });
});
