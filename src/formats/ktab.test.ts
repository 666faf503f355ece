// The KTAB CSV and XML readers: what they produce, what they tolerate, and where they say a file is broken.
// Whole KTAB files (MIT) are read in test/smp-ktab.test.ts; the snippets here are small variations of them.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../core/errors.js';
import { readAnyScenario } from './detect.js';
import { cFixed, looksLikeKtabCsv, looksLikeKtabXml, readKtabCsv, readKtabXml, scanXml } from './ktab.js';

const CSV = `DummyData_3Dim ,"Dummy scenario to test reading format",3,2,
Actor,Description,Power,Pstn1,Sal1,Pstn2,Sal2,
SActor-00, Random Spatial Actor, 102.543, 75.79, 49.53,  6.37,  5.91,
SActor-01, Random Spatial Actor,  53.393, 82.72, 30.33, 73.50, 21.22,
SActor-02, Random Spatial Actor, 129.643, 82.45, 48.47, 90.89, 13.55,
`;

const messages = (r: { problems: Parameters<typeof formatProblem>[0][] }, file: string) => r.problems.map((p) => formatProblem(p, file));

describe('KTAB CSV', () => {
  it('reads actors, dimensions, stances and the default parameters', () => {
    const { scenario, problems } = readKtabCsv(CSV, 'dummy.csv');
    expect(problems).toEqual([]);
    expect(scenario!.title).toBe('DummyData_3Dim');
    expect(scenario!.description).toBe('Dummy scenario to test reading format');
    expect(scenario!.capability_unit).toBe('Power');
    expect(scenario!.actors.map((a) => [a.id, a.name, a.capability, a.description])).toEqual([
      ['SActor-00', 'SActor-00', 102.543, 'Random Spatial Actor'],
      ['SActor-01', 'SActor-01', 53.393, 'Random Spatial Actor'],
      ['SActor-02', 'SActor-02', 129.643, 'Random Spatial Actor'],
    ]);
    expect(scenario!.issues.map((i) => [i.id, i.scale])).toEqual([
      ['Pstn1', { min: 0, max: 100 }],
      ['Pstn2', { min: 0, max: 100 }],
    ]);
    expect(scenario!.stances[1]).toMatchObject({ actor: 'SActor-00', issue: 'Pstn2', position: 6.37, salience: 5.91 });
    expect(scenario!.model_options!.smp).toMatchObject({ VotingRule: 'Prop', BargnModel: 'InitOnlyInterp' });
  });

  it('tolerates a missing final comma, CRLF, blank lines, spaces around numbers and a BOM', () => {
    const variant = '\uFEFF' + CSV.replace(/,\n/g, '\n').replace(/\n/g, '\r\n') + '\r\n\r\n';
    const a = readKtabCsv(CSV, 'a.csv').scenario!;
    const b = readKtabCsv(variant, 'b.csv').scenario!;
    expect(b.actors).toEqual(a.actors);
    expect(b.stances).toEqual(a.stances);
  });

  it('keeps dimension names without surrounding spaces as ids (dummyData-a040 writes "  XYZ Position")', () => {
    const text = 'XYZ,  XYZ Issue,  3,  1,  \nActor,  Description,  Influence,  XYZ Position,  XYZ Salience\nA,  d,  1.73,  63.03,  43.31\nB,  d,  1.25,  52.2,  35.72\nC,  d,  2,  10,  20\n';
    const { scenario, problems } = readKtabCsv(text, 'a040.csv');
    expect(problems).toEqual([]);
    expect(scenario!.issues[0]!.id).toBe('XYZ Position');
    expect(scenario!.description).toBe('XYZ Issue');
  });

  it('locates every problem: not a number, out of range, saliences over 100, wrong counts', () => {
    const broken = CSV.replace('82.72', '8x.72').replace(' 13.55', ' 113.55').replace('30.33', '90.33');
    expect(messages(readKtabCsv(broken, 'b.csv'), 'b.csv')).toEqual([
      'b.csv:4:43: SActor-01: the position on Pstn1 "8x.72" is not a number — write a number from 0 to 100',
      'b.csv:5:64: SActor-02: the salience on Pstn2 113.55 is outside 0–100 — use a number from 0 to 100',
    ]);
    // (SActor-01's saliences 90.33 + 21.22 > 100 are reported once its numbers are readable)
    expect(messages(readKtabCsv(CSV.replace('30.33', '90.33'), 'b.csv'), 'b.csv')).toEqual([
      "b.csv:4:50: SActor-01's saliences sum to 111.55, more than 100 — KTAB's saliences are shares of an actor's attention: make them add up to at most 100",
    ]);
    expect(messages(readKtabCsv(CSV.replace(',3,2,', ',4,2,'), 'c.csv'), 'c.csv')).toEqual([
      'c.csv:6:1: the first row announces 4 actors but the file has 3 actor rows — add the missing actor rows or correct the number in the first row',
    ]);
    expect(messages(readKtabCsv(CSV.replace(',3,2,', ',three,2,'), 'c.csv'), 'c.csv')[0]).toMatch(/^c\.csv:1:57: the number of actors \(field 3 of the first row\) is "three"/);
    expect(messages(readKtabCsv(CSV.replace('Pstn2,Sal2,', ''), 'c.csv'), 'c.csv')[0]).toMatch(/^c\.csv:2:1: the header row has 6 columns; 2 dimensions need 7/);
    expect(messages(readKtabCsv(CSV.replace('SActor-02', 'SActor-00'), 'd.csv'), 'd.csv')).toEqual([
      'd.csv:5:1: the actor name "SActor-00" is used twice (first on line 3) — give each actor its own name',
    ]);
    expect(readKtabCsv('', 'e.csv').problems[0]!.message).toBe('the file is empty');
  });

  it('is recognised by its first two rows, not by its extension alone', () => {
    expect(looksLikeKtabCsv(CSV)).toBe(true);
    // a DEU backtest table is also .csv
    expect(looksLikeKtabCsv('issue_id,actor_id,actor_name,capability,position,salience\nd1,com,Commission,10,100,50\n')).toBe(false);
    expect(readAnyScenario(CSV, 'x.csv').format).toBe('ktab-csv');
  });
});

const XML = `<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Small</name>
  <desc>Three actors</desc>
  <prngSeed>03507583219545544127</prngSeed>
  <ModelParameters>
    <VictoryProbModel>Square</VictoryProbModel>
    <PCEModel>MarkovIncentive</PCEModel>
    <StateTransitions>Stochastic</StateTransitions>
    <VotingRule>Proportional</VotingRule>
    <BigRAdjust>No</BigRAdjust>
    <BigRRange>Max</BigRRange>
    <ThirdPartyCommit>FullCommit</ThirdPartyCommit>
    <InterVecBrgn>S2PMax</InterVecBrgn>
    <BargnModel>PWCompInterp</BargnModel>
  </ModelParameters>
  <Dimensions><dName>First</dName><dName>Second</dName></Dimensions>
  <Actors>
    <Actor><name>Alice</name><description>a</description><capability>117.7</capability>
      <Position><dCoord>52.8</dCoord><dCoord>39.8</dCoord></Position>
      <Salience><dSal>32.3</dSal><dSal>22.4</dSal></Salience></Actor>
    <Actor><name>Bob</name><description>b</description><capability>93.2</capability>
      <Position><dCoord>15.9</dCoord><dCoord>61.4</dCoord></Position>
      <Salience><dSal>25.2</dSal><dSal>34.5</dSal></Salience></Actor>
    <Actor><name>Carol</name><description></description><capability>61.4</capability>
      <Position><dCoord>61.1</dCoord><dCoord>86.5</dCoord></Position>
      <Salience><dSal>28.8</dSal><dSal>28.6</dSal></Salience></Actor>
  </Actors>
  <IdealAdjustment>
    <iaPair><adjustingIdeal>Alice</adjustingIdeal><referencePos>Alice</referencePos><adjust>0.87</adjust></iaPair>
    <iaPair><adjustingIdeal>Bob</adjustingIdeal><referencePos>Bob</referencePos><adjust>0.75</adjust></iaPair>
    <iaPair><adjustingIdeal>Bob</adjustingIdeal><referencePos>Alice</referencePos><adjust>0.07</adjust></iaPair>
    <iaPair><adjustingIdeal>Carol</adjustingIdeal><referencePos>Carol</referencePos><adjust>1.0</adjust></iaPair>
  </IdealAdjustment>
</Scenario>
`;

describe('KTAB XML', () => {
  it('reads the scenario, the 9 parameters (schema spellings Proportional and No too), the seed and the accommodation', () => {
    const { scenario, problems } = readKtabXml(XML, 'small.xml');
    expect(problems).toEqual([]);
    expect(scenario!.title).toBe('Small');
    expect(scenario!.actors.map((a) => a.id)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(scenario!.actors[2]!.description).toBeUndefined();
    expect(scenario!.issues.map((i) => i.id)).toEqual(['First', 'Second']);
    expect(scenario!.model_options!.smp).toEqual({
      VictoryProbModel: 'Square',
      PCEModel: 'MarkovIncentive',
      StateTransitions: 'Stochastic',
      VotingRule: 'Prop',
      BigRAdjust: 'None',
      BigRRange: 'Max',
      ThirdPartyCommit: 'FullCommit',
      InterVecBrgn: 'S2PMax',
      BargnModel: 'PWCompInterp',
      seed: '03507583219545544127',
      // identity entries (Carol → Carol 1.0) are left out
      accommodation: [
        { actor: 'Alice', reference: 'Alice', adjust: 0.87 },
        { actor: 'Bob', reference: 'Alice', adjust: 0.07 },
        { actor: 'Bob', reference: 'Bob', adjust: 0.75 },
      ],
    });
  });

  it('tolerates a missing IdealAdjustment (identity) and a missing ModelParameters (defaults)', () => {
    const text = XML.replace(/<IdealAdjustment>[\s\S]*<\/IdealAdjustment>/, '').replace(/<ModelParameters>[\s\S]*<\/ModelParameters>/, '');
    const { scenario, problems } = readKtabXml(text, 'x.xml');
    expect(problems).toEqual([]);
    expect(scenario!.model_options!.smp).toEqual({
      VictoryProbModel: 'Linear',
      PCEModel: 'Conditional',
      StateTransitions: 'Deterministic',
      VotingRule: 'Prop',
      BigRAdjust: 'OneThird',
      BigRRange: 'Mid',
      ThirdPartyCommit: 'SemiCommit',
      InterVecBrgn: 'S2P2',
      BargnModel: 'InitOnlyInterp',
      seed: '03507583219545544127',
    });
  });

  it('an empty coordinate is located at its element (smpExample-broken-empty-coordinate.xml in small)', () => {
    const broken = XML.replace('<dCoord>61.4</dCoord>', '<dCoord></dCoord>');
    expect(messages(readKtabXml(broken, 'b.xml'), 'b.xml')).toEqual([
      "b.xml:23:38: Bob's position on Second is empty (<dCoord></dCoord>) — write a number from 0 to 100 between <dCoord> and </dCoord>",
    ]);
  });

  it('locates syntax errors, unknown parameter values, wrong counts, unknown actors and accommodation rows over 1', () => {
    expect(messages(readKtabXml(XML.replace('</desc>', '</dsc>'), 's.xml'), 's.xml')[0]).toMatch(/^s\.xml:4:\d+: XML syntax error: .*desc/);
    expect(messages(readKtabXml(XML.replace('>Square<', '>Squared<'), 'p.xml'), 'p.xml')).toEqual([
      'p.xml:7:5: VictoryProbModel "Squared" is not one of KTAB\'s values — use one of: Linear, Square, Quartic, Octic, Binary',
    ]);
    expect(messages(readKtabXml(XML.replace('<BargnModel>PWCompInterp</BargnModel>', ''), 'p.xml'), 'p.xml')[0]).toMatch(/^p\.xml:6:3: <ModelParameters> has no <BargnModel> — when <ModelParameters> is given, KTAB needs all 9/);
    expect(messages(readKtabXml(XML.replace('<dSal>22.4</dSal>', ''), 'c.xml'), 'c.xml')).toEqual([
      'c.xml:21:7: Alice has 1 <dSal> for 2 dimensions — give one <dSal> per <dName>, in the same order',
    ]);
    expect(messages(readKtabXml(XML.replace('<referencePos>Alice</referencePos><adjust>0.07', '<referencePos>Alicia</referencePos><adjust>0.07'), 'u.xml'), 'u.xml')).toEqual([
      'u.xml:32:49: <referencePos> names "Alicia", which is not an actor — use one of the actor names: Alice, Bob, Carol',
    ]);
    expect(messages(readKtabXml(XML.replace('>0.75<', '>0.95<'), 'r.xml'), 'r.xml')).toEqual([
      "r.xml:29:3: the adjustments of Bob's ideal sum to 1.02, more than 1 — lower them; Bob's weight on its own position is 1 unless an <iaPair> sets it",
    ]);
    expect(messages(readKtabXml(XML.replace('>32.3<', '>82.3<'), 's.xml'), 's.xml')[0]).toMatch(/^s\.xml:21:7: Alice's saliences sum to 104\.7, more than 100/);
  });

  it('is recognised by its <Scenario> root', () => {
    expect(looksLikeKtabXml('\uFEFF' + XML)).toBe(true);
    expect(looksLikeKtabXml('<?xml version="1.0"?>\n<utility_space></utility_space>')).toBe(false);
    expect(readAnyScenario(XML, 'x.xml').format).toBe('ktab-xml');
  });
});

describe('the XML scanner', () => {
  it('reads elements, text, entities, character references, CDATA; skips comments, declarations and attributes', () => {
    const { root, error } = scanXml(
      '\uFEFF<?xml version="1.0"?>\n<!DOCTYPE Scenario>\n<!-- c -->\n<a x="1" y=\'2\'>t&amp;u&#65;&#x42;<b/><c><![CDATA[<raw>]]></c></a>\n',
    );
    expect(error).toBeUndefined();
    expect(root!.name).toBe('a');
    expect(root!.text).toBe('t&uAB');
    expect(root!.children.map((c) => [c.name, c.text])).toEqual([
      ['b', ''],
      ['c', '<raw>'],
    ]);
  });
  it.each([
    ['<a><b></a>', 'closing tag </a> where </b> was expected (<b> opened at line 1, column 4)', 6],
    ['<a>', '<a> is never closed', 0],
    ['<a/><b/>', 'a second root element <b> (a file has one <Scenario>)', 4],
    ['x<a/>', 'text "x" outside the root element', 0],
    ['<a>1 & 2</a>', '"&" is not an XML entity (write &amp; for &)', 5],
    ['<a>&nbsp;</a>', '"&nbsp;" is not an XML entity (write &amp; for &)', 3],
    ['<a>1 < 2</a>', '"<" that does not start a tag (write &lt; for <)', 5],
    ['<a><!-- </a>', 'the comment <!-- is never closed with -->', 3],
    ['<a b=1></a>', 'the tag <a> is malformed or not closed with >', 0],
    ['', 'no XML element in the file', 0],
  ])('%s: %s', (text, message, offset) => {
    expect(scanXml(text).error).toEqual({ message, offset });
  });
  it('locates errors by line and column in a KTAB file (a byte-order mark takes no column)', () => {
    expect(messages(readKtabXml('\uFEFF<Scenario>\n  <name>x</nam>\n</Scenario>', 'e.xml'), 'e.xml')).toEqual([
      'e.xml:2:10: XML syntax error: closing tag </nam> where </name> was expected (<name> opened at line 2, column 3) — fix the XML at this place',
    ]);
    expect(messages(readKtabXml('\uFEFF<Other/>', 'o.xml'), 'o.xml')).toEqual(['o.xml:1:1: the root element is <Other>, not <Scenario> — a KTAB SMP file has a single <Scenario> element']);
  });
});

describe('cFixed (C printf %.Nf)', () => {
  it('rounds exact binary ties to even and everything else to nearest', () => {
    expect(cFixed(0.5, 0)).toBe('0');
    expect(cFixed(1.5, 0)).toBe('2');
    expect(cFixed(43.25, 1)).toBe('43.2');
    expect(cFixed(43.35, 1)).toBe('43.4'); // 43.35000000000000142…
    expect(cFixed(-0.25, 1)).toBe('-0.2');
    expect(cFixed(0.00004999, 4)).toBe('0.0000');
  });
});
