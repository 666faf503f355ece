// ForecastOptions.explain = false (what Monte Carlo and sweeps pass) may drop words and details, never change a value;
// and models that keep work buffers between runs (the EUM) give the same numbers whatever ran before.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODELS } from '../src/core/models/registry.js';
import { toPointScenario, type Scenario } from '../src/core/scenario.js';
import { parseScenario } from '../src/formats/scenarioText.js';

function load(name: string): Scenario {
  const path = fileURLToPath(new URL(`../scenarios/${name}`, import.meta.url));
  return toPointScenario(parseScenario(readFileSync(path, 'utf8'), name));
}

const SCENARIOS = ['us-china-busan-2025.yaml', 'ec-car-emissions-1994.yaml'].map((name) => [name, load(name)] as const);
const values = (s: Scenario, id: string, explain?: boolean) =>
  MODELS.find((m) => m.id === id)!
    .forecast(s, explain === undefined ? {} : { explain })
    .issues.map((f) => f.value);

describe('ForecastOptions.explain', () => {
  for (const [name, scenario] of SCENARIOS) {
    for (const model of MODELS) {
      it(`${model.id} on ${name}: the same values with and without words`, () => {
        expect(values(scenario, model.id, false)).toEqual(values(scenario, model.id));
      });
    }
  }

  it('lets the baseline models and the EUM skip their words', () => {
    const [, busan] = SCENARIOS[0]!;
    for (const id of ['compromise', 'median', 'nash', 'eum']) {
      const f = MODELS.find((m) => m.id === id)!.forecast(busan, { explain: false });
      expect(f.issues.every((i) => i.explanation === '')).toBe(true);
    }
  });
});

describe('EUM work space reuse', () => {
  it('gives bit-identical forecasts whatever ran before, on issues of other sizes', () => {
    const [, busan] = SCENARIOS[0]!;
    const [, ec] = SCENARIOS[1]!;
    const first = values(busan, 'eum');
    values(ec, 'eum');
    values(busan, 'eum', false);
    expect(values(busan, 'eum')).toEqual(first);
  });
});
