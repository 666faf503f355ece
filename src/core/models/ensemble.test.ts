import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { forecastScenario } from '../forecast.js';
import type { Scenario } from '../scenario.js';
import { compromiseForecast } from './compromise.js';
import { DEFAULT_CONSENSUS_WEIGHT, DEFAULT_NASH_WEIGHT, ensembleForecast, ensembleModel, fitEnsemble } from './ensemble.js';
import { nashBargaining } from './nashBargaining.js';

/** One-issue scenario on 0–100 from rows [id, capability, position, salience 0–100]. */
function oneIssue(rows: [string, number, number, number][]): Scenario {
  return {
    title: 't',
    sources: [],
    actors: rows.map(([id, c]) => ({ id, name: id, capability: c })),
    issues: [{ id: 'x', name: 'X', scale: { min: 0, max: 100 }, anchors: [] }],
    stances: rows.map(([id, , p, s]) => ({ actor: id, issue: 'x', position: p, salience: s })),
  };
}

/** Freeze every object inside `value`; in ES modules (strict mode) a write to a frozen object throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

const withOptions = (s: Scenario, ensemble: Record<string, unknown>): Scenario => Object.freeze({ ...s, model_options: { ensemble } }) as Scenario;

// Three actors, capability × salience weights 10·1 = 10, 10·0.5 = 5, 20·0.5 = 10 at 0, 40, 100.
const ROWS: [string, number, number, number][] = [
  ['a', 10, 0, 100],
  ['b', 10, 40, 50],
  ['c', 20, 100, 50],
];

describe('ensemble model', () => {
  it('without a voting rule is ½ compromise + ½ Nash bargaining with each actor’s worst point as disagreement', () => {
    const s = oneIssue(ROWS);
    const compromise = (10 * 0 + 5 * 40 + 10 * 100) / 25; // 48
    expect(compromiseForecast(s).issues[0]!.value).toBeCloseTo(compromise, 12);
    // Nash: maximise 10·log(100 − |x|) + 5·log(60 − |x − 40|) + 10·log(100 − |x − 100|); on (40, 100) the slope
    // −10/(100 − x) − 5/(100 − x) + 10/x vanishes at 15x = 10(100 − x): x = 40. On (0, 40): −10/(100−x) + 5/(20+x) + 10/x > 0
    // at x → 40⁻ (−1/6 + 1/12 + 1/4 > 0), so the maximum is the kink at 40.
    expect(nashBargaining([0, 40, 100], [10, 5, 10], null, { min: 0, max: 100 }).value).toBeCloseTo(40, 9);
    const f = ensembleForecast(s);
    expect(DEFAULT_NASH_WEIGHT).toBe(0.5);
    expect(f.issues[0]!.value).toBeCloseTo(0.5 * 48 + 0.5 * 40, 9); // 44
    expect(f.issues[0]!.detail).toMatchObject({ consensus: false, voting_rule: null });
    expect(f.notes.join(' ')).toMatch(/No voting rule given/);
  });
  it('under unanimity in consultation forecasts the weighted median (λ = 1)', () => {
    const f = ensembleForecast(withOptions(oneIssue(ROWS), { voting_rule: 'unanimity', procedure: 'CNS' }));
    expect(DEFAULT_CONSENSUS_WEIGHT).toBe(1);
    expect(f.issues[0]!.value).toBe(40); // weights 10 | 5 | 10: b at 40 is the median
    expect(f.issues[0]!.detail).toMatchObject({ consensus: true, voting_rule: 'unanimity', procedure: 'consultation' });
    expect(f.issues[0]!.explanation).toMatch(/weighted median \(40\)/);
  });
  it('keeps bargaining under co-decision, under QMV, and between two actors', () => {
    const bargaining = ensembleForecast(oneIssue(ROWS)).issues[0]!.value;
    expect(ensembleForecast(withOptions(oneIssue(ROWS), { voting_rule: 'unanimity', procedure: 'codecision' })).issues[0]!.value).toBe(bargaining);
    expect(ensembleForecast(withOptions(oneIssue(ROWS), { voting_rule: 'qmv' })).issues[0]!.value).toBe(bargaining);
    const two = oneIssue(ROWS.slice(0, 2));
    expect(ensembleForecast(withOptions(two, { voting_rule: 'unanimity' })).issues[0]!.value).toBe(ensembleForecast(two).issues[0]!.value);
  });
  it('takes options given to forecast over the scenario’s, and its weights as set', () => {
    const s = withOptions(oneIssue(ROWS), { voting_rule: 'unanimity', consensus_weight: 0.5 });
    expect(ensembleForecast(s).issues[0]!.value).toBeCloseTo(0.5 * 44 + 0.5 * 40, 9);
    expect(ensembleForecast(s, { ensemble: { voting_rule: 'qmv' } }).issues[0]!.value).toBeCloseTo(44, 9);
    expect(ensembleForecast(oneIssue(ROWS), { ensemble: { nash_weight: 0 } }).issues[0]!.value).toBeCloseTo(48, 9);
    expect(ensembleForecast(oneIssue(ROWS), { ensemble: { nash_weight: 1 } }).issues[0]!.value).toBeCloseTo(40, 9);
  });
  it('rejects unknown rules and weights off [0, 1], all at once, with where and how to fix', () => {
    const s = withOptions(oneIssue(ROWS), { voting_rule: 'unanimty', procedure: 'conciliation', nash_weight: 2 });
    let error: unknown;
    try {
      ensembleForecast(s);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    const problems = (error as InputError).problems;
    expect(problems.map((p) => p.path.join('.'))).toEqual(['model_options.ensemble.voting_rule', 'model_options.ensemble.procedure', 'model_options.ensemble.nash_weight']);
    expect(problems[0]!.fix).toBe('did you mean "unanimity"?');
  });
  it('is offered by parley forecast as a first-class model', () => {
    const report = forecastScenario(oneIssue(ROWS), ['compromise', 'ensemble']);
    expect(report.models.map((m) => m.id)).toEqual(['compromise', 'ensemble']);
    expect(report.models[1]!.name).toBe(ensembleModel.name);
    expect(report.issues[0]!.forecasts.ensemble).toBeCloseTo(44, 9);
  });
  it('never forecasts outside the range of the positions, and does not modify its input', () => {
    const row = fc.tuple(fc.double({ min: 0.1, max: 50, noNaN: true }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 100 }));
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), fc.constantFrom('unanimity', 'qmv', undefined), (rows, rule) => {
        const s = oneIssue(rows.map(([c, x, sal], k) => [`a${k}`, c, x, sal]));
        const scenario = deepFreeze(rule ? withOptions(s, { voting_rule: rule }) : s);
        const v = ensembleForecast(scenario).issues[0]!.value; // throws if it writes to the frozen input
        const xs = rows.map((r) => r[1]);
        expect(v).toBeGreaterThanOrEqual(Math.min(...xs) - 1e-9);
        expect(v).toBeLessThanOrEqual(Math.max(...xs) + 1e-9);
      }),
    );
  });
});

describe('fitEnsemble', () => {
  const caseWith = (outcome: number, rule = 'unanimity') => withOptions({ ...oneIssue(ROWS), issues: [{ ...oneIssue(ROWS).issues[0]!, outcome }] } as Scenario, { voting_rule: rule });
  it('fits λ to the outcomes under consensus: at the median → 1, at the bargaining forecast → 0, between → between', () => {
    // bargaining 44, median 40
    expect(fitEnsemble([caseWith(40)]).parameters).toEqual({ consensus_weight: 1 });
    expect(fitEnsemble([caseWith(44)]).parameters).toEqual({ consensus_weight: 0 });
    expect(fitEnsemble([caseWith(42)]).parameters.consensus_weight).toBeCloseTo(0.5, 12);
    expect(fitEnsemble([caseWith(42)]).options).toEqual({ ensemble: { consensus_weight: 0.5 } });
  });
  it('ignores issues where λ does not act, and keeps the default without any', () => {
    expect(fitEnsemble([caseWith(0, 'qmv')]).parameters).toEqual({ consensus_weight: DEFAULT_CONSENSUS_WEIGHT });
    expect(fitEnsemble([]).parameters).toEqual({ consensus_weight: DEFAULT_CONSENSUS_WEIGHT });
  });
  it('fits with the bargaining forecast the user fixed (nash_weight)', () => {
    // with nash_weight 0 the bargaining forecast is the compromise 48; outcome 44 lies half-way to the median 40
    expect(fitEnsemble([caseWith(44)], { ensemble: { nash_weight: 0 } }).parameters.consensus_weight).toBeCloseTo(0.5, 12);
  });
});
