// Golden tests of the SMP against KTAB's own runs: every file in ../shared/reference/ktab-smp/expected/ (KTAB smpc,
// default parameters, --logmin) is reproduced at the precision KTAB prints — the number of states, every "Fractional
// change" value (4 decimals), every actor's position ×100 on every dimension in every state (%5.1f) and every win
// probability (%.4f). The input each expected file names is read through the same file-format detection the CLI
// uses. On a mismatch the full Parley printout is written to test-artifacts/smp-ktab/<file>.changed for a reviewer.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../src/core/errors.js';
import { smpDynamics } from '../src/core/models/smp.js';
import { toPointScenario, type Scenario } from '../src/core/scenario.js';
import { readAnyScenario } from '../src/formats/detect.js';
import { cFixed, formatKtabHistory } from '../src/formats/ktab.js';
import { describeWithShared, hasShared, readShared, REPO, sharedPath } from './shared.js';

const EXPECTED = 'reference/ktab-smp/expected';
const INPUTS = 'reference/ktab-smp/inputs';

function load(file: string): { scenario: Scenario; format: string } {
  const { scenario, problems, format } = readAnyScenario(readShared(INPUTS, file), file);
  expect(problems).toEqual([]);
  return { scenario: toPointScenario(scenario!), format };
}

/** Lines that carry numbers (the header comment aside), trailing spaces kept as KTAB prints them. */
function bodyLines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l !== '' && !l.startsWith('#'));
}

describeWithShared(EXPECTED, 'SMP reproduces KTAB smpc (../shared/reference/ktab-smp/expected)', () => {
  // (describe.skip still collects its tests: list the files only when they are there)
  const files = hasShared(EXPECTED) ? readdirSync(sharedPath(EXPECTED)).filter((f) => f.endsWith('.txt')).sort() : ['dummyData_3Dim.txt'];
  for (const file of files) {
    it(`${file}: states, fractional changes, positions and win probabilities as KTAB prints them`, () => {
      const expectedText = readShared(EXPECTED, file);
      const input = /input \S*?([^/\s]+\.(csv|xml))/.exec(expectedText.split('\n')[0]!)?.[1];
      expect(input, 'the expected file names its input on the first line').toBeDefined();
      const { scenario, format } = load(input!);
      expect(format).toBe(input!.endsWith('.xml') ? 'ktab-xml' : 'ktab-csv');
      const run = smpDynamics(scenario);
      const mine = bodyLines(formatKtabHistory(run));
      const theirs = bodyLines(expectedText);
      const diffs: string[] = [];
      for (let i = 0; i < Math.max(mine.length, theirs.length); i++) {
        if (mine[i] !== theirs[i]) diffs.push(`line ${i + 1}\n  KTAB:   ${theirs[i]}\n  Parley: ${mine[i]}`);
      }
      if (diffs.length > 0) {
        const dir = join(REPO, 'test-artifacts', 'smp-ktab');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${file}.changed`), formatKtabHistory(run));
      }
      expect(diffs.slice(0, 10).join('\n')).toBe('');
      // The counts too, so that a shorter printout cannot pass by accident.
      expect(mine.length).toBe(theirs.length);
      expect(run.rounds.length).toBe(Number(/There were (\d+) states/.exec(expectedText)![1]));
    });
  }

  it('reads dummyData_3Dim as CSV, CSV without final commas, XML and XML without IdealAdjustment into the same run', () => {
    const runs = ['dummyData_3Dim.csv', 'dummyData_3Dim-no-final-comma.csv', 'dummyData_3Dim.xml', 'dummyData_3Dim-no-ideal-adjustment.xml'].map((f) =>
      formatKtabHistory(smpDynamics(load(f).scenario)),
    );
    for (const r of runs.slice(1)) expect(r).toBe(runs[0]);
    expect(bodyLines(runs[0]!)).toEqual(bodyLines(readShared(EXPECTED, 'dummyData_3Dim.txt')));
  });

  it('prints positions as C printf does: exact ties round to even (43.25 → 43.2, as in SOE-Pol-Comp)', () => {
    expect(cFixed(43.25, 1)).toBe('43.2');
    expect(cFixed(34.25, 1)).toBe('34.2');
    expect(cFixed(0.125, 2)).toBe('0.12');
    expect(cFixed(0.375, 2)).toBe('0.38');
    expect(cFixed(2.675, 2)).toBe('2.67'); // 2.67499999… in binary: not a tie
    expect(cFixed(0.00005, 4)).toBe('0.0001'); // 5.000000000000000409e-5: above the tie
  });
});

// The same checks on the KTAB files copied into test/fixtures/ktab (MIT, see LICENSE-KTAB-MIT.txt there), so that
// they run in a clone without ../shared.
describe('KTAB fixtures (test/fixtures/ktab)', () => {
  const fixture = (name: string) => readFileSync(join(REPO, 'test', 'fixtures', 'ktab', name), 'utf8');
  const read = (name: string) => readAnyScenario(fixture(name), name);

  it('dummyData_3Dim.csv gives KTAB\'s printout line for line', () => {
    const { scenario, problems } = read('dummyData_3Dim.csv');
    expect(problems).toEqual([]);
    expect(bodyLines(formatKtabHistory(smpDynamics(toPointScenario(scenario!))))).toEqual(bodyLines(fixture('dummyData_3Dim.expected.txt')));
  });

  it('smpExample-broken-empty-coordinate.xml: one problem, at the empty <dCoord>, as `file:line:column: message — fix`', () => {
    const { scenario, problems } = read('smpExample-broken-empty-coordinate.xml');
    expect(scenario).toBeUndefined();
    expect(problems.map((p) => formatProblem(p, 'smpExample-broken-empty-coordinate.xml'))).toEqual([
      "smpExample-broken-empty-coordinate.xml:32:9: Alice's position on FirstDim is empty (<dCoord></dCoord>) — write a number from 0 to 100 between <dCoord> and </dCoord>",
    ]);
  });

  it('smpExample.xml: its parameters, seed and accommodation are used; the stochastic run is the same every time', () => {
    const { scenario, problems, format } = read('smpExample.xml');
    expect(problems).toEqual([]);
    expect(format).toBe('ktab-xml');
    const s = toPointScenario(scenario!);
    const a = smpDynamics(s);
    const b = smpDynamics(toPointScenario(read('smpExample.xml').scenario!));
    expect(b).toEqual(a);
    expect(a.notes.join(' ')).toMatch(/PCEModel=MarkovIncentive, StateTransitions=Stochastic, VotingRule=PropCbc/);
    expect(a.notes.join(' ')).toMatch(/seed 3507583219545544127 \(used modulo 2\^53/);
    expect(a.notes.join(' ')).toMatch(/accommodation matrix/);
    // --param on the command line overrides the file: another seed, another history
    const c = smpDynamics(s, { seed: '7' });
    expect(JSON.stringify(c.rounds.map((r) => r.positions))).not.toBe(JSON.stringify(a.rounds.map((r) => r.positions)));
    expect(smpDynamics(s, { seed: '7' })).toEqual(c);
  });
});
