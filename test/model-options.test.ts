// Every model checks its own options, and a scenario's model_options are checked when it is read: an unknown model,
// an unknown option (with "did you mean") or a value out of range is a located problem, never silently ignored.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { forecastScenario } from '../src/core/forecast.js';
import { toPointScenario } from '../src/core/scenario.js';
import { validateScenario } from '../src/core/validateScenario.js';
import { parseText } from '../src/formats/scenarioText.js';
import { modelOptionProblems } from '../src/core/models/modelOptions.js';
import { MODELS } from '../src/core/models/registry.js';
import type { NashOptions } from '../src/core/models/types.js';

const busan = () => {
  const raw = parseText(readFileSync(new URL('../scenarios/us-china-busan-2025.yaml', import.meta.url), 'utf8')).value as Record<string, unknown>;
  return raw;
};
const point = (raw: Record<string, unknown>) => toPointScenario(validateScenario(raw).scenario!);

describe('model options', () => {
  it('every registered model checks its options', () => {
    for (const m of MODELS) expect(typeof m.checkOptions, m.id).toBe('function');
  });

  it('finds unknown models, unknown names and bad values, each at its path', () => {
    const problems = modelOptionProblems(
      { eumm: { rounds: 5 }, eum: { rounds: -3, foo: 1 }, nash: { utility: 'cubic' }, ensemble: { nash_weigth: 1 }, compromise: { x: 1 }, median: 'fast' },
      MODELS,
    );
    const at = (p: (string | number)[]) => problems.find((x) => x.path.join('.') === p.join('.'));
    expect(at(['model_options', 'eumm'])?.fix).toMatch(/did you mean "eum"/);
    expect(at(['model_options', 'eum', 'rounds'])).toBeDefined();
    expect(at(['model_options', 'eum', 'foo'])).toBeDefined();
    expect(at(['model_options', 'nash', 'utility'])?.fix).toMatch(/linear .* or quadratic/);
    expect(at(['model_options', 'ensemble', 'nash_weigth'])?.fix).toMatch(/did you mean "nash_weight"/);
    expect(at(['model_options', 'compromise', 'x'])?.message).toMatch(/has no options/);
    expect(at(['model_options', 'median'])?.message).toMatch(/not a mapping/);
    expect(problems).toHaveLength(7);
  });

  it('accepts every documented option, numbers written as text included (--param gives text)', () => {
    const ok = modelOptionProblems(
      {
        nash: { utility: 'quadratic', weights: 'capability' },
        ensemble: { voting_rule: 'unanimity', procedure: 'COD', nash_weight: '0.3', consensus_weight: 1 },
        eum: { rounds: '12', stop: 'mean' },
        smp: { VictoryProbModel: 'Square' },
        exchange: { rounds: 3 },
      },
      MODELS,
    );
    expect(ok).toEqual([]);
  });

  it('reading a scenario reports bad model_options with their place, and a calendar check of date', () => {
    const raw = { ...busan(), model_options: { nash: { utility: 'cubic' } }, date: '2025-13-45' };
    const problems = validateScenario(raw).problems;
    expect(problems.map((p) => p.path.join('.'))).toEqual(expect.arrayContaining(['model_options.nash.utility', 'date']));
    expect(validateScenario({ ...busan(), date: '2024-02-29' }).problems).toEqual([]);
    expect(validateScenario({ ...busan(), date: '2025-02-29' }).problems.map((p) => p.code)).toEqual(['bad-date']);
  });

  it("the scenario's model_options.nash is used, and the caller's options override it", () => {
    const quadratic = point({ ...busan(), model_options: { nash: { utility: 'quadratic' } } });
    const linear = point(busan());
    const f = (s: ReturnType<typeof point>, o = {}) => forecastScenario(s, ['nash'], o).issues[0]!.forecasts.nash!;
    expect(f(quadratic)).not.toBeCloseTo(f(linear), 3);
    expect(f(quadratic)).toBeCloseTo(f(linear, { nash: { utility: 'quadratic' } }), 12);
    expect(f(quadratic, { nash: { utility: 'linear' } })).toBeCloseTo(f(linear), 12);
  });

  it('forecastScenario refuses bad options of the models it runs, and ignores the sections of models it does not run', () => {
    const s = point(busan());
    expect(() => forecastScenario(s, ['nash'], { nash: { utility: 'cubic' } as unknown as NashOptions })).toThrow(InputError);
    expect(() => forecastScenario(s, ['compromise'], { compromise: { foo: '1' } })).toThrow(/has no options/);
    expect(() => forecastScenario(s, ['compromise'], { eum: { rounds: 'abc' } })).not.toThrow();
    expect(() => forecastScenario(s, ['compromise'], { eumm: { rounds: 3 } })).toThrow(/did you mean "eum"/);
  });
});
