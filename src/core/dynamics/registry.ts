/**
 * Models that tell a round-by-round story (`parley dynamics --model ID`). Each model module exports a
 * DynamicsModel; list it here. The registry's `run` checks the scenario first (checkScenario.ts): a scenario built
 * in code that would not pass `parley validate` is an InputError, never a hang or a NaN.
 */
import { assertScenario } from '../checkScenario.js';
import { expectedUtilityDynamics } from '../models/expectedUtility.js';
import { exchangeDynamicsModel } from '../models/exchange/index.js';
import { smpDynamicsModel } from '../models/smp.js';
import type { DynamicsModel } from './types.js';

const checked = (m: DynamicsModel): DynamicsModel => ({
  ...m,
  run: (scenario, options) => {
    assertScenario(scenario);
    return m.run(scenario, options);
  },
});

export const DYNAMICS_MODELS: DynamicsModel[] = [expectedUtilityDynamics, smpDynamicsModel, exchangeDynamicsModel].map(checked);

export function findDynamicsModel(id: string): DynamicsModel | undefined {
  return DYNAMICS_MODELS.find((m) => m.id === id);
}
