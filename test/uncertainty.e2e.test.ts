// End-to-end: `parley montecarlo`, `sensitivity` and `shock` as a user runs them (dist/, built by `npm test`), on the
// small fixtures in test/fixtures/uncertainty and the built-in Busan example.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, parley, requireBuild } from './executable.js';
import { REPO } from './shared.js';

const FIX = 'test/fixtures/uncertainty';
const THREE = `${FIX}/three-actors.yaml`;


/** The reproducible part of a JSON report: everything but the machine-dependent `run` section. */
function results(out: string): string {
  const { run: _run, ...rest } = JSON.parse(out) as Record<string, unknown>;
  return JSON.stringify(rest);
}

let dir: string;
beforeAll(() => {
  requireBuild();
  dir = mkdtempSync(join(tmpdir(), 'parley-mc-'));
});

describe('parley montecarlo', () => {
  it('gives identical results with 1, 2 and 3 threads (draw i depends only on seed and i)', () => {
    const runs = [1, 2, 3].map((t) => parley('montecarlo', THREE, '--draws', '400', '--seed', '42', '--threads', String(t), '--threshold', 'tariff=50', '--format', 'json'));
    for (const r of runs) expect(r.code, r.err).toBe(0);
    const [one, two, three] = runs.map((r) => results(r.out));
    expect(two).toBe(one);
    expect(three).toBe(one);
    expect(runs.map((r) => JSON.parse(r.out).run.threads)).toEqual([1, 2, 3]);
    // another seed, other numbers
    expect(results(parley('montecarlo', THREE, '--draws', '400', '--seed', '43', '--threshold', 'tariff=50', '--format', 'json').out)).not.toBe(one);
  });

  it('prints the documented JSON: draws, seed, and per issue and model mean, median, p05, p95; every registered model takes part', () => {
    const r = parley('montecarlo', THREE, '--draws', '300', '--seed', '9', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ draws: 300, seed: 9, complete: true });
    const models = JSON.parse(parley('forecast', THREE, '--format', 'json').out).models.map((m: { id: string }) => m.id);
    expect(Object.keys(j.run.ms_per_draw)).toEqual(models);
    expect(j.issues.map((i: { id: string }) => i.id)).toEqual(['tariff', 'quota']);
    for (const issue of j.issues) {
      expect(Object.keys(issue.models)).toEqual(models);
      for (const s of Object.values(issue.models) as Record<string, number>[]) {
        for (const k of ['mean', 'median', 'p05', 'p95']) expect(Number.isFinite(s[k])).toBe(true);
        expect(s.p05).toBeLessThanOrEqual(s.median!);
        expect(s.median).toBeLessThanOrEqual(s.p95!);
      }
    }
    expect(j.inputs.map((x: { id: string }) => x.id)).toContain('south.tariff.position');
  });

  it('shows a readable table with sparklines and P(above), and csv and markdown', () => {
    const t = parley('montecarlo', THREE, '--draws', '200', '-m', 'compromise,median', '--threshold', 'tariff=50');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/Monte Carlo: 200 draws, seed 1, 9 uncertain inputs/);
    expect(t.out).toMatch(/Tariff\s+compromise\s+62\.6/);
    expect(t.out).toMatch(/[▁▂▃▄▅▆▇█]{3}/);
    expect(t.out).toMatch(/>50: \d+%/);
    expect(t.out).toMatch(/Cost, ms per draw and thread: compromise [\d.]+ · median [\d.]+ · sampling [\d.]+/);
    const csv = parley('montecarlo', THREE, '--draws', '50', '-m', 'nash', '--format', 'csv');
    expect(csv.out.split('\n')[0]).toBe('issue,model,draws,point,mean,sd,min,p05,median,p95,max,p_above,histogram');
    expect(csv.out.split('\n')[1]).toMatch(/^tariff,nash,50,/);
    const md = parley('montecarlo', THREE, '--draws', '50', '-m', 'nash', '--format', 'markdown');
    expect(md.out).toMatch(/^## Three actors, two issues/);
    expect(md.out).toContain('|---|---|---:|');
  });

  it('treats several files as experts, and refuses files that are not the same negotiation (exit 2, located)', () => {
    const r = parley('montecarlo', THREE, `${FIX}/expert-b.yaml`, '--draws', '200', '-m', 'compromise', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.experts).toEqual([THREE, `${FIX}/expert-b.yaml`]);
    expect(j.expert_mode).toBe('pool');
    expect(j.inputs.find((x: { id: string }) => x.id === 'south.tariff.position').distribution).toBe('experts: 10–30 | 35');
    const bad = parley('montecarlo', THREE, `${FIX}/expert-mismatch.yaml`, '--draws', '10');
    expect(bad.code).toBe(2);
    const lines = bad.err.trim().split('\n');
    expect(lines[0]).toBe(`${FIX}/expert-mismatch.yaml:3:1: actor "east" of ${THREE} is missing — experts' versions of a scenario must have the same actors, issues and stances as the first (${THREE}); only capability, position and salience may differ`);
    expect(lines[1]).toMatch(/expert-mismatch\.yaml:6:7: actor "west" is not in/);
    expect(bad.err).toMatch(/expert-mismatch\.yaml:\d+:\d+: issue "quota" has the scale 0–20/);
    expect(bad.err).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('widens plain numbers with --uncertainty, and says so when nothing is uncertain', () => {
    const plain = parley('montecarlo', `${FIX}/expert-b.yaml`, '--draws', '20', '-m', 'compromise');
    expect(plain.code).toBe(0);
    expect(plain.err).toMatch(/no input is uncertain/);
    const wide = parley('montecarlo', `${FIX}/expert-b.yaml`, '--draws', '20', '-m', 'compromise', '--uncertainty', 'salience=10,position=5%', '--format', 'json');
    expect(JSON.parse(wide.out).inputs).toHaveLength(10);
  });

  it('rejects bad options with exit 2 and a clear message', () => {
    const cases: [string[], RegExp][] = [
      [['--threshold', 'tarif=50'], /--threshold tarif=50: unknown issue "tarif" .* did you mean tariff\?/],
      [['--threshold', 'tariff'], /--threshold tariff: write ISSUE=VALUE/],
      [['--draws', 'many'], /--draws many: give a whole number/],
      [['--model', 'compromize'], /--model compromize: unknown model — did you mean compromise\?/],
      [['--experts', 'vote'], /--experts vote: use pool or joint/],
      [['--uncertainty', 'salinece=10'], /--uncertainty salinece=10: did you mean salience\?/],
      [['--uncertainty', 'salience=-3'], /the spread is a number ≥ 0/],
      [['--seed', '-1'], /--seed -1: give a whole number/],
    ];
    for (const [args, message] of cases) {
      const r = parley('montecarlo', THREE, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('writes --out atomically', () => {
    const out = join(dir, 'mc.json');
    expect(parley('montecarlo', THREE, '--draws', '30', '-m', 'median', '--format', 'json', '--out', out).code).toBe(0);
    expect(readdirSync(dir)).toEqual(['mc.json']);
  });

  it('stops cleanly on Ctrl-C and reports the draws done as partial (exit 130)', async () => {
    const child = spawn(process.execPath, [BIN, 'montecarlo', THREE, '--draws', '5000000', '--threads', '2', '-m', 'compromise', '--format', 'json'], {
      cwd: REPO,
      env: { ...process.env, CI: '1' },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (err += d));
    await new Promise((r) => setTimeout(r, 5000)); // past start-up: the handler for Ctrl-C is in place
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code, err).toBe(130);
    expect(err).toMatch(/interrupted: \d+ of 5000000 draws done; the results are partial/);
    const j = JSON.parse(out);
    expect(j.complete).toBe(false);
    expect(j.draws_requested).toBe(5_000_000);
    expect(j.draws).toBeLessThan(5_000_000);
    expect(j.issues[0].models.compromise.n).toBe(j.draws);
  });

  it('runs on the built-in Busan example', () => {
    const r = parley('montecarlo', '--uncertainty', 'salience=10,position=5%', '--draws', '200', '-m', 'compromise,median,nash', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.issues).toHaveLength(14);
    expect(j.inputs.length).toBeGreaterThan(100);
  });
});

describe('parley sensitivity', () => {
  it('ranks inputs for one issue, with first-order indices, identically on any thread count', () => {
    const args = ['sensitivity', THREE, '--issue', 'tariff', '--model', 'compromise', '--draws', '1500', '--format', 'json'];
    const r1 = parley(...args, '--threads', '1');
    const r2 = parley(...args, '--threads', '2');
    expect(r1.code, r1.err).toBe(0);
    expect(r2.out).toBe(r1.out);
    const j = JSON.parse(r1.out);
    expect(j.issues.map((i: { id: string }) => i.id)).toEqual(['tariff']);
    const bars = j.issues[0].models.compromise.tornado;
    expect(bars[0].input).toBe('north.tariff.salience');
    for (let i = 1; i < bars.length; i++) expect(bars[i].swing).toBeLessThanOrEqual(bars[i - 1].swing);
    expect(bars[0].first_order).toBeGreaterThan(0.3);
    expect(j.issues[0].models.compromise.first_order_sum).toBeLessThan(1.1);
  });

  it('prints a tornado table, and refuses an unknown issue with a suggestion (exit 2)', () => {
    const t = parley('sensitivity', THREE, '--issue', 'tariff', '-m', 'compromise', '--draws', '200');
    expect(t.code, t.err).toBe(0);
    expect(t.out).toMatch(/Tariff — compromise: point forecast 62\.64/);
    expect(t.out).toMatch(/1\s+north\.tariff\.salience\s+30–90 \(60\)/);
    expect(t.out).toContain('█');
    const bad = parley('sensitivity', THREE, '--issue', 'tarif');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--issue tarif: unknown issue .* did you mean tariff\?/);
  });

  it('runs on the built-in Busan example', () => {
    const r = parley('sensitivity', '--issue', 'rare_earths', '--uncertainty', 'salience=10', '-m', 'compromise', '--draws', '300', '--top', '3');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Rare-earth .* — compromise: point forecast/);
  });
});

describe('parley shock', () => {
  it('shows forecasts before and after dropping an actor and setting numbers', () => {
    const r = parley('shock', THREE, '--drop', 'south', '--set', 'north.tariff.salience=20', '-m', 'compromise,median', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.shocks).toEqual(['drop south', 'set north.tariff.salience=20']);
    const tariff = j.issues[0];
    // after: north (50 · 0.20 = 10 at 90) and east (20 · 0.40 = 8 at 40): (900 + 320) / 18
    expect(tariff.after.compromise).toBeCloseTo(1220 / 18, 9);
    expect(tariff.change.compromise).toBeCloseTo(tariff.after.compromise - tariff.before.compromise, 12);
    const table = parley('shock', THREE, '--drop', 'south', '-m', 'compromise');
    expect(table.out).toMatch(/issue\s+model\s+before\s+after\s+change/);
    expect(table.out).toMatch(/Tariff\s+compromise\s+62\.6\s+\d/);
  });

  it('perturbs saliences at random, reproducibly across thread counts', () => {
    const args = ['shock', THREE, '--perturb', '15', '--draws', '300', '--seed', '3', '-m', 'compromise', '--format', 'json'];
    const a = parley(...args, '--threads', '1');
    const b = parley(...args, '--threads', '2');
    expect(a.code, a.err).toBe(0);
    expect(b.out).toBe(a.out);
    const j = JSON.parse(a.out);
    expect(j.perturbation).toEqual({ salience: 15, draws: 300, draws_requested: 300, seed: 3, complete: true });
    expect(j.issues[0].perturbed.compromise.p05).toBeLessThan(j.issues[0].perturbed.compromise.p95);
  });

  it('refuses a bad --set or an unknown actor with a "did you mean" (exit 2)', () => {
    const cases: [string[], RegExp][] = [
      [['--set', 'north.tarif.salience=20'], /--set north\.tarif\.salience=20: unknown issue "tarif" — did you mean "tariff"\?/],
      [['--set', 'nort.tariff.salience=20'], /unknown actor "nort" — did you mean "north"\?/],
      [['--set', 'north.tariff.salince=20'], /unknown field "salince" — did you mean "salience"\?/],
      [['--set', 'north.tariff.salience'], /expected NAME=VALUE — write ACTOR\.capability=VALUE/],
      [['--set', 'north.tariff.salience=200'], /salience 200 is out of range — salience is 0–100/],
      [['--drop', 'sout'], /--drop sout: unknown actor "sout" — did you mean "south"\?/],
      [[], /give at least one shock/],
      [['--perturb', 'lots'], /--perturb lots: give the largest salience change/],
    ];
    for (const [args, message] of cases) {
      const r = parley('shock', THREE, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(message);
    }
  });

  it('runs on the built-in Busan example', () => {
    const r = parley('shock', '--drop', 'russia', '-m', 'compromise,median,nash');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Shocks: drop russia\./);
  });
});
