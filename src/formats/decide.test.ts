import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../core/errors.js';
import { looksLikeDecide, readDecideText } from './decide.js';

const T = '\t';
const row = (...fields: (string | number)[]) => fields.map((f) => (typeof f === 'number' ? String(f) : `'${f}'`)).join(T);
/** A small valid file; tests break one line of it. */
const GOOD = [
  row('#A', 'us', 'United States', 'note'),
  row('#A', 'cn', 'China', ''),
  row('#P', 'tariff', 'Tariff rate', 'percent'),
  row('#M', 'tariff', 0, 'none'),
  row('#M', 'tariff', 50, 'half'),
  row('#P', 'soy', 'Soybean purchases', ''),
  row('#D', 'us', 'tariff', 40, 0.9, 1),
  row('#D', 'cn', 'tariff', 0, 0.8, 0.7),
  row('#D', 'us', 'soy', 100, 0.6, 1),
  row('#D', 'cn', 'soy', 20, 0.3, 0.7),
];
const text = (lines: string[]) => lines.join('\n') + '\n';
const read = (lines: string[]) => readDecideText(text(lines), 'case.txt');
const problemsOf = (lines: string[]) => read(lines).problems.map((p) => formatProblem(p, 'case.txt'));

describe('readDecideText', () => {
  it('reads a valid file into a Parley scenario, ids as written', () => {
    const { scenario, problems } = read(GOOD);
    expect(problems).toEqual([]);
    expect(scenario!.title).toBe('case');
    expect(scenario!.actors).toEqual([
      { id: 'us', name: 'United States', capability: 1, description: 'note', group: undefined },
      { id: 'cn', name: 'China', capability: 0.7, description: undefined, group: undefined },
    ]);
    const tariff = scenario!.issues[0]!;
    expect(tariff).toMatchObject({ id: 'tariff', name: 'Tariff rate', description: 'percent', scale: { min: 0, max: 50 } });
    expect(tariff.anchors).toEqual([
      { value: 0, label: 'none' },
      { value: 50, label: 'half' },
    ]);
    expect(scenario!.issues[1]).toMatchObject({ id: 'soy', scale: { min: 0, max: 100 }, anchors: [] });
    // Decide's 0–1 salience becomes Parley's 0–100, exactly.
    expect(scenario!.stances.map((s) => [s.actor, s.issue, s.position, s.salience])).toEqual([
      ['us', 'tariff', 40, 90],
      ['cn', 'tariff', 0, 80],
      ['us', 'soy', 100, 60],
      ['cn', 'soy', 20, 30],
    ]);
  });

  it('takes double quotes, doubled quotes, comments, CRLF, blank lines and ; as separator', () => {
    const lines = [
      '#0;a comment',
      '"#A";"a ""quoted"" one";"A";""',
      '"#A";"b";"B";""',
      '#/ another comment;x',
      '',
      '"#P";"p";"P";""',
      '"#D";"a ""quoted"" one";"p";10;0.5;1',
      '"#D";"b";"p";90;0.25;2',
    ];
    const { scenario, problems } = readDecideText(lines.join('\r\n'), 'x.csv');
    expect(problems).toEqual([]);
    expect(scenario!.actors.map((a) => a.id)).toEqual(['a "quoted" one', 'b']);
    expect(scenario!.stances.map((s) => s.salience)).toEqual([50, 25]);
  });

  it('moves the decimal point instead of multiplying, so saliences are exact', () => {
    const values = ['0.95', '0.07', '0.333', '1', '0.1', '.5', '0.0001', '1.0', '0'];
    for (const v of values) {
      const lines = [...GOOD.slice(0, 6), `'#D'${T}'us'${T}'tariff'${T}40${T}${v}${T}1`, ...GOOD.slice(7)];
      const { scenario } = read(lines);
      expect(scenario!.stances[0]!.salience).toBe(Number((Number(v) * 100).toPrecision(12)));
    }
  });

  it('locates every problem by line and column, with a fix', () => {
    const broken = [
      row('#A', 'us', 'United States', ''),
      row('#A', 'us', 'again', ''), // line 2: duplicate
      row('#A', 'cn', 'China', ''),
      row('#P', 'tariff', 'Tariff rate', ''),
      row('#X', 'what'), // line 5: unknown row type
      row('#D', 'uss', 'tariff', 40, 0.9, 1), // line 6: unknown actor
      `'#D'${T}'cn'${T}'tariff'${T}0${T}0,8${T}1`, // line 7: decimal comma
      row('#D', 'us', 'tariff', 40, 90, 1), // line 8: duplicate stance, salience on 0–100
      row('#D', 'cn', 'tarif', 10, 0.5), // line 9: missing power
      row('#D', 'us', 'tariff', 40, 0.9, 1), // line 10: duplicate of line 8
    ];
    expect(problemsOf(broken)).toEqual([
      "case.txt:2:6: actor \"us\" is defined twice (first on line 1) — keep one #A row per actor",
      'case.txt:5:1: unknown row type "#X" — Decide rows start with #A (actor), #P (issue), #M (scale point), #D (stance), or #0 / #/ (comment)',
      'case.txt:6:6: unknown actor "uss" — did you mean "us"?',
      'case.txt:7:22: the salience "0,8" is not a number — write decimals with a dot: 0.8',
      'case.txt:8:23: salience 90 is outside 0–1 — Decide saliences are 0–1: write 0.9',
      'case.txt:9:1: #D row has 4 of its 5 fields — write #D, then the actor id, the issue id, position, salience (0–1) and power (0–1), separated by tabs',
      'case.txt:10:1: a second #D row for actor "us" on issue "tariff" (the first is on line 8) — keep one #D row per actor and issue',
    ]);
  });

  it('flags 0–100 saliences, negative power, power that varies by issue, and positions off the #M scale', () => {
    const lines = [
      ...GOOD.slice(0, 6),
      row('#D', 'us', 'tariff', 60, 90, 1), // off the 0–50 scale, salience 90
      row('#D', 'cn', 'tariff', 0, 0.8, -1),
      row('#D', 'us', 'soy', 100, 0.6, 0.5), // power differs from line 7
      row('#D', 'cn', 'soy', 20, 0.3, -1),
    ];
    expect(problemsOf(lines)).toEqual([
      'case.txt:7:20: position 60 is outside issue "tariff"\'s scale 0–50 — use a position between the smallest and largest #M row of the issue, or add a #M row',
      'case.txt:7:23: salience 90 is outside 0–1 — Decide saliences are 0–1: write 0.9',
      'case.txt:8:26: power -1 is negative — write the power as a number ≥ 0 (Decide uses 0–1)',
      'case.txt:9:25: actor "us" has power 0.5 here but 1 on line 7; Parley holds one capability per actor — give the actor the same power on every issue',
      'case.txt:10:24: power -1 is negative — write the power as a number ≥ 0 (Decide uses 0–1)',
    ]);
  });

  it('maps problems found by scenario validation back to the Decide lines', () => {
    // An issue nobody takes a position on, and a lone actor.
    const lines = [row('#A', 'us', 'US', ''), row('#P', 'tariff', 'Tariff', ''), row('#P', 'empty', 'Empty', ''), row('#D', 'us', 'tariff', 40, 0.9, 1)];
    expect(problemsOf(lines)).toEqual([
      'case.txt:1:1: the scenario has 1 actor; a negotiation needs at least two — add the other parties under `actors:`',
      'case.txt:3:6: nobody takes a position on issue "empty" — add stances with `issue: empty`, or remove the issue',
    ]);
  });

  it('reports a scale with one #M point and an empty file', () => {
    const lines = [...GOOD.slice(0, 3), row('#M', 'tariff', 5, 'only'), ...GOOD.slice(5)];
    expect(problemsOf(lines)[0]).toBe('case.txt:4:15: issue "tariff" has #M rows at 5 only, so its scale has no length — add #M rows for both ends of the scale (e.g. 0 and 100)');
    expect(problemsOf([''])).toEqual([
      'case.txt:1:1: the file has no #A (actor) rows — add a row #A<TAB>id<TAB>name for every actor',
      'case.txt:1:1: the file has no #P (issue) rows — add a row #P<TAB>id<TAB>name for every issue',
    ]);
  });

  it('never throws, whatever the text (fuzzed), and every problem has a line', () => {
    const token = fc.constantFrom("'#A'", "'#P'", "'#M'", "'#D'", '#0', "'us'", "'cn'", "'tariff'", '0.5', '40', '-3', "'", '"', 'x', '', '1e3', '0,5');
    const line = fc.array(token, { maxLength: 7 }).map((t) => t.join(T));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), (lines) => {
        const result = readDecideText(lines.join('\n'), 'fuzz.txt');
        expect(result.scenario !== undefined || result.problems.length > 0).toBe(true);
        for (const p of result.problems) expect(p.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300, seed: 20251030 },
    );
  });
});

describe('looksLikeDecide', () => {
  it('recognises Decide rows, with or without quotes, after comments', () => {
    expect(looksLikeDecide(text(GOOD))).toBe(true);
    expect(looksLikeDecide(`#A${T}us${T}US\n#P${T}t${T}T\n`)).toBe(true);
    expect(looksLikeDecide(`\uFEFF'#0'${T}comment\n'#A'${T}'us'\n`)).toBe(true);
  });

  it('leaves YAML, JSON and KTAB CSV files alone', () => {
    expect(looksLikeDecide('# A scenario\ntitle: x\nactors: []\n')).toBe(false);
    expect(looksLikeDecide('#Actors below\ntitle: x\n')).toBe(false);
    expect(looksLikeDecide('{"title": "x"}')).toBe(false);
    expect(looksLikeDecide('dummyData_3Dim,Dummy data,3,3\nActor,Description,Power,Pos1,Sal1\n')).toBe(false);
    expect(looksLikeDecide('')).toBe(false);
    // Only comment rows is not enough.
    expect(looksLikeDecide(`#0${T}just a comment\n`)).toBe(false);
  });
});
