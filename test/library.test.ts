// The package's library entry point works as the README shows.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { forecastScenario, parseScenario, toPointScenario } from '../src/index.js';
import { REPO } from './shared.js';

describe('library', () => {
  it('parses a scenario and forecasts it, as in the README', () => {
    const text = readFileSync(join(REPO, 'scenarios', 'ec-car-emissions-1994.yaml'), 'utf8');
    const scenario = toPointScenario(parseScenario(text, 'ec.yaml'));
    const report = forecastScenario(scenario, ['compromise', 'median', 'nash']);
    expect(report.issues[0]!.forecasts.compromise!.toFixed(6)).toBe('7.389956');
  });
  it('parseScenario throws an InputError naming the source for bad input', () => {
    expect(() => parseScenario('title: x\n', 'bad.yaml')).toThrow(/bad\.yaml:1:1: missing required field `actors`/);
  });
  it('does not mutate the scenario it is given', () => {
    const text = readFileSync(join(REPO, 'scenarios', 'us-china-busan-2025.yaml'), 'utf8');
    const scenario = toPointScenario(parseScenario(text));
    const before = JSON.stringify(scenario);
    forecastScenario(scenario, ['compromise', 'median', 'nash']);
    expect(JSON.stringify(scenario)).toBe(before);
  });
});
