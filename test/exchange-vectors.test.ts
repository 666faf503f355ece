// Golden tests of the exchange model against the Decide reference runs in ../shared/reference/exchange/vectors:
// every vector file in that folder (present or added later) is replayed from its input and compared round by round:
// start outcomes and positions, groups, candidate counts, every recorded candidate (roles, moves, stacks, gains,
// validity, caps), every executed exchange in order, REX draws, voting outcomes and positions, next start positions.
// Numbers to 1e-9 absolute on the 0–100 scale (the README's rule), strings and booleans exactly. On a mismatch the
// full Parley run is written to test-artifacts/exchange/<vector>.changed.json for a reviewer to diff.
// Also here: the Decide reader on every reference input (it needs the files, so it lives with the golden tests).
// The three real data sets are GPL-3.0 (upstream repository): they are read from ../shared, never copied here.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runExchangeModel, type ExchangeData, type RoundResult } from '../src/core/models/exchange/engine.js';
import { exchangeDynamics, parseExchangeOptions, runExchange, type ExchangeRun } from '../src/core/models/exchange/index.js';
import { pointValue } from '../src/core/quantity.js';
import { toPointScenario, type Scenario } from '../src/core/scenario.js';
import { looksLikeDecide, readDecideText } from '../src/formats/decide.js';
import { formatFor } from '../src/formats/detect.js';
import { readScenarioText, writeScenarioText } from '../src/formats/scenarioText.js';
import { REPO, describeWithShared, hasShared, sharedPath } from './shared.js';

const DIR = 'reference/exchange';
const TOL = 1e-9;

interface Vector {
  input: {
    actors: { id: string; name: string }[];
    issues: { name: string; lower: number; upper: number }[];
    actor_issues: { actor: string; issue: string; position: number; salience: number; power: number }[];
  };
  params: { rounds: number; randomized_value_p: number | null; python_random_seed: number; salience_weight: number; fixed_weight: number; tie_rule: string };
  meta: { source_input?: string };
  rounds: Record<string, unknown>[];
}

const vectorFiles = existsSync(sharedPath(DIR, 'vectors'))
  ? readdirSync(sharedPath(DIR, 'vectors'))
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

/** Collects differences as "path: expected vs actual", numbers within TOL. */
function diff(expected: unknown, actual: unknown, path: string, out: string[]): void {
  if (out.length >= 25) return;
  if (typeof expected === 'number') {
    if (typeof actual !== 'number' || !(Math.abs(expected - actual) <= TOL)) out.push(`${path}: expected ${expected}, got ${String(actual)}`);
    return;
  }
  if (expected === null || typeof expected !== 'object') {
    if (expected !== actual) out.push(`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return void out.push(`${path}: expected a list, got ${JSON.stringify(actual)}`);
    if (expected.length !== actual.length) out.push(`${path}: expected ${expected.length} entries, got ${actual.length}`);
    for (let i = 0; i < Math.min(expected.length, actual.length); i++) diff(expected[i], actual[i], `${path}[${i}]`, out);
    return;
  }
  if (actual === null || typeof actual !== 'object') return void out.push(`${path}: expected an object, got ${JSON.stringify(actual)}`);
  for (const [k, v] of Object.entries(expected)) diff(v, (actual as Record<string, unknown>)[k], `${path}.${k}`, out);
}

/** The scenario of a vector: from its Decide input file through the reader when present, else from `input`. */
function scenarioOf(v: Vector): { scenario: Scenario; via: string } {
  const file = v.meta.source_input;
  if (file && existsSync(sharedPath(DIR, 'inputs', file))) {
    const { scenario, problems } = readDecideText(readFileSync(sharedPath(DIR, 'inputs', file), 'utf8'), file);
    expect(problems).toEqual([]);
    return { scenario: toPointScenario(scenario!), via: `inputs/${file}` };
  }
  const power = new Map(v.input.actor_issues.map((r) => [r.actor, r.power]));
  return {
    via: 'the vector’s input',
    scenario: {
      title: 'vector',
      sources: [],
      actors: v.input.actors.map((a) => ({ id: a.id, name: a.name, capability: power.get(a.id) ?? 0 })),
      issues: v.input.issues.map((x) => ({ id: x.name, name: x.name, scale: { min: x.lower, max: x.upper }, anchors: [] })),
      stances: v.input.actor_issues.map((r) => ({ actor: r.actor, issue: r.issue, position: r.position, salience: r.salience * 100 })),
    },
  };
}

/** Parley's rounds in the vectors' layout. */
function asVectorRounds(run: ExchangeRun, rounds: RoundResult[] = run.rounds): Record<string, unknown>[] {
  const { actors, issues, present } = run.data;
  const m = issues.length;
  const byIssue = (x: Float64Array) =>
    Object.fromEntries(issues.map((id, k) => [id, Object.fromEntries(actors.flatMap((a, i) => (present[i * m + k] ? [[a, x[i * m + k]!]] : [])))]));
  const perIssue = (x: Float64Array) => Object.fromEntries(issues.map((id, k) => [id, x[k]!]));
  const original = (x: Float64Array) => Object.fromEntries(issues.map((id, k) => [id, run.toScale(k, x[k]!)]));
  return rounds.map((r) => ({
    round: r.round,
    start: { nbs: perIssue(r.startOutcome), nbs_denominator: perIssue(r.denominator), positions: byIssue(r.startPositions), nbs_original_scale: original(r.startOutcome) },
    groups: r.groups,
    candidate_count: r.candidateCount,
    valid_candidate_count: r.validCandidateCount,
    candidates: r.candidates,
    realized: r.realized,
    voting: { nbs: perIssue(r.votingOutcome), positions: byIssue(r.votingPositions), nbs_original_scale: original(r.votingOutcome) },
    next_start_positions: byIssue(r.nextPositions),
    selection_stats: r.stats,
    random_draws: r.draws,
  }));
}

/** What is compared: everything the vector has, minus upstream-only diagnostics (Decimal strings, tie diagnostics). */
function comparable(round: Record<string, unknown>): Record<string, unknown> {
  const { start, voting, selection_stats, ...rest } = round as { start: Record<string, unknown>; voting: Record<string, unknown>; selection_stats: Record<string, unknown> };
  const { nbs_exact: _a, ...startRest } = start;
  const { nbs_exact: _b, ...votingRest } = voting;
  const { exact_ties_at_top: _c, near_ties_at_top: _d, ...stats } = selection_stats;
  const out: Record<string, unknown> = { ...rest, start: startRest, voting: votingRest, selection_stats: stats };
  if (Array.isArray(out.candidates) && out.candidates.length === 0) delete out.candidates; // not recorded in this round
  // The recorder writes u = v = z = eu_max = "-" and eu = 0 for a role never drawn for (an exchange invalid before
  // REX): Parley leaves those fields out.
  for (const list of [out.candidates, out.realized]) {
    if (!Array.isArray(list)) continue;
    for (const e of list as Record<string, Record<string, unknown>>[]) {
      for (const role of [e.I!, e.J!]) {
        if (role.u !== '-') continue;
        expect(role.eu).toBe(0);
        for (const key of ['eu', 'eu_max', 'u', 'v', 'z']) role[key] = undefined;
      }
    }
  }
  if (out.random_draws === undefined) delete out.random_draws;
  return out;
}

function report(name: string, run: ExchangeRun, problems: string[]): void {
  if (problems.length === 0) return;
  const dir = join(REPO, 'test-artifacts', 'exchange');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name.replace(/\.json$/, '.changed.json')), JSON.stringify(asVectorRounds(run), null, 1));
}

describeWithShared(`${DIR}/vectors`, 'exchange model reproduces the Decide reference vectors', () => {
  it('finds vector files to check', () => {
    expect(vectorFiles.length).toBeGreaterThan(0);
  });

  for (const file of vectorFiles) {
    it(`${file}: every round, candidate, executed exchange, draw and position to 1e-9`, () => {
      const v = JSON.parse(readFileSync(sharedPath(DIR, 'vectors', file), 'utf8')) as Vector;
      expect(v.params.tie_rule).toBe('creation-index');
      const { scenario } = scenarioOf(v);
      const options = parseExchangeOptions({
        values: {
          rounds: v.params.rounds,
          p: v.params.randomized_value_p ?? 0,
          seed: v.params.python_random_seed,
          salience_weight: v.params.salience_weight,
          fixed_weight: v.params.fixed_weight,
        },
        path: [],
      });
      const run = runExchange(scenario, options, { recordCandidates: 'all', recordDraws: true });
      const mine = asVectorRounds(run);
      const problems: string[] = [];
      expect(mine.length).toBe(v.rounds.length);
      v.rounds.forEach((expected, r) => diff(comparable(expected), mine[r], `round ${r + 1}`, problems));
      report(file, run, problems);
      expect(problems).toEqual([]);
    });
  }

  // The REX vectors once more, replaying the recorded draws themselves (not the seeded generator): the draws
  // must be consumed in the recorded order, by the recorded exchanges, and give the same positions.
  for (const file of vectorFiles) {
    const v = JSON.parse(readFileSync(sharedPath(DIR, 'vectors', file), 'utf8')) as Vector;
    const p = v.params.randomized_value_p ?? 0;
    if (!(p > 0)) continue;
    it(`${file}: replaying the recorded draws reproduces the run`, () => {
      const { scenario } = scenarioOf(v);
      const options = parseExchangeOptions({ values: { rounds: v.params.rounds, p }, path: [] });
      const base = runExchange(scenario, { ...options, p: 0, rounds: 1 });
      const recorded = v.rounds.flatMap((r) => (r.random_draws as { u: number; v: number; z: number }[]).flatMap((d) => [d.u, d.v, d.z]));
      let next = 0;
      const data: ExchangeData = base.data;
      const rounds = runExchangeModel(data, {
        rounds: v.params.rounds,
        p,
        draw: () => {
          if (next >= recorded.length) throw new Error('more draws consumed than recorded');
          return recorded[next++]!;
        },
        ties: 'first',
        salienceWeight: v.params.salience_weight,
        fixedWeight: v.params.fixed_weight,
        recordCandidates: 'none',
        recordDraws: true,
      });
      expect(next).toBe(recorded.length);
      const mine = asVectorRounds(base, rounds);
      const problems: string[] = [];
      v.rounds.forEach((expected, r) => {
        const want = comparable(expected);
        delete want.candidates;
        diff(want, mine[r], `round ${r + 1}`, problems);
      });
      expect(problems).toEqual([]);
    });
  }
});

// The reference inputs: the upstream Decide files (GPL-3.0 data, read from ../shared, never copied) and two
// synthetic ones. Each vector records how the reference read its input (`input`): Parley must read the same.
const INPUTS = 'reference/exchange/inputs';
describeWithShared(INPUTS, 'readDecideText on the reference inputs', () => {
  const files = hasShared(INPUTS) ? readdirSync(sharedPath(INPUTS)).sort() : [];
  it.each(files)('%s reads without problems, ids and order as written', (file) => {
    const source = readFileSync(sharedPath(INPUTS, file), 'utf8');
    expect(looksLikeDecide(source)).toBe(true);
    const { scenario, problems } = readDecideText(source, file);
    expect(problems).toEqual([]);
    const fields = (kind: string) =>
      source
        .split(/\r?\n/)
        .map((l) => l.split('\t').map((f) => f.replace(/^'(.*)'$/, '$1')))
        .filter((f) => f[0] === kind);
    expect(scenario!.actors.map((a) => a.id)).toEqual(fields('#A').map((f) => f[1]));
    expect(scenario!.issues.map((x) => x.id)).toEqual(fields('#P').map((f) => f[1]));
    expect(scenario!.stances.map((s) => [s.actor, s.issue, pointValue(s.position)])).toEqual(fields('#D').map((f) => [f[1], f[2], Number(f[3])]));
  });

  const vectors = hasShared('reference/exchange/vectors') ? readdirSync(sharedPath('reference/exchange/vectors')).filter((f) => f.endsWith('.json')) : [];
  it.each(vectors)('%s: the reader agrees with the reference run’s own reading of its input', (file) => {
    const v = JSON.parse(readFileSync(sharedPath('reference/exchange/vectors', file), 'utf8')) as {
      input: { actors: { id: string }[]; issues: { name: string; lower: number; upper: number }[]; actor_issues: { actor: string; issue: string; position: number; salience: number; power: number }[] };
      meta: { source_input: string };
    };
    const { scenario } = readDecideText(readFileSync(sharedPath(INPUTS, v.meta.source_input), 'utf8'), v.meta.source_input);
    expect(scenario!.actors.map((a) => a.id)).toEqual(v.input.actors.map((a) => a.id));
    expect(scenario!.issues.map((x) => [x.id, x.scale.min, x.scale.max])).toEqual(v.input.issues.map((x) => [x.name, x.lower, x.upper]));
    const capability = new Map(scenario!.actors.map((a) => [a.id, pointValue(a.capability)]));
    const mine = scenario!.stances.map((s) => [s.actor, s.issue, pointValue(s.position), pointValue(s.salience) / 100, capability.get(s.actor)]);
    const theirs = v.input.actor_issues.map((r) => [r.actor, r.issue, r.position, r.salience, r.power]);
    const key = (x: unknown[]) => `${String(x[0])}|${String(x[1])}`;
    expect(new Map(mine.map((x) => [key(x), x]))).toEqual(new Map(theirs.map((x) => [key(x), x])));
  });

  it('tol-hoogte in sample_data runs on its #M scale 0.5–7 (normalisation is tested by the golden vectors)', () => {
    const { scenario } = readDecideText(readFileSync(sharedPath(INPUTS, 'sample_data.txt'), 'utf8'), 'sample_data.txt');
    expect(scenario!.issues.find((x) => x.id === 'tol-hoogte')!.scale).toEqual({ min: 0.5, max: 7 });
  });

  it('copenhagen: Russia has no records on Commitments and Extra, and that is not an error', () => {
    const { scenario } = readDecideText(readFileSync(sharedPath(INPUTS, 'copenhagen.csv'), 'utf8'), 'copenhagen.csv');
    const russia = scenario!.stances.filter((s) => s.actor === 'Russia').map((s) => s.issue);
    expect(russia).not.toContain('Commitments');
    expect(russia).not.toContain('Extra');
    expect(russia).toHaveLength(5);
  });
});

describeWithShared('reference', 'input detection: Decide files by content, and nothing else', () => {
  it('every Decide reference input goes to the Decide reader, whatever its extension', () => {
    for (const file of readdirSync(sharedPath(INPUTS))) {
      expect(formatFor(file, readFileSync(sharedPath(INPUTS, file), 'utf8')).id, file).toBe('decide');
    }
  });

  it('no KTAB, GENIUS or EUM reference file is taken for a Decide file', () => {
    const others: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(sharedPath(dir), { withFileTypes: true })) {
        const rel = join(dir, entry.name);
        if (entry.isDirectory()) walk(rel);
        else if (/\.(csv|txt|xml|ya?ml|json)$/i.test(entry.name)) others.push(rel);
      }
    };
    for (const dir of ['reference/ktab-smp', 'reference/genius', 'reference/eum-ec1994']) if (hasShared(dir)) walk(dir);
    expect(others.length).toBeGreaterThan(0);
    for (const rel of others) expect(formatFor(rel, readFileSync(sharedPath(rel), 'utf8')).id, rel).not.toBe('decide');
  });
});

describeWithShared(INPUTS, 'Decide → parley import → Parley YAML keeps the run identical', () => {
  it.each(hasShared(INPUTS) ? readdirSync(sharedPath(INPUTS)).sort() : [])('%s', (file) => {
    const decide = readDecideText(readFileSync(sharedPath(INPUTS, file), 'utf8'), file).scenario!;
    const yaml = writeScenarioText(decide, 'yaml');
    const back = readScenarioText(yaml, `${file}.yaml`);
    expect(back.problems).toEqual([]);
    const a = exchangeDynamics(toPointScenario(decide));
    const b = exchangeDynamics(toPointScenario(back.scenario!));
    expect(b).toEqual(a);
  });
});

// csv/sensitivity_random_ties.csv prints, for sample_data, Copenhagen and COP21 (the one data set without a vector
// file), the patched reference run's voting outcome per round and issue to 6 decimals (`vector_voting_nbs`); its
// min/mean/max columns summarise upstream's unpatched random tie-breaking, which Parley does not reproduce by design.
// Equal gain (p = 0), 10 rounds, ties broken by creation order, as the vectors.
const TIES = `${DIR}/csv/sensitivity_random_ties.csv`;
describeWithShared(TIES, 'Decide sensitivity table: the voting outcome of every round to the 6 decimals it prints', () => {
  const inputs: Record<string, string> = { sample_data: 'sample_data.txt', copenhagen: 'copenhagen.csv', cop21: 'cop21.csv' };
  const rows = hasShared(TIES)
    ? readFileSync(sharedPath(TIES), 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(','))
    : [];
  it.each(Object.keys(inputs))('%s', (dataset) => {
    const file = inputs[dataset]!;
    const { scenario } = readDecideText(readFileSync(sharedPath(INPUTS, file), 'utf8'), file);
    const run = runExchange(toPointScenario(scenario!), parseExchangeOptions({ values: { rounds: 10, p: 0 }, path: [] }));
    const mine = rows.filter((r) => r[0] === dataset);
    expect(mine.length).toBeGreaterThan(0);
    const off: string[] = [];
    for (const [, round, issue, printedValue] of mine) {
      const k = run.data.issues.indexOf(issue!);
      expect(k, `${dataset} issue ${issue}`).toBeGreaterThanOrEqual(0);
      const value = run.rounds[Number(round) - 1]!.votingOutcome[k]!;
      if (!(Math.abs(value - Number(printedValue)) <= 0.5e-6 + 1e-12)) off.push(`round ${round} ${issue}: ${printedValue} printed, ${value} computed`);
    }
    expect(off).toEqual([]);
  });
});
