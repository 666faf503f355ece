/**
 * Every negotiation strategy `parley simulate` and `parley tournament` offer. Add one by writing a module in this
 * folder that exports a `Strategy` (../types.ts) and listing it here. `time-dependent:E` makes a time-dependent
 * concession strategy with any exponent E ≥ 0.
 */
import { didYouMean, InputError, problem } from '../../errors.js';
import type { Strategy } from '../types.js';
import { niceTitForTat } from './niceTitForTat.js';
import { randomStrategy } from './random.js';
import { boulware, conceder, hardliner, linear, timeDependent } from './timeDependent.js';
import { titForTat } from './titForTat.js';

export const STRATEGIES: readonly Strategy[] = [boulware, linear, conceder, hardliner, titForTat, niceTitForTat, randomStrategy];

/** A strategy by id, or `time-dependent:E`; undefined when unknown. */
export function findStrategy(id: string): Strategy | undefined {
  const known = STRATEGIES.find((s) => s.id === id);
  if (known) return known;
  const m = /^time-dependent:([0-9]*\.?[0-9]+)$/.exec(id);
  if (m) {
    const e = Number(m[1]);
    return timeDependent(id, `Time-dependent (e = ${e})`, e);
  }
  return undefined;
}

/** Strategies by id; throws InputError (a usage problem) naming every unknown id. */
export function strategiesById(ids: readonly string[]): Strategy[] {
  const problems = ids
    .map((id, k) => ({ id, k }))
    .filter(({ id }) => !findStrategy(id))
    .map(({ id, k }) => {
      const guess = didYouMean(id, STRATEGIES.map((s) => s.id));
      return problem('unknown-strategy', ['strategies', k], `unknown strategy "${id}"`, guess ? `did you mean "${guess}"?` : `choose from: ${STRATEGIES.map((s) => s.id).join(', ')}, or time-dependent:E`);
    });
  if (problems.length > 0) throw new InputError(problems);
  return ids.map((id) => findStrategy(id)!);
}
