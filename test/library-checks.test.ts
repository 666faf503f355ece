// The library's entry points check what they are given, as the file path does: a scenario built in code that would
// not pass `parley validate`, or a job option out of range, is an InputError naming the place; never a wrong number,
// a NaN, a hang or a process killed for memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scenarioProblems, assertScenario } from '../src/core/checkScenario.js';
import { InputError } from '../src/core/errors.js';
import { forecastScenario } from '../src/core/forecast.js';
import { DYNAMICS_MODELS } from '../src/core/dynamics/registry.js';
import { findModel } from '../src/core/models/registry.js';
import { toPointScenario, type Scenario } from '../src/core/scenario.js';
import { scenarioDealSpace } from '../src/core/deals/fromScenario.js';
import { prepareJob, runChunk, runMonteCarlo, summariseRun } from '../src/core/uncertainty/montecarlo.js';
import { runSensitivity } from '../src/core/uncertainty/sensitivity.js';
import { parseScenario, readScenarioText } from '../src/formats/scenarioText.js';

const busanText = readFileSync(new URL('../scenarios/us-china-busan-2025.yaml', import.meta.url), 'utf8');
const busan = parseScenario(busanText);

/** Two actors, one issue on 0–100: a 60/80/70, b 30/10/60. */
function small(): Scenario {
  return {
    title: 'small',
    sources: [],
    actors: [
      { id: 'a', name: 'A', capability: 60 },
      { id: 'b', name: 'B', capability: 30 },
    ],
    issues: [{ id: 'x', name: 'X', scale: { min: 0, max: 100 }, anchors: [] }],
    stances: [
      { actor: 'a', issue: 'x', position: 80, salience: 70 },
      { actor: 'b', issue: 'x', position: 10, salience: 60 },
    ],
  };
}

/** The problems an InputError carries, as "path: message". */
function problemsOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.path.join('.')}: ${p.message}`);
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('scenarios built in code', () => {
  it("accept Parley's own scenario objects, point and uncertain (the TypeScript shape round-trips)", () => {
    expect(scenarioProblems(busan)).toEqual([]);
    expect(scenarioProblems(toPointScenario(busan))).toEqual([]);
    expect(scenarioProblems(small())).toEqual([]);
  });

  it('refuse what the file validator refuses, with the same paths and words', () => {
    const s = small();
    s.stances[0]!.salience = 140;
    s.stances[1]!.position = NaN;
    s.actors[1]!.capability = -5;
    const got = problemsOf(() => assertScenario(s));
    expect(got).toHaveLength(3);
    expect(got.find((p) => p.startsWith('stances.0.salience'))).toMatch(/salience 140 is out of range/);
    expect(got.find((p) => p.startsWith('stances.1.position'))).toMatch(/NaN/);
    expect(got.find((p) => p.startsWith('actors.1.capability'))).toMatch(/-5 is out of range/);
    expect(problemsOf(() => assertScenario({ ...small(), actors: [] }))[0]).toMatch(/^actors: .*0 actors/);
    expect(problemsOf(() => assertScenario(null as unknown as Scenario))[0]).toMatch(/does not hold a scenario/);
  });

  it('forecastScenario refuses an invalid scenario instead of forecasting off the scale', () => {
    const s = small();
    s.stances[0]!.salience = -20;
    expect(problemsOf(() => forecastScenario(s, ['compromise']))[0]).toMatch(/^stances\.0\.salience: salience -20 is out of range/);
    const far = small();
    far.stances[0]!.position = 500;
    expect(problemsOf(() => forecastScenario(far, ['median']))[0]).toMatch(/^stances\.0\.position: position 500/);
  });

  it('a NaN position is an InputError, never an endless loop in the EUM', () => {
    const s = small();
    s.stances[0]!.position = NaN;
    expect(problemsOf(() => forecastScenario(s, ['eum']))[0]).toMatch(/^stances\.0\.position/);
    expect(problemsOf(() => DYNAMICS_MODELS.find((m) => m.id === 'eum')!.run(s))[0]).toMatch(/^stances\.0\.position/);
    // The model itself, called without the check (as Monte Carlo does on every draw), returns NaN: no hang.
    const raw = findModel('eum')!.forecast(s, { explain: false });
    expect(raw.issues[0]!.value).toBeNaN();
  });

  it('every dynamics model and the deal space check their scenario', () => {
    const s = small();
    s.stances[1]!.salience = 140;
    for (const m of DYNAMICS_MODELS) expect(problemsOf(() => m.run(s))[0], m.id).toMatch(/salience 140/);
    expect(problemsOf(() => scenarioDealSpace(s))[0]).toMatch(/salience 140/);
  });

  it('an empty model list or a model named twice is an error, not -Infinity or a doubled column', () => {
    expect(problemsOf(() => forecastScenario(small(), []))[0]).toMatch(/no model named/);
    expect(problemsOf(() => forecastScenario(small(), ['compromise', 'compromise']))[0]).toMatch(/"compromise" is named twice/);
  });

  it('an id that is not an ordinary key of a JSON object is refused', () => {
    const s = small();
    s.issues[0]!.id = '__proto__';
    for (const t of s.stances) t.issue = '__proto__';
    expect(problemsOf(() => assertScenario(s))).toContain('issues.0.id: issue id "__proto__" is reserved');
  });

  it('an option given as NaN is shown as NaN, not null', () => {
    expect(problemsOf(() => forecastScenario(small(), ['eum'], { eum: { rounds: NaN } }))[0]).toMatch(/NaN/);
  });
});

describe('Monte Carlo and sensitivity jobs', () => {
  const experts = [{ name: 'busan', scenario: busan }];
  const job = { experts, models: ['compromise'], seed: 1, draws: 20 };

  it('refuse draws that are not whole numbers ≥ 1, and draws beyond memory, before any work', () => {
    for (const draws of [2.5, -5, NaN]) expect(problemsOf(() => runMonteCarlo({ ...job, draws }))[0], String(draws)).toMatch(/^draws: draws .* is not a whole number/);
    expect(problemsOf(() => runMonteCarlo({ ...job, draws: 0 }))[0]).toMatch(/^draws: draws 0: a Monte Carlo run needs at least one draw/);
    // 0 draws is a sensitivity job of sweeps only.
    expect(prepareJob({ ...job, draws: 0 }).job.draws).toBe(0);
    expect(problemsOf(() => runMonteCarlo({ ...job, draws: 1e12 }))[0]).toMatch(/^draws: 1000000000000 draws × 1 models × 14 issues is more than a run can keep in memory/);
  });

  it('refuse a bad seed, an empty expert list and an invalid expert scenario as InputErrors', () => {
    expect(problemsOf(() => runMonteCarlo({ ...job, seed: -1 }))[0]).toMatch(/^seed: seed -1/);
    expect(problemsOf(() => runMonteCarlo({ ...job, experts: [] }))[0]).toMatch(/no scenario/);
    const bad = parseScenario(busanText);
    bad.stances[0]!.salience = 140;
    expect(problemsOf(() => runMonteCarlo({ ...job, experts: [{ name: 'bad', scenario: bad }] }))[0]).toMatch(/salience 140/);
  });

  it('refuse thresholds for unknown issues or off the scale', () => {
    const p = prepareJob(job);
    const chunks = [runChunk(p, 0, 20)];
    expect(problemsOf(() => summariseRun(p, chunks, { thresholds: { fentanyl: [40] } }))[0]).toMatch(/^thresholds\.fentanyl: unknown issue "fentanyl"/);
    expect(problemsOf(() => summariseRun(p, chunks, { thresholds: { fentanyl_tariff: [140] } }))[0]).toMatch(/threshold 140 is off the scale/);
  });

  it('refuse fewer than two sweep points, unknown issues and chunks without inputs', () => {
    const p = prepareJob({ ...job, keepInputs: false });
    const chunks = [runChunk(p, 0, 20)];
    const got = problemsOf(() => runSensitivity(p, 1, chunks, { issues: ['fentanyl'] }));
    expect(got).toEqual([
      'points: points 1 is not a whole number from 2 to 1001',
      'issues.0: unknown issue "fentanyl"',
      'chunks: the Monte Carlo chunks were run without their inputs',
    ]);
  });
});

describe('reading text', () => {
  it('anchors written as a list get a fix that shows the mapping', () => {
    const text = busanText.replace(/anchors: \{ 0: "tariff fully removed[^}]*\}/, 'anchors: [low, high]');
    expect(text).not.toBe(busanText);
    const r = readScenarioText(text);
    expect(r.problems[0]!.message).toMatch(/`anchors` is a list, expected a mapping of scale points/);
    expect(r.problems[0]!.fix).toMatch(/anchors: \{ 0: /);
  });

  it('a YAML alias bomb is a located problem, not an exception', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]', 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]', busanText].join('\n');
    const r = readScenarioText(bomb);
    expect(r.scenario).toBeUndefined();
    expect(r.problems.map((p) => p.code)).toEqual(['too-many-aliases']);
  });
});
