// Parser and validation tests: every kind of mistake the foundation issue lists is caught, with its line and column.
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../core/errors.js';
import { readScenarioText, writeScenarioText } from './scenarioText.js';

const VALID = `title: t
actors:
  - { id: a, name: A, capability: 10 }
  - { id: b, name: B, capability: 20 }
issues:
  - id: x
    name: X
    anchors: { 0: "none", 100: "all" }
    status_quo: 50
    no_deal: 0
stances:
  - { actor: a, issue: x, position: 10, salience: 50 }
  - { actor: b, issue: x, position: 90, salience: 50 }
`;

/** Replace one line (1-based) of the valid file. */
function withLine(n: number, text: string): string {
  const lines = VALID.split('\n');
  lines[n - 1] = text;
  return lines.join('\n');
}

function problems(text: string, file = 'f.yaml') {
  return readScenarioText(text, file).problems.map((p) => ({ code: p.code, at: `${p.line}:${p.column}`, text: formatProblem(p, file) }));
}

describe('reading a valid scenario', () => {
  it('gives the scenario and no problems', () => {
    const r = readScenarioText(VALID);
    expect(r.problems).toEqual([]);
    expect(r.scenario!.issues[0]!.anchors).toEqual([{ value: 0, label: 'none' }, { value: 100, label: 'all' }]);
    expect(r.scenario!.issues[0]!.scale).toEqual({ min: 0, max: 100 });
  });
  it('reads JSON with the same schema', () => {
    const json = JSON.stringify({
      title: 't',
      actors: [{ id: 'a', name: 'A', capability: 1 }, { id: 'b', name: 'B', capability: 1 }],
      issues: [{ id: 'x', name: 'X' }],
      stances: [{ actor: 'a', issue: 'x', position: 1, salience: 1 }],
    });
    expect(readScenarioText(json, 'f.json').problems).toEqual([]);
  });
  it('reads ranges and distributions', () => {
    const r = readScenarioText(
      withLine(12, '  - { actor: a, issue: x, position: [10, 30], salience: { triangular: [10, 20, 60] } }').replace(
        'capability: 20 }',
        'capability: { normal: { mean: 20, sd: 2 } } }',
      ),
    );
    expect(r.problems).toEqual([]);
    expect(r.scenario!.stances[0]!.position).toEqual({ kind: 'uniform', low: 10, high: 30 });
    expect(r.scenario!.stances[0]!.salience).toEqual({ kind: 'triangular', low: 10, mode: 20, high: 60 });
    expect(r.scenario!.actors[1]!.capability).toEqual({ kind: 'normal', mean: 20, sd: 2 });
  });
  it('round-trips through the writer', () => {
    const r = readScenarioText(VALID);
    const again = readScenarioText(writeScenarioText(r.scenario!));
    expect(again.scenario).toEqual(r.scenario);
    const viaJson = readScenarioText(writeScenarioText(r.scenario!, 'json'), 'f.json');
    expect(viaJson.scenario).toEqual(r.scenario);
  });
});

describe('every problem is reported with its place', () => {
  it('missing required field', () => {
    expect(problems(withLine(3, '  - { id: a, name: A }'))).toEqual([
      expect.objectContaining({ code: 'missing-field', at: '3:5', text: expect.stringMatching(/^f\.yaml:3:5: missing required field `capability` — add `capability:`/) }),
    ]);
  });
  it('duplicate actor ids and duplicate issue ids', () => {
    const p = problems(withLine(4, '  - { id: a, name: B, capability: 20 }'));
    expect(p).toContainEqual(expect.objectContaining({ code: 'duplicate-id', at: '4:7', text: expect.stringContaining('duplicate actor id "a" (also actors[0])') }));
    const q = problems(VALID.replace('stances:', '  - { id: x, name: Y }\nstances:'));
    expect(q).toContainEqual(expect.objectContaining({ code: 'duplicate-id', text: expect.stringContaining('duplicate issue id "x"') }));
  });
  it('a stance naming an unknown actor or issue, with did-you-mean', () => {
    const p = problems(withLine(12, '  - { actor: aa, issue: y, position: 10, salience: 50 }'));
    expect(p).toContainEqual(expect.objectContaining({ code: 'unknown-actor', at: '12:7', text: expect.stringContaining('unknown actor "aa" — did you mean "a"?') }));
    expect(p).toContainEqual(expect.objectContaining({ code: 'unknown-issue', at: '12:18' }));
  });
  it('positions outside the scale', () => {
    expect(problems(withLine(12, '  - { actor: a, issue: x, position: 130, salience: 50 }'))).toEqual([
      expect.objectContaining({ code: 'out-of-range', at: '12:27', text: expect.stringContaining("position 130 is out of range — positions lie on the issue's scale, 0–100") }),
    ]);
  });
  it('salience outside 0–100', () => {
    expect(problems(withLine(12, '  - { actor: a, issue: x, position: 10, salience: 140 }'))).toEqual([
      expect.objectContaining({ code: 'out-of-range', at: '12:41', text: expect.stringContaining('salience 140 is out of range') }),
    ]);
  });
  it('negative capability', () => {
    expect(problems(withLine(3, '  - { id: a, name: A, capability: -1 }'))).toEqual([expect.objectContaining({ code: 'out-of-range', at: '3:23' })]);
  });
  it('an issue nobody takes a position on', () => {
    const p = problems(VALID.replace('stances:', '  - { id: lonely, name: Lonely }\nstances:'));
    expect(p).toEqual([expect.objectContaining({ code: 'no-stances', at: '11:5', text: expect.stringContaining('nobody takes a position on issue "lonely"') })]);
  });
  it('fewer than two actors', () => {
    const p = problems(withLine(4, '').replace(/ {2}- \{ actor: b.*\n/, ''));
    expect(p).toContainEqual(expect.objectContaining({ code: 'too-few-actors', at: '2:1' }));
  });
  it('wrong types', () => {
    const p = problems(withLine(12, '  - { actor: a, issue: x, position: "high", salience: 50 }').replace('title: t', 'title: [1]'));
    expect(p).toContainEqual(expect.objectContaining({ code: 'wrong-type', at: '1:1', text: expect.stringContaining('`title` is a list, expected text') }));
    expect(p).toContainEqual(expect.objectContaining({ code: 'bad-quantity', at: '12:27' }));
  });
  it('unknown keys, with did-you-mean when close', () => {
    const p = problems(withLine(12, '  - { actor: a, issue: x, position: 10, salience: 50, nots: "x", colour: red }'));
    expect(p).toContainEqual(expect.objectContaining({ code: 'unknown-key', at: '12:55', text: expect.stringContaining('unknown key `nots` — did you mean `note`?') }));
    expect(p).toContainEqual(expect.objectContaining({ code: 'unknown-key', text: expect.stringContaining('unknown key `colour` — allowed keys here: actor, issue, position, salience, note') }));
    expect(problems(VALID.replace('title: t', 'title: t\nsalienec: 1'))).toContainEqual(expect.objectContaining({ code: 'unknown-key', at: '2:1' }));
  });
  it('status quo, no-deal point, anchors and options outside the scale; bad scale; unsorted range', () => {
    const p = problems(VALID.replace('status_quo: 50', 'status_quo: 150\n    options: [0, 120]').replace('0: "none"', '-5: "none"'));
    expect(p.map((x) => x.code)).toEqual(['out-of-scale', 'out-of-scale', 'out-of-scale']);
    expect(problems(VALID.replace('no_deal: 0', 'no_deal: 0\n    scale: { min: 10, max: 5 }')).map((x) => x.code)).toContain('bad-scale');
    expect(problems(withLine(12, '  - { actor: a, issue: x, position: [30, 10], salience: 50 }')).map((x) => x.code)).toEqual(['unsorted-range']);
  });
  it('a second stance for the same actor and issue', () => {
    expect(problems(VALID + '  - { actor: a, issue: x, position: 20, salience: 50 }\n').map((x) => x.code)).toEqual(['duplicate-stance']);
  });
  it('all weights zero on an issue', () => {
    const p = problems(VALID.replace(/salience: 50/g, 'salience: 0'));
    expect(p).toEqual([expect.objectContaining({ code: 'zero-weight' })]);
  });
  it('collects every problem, not just the first, in file order', () => {
    const p = problems(withLine(3, '  - { id: a, name: A, capability: -1 }').replace('salience: 50 }\n  - { actor: b', 'salience: 500 }\n  - { actor: c'));
    expect(p.length).toBe(3);
    expect(p.map((x) => x.at)).toEqual([...p.map((x) => x.at)].sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0])));
  });
  it('syntax errors in YAML and JSON have a line and column', () => {
    expect(problems('title: t\nactors: [\n')[0]).toEqual(expect.objectContaining({ code: 'syntax', at: '3:1' }));
    expect(problems('{"title": "x",\n "actors": [1,2,]\n}', 'f.json')[0]).toEqual(expect.objectContaining({ code: 'syntax', at: '2:17' }));
    expect(problems('title: t\ntitle: u\n')[0]).toEqual(expect.objectContaining({ code: 'syntax', text: expect.stringContaining('unique') }));
  });
  it('an empty file or a file that is not a mapping', () => {
    expect(problems('')[0]!.code).toBe('empty-file');
    expect(problems('- 1\n- 2\n')[0]!.code).toBe('not-a-scenario');
  });
  it('several YAML documents: said in YAML terms, not the parser library\'s', () => {
    const [p] = problems(`${VALID}---\n${VALID}`);
    expect(p).toEqual(expect.objectContaining({ code: 'multiple-documents', text: expect.stringMatching(/the file holds 2 YAML documents \(separated by ---\); a scenario is one document/) }));
    expect(p!.text).not.toMatch(/parseAllDocuments/);
  });
  it('a bad distribution names the part that is wrong', () => {
    const at = (q: string) => problems(VALID.replace(/position: 10\b/, `position: ${q}`))[0]!.text;
    expect(at('{ triangular: [10, 50] }')).toMatch(/triangular needs three numbers \[low, mode, high\]; here it is a list of 2/);
    expect(at('{ normal: { mean: 50, sd: abc } }')).toMatch(/sd must be a number; here it is the text "abc"/);
    expect(at('{ normal: { mean: 50 } }')).toMatch(/normal needs an sd/);
    expect(at('{ uniform: [10, .inf] }')).toMatch(/uniform needs two numbers \[low, high\]; item 2 is Infinity, which is not a finite number/);
    expect(at('.inf')).toMatch(/`position` is Infinity, which is not a finite number/);
  });
});
