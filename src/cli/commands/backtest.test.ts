// `parley backtest` run in-process, exactly as the executable runs it (test/inProcess.ts).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parleyInProcess } from '../../../test/inProcess.js';
import { hasShared, sharedPath } from '../../../test/shared.js';
import { MODELS } from '../../core/models/registry.js';

const parley = parleyInProcess;

const DEU = sharedPath('data', 'deu-dev');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'parley-backtest-'));
});

function folder(name: string, files: Record<string, string>): string {
  const path = join(dir, name);
  mkdirSync(path, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
  return path;
}

const ISSUES = 'issue_id,case_id,case_name,voting_rule,procedure,reference_point,outcome\np1i1,p1,one,qmv,COD,0,60\np2i1,p2,two,unanimity,CNS,,100\n';
const STANCES = 'issue_id,actor_id,actor_name,capability,position,salience\np1i1,a,A,10,100,80\np1i1,b,B,10,0,50\np2i1,a,A,10,100,60\np2i1,b,B,2,0,100\np2i1,c,C,3,50,100\n';

describe.runIf(hasShared('data', 'deu-dev', 'issues.csv'))('parley backtest on ../shared/data/deu-dev', () => {
  it('scores every registered model and prints the JSON other programs rely on', async () => {
    const r = await parley('backtest', DEU, '--format', 'json', '--bootstrap', '200');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.issues).toBe(227);
    expect(Object.keys(j.models)).toEqual(MODELS.map((m) => m.id));
    expect(j.models.compromise.mae.toFixed(2)).toBe('22.91');
    for (const m of Object.values(j.models) as { mae: number; median_ae: number; rmse: number }[]) {
      for (const k of ['mae', 'median_ae', 'rmse'] as const) expect(Number.isFinite(m[k])).toBe(true);
    }
  });
  it('prints the comparison table with its breakdowns, and writes the predictions', async () => {
    const predictions = join(dir, 'predictions.csv');
    const r = await parley('backtest', DEU, '--models', 'ensemble', '--predictions', predictions, '--bootstrap', '200');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/model\s+issues\s+MAE\s+median AE\s+RMSE\s+≤5\s+≤10\s+≤20\s+mean signed\s+Δ MAE vs compromise \[95% CI\]/);
    expect(r.out).toMatch(/compromise\s+227\s+22\.91\s/);
    expect(r.out).toMatch(/ensemble\s+227\s+21\.59\s/);
    expect(r.out).toContain('MAE by voting rule:');
    expect(r.out).toContain('MAE by procedure:');
    const lines = readFileSync(predictions, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(228);
    expect(lines[0]).toBe('case_id,case_name,issue_id,voting_rule,procedure,reference_point,outcome,participants,compromise,ensemble,abs_error_compromise,abs_error_ensemble');
  });
  it('cross-validates with --cv, listing the parameters fitted in each fold', async () => {
    const r = await parley('backtest', DEU, '--models', 'ensemble', '--cv', '10', '--format', 'json', '--bootstrap', '200');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.cv.k).toBe(10);
    expect(j.cv.folds.flatMap((f: { cases: string[] }) => f.cases)).toHaveLength(85);
    expect(j.models.ensemble.mae).toBeLessThan(j.models.compromise.mae);
    const table = await parley('backtest', DEU, '-m', 'ensemble', '--cv', '5', '--bootstrap', '100');
    expect(table.out).toContain('Cross-validated: 5 folds of cases (seed 1); refitted in every fold: ensemble.');
    expect(table.out).toMatch(/ensemble\.consensus_weight: [\d., ]+/);
  });
  it('passes model options with --param', async () => {
    const r = await parley('backtest', DEU, '-m', 'ensemble', '--param', 'ensemble.nash_weight=0', '--param', 'ensemble.consensus_weight=0', '--format', 'json', '--bootstrap', '50');
    const j = JSON.parse(r.out);
    expect(j.models.ensemble.mae).toBeCloseTo(j.models.compromise.mae, 9); // α = λ = 0 is the compromise model
  });
  it('refuses more folds than cases, an unknown model and a bad number, with exit code 2', async () => {
    expect(await parley('backtest', DEU, '--cv', '86')).toMatchObject({ code: 2, err: expect.stringContaining('the data set has 85 cases') });
    expect(await parley('backtest', DEU, '--models', 'ensembel')).toMatchObject({ code: 2, err: expect.stringContaining('did you mean ensemble?') });
    expect(await parley('backtest', DEU, '--seed', '-3')).toMatchObject({ code: 2, err: expect.stringContaining('--seed -3: give a whole number from 0 to 2^53 − 1') });
  });
});

describe('parley backtest on bad data sets', () => {
  it('reads a small DEU folder', async () => {
    const r = await parley('backtest', folder('ok', { 'issues.csv': ISSUES, 'stances.csv': STANCES }), '--format', 'json', '--bootstrap', '20');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).issues).toBe(2);
  });
  it('gives located messages and exit 2 for bad tables, naming every file with problems', async () => {
    const one = await parley('backtest', folder('bad1', { 'issues.csv': ISSUES.replace(',60', ',6O'), 'stances.csv': STANCES }));
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/bad1[/\\]issues\.csv:2:23: outcome "6O" is not a number — write outcome as a number/);
    const two = await parley('backtest', folder('bad2', { 'issues.csv': ISSUES.replace(',60', ',160'), 'stances.csv': STANCES.replace('p2i1,c,C', 'p2i2,c,C') }));
    expect(two.code).toBe(2);
    expect(two.err).toMatch(/bad2[/\\]issues\.csv:2:23: outcome 160 is not between 0 and 100/);
    expect(two.err).toMatch(/bad2[/\\]stances\.csv:6:1: unknown issue "p2i2" \(not in .*issues\.csv\) — did you mean "p2i1"\?/);
    expect(two.err).toContain('2 problems in 2 files of the data set (listed above); nothing was scored');
    expect(two.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });
  it('says which file is missing, and what a data set is', async () => {
    expect(await parley('backtest', folder('half', { 'issues.csv': ISSUES }))).toMatchObject({ code: 2, err: expect.stringContaining('the folder has issues.csv but no stances.csv') });
    expect(await parley('backtest', join(dir, 'nowhere'))).toMatchObject({ code: 2, err: expect.stringContaining('no such folder or file') });
    expect(await parley('backtest', join(folder('half2', { 'issues.csv': ISSUES }), 'issues.csv'))).toMatchObject({ code: 2, err: expect.stringContaining('name the folder that holds issues.csv and stances.csv') });
    expect(await parley('backtest', folder('empty', {}))).toMatchObject({ code: 2, err: expect.stringContaining('the folder holds no scenario files') });
  });
  it('takes --model, the name every other command uses, as well as --models and -m', async () => {
    const data = folder('alias', { 'issues.csv': ISSUES, 'stances.csv': STANCES });
    const models = async (...args: string[]) => {
      const r = await parley('backtest', data, '--format', 'json', '--bootstrap', '20', ...args);
      expect(r.code).toBe(0);
      return Object.keys(JSON.parse(r.out).models);
    };
    expect(await models('--model', 'median,nash')).toEqual(['compromise', 'median', 'nash']);
    expect(await models('--model', 'median', '--model', 'nash')).toEqual(await models('--models', 'median,nash'));
    expect(await models('--models', 'median', '--model', 'nash')).toEqual(await models('-m', 'median,nash'));
    expect(await parley('backtest', data, '--model', 'ensembel')).toMatchObject({ code: 2, err: expect.stringContaining('--model ensembel: unknown model — did you mean ensemble?') });
    expect(await parley('backtest', data, '--models', 'median', '--model', '')).toMatchObject({ code: 2, err: expect.stringContaining('--model "": the model name is empty') });
    const help = (await parley('backtest', '--help')).out.replace(/\s+/g, ' ');
    expect(help).toContain('--model <names> the same as --models (the name the other commands use); both may be given, the lists add up');
  });
  it('reads a folder of scenario files with outcomes, and refuses one without', async () => {
    const scenario = (outcome: string) =>
      `title: T\nactors:\n  - { id: a, name: A, capability: 1 }\n  - { id: b, name: B, capability: 3 }\nissues:\n  - { id: x, name: X${outcome} }\nstances:\n  - { actor: a, issue: x, position: 0, salience: 100 }\n  - { actor: b, issue: x, position: 100, salience: 100 }\n`;
    const ok = await parley('backtest', folder('scen', { 'a.yaml': scenario(', outcome: 80'), 'b.yaml': scenario(', outcome: 70'), 'notes.txt': 'ignored' }), '--format', 'json', '--bootstrap', '20');
    expect(ok.code).toBe(0);
    const j = JSON.parse(ok.out);
    expect(j).toMatchObject({ issues: 2, cases: 2, format: 'scenarios' });
    expect(j.models.compromise.mae).toBeCloseTo(((75 - 80) ** 2) ** 0.5 / 2 + 5 / 2, 9); // compromise 75: errors 5 and 5
    const none = await parley('backtest', folder('scen2', { 'a.yaml': scenario('') }));
    expect(none).toMatchObject({ code: 2, err: expect.stringContaining('the one issue in 1 scenario file has no outcome') });
  });
});
