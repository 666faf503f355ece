/** Option parsers shared by the commands: lists, whole numbers, model names. Each failure is a UsageError (exit 2). */
import { didYouMean } from '../core/errors.js';
import { findModel, MODELS } from '../core/models/registry.js';
import { UsageError } from './io.js';

/** Repeatable and comma-separated: `-m a,b -m c` → [a, b, c]. */
export const collectList = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/** Repeatable, each value kept whole: `--set a=1 --set b=2` → [a=1, b=2]. */
export const repeatable = (v: string, prev: string[] = []) => [...prev, v];

/** A whole number from an option, in [min, max]. */
export function wholeNumber(text: string, option: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new UsageError(`${option} ${text}: give a whole number${max === Number.MAX_SAFE_INTEGER ? ` of at least ${min}` : ` from ${min} to ${max}`}`);
  }
  return v;
}

/** Registered model ids, checked (with "did you mean"), without repeats; all models when none is named. */
export function modelIds(ids: string[] | undefined, option = '--model'): string[] {
  for (const id of ids ?? []) {
    if (!findModel(id)) {
      const guess = didYouMean(id, MODELS.map((m) => m.id));
      throw new UsageError(`${option} ${id}: unknown model — ${guess ? `did you mean ${guess}? ` : ''}choose from ${MODELS.map((m) => m.id).join(', ')}`);
    }
  }
  return ids && ids.length > 0 ? [...new Set(ids)] : MODELS.map((m) => m.id);
}
