import { describe, expect, it } from 'vitest';
import { scenarioDealSpace } from '../core/deals/fromScenario.js';
import { frontierByEnumeration } from '../core/deals/pareto.js';
import { enumerateUtilities, utilityOf, type DealSpace } from '../core/deals/space.js';
import type { Scenario } from '../core/scenario.js';
import { detectFolderFormat, parseParetoFile, parseXml, readGeniusDomain, readGeniusFolder, readGeniusProfile, readGeniusWebFiles, writeGeniusXml } from './genius.js';

const DOMAIN = `<?xml version="1.0"?>
<!-- a comment with <tags> inside -->
<negotiation_template>
<utility_space number_of_issues="2">
  <objective index="0" name="Fruit">
    <issue index="1" name="Kind" type="discrete">
      <item index="1" value="apple"/>
      <item index="2" value="pear &amp; plum"/>
    </issue>
    <issue index="2" name="Amount" type="discrete">
      <item index="1" value="one"/>
      <item index="2" value="two"/>
      <item index="3" value="three"/>
    </issue>
  </objective>
</utility_space>
</negotiation_template>
`;

const profile = (evals: string, weights = '<weight index="1" value="0.6"/><weight index="2" value="0.4"/>', extra = '') => `<utility_space>
  ${extra}
  <objective index="0" name="Fruit">
    ${weights}
    ${evals}
  </objective>
</utility_space>
`;

const BUYER = profile(
  `<issue index="1" name="Kind"><item value="apple" evaluation="2"/><item value="pear &amp; plum" evaluation="4"/></issue>
    <issue index="2" name="Amount"><item value="one" evaluation="1"/><item value="two" evaluation="2"/><item value="three" evaluation="3"/></issue>`,
  undefined,
  '<reservation value="0.3"/><discount_factor value="0.9"/>',
);
const SELLER = profile(
  `<issue index="1" name="Kind"><item value="apple" evaluation="5"/><item value="pear &amp; plum" evaluation="1"/></issue>
    <issue index="2" name="Amount"><item value="three" evaluation="0"/><item value="two" evaluation="1"/><item value="one" evaluation="2"/></issue>`,
);

describe('XML tokenizer', () => {
  it('reads elements, attributes, entities, comments and positions', () => {
    const { root, problems } = parseXml(DOMAIN);
    expect(problems).toEqual([]);
    expect(root!.name).toBe('negotiation_template');
    expect(root!.line).toBe(3);
    const issue = root!.children[0]!.children[0]!.children[0]!;
    expect(issue.attributes).toEqual({ index: '1', name: 'Kind', type: 'discrete' });
    expect(issue.children[1]!.attributes.value).toBe('pear & plum');
    expect([issue.line, issue.column]).toEqual([6, 5]);
  });

  it('locates syntax errors', () => {
    const r = parseXml('<a>\n  <b x="1">\n</a>');
    expect(r.root).toBeUndefined();
    expect(r.problems[0]).toMatchObject({ code: 'xml-syntax', line: 3, column: 1 });
    expect(r.problems[0]!.message).toContain('</a> does not match <b> opened at line 2, column 3');
    expect(parseXml('<a x=1/>').problems[0]!.message).toContain('malformed attribute');
    expect(parseXml('<a>').problems[0]!.message).toContain('never closed');
    expect(parseXml('').problems[0]!.code).toBe('xml-empty');
  });
});

describe('GENIUS domain and profiles', () => {
  const domain = readGeniusDomain(DOMAIN).domain!;

  it('reads issues in pre-order with their values', () => {
    expect(domain.issues.map((i) => [i.index, i.name, i.values])).toEqual([
      [1, 'Kind', ['apple', 'pear & plum']],
      [2, 'Amount', ['one', 'two', 'three']],
    ]);
  });

  it('matches profile values by name, whatever their order, and reads reservation and discount', () => {
    const p = readGeniusProfile(SELLER, domain).profile!;
    expect(p.kind).toBe('linear');
    if (p.kind !== 'linear') return;
    expect(p.evaluations).toEqual([
      [5, 1],
      [2, 1, 0],
    ]);
    expect(p.reservation).toBeNull();
    const b = readGeniusProfile(BUYER, domain).profile!;
    expect([b.reservation, b.discount]).toEqual([0.3, 0.9]);
  });

  it('builds GENIUS-convention and NegMAS-convention utilities', () => {
    const files = [
      { name: 'domain.xml', text: DOMAIN },
      { name: 'buyer.xml', text: BUYER },
      { name: 'seller.xml', text: SELLER },
    ];
    const g = readGeniusFolder(files).space!;
    expect(g.parties.map((p) => p.id)).toEqual(['buyer', 'seller']);
    // GENIUS: 0.6·(4/4) + 0.4·(2/3) for (pear & plum, two)
    expect(utilityOf(g.parties[0]!.utility, [1, 1])).toBe(0 + 0.6 * (4 / 4) + 0.4 * (2 / 3));
    const n = readGeniusFolder(files, { convention: 'negmas' }).space!;
    expect(utilityOf(n.parties[0]!.utility, [1, 1])).toBe(0 + 0.6 * 4 + 0.4 * 2);
    // NegMAS gives the seller a reservation of 0 where the file has none; GENIUS leaves it out.
    expect([g.parties[1]!.reservation, n.parties[1]!.reservation]).toEqual([null, 0]);
    expect(g.parties[0]!.discount).toBe(0.9);
  });

  it('reports every problem of a profile, located', () => {
    const bad = profile(
      `<issue index="1" name="Kind"><item value="apple" evaluation="x"/><item value="banana" evaluation="1"/></issue>
    <issue index="3" name="Colour"/>`,
      '<weight index="1" value="0.6"/>',
    );
    const r = readGeniusProfile(bad, domain);
    expect(r.profile).toBeUndefined();
    const codes = r.problems.map((p) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['not-a-number', 'unknown-value', 'unknown-issue', 'missing-issue']));
    const nan = r.problems.find((p) => p.code === 'not-a-number')!;
    expect([nan.line, nan.column]).toEqual([5, 34]);
    expect(nan.message).toContain('evaluation="x"');
    expect(r.problems.every((p) => p.line !== undefined && p.fix.length > 0)).toBe(true);
  });

  it('reads non-linear hyper-rectangle profiles with inclusive bounds', () => {
    const dom = readGeniusDomain(`<negotiation_template><utility_space><objective name="r">
      <issue index="1" name="x" type="integer" lowerbound="0" upperbound="4"/>
      <issue index="2" name="y" type="integer" lowerbound="10" upperbound="12"/>
    </objective></utility_space></negotiation_template>`).domain!;
    const r = readGeniusProfile(
      `<utility_space type="nonlinear"><objective name="r"><utility maxutility="10"><ufun type="PlainUfun" weight="1" aggregation="sum">
        <hyperRectangle utility="6"><INCLUDES index="1" min="1" max="3"/><INCLUDES index="2" min="11" max="12"/></hyperRectangle>
        <hyperRectangle utility="7"><INCLUDES index="1" min="3" max="9"/></hyperRectangle>
      </ufun></utility></objective></utility_space>`,
      dom,
    );
    expect(r.problems).toEqual([]);
    if (r.profile?.kind !== 'nonlinear') throw new Error('expected a non-linear profile');
    const u = { kind: 'rectangles' as const, rectangles: r.profile.rectangles, weight: r.profile.weight, maxUtility: r.profile.maxUtility };
    expect(utilityOf(u, [1, 1])).toBe(0.6); // x = 1, y = 11: first rectangle (bounds inclusive)
    expect(utilityOf(u, [3, 2])).toBe(1); // both: 13/10 capped at 1
    expect(utilityOf(u, [4, 0])).toBe(0.7);
    expect(utilityOf(u, [0, 0])).toBe(0);
  });

  it('explains what is wrong with a folder', () => {
    expect(readGeniusFolder([{ name: 'domain.xml', text: DOMAIN }]).problems[0]!.message).toContain('no GENIUS profiles');
    expect(readGeniusFolder([{ name: 'd.xml', text: DOMAIN }, { name: 'b.xml', text: BUYER }]).problems[0]!.message).toContain('two or more profiles');
    const r = readGeniusFolder([{ name: 'd.xml', text: DOMAIN }, { name: 'b.xml', text: BUYER }, { name: 's.xml', text: SELLER }], { profiles: ['b', 'sellr'] });
    expect(r.problems[0]).toMatchObject({ code: 'unknown-profile', file: '.' });
    const broken = readGeniusFolder([{ name: 'd.xml', text: DOMAIN }, { name: 'b.xml', text: BUYER.replace('</objective>', '') }, { name: 's.xml', text: SELLER }]);
    expect(broken.problems[0]!.file).toBe('b.xml');
  });

  it('parses pareto.xml and recognises folders', () => {
    expect(parseParetoFile('\n0.5, 1.0\n1.0, 0.25\n').points).toEqual([
      [0.5, 1],
      [1, 0.25],
    ]);
    expect(parseParetoFile('0.5; x').problems[0]).toMatchObject({ line: 1, code: 'bad-pareto-line' });
    expect(detectFolderFormat([{ name: 'a.xml', text: DOMAIN }])).toBe('genius');
    expect(detectFolderFormat([{ name: 'a.json', text: '{"LinearAdditiveUtilitySpace": {}}' }])).toBe('geniusweb');
    expect(detectFolderFormat([{ name: 'a.txt', text: 'x' }])).toBeUndefined();
  });
});

describe('GeniusWeb JSON', () => {
  const domain = { name: 'd', issuesValues: { a: { values: ['x', 'y'] }, n: { range: { low: 0, high: 10, step: 5 } } } };
  const prof = (name: string, x: number, lowUtility: number, rb?: Record<string, string>) =>
    JSON.stringify({
      LinearAdditiveUtilitySpace: {
        name,
        domain,
        issueUtilities: { a: { discreteutils: { valueUtilities: { x, y: 1 - x } } }, n: { numberutils: { lowValue: 0, lowUtility, highValue: 10, highUtility: 1 - lowUtility } } },
        issueWeights: { a: 0.5, n: 0.5 },
        ...(rb ? { reservationBid: { issuevalues: rb } } : {}),
      },
    });

  it('reads discrete and number utilities and the reservation bid', () => {
    const r = readGeniusWebFiles([
      { name: 'p1.json', text: prof('p1', 1, 0, { a: 'y', n: '5' }) },
      { name: 'p2.json', text: prof('p2', 0, 1) },
    ]);
    expect(r.problems).toEqual([]);
    const s = r.space!;
    expect(s.issues.map((i) => i.values)).toEqual([
      ['x', 'y'],
      ['0', '5', '10'],
    ]);
    expect(utilityOf(s.parties[0]!.utility, [0, 2])).toBe(0.5 * 1 + 0.5 * 1);
    expect(utilityOf(s.parties[0]!.utility, [0, 1])).toBe(0.5 + 0.5 * 0.5);
    expect(s.parties[0]!.reservation).toBe(0.5 * 0 + 0.5 * 0.5);
    expect(s.parties[1]!.reservation).toBeNull();
  });

  it('locates mistakes in a profile', () => {
    const text = prof('p1', 1, 0).replace('"y":0', '"z":0');
    const r = readGeniusWebFiles([
      { name: 'p1.json', text },
      { name: 'p2.json', text: prof('p2', 0, 1) },
    ]);
    expect(r.problems.length).toBeGreaterThan(0);
    expect(r.problems[0]!.file).toBe('p1.json');
    expect(r.problems.some((p) => p.message.includes('"z" is not a value of issue "a"') && p.line === 1)).toBe(true);
  });
});

describe('writing GENIUS XML', () => {
  const scenario: Scenario = {
    title: 'Two issues & a <test>',
    sources: [],
    actors: [
      { id: 'a', name: 'A', capability: 2, group: 'North' },
      { id: 'b', name: 'B', capability: 1, group: 'North' },
      { id: 'c', name: 'C', capability: 3, group: 'South' },
    ],
    issues: [
      { id: 'tax', name: 'Tax', scale: { min: 0, max: 100 }, anchors: [{ value: 0, label: 'none' }, { value: 100, label: 'all' }], status_quo: 50 },
      { id: 'aid', name: 'Aid', scale: { min: 0, max: 10 }, anchors: [], status_quo: 0, no_deal: 2, options: [{ value: 0, label: 'zero' }, { value: 5, label: 'half' }, { value: 10, label: 'full' }] },
    ],
    stances: [
      { actor: 'a', issue: 'tax', position: 20, salience: 60 },
      { actor: 'b', issue: 'tax', position: 40, salience: 30 },
      { actor: 'b', issue: 'aid', position: 10, salience: 80 },
      { actor: 'c', issue: 'tax', position: 90, salience: 10 },
      { actor: 'c', issue: 'aid', position: 0, salience: 90 },
    ],
  };

  it('round-trips a scenario deal space: the same utilities in the GENIUS convention', () => {
    const space = scenarioDealSpace(scenario, { points: 5 });
    const { files, problems } = writeGeniusXml(space);
    expect(problems).toEqual([]);
    expect(files!.map((f) => f.name)).toEqual(['Two_issues_a_test-domain.xml', 'Two_issues_a_test-North.xml', 'Two_issues_a_test-South.xml']);
    const back = readGeniusFolder(files!);
    expect(back.problems).toEqual([]);
    const a = enumerateUtilities(space);
    const b = enumerateUtilities(back.space!);
    a.forEach((x, i) => expect(Math.abs(x - b[i]!)).toBeLessThan(1e-15));
    expect(back.space!.parties.map((p) => p.reservation)).toEqual(space.parties.map((p) => p.reservation));
    expect(frontierByEnumeration(back.space!).distinct).toBe(frontierByEnumeration(space).distinct);
  });

  it('writes hyper-rectangle profiles that read back identically', () => {
    const space: DealSpace = {
      title: 'rect',
      convention: 'genius',
      notes: [],
      issues: [0, 1].map((j) => ({ id: `i${j}`, name: `i${j}`, values: ['3', '4', '5'], points: [3, 4, 5] })),
      parties: [0, 1].map((p) => ({
        id: `p${p}`,
        name: `p${p}`,
        reservation: 0.1 * p,
        discount: null,
        utility: { kind: 'rectangles' as const, weight: 1, maxUtility: 9, rectangles: [{ utility: 5 + p, issues: Int32Array.of(p), lo: Int32Array.of(1), hi: Int32Array.of(2) }, { utility: 4, issues: Int32Array.of(0, 1), lo: Int32Array.of(0, 0), hi: Int32Array.of(0, 1) }] },
      })),
    };
    const { files } = writeGeniusXml(space);
    const back = readGeniusFolder(files!);
    expect(back.problems).toEqual([]);
    expect(Array.from(enumerateUtilities(back.space!))).toEqual(Array.from(enumerateUtilities(space)));
  });
});
