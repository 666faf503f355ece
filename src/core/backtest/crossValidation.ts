/**
 * K-fold cross-validation by case: every case (proposal) falls in exactly one fold, so a model fitted on the other
 * folds never sees any issue of the cases it is scored on (issues of one proposal are decided together and are not
 * independent). Source: Stone (1974), "Cross-validatory choice and assessment of statistical predictions", JRSS B
 * 36(2):111–147; grouped folds as in Roberts et al. (2017), Ecography 40(8):913–929.
 *
 * Fold assignment: cases are ordered by a hash of (seed, case id), ties by id, and dealt round-robin into k folds:
 * fold sizes differ by at most one, a case's place in the order depends only on (seed, its id), and the input order
 * of the cases does not matter. Hash: FNV-1a over the id's UTF-16 code units (Fowler, Noll & Vo), mixed with the
 * seed's 32-bit halves by MurmurHash3's finaliser fmix32. Deterministic. O(C log C) for C cases.
 */
import { fmix32 } from '../random/xoshiro128.js';
import type { ForecastModel } from '../models/types.js';
import type { FittableModel } from './types.js';

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The fold (0..k−1) of each case, in the order of `caseIds`. Throws RangeError unless 2 ≤ k ≤ number of cases. */
export function assignFolds(caseIds: readonly string[], k: number, seed: number): number[] {
  if (!Number.isInteger(k) || k < 2 || k > caseIds.length) {
    throw new RangeError(`k must be a whole number from 2 to the number of cases (${caseIds.length}), got ${k}`);
  }
  const seedLo = seed >>> 0;
  const seedHi = Math.floor(seed / 4294967296) >>> 0;
  const keyed = caseIds.map((id, index) => ({ id, index, key: fmix32(fmix32(fnv1a(id) ^ seedLo) ^ seedHi) }));
  keyed.sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const fold = new Array<number>(caseIds.length);
  keyed.forEach((c, rank) => (fold[c.index] = rank % k));
  return fold;
}

/** Does the model have parameters to fit from outcomes? */
export function isFittable(model: ForecastModel): model is ForecastModel & FittableModel {
  return typeof (model as Partial<FittableModel>).fit === 'function';
}
