/**
 * Checking a scenario built in code: the library's entry points (`forecastScenario`, the dynamics models, Monte Carlo,
 * deals) run these checks, so a salience of 140, a NaN position or an empty actor list is an InputError naming the
 * place, never a wrong number, a NaN or a hang.
 *
 * A scenario in code has the TypeScript shape (`Scenario` or `UncertainScenario`: anchors as a list, distributions as
 * `{ kind, … }`); a file has the file layout (anchors as a map, ranges as [low, high]). The check writes the scenario
 * in file layout and runs the file validator on it (validateScenario.ts), so both accept and refuse exactly the same
 * things with the same words. The conversion never throws: whatever is not of the expected shape is passed on as it
 * is, for the validator to name. Cost: O(a + i + s) for a actors, i issues, s stances, as validateScenario.
 */
import { InputError, isRecord, type InputProblem } from './errors.js';
import { quantityToFile, type Quantity } from './quantity.js';
import type { Scenario, UncertainScenario } from './scenario.js';
import { validateScenario } from './validateScenario.js';

type Raw = Record<string, unknown>;
/** Drop undefined values (the file layout has no undefined). */
const drop = (o: Raw): Raw => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A quantity in file layout: typed distributions become what a file writes; anything else is passed on. */
function quantityOut(q: unknown): unknown {
  if (typeof q === 'number') return q;
  if (isRecord(q) && (q.kind === 'uniform' || q.kind === 'triangular' || q.kind === 'normal')) return quantityToFile(q as Quantity);
  return q;
}

/** Anchors in file layout: a list of { value, label } becomes the map value → label; anything else is passed on. */
function anchorsOut(a: unknown): unknown {
  if (!Array.isArray(a)) return a;
  if (a.length === 0) return undefined;
  if (!a.every((x) => isRecord(x) && typeof x.value === 'number' && Number.isFinite(x.value) && typeof x.label === 'string')) return a;
  return Object.fromEntries(a.map((x: Raw) => [String(x.value), x.label]));
}

const listOut = (v: unknown, f: (x: Raw) => Raw): unknown => (Array.isArray(v) ? v.map((x) => (isRecord(x) ? f(x) : x)) : v);

/**
 * The scenario as a plain object in file layout (anchors as a map, quantities as written): what `writeScenarioText`
 * writes and the HTTP API stores. Total: a malformed scenario comes out as malformed, never as an exception.
 */
export function scenarioToFileObject(s: UncertainScenario | Scenario): Record<string, unknown> {
  if (!isRecord(s)) return s as unknown as Record<string, unknown>;
  const scale = (v: unknown) => (isRecord(v) && v.min === 0 && v.max === 100 && v.unit === undefined ? undefined : v);
  return drop({
    ...s,
    sources: Array.isArray(s.sources) && s.sources.length === 0 ? undefined : s.sources,
    actors: listOut(s.actors, (a) => drop({ ...a, capability: quantityOut(a.capability) })),
    issues: listOut(s.issues, (i) => drop({ ...i, scale: scale(i.scale), anchors: anchorsOut(i.anchors) })),
    stances: listOut(s.stances, (t) => drop({ ...t, position: quantityOut(t.position), salience: quantityOut(t.salience) })),
  });
}

/** Every problem of a scenario built in code (TypeScript shape or file layout), each with its path, message and fix. */
export function scenarioProblems(s: UncertainScenario | Scenario): InputProblem[] {
  return validateScenario(scenarioToFileObject(s)).problems;
}

/** Throws an InputError with every problem when the scenario is not valid; `source` names it in the messages. */
export function assertScenario(s: UncertainScenario | Scenario, source?: string): void {
  const problems = scenarioProblems(s);
  if (problems.length > 0) throw new InputError(problems, source);
}
