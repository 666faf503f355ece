// Golden tests of the expected utility model against the canonical worked example: the EC car-emission
// standards (Bueno de Mesquita 1994, pp. 77–78; Scholz, Calbert & Smith 2011, Table 1), as re-typed in
// ../shared/reference/eum-ec1994 with the round-1 risk exponents, the full round-1 challenge matrix and the
// 10-round path of two independent implementations (../shared/specs/forecasting-models.md §4).
import { parse } from 'csv-parse/sync';
import { expect, it } from 'vitest';
import { expectedUtilityDynamics, expectedUtilityModel, eumDiagnostics, runEum } from '../src/core/models/expectedUtility.js';
import type { CompromiseRule, EumInput } from '../src/core/models/expectedUtility.js';
import type { Scenario } from '../src/core/scenario.js';
import { describeWithShared, readShared } from './shared.js';

const DIR = 'reference/eum-ec1994';
type Row = Record<string, string>;
const csv = (file: string): Row[] => parse(readShared(DIR, file), { columns: true, skip_empty_lines: true, trim: true }) as Row[];

function load() {
  const rows = csv('actors.csv');
  const names = rows.map((r) => r.Actor!);
  const input: EumInput = {
    position: rows.map((r) => Number(r.Position)),
    capability: rows.map((r) => Number(r.Capability)),
    salience: rows.map((r) => Number(r.Salience)),
  };
  const scenario: Scenario = {
    title: 'EC car emissions (Bueno de Mesquita 1994)',
    sources: ['../shared/reference/eum-ec1994/actors.csv'],
    actors: rows.map((r) => ({ id: r.Actor!, name: r.Actor!, capability: Number(r.Capability) })),
    issues: [{ id: 'date', name: 'Date the standards apply', scale: { min: 0, max: 12 }, anchors: [] }],
    // The file prints salience 0–1; scenarios hold 0–100.
    stances: rows.map((r) => ({ actor: r.Actor!, issue: 'date', position: Number(r.Position), salience: Math.round(Number(r.Salience) * 100) })),
  };
  return { names, input, scenario };
}

interface LoggedMove {
  actor: string;
  kind: 'compromise' | 'confrontation';
  toward: string;
  eij: number;
  eji: number;
  to: number;
}

/** path-10-rounds*.log: "round t mean m" followed by the moves that make round t + 1. */
function readPath(file: string): { means: number[]; moves: LoggedMove[][] } {
  const means: number[] = [];
  const moves: LoggedMove[][] = [];
  for (const line of readShared(DIR, file).split('\n')) {
    const r = /^round (\d+) mean (\S+)$/.exec(line.trim());
    if (r) {
      means[Number(r[1])] = Number(r[2]);
      moves[Number(r[1]) + 1] = [];
      continue;
    }
    const m = /^(\S+) (comp|conf) (\S+)\s+eu_ij=(\S+) eu_ji=(\S+) -> (\S+)$/.exec(line.trim());
    if (m) {
      moves[means.length]!.push({
        actor: m[1]!,
        kind: m[2] === 'comp' ? 'compromise' : 'confrontation',
        toward: m[3]!,
        eij: Number(m[4]),
        eji: Number(m[5]),
        to: Number(m[6]),
      });
    }
  }
  return { means, moves: moves.slice(0, means.length) };
}

/** path-10-rounds-fullprecision.log: the same path, every number to full double precision. */
function readFullPrecision(): { means: number[]; moves: LoggedMove[][] } {
  const lines = readShared(DIR, 'path-10-rounds-fullprecision.log').split('\n').map((l) => l.trim());
  const means: number[] = [];
  const moves: LoggedMove[][] = [[]];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    const mean = /^Mean position: (\S+)$/.exec(line);
    if (mean) means.push(Number(mean[1]));
    if (/^ROUND \d+$/.test(line)) moves.push([]);
    const mv = /^(\S+) (compromises with|loses confrontation to) (\S+)$/.exec(line);
    if (mv) {
      const [eij, eji] = lines[k + 1]!.split(' vs ').map(Number);
      const to = Number(/new_pos = (\S+)/.exec(lines[k + 2]!)![1]);
      moves[moves.length - 1]!.push({ actor: mv[1]!, kind: mv[2] === 'compromises with' ? 'compromise' : 'confrontation', toward: mv[3]!, eij: eij!, eji: eji!, to });
    }
  }
  return { means, moves };
}

/** Our moves in round t, in actor order, as the logs write them. */
function ourMoves(run: ReturnType<typeof runEum>, names: string[], t: number): LoggedMove[] {
  const n = run.n;
  const out: LoggedMove[] = [];
  for (let i = 0; i < n; i++) {
    const at = (t - 1) * n + i;
    const kind = run.moveKind[at]!;
    if (kind === 0) continue;
    out.push({
      actor: names[i]!,
      kind: kind === 1 ? 'confrontation' : kind === 2 ? 'compromise' : ('capitulation' as never),
      toward: names[run.moveTarget[at]!]!,
      eij: run.moveInitiatorEU[at]!,
      eji: run.moveReceiverEU[at]!,
      to: run.positions[t * n + i]!,
    });
  }
  return out;
}

/** |a − b| within half a unit of the printed precision (plus rounding slack). */
const printed = (decimals: number) => 0.5 * 10 ** -decimals + 1e-12;

describeWithShared(`${DIR}/actors.csv`, 'EUM golden: EC car emissions (BdM 1994; Scholz et al. 2011)', () => {
  const { names, input, scenario } = load();

  it('round 1: danger sums, risk indices and risk exponents match round1-risk.csv to the 10 decimals it prints', () => {
    const d = eumDiagnostics(input);
    const rows = csv('round1-risk.csv');
    expect(rows.map((r) => r.actor)).toEqual(names);
    rows.forEach((r, i) => {
      expect(Math.abs(d.danger[i]! - Number(r.danger_sum_r1))).toBeLessThanOrEqual(printed(10));
      expect(Math.abs(d.riskIndex[i]! - Number(r.R))).toBeLessThanOrEqual(printed(10));
      expect(Math.abs(d.riskExponent[i]! - Number(r.r))).toBeLessThanOrEqual(printed(10));
    });
    expect(d.delta).toBe(6);
  });

  it('round 1: P, E^i(U_ij) and E^i(U_ji) for all 90 ordered pairs match round1-matrix.csv to the 10 decimals it prints', () => {
    const d = eumDiagnostics(input);
    const rows = csv('round1-matrix.csv');
    expect(rows).toHaveLength(90);
    for (const r of rows) {
      const i = names.indexOf(r.perspective_i!);
      const j = names.indexOf(r.target_j!);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(j).toBeGreaterThanOrEqual(0);
      const at = i * names.length + j;
      expect(Math.abs(d.probability[at]! - Number(r.P_ij)), `P ${r.perspective_i}→${r.target_j}`).toBeLessThanOrEqual(printed(10));
      expect(Math.abs(d.initiatorEU[at]! - Number(r['EU_i(i challenges j)'])), `E^i(U_ij) ${r.perspective_i}→${r.target_j}`).toBeLessThanOrEqual(printed(10));
      expect(Math.abs(d.receiverEU[at]! - Number(r['EU_i(j challenges i)'])), `E^i(U_ji) ${r.perspective_i}→${r.target_j}`).toBeLessThanOrEqual(printed(10));
    }
  });

  it("round 1 from Belgium's view matches Bueno de Mesquita's published 1994 chart (spec §4, read off to ±0.05)", () => {
    const d = eumDiagnostics(input);
    const n = names.length;
    const be = names.indexOf('Belgium');
    const chart: [string, number, number][] = [
      ['Luxembourg', 0.6, 0.25],
      ['Denmark', -0.85, 0.25],
      ['UK', -0.65, 0.25],
      ['Netherlands', -0.47, 0.25],
      ['Germany', -0.47, 0.25],
      ['France', -0.1, 0.25],
      ['Italy', -0.1, 0.25],
      ['Ireland', 0, 0],
      ['Greece', 0, 0],
    ];
    for (const [other, eij, eji] of chart) {
      const j = names.indexOf(other);
      expect(Math.abs(d.initiatorEU[be * n + j]! - eij), other).toBeLessThanOrEqual(0.05);
      expect(Math.abs(d.receiverEU[be * n + j]! - eji), other).toBeLessThanOrEqual(0.05);
    }
  });

  it('initial weighted median 7 and c·s-weighted mean 7.389956', () => {
    const run = runEum(input, { rounds: 1 });
    expect(run.median[0]).toBe(7);
    expect(Math.abs(run.mean[0]! - 7.389956)).toBeLessThanOrEqual(printed(6));
  });

  const cases: [CompromiseRule, string][] = [
    ['reference', 'path-10-rounds.log'],
    ['least-movement', 'path-10-rounds-leastmove-variant.log'],
  ];
  it.each(cases)('compromise rule %s: every move, new position and mean of %s to the 6 decimals printed', (rule, file) => {
    const ref = readPath(file);
    expect(ref.means).toHaveLength(11);
    const run = runEum(input, { rounds: 10, compromiseRule: rule });
    expect(run.rounds).toBe(10);
    for (let t = 0; t <= 10; t++) expect(Math.abs(run.mean[t]! - ref.means[t]!), `mean, round ${t}`).toBeLessThanOrEqual(printed(6));
    for (let t = 1; t <= 10; t++) {
      const ours = ourMoves(run, names, t);
      const theirs = ref.moves[t]!;
      expect(ours.map((m) => [m.actor, m.kind, m.toward]), `who moves in round ${t}`).toEqual(theirs.map((m) => [m.actor, m.kind, m.toward]));
      ours.forEach((m, k) => {
        const r = theirs[k]!;
        expect(Math.abs(m.eij - r.eij), `${m.actor} e_ij, round ${t}`).toBeLessThanOrEqual(printed(6));
        expect(Math.abs(m.eji - r.eji), `${m.actor} e_ji, round ${t}`).toBeLessThanOrEqual(printed(6));
        expect(Math.abs(m.to - r.to), `${m.actor} new position, round ${t}`).toBeLessThanOrEqual(printed(6));
      });
      // Nobody else moves: every other actor keeps its position.
      for (let i = 0; i < run.n; i++) {
        if (!theirs.some((m) => m.actor === names[i])) expect(run.positions[t * run.n + i]).toBe(run.positions[(t - 1) * run.n + i]);
      }
    }
  });

  it('reference rule: the full-precision log agrees to 1e-9 in every move and mean', () => {
    const ref = readFullPrecision();
    const run = runEum(input, { rounds: 10 });
    expect(ref.means).toHaveLength(11);
    for (let t = 0; t <= 10; t++) expect(Math.abs(run.mean[t]! - ref.means[t]!)).toBeLessThan(1e-9);
    for (let t = 1; t <= 10; t++) {
      const ours = ourMoves(run, names, t);
      expect(ours.map((m) => [m.actor, m.kind, m.toward])).toEqual(ref.moves[t]!.map((m) => [m.actor, m.kind, m.toward]));
      ours.forEach((m, k) => {
        const r = ref.moves[t]![k]!;
        expect(Math.abs(m.eij - r.eij)).toBeLessThan(1e-9);
        expect(Math.abs(m.eji - r.eji)).toBeLessThan(1e-9);
        expect(Math.abs(m.to - r.to)).toBeLessThan(1e-9);
      });
    }
  });

  it("reference rule: the median path of the spec's table (§4)", () => {
    const run = runEum(input, { rounds: 10 });
    const spec = [7, 8.415932, 9.61085913, 9.96198, 9.96198, 9.96198, 7.472046, 8.824594, 9.67113, 9.67113, 7];
    spec.forEach((m, t) => expect(Math.abs(run.median[t]! - m), `round ${t}`).toBeLessThanOrEqual(printed(6)));
  });

  it('the dynamics model tells the same story in words, with the numbers', () => {
    const ref = readPath('path-10-rounds.log');
    const result = expectedUtilityDynamics.run(scenario, { rounds: 10 });
    expect(result.rounds).toHaveLength(11);
    expect(result.actors).toEqual(names);
    for (let t = 1; t <= 10; t++) {
      const moves = result.rounds[t]!.moves;
      expect(moves.map((m) => [m.actor, m.kind, m.toward])).toEqual(ref.moves[t]!.map((m) => [m.actor, m.kind, m.toward]));
      moves.forEach((m, k) => expect(Math.abs(m.to - ref.moves[t]![k]!.to)).toBeLessThanOrEqual(printed(6)));
      expect(Math.abs(result.rounds[t]!.outcomes.date! - ref.means[t]!)).toBeLessThanOrEqual(printed(6));
      expect(result.rounds[t]!.challenges).toHaveLength(90);
    }
    expect(result.rounds[1]!.moves[0]!.explanation).toMatch(/^Belgium compromises with France on Date the standards apply: its expected utility of challenging France is −0\.115 against France's 0\.243/);
    expect(result.rounds[1]!.moves[1]!.explanation).toMatch(/^Luxembourg loses a confrontation with Belgium on Date the standards apply and moves/);
    expect(Math.abs(result.forecast.date! - 7.242131)).toBeLessThanOrEqual(printed(6));
    expect(result.stop.reason).toBe('rounds');
    expect(result.stop.detail).toMatch(/has not converged/);
    expect(result.stop.detail).toMatch(/Belgium reversed direction in rounds 4, 5, 9, 10/);
  });

  it('the forecast model reports the final weighted mean (headline) and median', () => {
    const f = expectedUtilityModel.forecast(scenario);
    const issue = f.issues[0]!;
    expect(Math.abs(issue.value - 7.242131)).toBeLessThanOrEqual(printed(6));
    expect(issue.detail.median).toBe(7);
    expect(issue.detail.headline).toBe('mean');
    expect(issue.explanation).toMatch(/weighted mean of final positions is 7\.242 \(the headline\) and their weighted median 7\b/);
  });
});
