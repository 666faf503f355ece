/**
 * Logrolls: trades between two parties across issues that leave both better off than a baseline.
 *
 * Logrolling (vote trading) is the textbook source of joint gains in multi-issue bargaining when parties care
 * about different issues (Coleman 1966, "The possibility of a social welfare function", American Economic Review
 * 56:1105–1122; Raiffa 1982, The Art and Science of Negotiation, ch. 10–11; Stokman & Van Oosten 1994 build a
 * forecasting model on it). Here, on a scenario's deal space (fromScenario.ts) with parties A and B:
 *
 *   baseline b      the status quo (default; an issue without one takes the forecast), or the compromise model's
 *                   forecast on every issue (src/core/models/compromise.ts, all actors of the scenario);
 *   move (j, x)     issue j goes from b_j to the grid value x; its gains are g_P = c_Pj(x) − c_Pj(b_j) for each
 *                   party P, in utility units (fromScenario.ts: each party's utility lies in [0, 1]);
 *                   it is a concession by A when g_A < 0 < g_B (the outcome moves toward B), and by B symmetrically;
 *   logroll         a set of concessions on 2 … maxIssues distinct issues, at least one by each party, with
 *                   Σ g_A > 0 and Σ g_B > 0 — and minimal: no smaller subset of its moves is a logroll already
 *                   (otherwise it is a logroll plus an add-on). For each set of issues the combination of grid
 *                   values with the largest joint gain is kept. Ranked by joint gain Σ g_A + Σ g_B.
 *   shared move     a single move that raises both utilities (no trade needed): reported beside the logrolls.
 *
 * Each logroll is explained in words with each party's salience on the issue (capability-weighted mean of its
 * members' saliences, 0–100), e.g. "United States moves toward China on Port fees (salience 7 vs 9) in exchange
 * for China moving toward United States on Rare-earth controls (21 vs 6)".
 * Cost: O(m·V) moves; O(Σ_{s ≤ S} C(m, s)·M^s) packages for m issues, M ≤ V − 1 concessions per issue and
 * S = maxIssues (default 3: about 2·10^4 packages for the 14-issue Busan scenario at 5 points per issue).
 * Deterministic; pure.
 */
import { InputError, problem } from '../errors.js';
import { compromiseForecast } from '../models/compromise.js';
import type { Scenario } from '../scenario.js';
import { issueContribution, packageUtility, valueLabel, type ScenarioDealSpace } from './fromScenario.js';

export interface LogrollOptions {
  /** What the trades improve on: the status quo (default) or the compromise forecast. */
  baseline?: 'forecast' | 'status-quo';
  /** Largest number of issues in one logroll (default 3). */
  maxIssues?: number;
  /** How many logrolls to return (default 10). */
  limit?: number;
  /** The two parties, as indices into space.parties (default the first two). */
  parties?: [number, number];
}

export interface LogrollMove {
  issue: string;
  issueName: string;
  from: number;
  to: number;
  /** The anchor words of the new value. */
  toLabel: string;
  /** Which of the two parties gives ground (0 = A, 1 = B); -1 for a shared move. */
  concededBy: number;
  /** Utility gains of A and B. */
  gains: [number, number];
  /** Salience of the issue to A and B (0–100). */
  salience: [number, number];
}

export interface Logroll {
  moves: LogrollMove[];
  gains: [number, number];
  joint: number;
  /** Utilities of A and B after the trade (baseline elsewhere). */
  utilities: [number, number];
  explanation: string;
}

export interface LogrollReport {
  parties: [string, string];
  baseline: { kind: 'forecast' | 'status-quo'; values: number[]; utilities: [number, number] };
  logrolls: Logroll[];
  sharedMoves: LogrollMove[];
  /** Packages examined. */
  examined: number;
}

/** The baseline package: compromise forecast, or status quo where the issue has one. */
export function baselinePackage(scenario: Scenario, space: ScenarioDealSpace, kind: 'forecast' | 'status-quo' = 'status-quo'): number[] {
  const forecast = compromiseForecast(scenario);
  return space.sourceIssues.map((issue) => {
    const f = forecast.issues.find((x) => x.issue === issue.id)!.value;
    return kind === 'status-quo' ? (issue.status_quo ?? f) : f;
  });
}

const fmt = (x: number) => (Math.abs(x - Math.round(x)) < 1e-9 ? String(Math.round(x)) : x.toFixed(1));
const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

/** "Port fees (salience 5 vs 8)": saliences always in party order (A vs B), as the issue's example writes them. */
function listIssues(moves: LogrollMove[]): string {
  const parts = moves.map((m) => `${m.issueName} (salience ${fmt(m.salience[0])} vs ${fmt(m.salience[1])})`);
  return parts.length <= 2 ? parts.join(' and ') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

function explain(names: [string, string], moves: LogrollMove[], gains: [number, number]): string {
  const byA = moves.filter((m) => m.concededBy === 0);
  const byB = moves.filter((m) => m.concededBy === 1);
  return (
    `${names[0]} moves toward ${names[1]} on ${listIssues(byA)} in exchange for ${names[1]} moving toward ${names[0]} on ${listIssues(byB)}` +
    ` — ${names[0]} ${pct(gains[0])}, ${names[1]} ${pct(gains[1])} utility` +
    ` (${moves.map((m) => `${m.issueName} ${fmt(m.from)} → ${fmt(m.to)}`).join('; ')}).`
  );
}

/** The best logrolls between two parties of a scenario deal space. Throws InputError for a bad party choice. */
/** The most packages one logroll search examines (about 15 s on one core; 7e7 took 5 s on Busan). */
export const MAX_LOGROLL_PACKAGES = 2e8;

export function findLogrolls(scenario: Scenario, space: ScenarioDealSpace, options: LogrollOptions = {}): LogrollReport {
  const [a, b] = options.parties ?? [0, 1];
  if (a === b || a === undefined || b === undefined || !space.parties[a] || !space.parties[b]) {
    throw new InputError([problem('bad-logroll-parties', ['parties'], 'logrolls need two different parties of the deal space', 'name two parties')]);
  }
  const maxIssues = Math.max(2, options.maxIssues ?? 3);
  const limit = options.limit ?? 10;
  const kind = options.baseline ?? 'status-quo';
  const base = baselinePackage(scenario, space, kind);
  const names: [string, string] = [space.parties[a]!.name, space.parties[b]!.name];
  const m = space.sourceIssues.length;

  // Candidate moves per issue.
  const concessions: LogrollMove[][] = [];
  const shared: LogrollMove[] = [];
  for (let j = 0; j < m; j++) {
    const issue = space.sourceIssues[j]!;
    const list: LogrollMove[] = [];
    const baseA = issueContribution(space, a, j, base[j]!);
    const baseB = issueContribution(space, b, j, base[j]!);
    for (const x of space.issues[j]!.points!) {
      if (Math.abs(x - base[j]!) < 1e-9) continue;
      const gA = issueContribution(space, a, j, x) - baseA;
      const gB = issueContribution(space, b, j, x) - baseB;
      const move: LogrollMove = {
        issue: issue.id,
        issueName: issue.name,
        from: base[j]!,
        to: x,
        toLabel: valueLabel(issue, x),
        concededBy: gA < 0 && gB > 0 ? 0 : gB < 0 && gA > 0 ? 1 : -1,
        gains: [gA, gB],
        salience: [space.stakes[a]![j]!.salience, space.stakes[b]![j]!.salience],
      };
      if (move.concededBy >= 0) list.push(move);
      else if (gA >= 0 && gB >= 0 && gA + gB > 1e-12) shared.push(move);
    }
    concessions.push(list);
  }

  // Enumerate sets of issues with one concession each; keep the best valid combination per issue set.
  const EPS = 1e-12;
  const valid = (moves: LogrollMove[]) => {
    let gA = 0;
    let gB = 0;
    let byA = false;
    let byB = false;
    for (const mv of moves) {
      gA += mv.gains[0];
      gB += mv.gains[1];
      if (mv.concededBy === 0) byA = true;
      else byB = true;
    }
    return byA && byB && gA > EPS && gB > EPS;
  };
  const minimal = (moves: LogrollMove[]) => {
    if (moves.length <= 2) return true;
    for (let drop = 0; drop < moves.length; drop++) if (valid(moves.filter((_, t) => t !== drop))) return false;
    return true;
  };
  const found: Logroll[] = [];
  let examined = 0;
  const issuesWithMoves = concessions.map((c, j) => (c.length > 0 ? j : -1)).filter((j) => j >= 0);
  const issueSet: number[] = [];
  const acc: LogrollMove[] = [];
  let best: Logroll | undefined;
  // One concession per issue of the set, every combination.
  const pick = (t: number) => {
    if (t === issueSet.length) {
      examined++;
      if (!valid(acc) || !minimal(acc)) return;
      let gA = 0;
      let gB = 0;
      for (const mv of acc) {
        gA += mv.gains[0];
        gB += mv.gains[1];
      }
      if (!best || gA + gB > best.joint) best = { moves: [...acc], gains: [gA, gB], joint: gA + gB, utilities: [0, 0], explanation: '' };
      return;
    }
    for (const mv of concessions[issueSet[t]!]!) {
      acc.push(mv);
      pick(t + 1);
      acc.pop();
    }
  };
  const recurse = (start: number, size: number) => {
    if (issueSet.length === size) {
      best = undefined;
      pick(0);
      if (best) found.push(best);
      return;
    }
    for (let t = start; t < issuesWithMoves.length; t++) {
      issueSet.push(issuesWithMoves[t]!);
      recurse(t + 1, size);
      issueSet.pop();
    }
  };
  // Packages to examine: Σ_{s=2..S} e_s(M_1, …, M_m), e_s the elementary symmetric polynomial of the per-issue
  // concession counts (a DP over issues). Refused above MAX_LOGROLL_PACKAGES rather than running for hours.
  const sizes = Math.min(maxIssues, issuesWithMoves.length);
  const e = new Float64Array(sizes + 1);
  e[0] = 1;
  for (const j of issuesWithMoves) for (let t = sizes; t >= 1; t--) e[t]! += e[t - 1]! * concessions[j]!.length;
  let packages = 0;
  for (let t = 2; t <= sizes; t++) packages += e[t]!;
  if (packages > MAX_LOGROLL_PACKAGES) {
    let fits = 2;
    for (let t = 3, sum = e[2]!; t <= sizes && (sum += e[t]!) <= MAX_LOGROLL_PACKAGES; t++) fits = t;
    throw new InputError([
      problem(
        'too-many-logrolls',
        [],
        `logrolls across up to ${maxIssues} issues would mean examining ${packages.toExponential(1)} packages`,
        `trade across at most ${fits} issues (--logroll-issues ${fits}), or use fewer points per issue`,
      ),
    ]);
  }
  for (let size = 2; size <= sizes; size++) recurse(0, size);

  found.sort((x, y) => y.joint - x.joint || x.moves.length - y.moves.length);
  const baseU: [number, number] = [packageUtility(space, a, base), packageUtility(space, b, base)];
  const top = found.slice(0, limit).map((l) => {
    const after = [...base];
    for (const mv of l.moves) after[space.sourceIssues.findIndex((i) => i.id === mv.issue)] = mv.to;
    const moves = [...l.moves].sort((x, y) => x.concededBy - y.concededBy);
    return { ...l, moves, utilities: [packageUtility(space, a, after), packageUtility(space, b, after)] as [number, number], explanation: explain(names, moves, l.gains) };
  });
  shared.sort((x, y) => y.gains[0] + y.gains[1] - (x.gains[0] + x.gains[1]));
  // One shared move per issue: the best.
  const sharedBest = shared.filter((mv, i) => shared.findIndex((o) => o.issue === mv.issue) === i);
  return { parties: names, baseline: { kind, values: base, utilities: baseU }, logrolls: top, sharedMoves: sharedBest, examined };
}
