// GENIUS / GeniusWeb negotiations converted to Parley scenarios: the scenario validates, issues and options
// follow the domain, saliences sum to 100, the reported gaps are the true ones (checked by enumerating every
// package through the independent Parley deal space of the written scenario), an exact synthetic domain
// converts exactly, and non-linear profiles / numeric issues are refused in their files.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioDealSpace } from '../src/core/deals/fromScenario.js';
import { enumerateUtilities, type DealSpace } from '../src/core/deals/space.js';
import { toPointScenario } from '../src/core/scenario.js';
import { validateScenario } from '../src/core/validateScenario.js';
import { describeWithShared, sharedPath } from './shared.js';
import { readGeniusFolder, readGeniusWebFiles, type SourceFile } from '../src/formats/genius.js';
import { fitPeak, issueGap, optionPoints, readGeniusNegotiation, type NegotiationConversion } from '../src/formats/geniusToScenario.js';
import { parseText, writeScenarioText } from '../src/formats/scenarioText.js';

function folder(...parts: string[]): SourceFile[] {
  const dir = sharedPath(...parts);
  return readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/** The written scenario, read back through YAML and the validator. */
function roundTrip(conv: NegotiationConversion) {
  const text = writeScenarioText(conv.scenario!, 'yaml');
  const parsed = parseText(text);
  const v = validateScenario(parsed.value);
  expect(v.problems).toEqual([]);
  return v.scenario!;
}

/** max over every package of |Parley utility − source utility / M|, per actor, by full enumeration. */
function enumeratedGaps(source: DealSpace, conv: NegotiationConversion): number[] {
  const scenario = toPointScenario(roundTrip(conv));
  const parley = scenarioDealSpace(scenario, { parties: 'actors' });
  const a = enumerateUtilities(source);
  const b = enumerateUtilities(parley);
  const k = source.parties.length;
  expect(parley.parties).toHaveLength(k);
  const gaps = new Array<number>(k).fill(0);
  for (let o = 0; o < a.length / k; o++) {
    for (let p = 0; p < k; p++) {
      const d = Math.abs(b[o * k + p]! - a[o * k + p]! / conv.approximation[p]!.sourceMax);
      if (d > gaps[p]!) gaps[p] = d;
    }
  }
  return gaps;
}

function checkShape(conv: NegotiationConversion, source: DealSpace) {
  expect(conv.problems).toEqual([]);
  const s = conv.scenario!;
  expect(s.issues).toHaveLength(source.issues.length);
  expect(s.actors).toHaveLength(source.parties.length);
  s.issues.forEach((issue, j) => {
    expect(issue.options!.map((o) => o.label)).toEqual(source.issues[j]!.values);
    expect(issue.options!.map((o) => o.value)).toEqual(optionPoints(source.issues[j]!.values.length));
    expect(issue.scale).toEqual({ min: 0, max: 100 });
  });
  for (const actor of s.actors) {
    const mine = s.stances.filter((t) => t.actor === actor.id);
    expect(mine).toHaveLength(s.issues.length);
    expect(mine.reduce((sum, t) => sum + (t.salience as number), 0)).toBeCloseTo(100, 4);
    for (const t of mine) expect(t.note).toMatch(/^Converted from (GENIUS|GeniusWeb) profile /);
    expect(actor.capability).toBe(1);
  }
}

describeWithShared('reference/genius/domains/Laptop', 'GENIUS reference domains as scenarios', () => {
  const cases: { name: string; issues: number; options: number; actors: number; gaps: number[] }[] = [
    { name: 'Laptop', issues: 3, options: 9, actors: 2, gaps: [0.2194, 0.1234] },
    { name: 'Energy', issues: 8, options: 40, actors: 2, gaps: [0.0475, 0.0975] },
    { name: 'Party', issues: 6, options: 23, actors: 9, gaps: [0.1725, 0.4727, 0.3586, 0.123, 0.2235, 0.3951, 0.2589, 0.1763, 0.2589] },
  ];
  for (const c of cases) {
    it(`${c.name}: ${c.issues} issues, ${c.options} options, ${c.actors} actors; gaps as reported and as enumerated`, () => {
      const files = folder('reference', 'genius', 'domains', c.name);
      const source = readGeniusFolder(files).space!;
      const conv = readGeniusNegotiation(files, { title: c.name });
      checkShape(conv, source);
      const s = conv.scenario!;
      expect(s.issues).toHaveLength(c.issues);
      expect(s.issues.reduce((n, i) => n + i.options!.length, 0)).toBe(c.options);
      expect(s.actors).toHaveLength(c.actors);
      expect(conv.approximation.map((a) => Number(a.maxGap.toFixed(4)))).toEqual(c.gaps);
      // The reported figure is the true largest gap over every package of the written scenario.
      const enumerated = enumeratedGaps(source, conv);
      enumerated.forEach((g, p) => expect(g).toBeCloseTo(conv.approximation[p]!.maxGap, 9));
      expect(s.description).toContain('Reservation values');
    });
  }

  it('Laptop: saliences are the GENIUS weights ×100 and notes name each gap', () => {
    const conv = readGeniusNegotiation(folder('reference', 'genius', 'domains', 'Laptop'));
    const buyer = conv.scenario!.stances.filter((t) => t.actor === 'laptop_buyer_utility');
    // The file's weights sum to 1.0000518: saliences are 100·w/Σw.
    const w = [0.4452125771655631, 0.37808251708013424, 0.1767567099260568];
    const sum = w[0]! + w[1]! + w[2]!;
    buyer.forEach((t, j) => expect(t.salience).toBeCloseTo((100 * w[j]!) / sum, 6));
    // Laptop values Dell 12, Macintosh 20, HP 30 → g = 0.4, 0.6667, 1 at 0, 50, 100. A peak at p gives Dell
    // 1 − p/100 and HP p/100; both gaps are 0.2 at p = 80 (Macintosh: 0.7 vs 0.6667), and no peak does better.
    expect(buyer[0]!.position).toBe(80);
    expect(buyer[0]!.note).toContain('differs from them by up to 0.2000');
  });

  it('the fitted peak is never worse than the best value or the utility-weighted centre', () => {
    const files = folder('reference', 'genius', 'domains', 'Party');
    const source = readGeniusFolder(files).space!;
    for (const party of source.parties) {
      if (party.utility.kind !== 'additive') continue;
      party.utility.contributions.forEach((c) => {
        const m = Math.max(...c);
        const g = Array.from(c, (x) => x / m);
        const x = optionPoints(g.length);
        const fitted = issueGap(x, g, fitPeak(x, g));
        const best = x[g.indexOf(1)]!;
        const centre = g.reduce((s, u, v) => s + u * x[v]!, 0) / g.reduce((s, u) => s + u, 0);
        // (the fitted peak is rounded to 4 decimals: at most 5e-7 of gap)
        expect(fitted).toBeLessThanOrEqual(issueGap(x, g, best) + 1e-6);
        expect(fitted).toBeLessThanOrEqual(issueGap(x, g, centre) + 1e-6);
      });
    }
  });

  it('GeniusWeb Party: the same conversion from JSON profiles', () => {
    const files = folder('reference', 'genius', 'geniusweb', 'Party');
    const source = readGeniusWebFiles(files).space!;
    const conv = readGeniusNegotiation(files);
    expect(conv.format).toBe('geniusweb');
    checkShape(conv, source);
    enumeratedGaps(source, conv).forEach((g, p) => expect(g).toBeCloseTo(conv.approximation[p]!.maxGap, 9));
    expect(conv.scenario!.description).toMatch(/party1: 0\.50636/);
  });

  it('non-linear profiles are refused at their <utility> element', () => {
    const conv = readGeniusNegotiation(folder('reference', 'genius', 'domains', '10issues_nonlinear'));
    expect(conv.scenario).toBeUndefined();
    const nonlinear = conv.problems.filter((p) => p.code === 'nonlinear-profile');
    expect(nonlinear.map((p) => p.file)).toEqual(['profile-1.xml', 'profile-2.xml']);
    for (const p of nonlinear) expect(p.line).toBeGreaterThan(0);
    // The integer issues go with the non-linear profiles: only the profiles are named.
    expect(conv.problems).toHaveLength(2);
    const files = folder('reference', 'genius', 'domains', '10issues_nonlinear');
    const utilityLine = files.find((f) => f.name === 'profile-1.xml')!.text.split('\n').findIndex((l) => /<utility\b/.test(l)) + 1;
    expect(nonlinear[0]!.line).toBe(utilityLine);
  });
});

// ---------------------------------------------------------------- a synthetic domain that converts exactly

const domainXml = `<negotiation_template><utility_space><objective index="0" name="Exact">
<issue index="1" name="Price" type="discrete"><item index="1" value="low"/><item index="2" value="mid"/><item index="3" value="high"/></issue>
<issue index="2" name="Term" type="discrete"><item index="1" value="1y"/><item index="2" value="2y"/><item index="3" value="3y"/><item index="4" value="4y"/><item index="5" value="5y"/></issue>
<issue index="3" name="Extras" type="discrete"><item index="1" value="none"/><item index="2" value="all"/></issue>
</objective></utility_space></negotiation_template>`;

function profileXml(evals: number[][], weights: number[], reservation: number): string {
  const names = [['low', 'mid', 'high'], ['1y', '2y', '3y', '4y', '5y'], ['none', 'all']];
  const issues = ['Price', 'Term', 'Extras']
    .map((n, j) => `<issue index="${j + 1}" name="${n}">${names[j]!.map((v, k) => `<item value="${v}" evaluation="${evals[j]![k]}"/>`).join('')}</issue>`)
    .join('\n');
  return `<utility_space><reservation value="${reservation}"/><objective index="0" name="Exact">\n${issues}\n${weights.map((w, j) => `<weight index="${j + 1}" value="${w}"/>`).join('')}</objective></utility_space>`;
}

describe('a single-peaked, linear domain', () => {
  // Buyer: price falls linearly from "low"; term peaks at 3y (1 − |x − 50|/100 → 0.5, 0.75, 1, 0.75, 0.5, ×4);
  // extras: "all" best, "none" at 0. Seller mirrors price and prefers 1y.
  const files: SourceFile[] = [
    { name: 'domain.xml', text: domainXml },
    { name: 'buyer.xml', text: profileXml([[10, 5, 0], [2, 3, 4, 3, 2], [0, 1]], [0.5, 0.3, 0.2], 0.3) },
    { name: 'seller.xml', text: profileXml([[0, 1, 2], [1, 0.75, 0.5, 0.25, 0], [1, 0]], [0.6, 0.25, 0.15], 0.25) },
  ];

  it('converts exactly: positions at the peaks, gaps 0, utilities equal on every package', () => {
    const source = readGeniusFolder(files).space!;
    const conv = readGeniusNegotiation(files);
    checkShape(conv, source);
    const s = conv.scenario!;
    expect(s.issues.map((i) => i.id)).toEqual(['price', 'term', 'extras']);
    expect(s.actors.map((a) => [a.id, a.group])).toEqual([['buyer', 'buyer'], ['seller', 'seller']]);
    expect(s.stances.map((t) => [t.actor, t.issue, t.position, t.salience])).toEqual([
      ['buyer', 'price', 0, 50],
      ['buyer', 'term', 50, 30],
      ['buyer', 'extras', 100, 20],
      ['seller', 'price', 100, 60],
      ['seller', 'term', 0, 25],
      ['seller', 'extras', 0, 15],
    ]);
    for (const a of conv.approximation) {
      expect(a.maxGap).toBeLessThan(1e-12);
      for (const r of a.issues) expect(r.gap).toBeLessThan(1e-12);
    }
    for (const g of enumeratedGaps(source, conv)) expect(g).toBeLessThan(1e-12);
    for (const t of s.stances) expect(t.note).toContain('reproduces them exactly');
    expect(s.description).toContain('buyer: 0.3; seller: 0.25');
  });

  it('flags a profile that is not single-peaked', () => {
    const bimodal = [...files.slice(0, 2), { name: 'seller.xml', text: profileXml([[1, 0, 1], [1, 0.75, 0.5, 0.25, 0], [1, 0]], [0.6, 0.25, 0.15], 0) }];
    const conv = readGeniusNegotiation(bimodal);
    const price = conv.approximation[1]!.issues[0]!;
    // g = 1, 0, 1 at 0, 50, 100. A peak p gives the middle at least 0.5 (gap ≥ 0.5) and one end at most 0.5; the
    // minimax is p = 25 (or 75): closeness 0.75, 0.75, 0.25 → gaps 0.25, 0.75, 0.75.
    expect(price.gap).toBeCloseTo(0.75, 12);
    expect(price.position).toBe(25);
    expect(price.weightedGap).toBeCloseTo(0.45, 12);
  });
});

describe('fitPeak', () => {
  it('finds the minimax peak (checked against a fine grid)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 7 }), (raw) => {
        const m = Math.max(...raw);
        const g = m > 0 ? raw.map((u) => u / m) : raw.map(() => 1);
        const x = optionPoints(g.length);
        const fitted = issueGap(x, g, fitPeak(x, g));
        let grid = Infinity;
        for (let p = 0; p <= 100; p += 0.01) grid = Math.min(grid, issueGap(x, g, p));
        // 4-decimal rounding of the peak costs at most 5e-7 (slope 1/100).
        expect(fitted).toBeLessThanOrEqual(grid + 1e-6);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('GeniusWeb number ranges', () => {
  it('are refused at the issue in the domain file', () => {
    const domain = { name: 'd', issuesValues: { price: { range: { low: 0, high: 10, step: 1 } }, colour: { values: ['red', 'blue'] } } };
    const profile = (name: string) => ({
      LinearAdditiveUtilitySpace: {
        name,
        domain,
        issueWeights: { price: 0.5, colour: 0.5 },
        issueUtilities: {
          price: { numberutils: { lowValue: 0, lowUtility: 0, highValue: 10, highUtility: 1 } },
          colour: { discreteutils: { valueUtilities: { red: 1, blue: 0 } } },
        },
      },
    });
    const files = [
      { name: 'domain.json', text: JSON.stringify(domain, null, 2) },
      { name: 'a.json', text: JSON.stringify(profile('a'), null, 2) },
      { name: 'b.json', text: JSON.stringify(profile('b'), null, 2) },
    ];
    const conv = readGeniusNegotiation(files);
    expect(conv.problems.map((p) => [p.code, p.file, p.line])).toEqual([['numeric-issue', 'domain.json', 4]]);
  });
});
