/**
 * Models that tell a round-by-round story (`parley dynamics --model ID`). Each model module exports a
 * DynamicsModel; list it here.
 */
import { expectedUtilityDynamics } from '../models/expectedUtility.js';
import { exchangeDynamicsModel } from '../models/exchange/index.js';
import { smpDynamicsModel } from '../models/smp.js';
import type { DynamicsModel } from './types.js';

export const DYNAMICS_MODELS: DynamicsModel[] = [expectedUtilityDynamics, smpDynamicsModel, exchangeDynamicsModel];

export function findDynamicsModel(id: string): DynamicsModel | undefined {
  return DYNAMICS_MODELS.find((m) => m.id === id);
}
