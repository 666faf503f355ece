// The scenario file's `uncertainty:` section: read, validated with located messages, and applied.
import { describe, expect, it } from 'vitest';
import { readScenarioText } from '../../formats/scenarioText.js';

const file = (section: string) => `title: t
actors:
  - { id: a, name: A, capability: 10 }
  - { id: b, name: B, capability: 20 }
issues:
  - { id: x, name: X }
stances:
  - { actor: a, issue: x, position: 10, salience: 50 }
  - { actor: b, issue: x, position: 90, salience: [40, 60] }
${section}`;

const problems = (section: string) => readScenarioText(file(section)).problems.map((p) => `${p.line}:${p.column} ${p.message} — ${p.fix}`);

describe('the uncertainty section of a scenario file', () => {
  it('is read as written', () => {
    const r = readScenarioText(file('uncertainty: { salience: 10, position: "5%", capability: "10 %", shape: triangular }\n'));
    expect(r.problems).toEqual([]);
    expect(r.scenario!.uncertainty).toEqual({ salience: 10, position: '5%', capability: '10 %', shape: 'triangular' });
    expect(readScenarioText(file('')).scenario!.uncertainty).toBeUndefined();
  });

  it('reports every bad entry at its line, with a fix', () => {
    expect(problems('uncertainty:\n  salience: -5\n  position: ten\n  shape: square\n  capabilty: 3\n')).toEqual([
      '11:3 the salience spread -5 is negative — write the half-width as a number ≥ 0, e.g. 10 for ±10',
      '12:3 `position` is the text "ten", not a spread — write a number ≥ 0 (e.g. 10) or a percentage in quotes (e.g. "10%")',
      '13:3 `shape` is the text "square" — write uniform, triangular or normal',
      '14:3 unknown key `capabilty` — did you mean `capability`?',
    ]);
    expect(problems('uncertainty: 10\n')).toEqual([expect.stringMatching(/^10:1 `uncertainty` is number 10, expected a mapping/)]);
    expect(problems('uncertanity: { salience: 10 }\n')).toEqual(['10:1 unknown key `uncertanity` — did you mean `uncertainty`?']);
  });
});
