// Options that used to be ignored or to crash now get a clear message and exit 2 (run in-process, test/inProcess.ts):
// model options by model, contradictory shocks and parties, deal grids that cannot be built, a data set with nothing
// to score, a negative sd; and the sampling noise of sensitivity indices is said.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parley as executable, requireBuild } from './executable.js';
import { parleyInProcess as parley } from './inProcess.js';
import { describeWithShared, sharedPath } from './shared.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-contra-'));
});

const refused = (r: { code: number; out: string; err: string }, message: RegExp) => {
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  expect(r.out).toBe('');
};

describe('model options', () => {
  it('forecast refuses an unknown value, an unknown option and an option of a model without options', async () => {
    refused(await parley('forecast', '-m', 'nash', '--param', 'nash.utility=cubic'), /nash\.utility: .*cannot be "cubic" — use linear/);
    refused(await parley('forecast', '-m', 'ensemble', '--param', 'ensemble.nash_weigth=1'), /did you mean "nash_weight"/);
    refused(await parley('forecast', '-m', 'compromise', '--param', 'compromise.foo=1'), /has no options/);
  });
  it('--param nash.utility=quadratic is the same as --nash-utility quadratic', async () => {
    const a = await parley('forecast', '-m', 'nash', '--param', 'nash.utility=quadratic', '--format', 'json');
    const b = await parley('forecast', '-m', 'nash', '--nash-utility', 'quadratic', '--format', 'json');
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out).issues).toEqual(JSON.parse(b.out).issues);
  });
  it('validate reports bad model_options in the file with line and column, and an impossible date', async () => {
    const text = readFileSync(new URL('../scenarios/us-china-busan-2025.yaml', import.meta.url), 'utf8').replace('date: 2025-10-29', 'date: 2025-13-45');
    const file = join(dir, 'opts.yaml');
    writeFileSync(file, `${text}\nmodel_options:\n  eumm: { rounds: 5 }\n  eum: { rounds: -3 }\n`);
    const r = await parley('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/opts\.yaml:\d+:\d+: there is no model "eumm" .*did you mean "eum"/);
    expect(r.err).toMatch(/opts\.yaml:\d+:\d+: EUM option rounds cannot be -3/);
    expect(r.err).toMatch(/opts\.yaml:14:\d+: date "2025-13-45" is not a day of the calendar/);
  });
  it('dynamics takes MODEL.NAME or NAME, checks rounds given either way, and refuses another model\'s parameter', async () => {
    refused(await parley('dynamics', '--param', 'rounds=abc'), /rounds abc: give a whole number/);
    refused(await parley('dynamics', '--rounds', '3', '--param', 'rounds=4'), /give the number of rounds once/);
    refused(await parley('dynamics', '-m', 'eum', '--param', 'smp.rounds=3'), /this run is of eum/);
    const r = await parley('dynamics', '-m', 'eum', '--param', 'eum.rounds=3', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).rounds).toHaveLength(4); // round 0, the starting positions, and 3 rounds
  });
});

describe('contradictions and impossible sizes', () => {
  it('shock refuses dropping an actor twice, and setting a value of a dropped actor', async () => {
    refused(await parley('shock', '--drop', 'xi', '--drop', 'xi'), /xi is dropped twice/);
    refused(await parley('shock', '--set', 'xi.capability=5', '--drop', 'xi'), /xi is dropped, so its capability cannot be set/);
  });
  it('deals and simulate refuse a party named twice, an issue named twice, and a step that would make billions of values', async () => {
    refused(await parley('simulate', '--parties', 'United States,United States'), /named twice: a party cannot negotiate with itself/);
    refused(await parley('deals', '--issues', 'taiwan,taiwan'), /issue "taiwan" is named twice/);
    refused(await parley('deals', '--step', '1e-9', '--issues', 'taiwan'), /cuts a scale into 1\.0e\+11 values — give a step that leaves at most 1001/);
    refused(await parley('deals', '--points', '5000'), /from 2 to 1001/);
    refused(await parley('deals', '--logroll-issues', '99'), /^parley: logrolls across up to 99 issues would mean examining 7\.0e\+8 packages — trade across at most 9 issues/);
  });
  it('a negative sd is reported, never a silent exit', async () => {
    const text = readFileSync(new URL('../scenarios/us-china-busan-2025.yaml', import.meta.url), 'utf8');
    const file = join(dir, 'sd.yaml');
    writeFileSync(file, text.replace(/position: 50, salience: 12,/, 'position: 50, salience: { normal: { mean: 12, sd: -5 } },'));
    const r = await parley('validate', file);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/sd\.yaml:\d+:\d+: the standard deviation `sd` is number -5; it cannot be negative/);
  });
  it('sensitivity states how far its indices are noise', async () => {
    requireBuild(); // the draws run in worker threads, which run the compiled code
    const r = executable('sensitivity', '--issue', 'rare_earths', '-m', 'compromise', '--draws', '200', '--threads', '1');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Σ S = \d\.\d\d ± \d\.\d\d/);
    expect(r.out).toMatch(/at 200 draws an S below 0\.0\d cannot be told from 0/);
  });
});

describeWithShared('data/deu-dev', 'backtest options and empty data sets', () => {
  it('refuses a model option that is not a number, or misspelt, before running anything', async () => {
    refused(await parley('backtest', sharedPath('data/deu-dev'), '--param', 'ensemble.nash_weight=abc'), /nash_weight "abc" is not a number between 0 and 1/);
    refused(await parley('backtest', sharedPath('data/deu-dev'), '--param', 'ensemble.nash_weigth=1'), /did you mean "nash_weight"/);
  });
  it('checks every output path before running: a bad --out leaves no --predictions file behind', async () => {
    const predictions = join(dir, 'p.csv');
    refused(await parley('backtest', sharedPath('data/deu-dev'), '--predictions', predictions, '--out', join(dir, 'missing', 'r.txt')), /the folder .*missing does not exist/);
    expect(existsSync(predictions)).toBe(false);
  });
  it('a data set where no issue has an outcome is an error, not a table of dashes', async () => {
    const folder = join(dir, 'blank');
    mkdirSync(folder);
    const lines = readFileSync(sharedPath('data/deu-dev/issues.csv'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(folder, 'issues.csv'), [lines[0], ...lines.slice(1).map((l) => l.replace(/,[^,]*$/, ','))].join('\n') + '\n');
    writeFileSync(join(folder, 'stances.csv'), readFileSync(sharedPath('data/deu-dev/stances.csv')));
    refused(await parley('backtest', folder), /none of the 227 issues has an outcome/);
  });
});
