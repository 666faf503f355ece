import { describe, expect, it } from 'vitest';
import { runBacktest } from '../core/backtest/run.js';
import { compromiseModel } from '../core/models/compromise.js';
import type { ForecastModel } from '../core/models/types.js';
import { backtestToCsv, backtestToJson, backtestToMarkdown, backtestToTable, parseCsvWithPositions, predictionsToCsv, readDeuTables, readScenarioDataset } from './backtestData.js';

const ISSUES = `issue_id,case_id,case_name,voting_rule,procedure,reference_point,outcome
p1i1,p1,tachographs,qmv,COD,0,60
p1i2,p1,tachographs,qmv,COD,,40
p2i1,p2,"taxation, savings",unanimity,CNS,100,100
p2i2,p2,"taxation, savings",unanimity,CNS,50,
p2i3,p2,"taxation, savings",unanimity,CNS,0,0
`;
const STANCES = `issue_id,actor_id,actor_name,capability,position,salience
p1i1,com,European Commission,10,100,80
p1i1,de,Germany,10,0,
p1i1,fr,France,10,50,50
p1i2,com,European Commission,10,0,50
p1i2,de,Germany,10,100,50
p2i1,de,Germany,10,100,60
p2i1,lu,Luxembourg,2,0,100
p2i2,de,Germany,29,30,50
p2i2,lu,Luxembourg,4,70,50
p2i3,lu,Luxembourg,2,0,0
`;

const read = (issues: string, stances: string) => readDeuTables(issues, stances, { issues: 'issues.csv', stances: 'stances.csv', dataset: 'toy' });
const located = (issues: string, stances: string) =>
  read(issues, stances).problems.flatMap((g) => g.problems.map((p) => `${g.source}:${p.line}:${p.column}: ${p.message} — ${p.fix}`));

describe('parseCsvWithPositions', () => {
  it('reads quotes, doubled quotes, commas and newlines inside quotes, CRLF and a byte-order mark, with positions', () => {
    const { rows, problems } = parseCsvWithPositions('\uFEFFa, b ,"c,d"\r\n"say ""hi""","two\nlines",x\r\n\r\nlast');
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.fields.map((f) => f.text))).toEqual([['a', 'b', 'c,d'], ['say "hi"', 'two\nlines', 'x'], ['last']]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 5]);
    expect(rows[0]!.fields.map((f) => [f.line, f.column])).toEqual([[1, 1], [1, 3], [1, 7]]);
    expect(rows[1]!.fields.map((f) => [f.line, f.column])).toEqual([[2, 1], [2, 14], [3, 8]]);
  });
  it('reports a quote that is never closed, where it opens', () => {
    const { problems } = parseCsvWithPositions('a,b\n1,"open\n');
    expect(problems.map((p) => [p.line, p.column, p.code])).toEqual([[2, 3, 'csv-quote']]);
  });
});

describe('readDeuTables', () => {
  const r = read(ISSUES, STANCES);
  const data = r.dataset!;
  it('makes one case per proposal with its rule and procedure, and one scenario holding all its issues', () => {
    expect(r.problems).toEqual([]);
    expect(data.cases.map((c) => [c.id, c.name, c.voting_rule, c.procedure, c.scenarios.length])).toEqual([
      ['p1', 'tachographs', 'qmv', 'COD', 1],
      ['p2', 'taxation, savings', 'unanimity', 'CNS', 2],
    ]);
    const s = data.cases[0]!.scenarios[0]!;
    expect(s.issues.map((i) => i.id)).toEqual(['p1i1', 'p1i2']);
    expect(s.actors).toEqual([
      { id: 'com', name: 'European Commission', capability: 10 },
      { id: 'de', name: 'Germany', capability: 10 },
      { id: 'fr', name: 'France', capability: 10 },
    ]);
    expect(s.model_options).toEqual({ ensemble: { voting_rule: 'qmv', procedure: 'codecision' } });
    expect(data.cases[1]!.scenarios[0]!.model_options).toEqual({ ensemble: { voting_rule: 'unanimity', procedure: 'consultation' } });
  });
  it('takes a blank salience as 50, a blank reference point as no no_deal, and keeps an issue without outcome unscored', () => {
    const [i1, i2] = data.cases[0]!.scenarios[0]!.issues;
    expect(data.cases[0]!.scenarios[0]!.stances.find((s) => s.actor === 'de' && s.issue === 'p1i1')!.salience).toBe(50);
    expect(i1).toMatchObject({ no_deal: 0, outcome: 60 });
    expect(i2!.no_deal).toBeUndefined();
    const p2i2 = data.cases[1]!.scenarios[1]!.issues[0]!;
    expect(p2i2.id).toBe('p2i2');
    expect(p2i2.outcome).toBeUndefined();
    expect(data.notes).toEqual([
      '5 issues in 2 cases; 3 with an outcome are scored.',
      "1 stance has a blank salience, taken as 50 (the coding's average importance).",
      "1 issue has no reference point: no no_deal point (the Nash model then uses each actor's worst point).",
      '1 issue has no outcome: forecast with its case, not scored.',
      'Left out, since no actor has a position with capability × salience above 0: p2i3.',
      "1 case's issues were coded with different vote weights (before and after an enlargement): one scenario per set of weights, one case for folds and bootstrap.",
    ]);
  });
  it('splits a case whose vote weights change between issues, keeping each issue’s own weights', () => {
    const [a, b] = data.cases[1]!.scenarios;
    expect(a!.title).toBe('taxation, savings (p2, part 1)');
    expect(a!.actors.map((x) => [x.id, x.capability])).toEqual([['de', 10], ['lu', 2]]);
    expect(b!.actors.map((x) => [x.id, x.capability])).toEqual([['de', 29], ['lu', 4]]);
  });
  it('keeps an issue with a single actor (every model forecasts its position) and says so', () => {
    const r1 = read(ISSUES, STANCES.replace('p1i2,de,Germany,10,100,50\n', ''));
    const one = runBacktest(r1.dataset!, { models: [compromiseModel], replicates: 10 });
    expect(one.issues.find((i) => i.issue === 'p1i2')).toMatchObject({ participants: 1, predictions: { compromise: 0 } });
    expect(r1.dataset!.notes).toContain("1 issue has a single actor: every model forecasts that actor's position.");
  });
  it('reads a blank position as no stance', () => {
    const r2 = read(ISSUES, STANCES.replace('p1i1,fr,France,10,50,50', 'p1i1,fr,France,10,,50'));
    expect(r2.dataset!.cases[0]!.scenarios[0]!.stances.some((s) => s.actor === 'fr')).toBe(false);
    expect(r2.dataset!.notes).toContain('1 stance row has a blank position and is read as no stance.');
  });
  it('accepts columns in any order and extra columns', () => {
    const reordered = ISSUES.split('\n')
      .map((l) => (l === '' ? l : ((c) => [c[6], c[0], c[5], c[1], c[2], c[3], c[4], 'x'].join(','))(l.replace('"taxation, savings"', 'tax').split(','))))
      .join('\n');
    const again = read(reordered, STANCES);
    expect(again.problems).toEqual([]);
    expect(again.dataset!.cases[0]!.scenarios[0]!.issues[0]).toMatchObject({ id: 'p1i1', no_deal: 0, outcome: 60 });
  });

  it('locates every problem by file, line and column, with a fix', () => {
    const issues = ISSUES.replace('p1i2,p1,tachographs,qmv,COD,,40', 'p1i2,p1,tachographs,QMV,COD,,4O').replace('p2i3,p2,"taxation, savings",unanimity,CNS,0,0', 'p2i3,p2,"taxation, savings",unanimty,CNS,0,120');
    const stances = STANCES.replace('p2i1,lu,Luxembourg,2,0,100', 'p2i1,lu,Luxembourg,2,0,100\np2i1,lu,Luxembourg,2,0,100').replace('p1i2,de,Germany,10,100,50', 'p1i2,de,Germany,10,100,50\np1l2,fr,France,10,"5,5",50');
    expect(located(issues, stances)).toEqual([
      'issues.csv:3:30: outcome "4O" is not a number — write outcome as a number between 0 and 100, or leave it blank when unknown',
      'issues.csv:6:29: unknown voting rule "unanimty" — did you mean "unanimity"?',
      'issues.csv:6:44: outcome 120 is not between 0 and 100 — write outcome as a number between 0 and 100, or leave it blank when unknown',
      'stances.csv:7:1: unknown issue "p1l2" (not in issues.csv) — did you mean "p1i2"?',
      'stances.csv:7:19: position "5,5" is not a number — write decimals with a dot: 5.5',
      'stances.csv:10:6: a second row for actor "lu" on issue "p2i1" (the first is on line 9) — keep one row per actor and issue',
    ]);
    // An issue that disagrees with its case is named with the line of the case's first issue.
    expect(located(ISSUES.replace('p2i3,p2,"taxation, savings",unanimity,CNS', 'p2i3,p2,"taxation, savings",qmv,CNS'), STANCES)).toEqual([
      'issues.csv:6:29: case "p2" has voting_rule "qmv" here but "unanimity" on line 4 — give every issue of a case the same voting_rule',
    ]);
  });
  it('names a missing column, and a row with the wrong number of fields', () => {
    expect(located(ISSUES.replace('reference_point', 'reference_pont'), STANCES)).toEqual([
      'issues.csv:1:1: the header has no column "reference_point" — did you mean "reference_pont"? The header must name issue_id, case_id, case_name, voting_rule, procedure, reference_point, outcome',
    ]);
    expect(located(ISSUES, STANCES.replace('p1i1,fr,France,10,50,50', 'p1i1,fr,France,10,50'))).toEqual([
      'stances.csv:4:21: this row has 5 fields, the header 6 — give every row one field per header column (quote a field that contains a comma)',
    ]);
    expect(located('', STANCES)[0]).toMatch(/^issues\.csv:1:1: the file is empty/);
  });
  it('requires a capability of at least 0', () => {
    const stances = STANCES.replace('p1i1,fr,France,10,50,50', 'p1i1,fr,France,,50,50').replace('p1i2,com,European Commission,10,0,50', 'p1i2,com,European Commission,-1,0,50');
    expect(located(ISSUES, stances)).toEqual([
      'stances.csv:4:16: capability is blank — write capability as a number ≥ 0',
      'stances.csv:5:30: capability -1 is not ≥ 0 — write capability as a number ≥ 0',
    ]);
  });
  it('rejects a repeated issue and an unknown procedure', () => {
    const issues = ISSUES.replace('p1i2,p1,tachographs,qmv,COD,,40', 'p1i1,p1,tachographs,qmv,COD,,40');
    expect(located(issues, STANCES.replace(/p1i2/g, 'p1i1').replace('p1i1,com,European Commission,10,0,50\n', '').replace('p1i1,de,Germany,10,100,50\n', ''))).toEqual([
      'issues.csv:3:1: issue "p1i1" is listed twice (first on line 2) — keep one row per issue',
    ]);
    expect(located(ISSUES.replace('tachographs,qmv,COD,0,60', 'tachographs,qmv,OLP,0,60'), STANCES)[0]).toBe('issues.csv:2:25: unknown procedure "OLP" — use COD or CNS, or leave it blank when unknown');
  });
});

const SCENARIO = (outcome: string) => `title: Toy
actors:
  - { id: a, name: A, capability: 1 }
  - { id: b, name: B, capability: 3 }
issues:
  - { id: x, name: X${outcome} }
stances:
  - { actor: a, issue: x, position: 0, salience: 100 }
  - { actor: b, issue: x, position: 100, salience: 100 }
model_options:
  ensemble: { voting_rule: qmv }
`;

describe('readScenarioDataset', () => {
  it('makes each file a case, reading the voting rule from model_options.ensemble', () => {
    const r = readScenarioDataset([{ name: 'cases/one.yaml', text: SCENARIO(', outcome: 70') }, { name: 'cases/two.yaml', text: SCENARIO('') }], 'cases');
    expect(r.problems).toEqual([]);
    expect(r.dataset!.cases.map((c) => [c.id, c.name, c.voting_rule])).toEqual([['one', 'Toy', 'qmv'], ['two', 'Toy', 'qmv']]);
    expect(r.dataset!.notes).toEqual(['2 issues in 2 scenario files; 1 with an outcome is scored.', '1 issue has no outcome: forecast with its scenario, not scored.']);
  });
  it('reports a bad file with its located problems, and a folder without outcomes', () => {
    const bad = readScenarioDataset([{ name: 'b.yaml', text: SCENARIO(', outcome: 170') }]);
    expect(bad.problems[0]!.source).toBe('b.yaml');
    expect(bad.problems[0]!.problems[0]).toMatchObject({ line: 6, message: "outcome 170 is outside the issue's scale 0–100" });
    expect(readScenarioDataset([{ name: 'a.yaml', text: SCENARIO('') }], 'dir').problems[0]!.problems[0]!.message).toBe('the one issue in 1 scenario file has no outcome');
    expect(readScenarioDataset([], 'dir').problems[0]!.problems[0]!.code).toBe('empty-dataset');
  });
});

describe('report writers', () => {
  const report = runBacktest(read(ISSUES, STANCES).dataset!, { models: [compromiseModel], replicates: 10 });
  it('write the predictions as CSV, one row per scored issue', () => {
    const lines = predictionsToCsv(report).trim().split('\n');
    expect(lines[0]).toBe('case_id,case_name,issue_id,voting_rule,procedure,reference_point,outcome,participants,compromise,abs_error_compromise');
    // p1i1: weights 8, 5, 5 at 100, 0, 50 → (800 + 250)/18 = 58.333333
    expect(lines[1]).toBe('p1,tachographs,p1i1,qmv,COD,0,60,3,58.333333,1.666667');
    // p2i1: weights 6 and 2 at 100 and 0 → 75
    expect(lines[3]).toBe('p2,"taxation, savings",p2i1,unanimity,CNS,100,100,2,75,25');
    expect(lines).toHaveLength(4);
  });
  it('print JSON with at least {"issues": n, "models": {id: {mae, median_ae, rmse}}}', () => {
    const j = JSON.parse(backtestToJson(report));
    expect(j.issues).toBe(3);
    expect(Object.keys(j.models.compromise)).toEqual(expect.arrayContaining(['mae', 'median_ae', 'rmse', 'within_5', 'mean_signed_error', 'vs_compromise']));
    expect(j.models.compromise.mae).toBeCloseTo((5 / 3 + 10 + 25) / 3, 9); // p1i2: 50 against 40
  });
  it('show a model that failed everywhere as dashes and its failures, never NaN', () => {
    const broken: ForecastModel = { id: 'broken', name: 'broken', source: 'test', forecast: () => { throw new Error('no convergence'); } };
    const r = runBacktest(read(ISSUES, STANCES).dataset!, { models: [compromiseModel, broken], replicates: 10 });
    const table = backtestToTable(r);
    expect(table).toMatch(/broken\s+0\s+–\s+–/);
    expect(table).toContain('broken: 2 failures in 2 cases (not scored there)');
    expect(table).toContain('p1: no convergence');
    for (const text of [table, backtestToMarkdown(r), backtestToCsv(r), backtestToJson(r), predictionsToCsv(r)]) expect(text).not.toMatch(/NaN/);
    expect(JSON.parse(backtestToJson(r)).models.broken.mae).toBeNull();
  });
  it('print the same figures as a table, Markdown and CSV', () => {
    expect(backtestToTable(report)).toMatch(/compromise\s+3\s+12\.22\s+10\.00/);
    expect(backtestToMarkdown(report)).toContain('| compromise | 3 | 12.22 | 10.00 |');
    expect(backtestToCsv(report).split('\n')[1]).toMatch(/^compromise,3,12\.222222,10,/);
  });
});
