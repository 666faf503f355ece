/** Option parsers shared by the commands: lists, whole numbers, model names, model parameters. Each failure is a UsageError (exit 2). */
import { didYouMean } from '../core/errors.js';
import { findModel, MODELS } from '../core/models/registry.js';
import { UsageError } from './io.js';

/** Repeatable and comma-separated: `-m a,b -m c` → [a, b, c]. */
export const collectList = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

/** Repeatable, each value kept whole: `--set a=1 --set b=2` → [a=1, b=2]. */
export const repeatable = (v: string, prev: string[] = []) => [...prev, v];

/** The largest whole number an option takes when it has no natural limit (seeds). */
export const MAX_WHOLE = Number.MAX_SAFE_INTEGER;

/**
 * A whole number from an option, in [min, max]: plain digits only (no sign, decimals, exponent or separators), so
 * `1e3`, `-1`, `2.0` and `1,000` are refused alike, by every command, with one message:
 * "--X V: give a whole number from A to B". `shown` replaces "--X V" when the value came another way (--param).
 */
export function wholeNumber(text: string, option: string, min: number, max = MAX_WHOLE, shown = `${option} ${text}`): number {
  const v = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new UsageError(`${shown}: give a whole number from ${min} to ${max === MAX_WHOLE ? '2^53 − 1' : max}`);
  }
  return v;
}

/** wholeNumber for an option that may be left out: undefined when it is (the caller supplies the default). */
export function optionalWhole(text: string | undefined, option: string, min: number, max = MAX_WHOLE): number | undefined {
  return text === undefined ? undefined : wholeNumber(text, option, min, max);
}

/** Registered model ids, checked (with "did you mean"), without repeats; all models when none is named; an empty name is refused. */
export function modelIds(ids: string[] | undefined, option = '--model'): string[] {
  const all = MODELS.map((m) => m.id);
  // `-m ""` leaves an empty list: refused, never read as "all models".
  if (ids !== undefined && ids.length === 0) throw new UsageError(`${option} "": the model name is empty — choose from ${all.join(', ')}, or leave out ${option} for all`);
  for (const id of ids ?? []) {
    if (!findModel(id)) {
      const guess = didYouMean(id, all);
      throw new UsageError(`${option} ${id}: unknown model — ${guess ? `did you mean ${guess}? ` : ''}choose from ${all.join(', ')}`);
    }
  }
  return ids && ids.length > 0 ? [...new Set(ids)] : all;
}

/**
 * `--param NAME=VALUE` pairs in the order given. A pair without "=" is refused with an example that this command
 * takes (`eum.rounds=20` for forecast, `rounds=20` for dynamics); a parameter set twice (as `same` names it, e.g.
 * `rounds` and `eum.rounds` in a run of eum) is refused instead of the last one silently winning.
 */
export function paramPairs(pairs: string[] | undefined, example: string, same: (key: string) => string = (k) => k, option = '--param'): [string, string][] {
  const out: [string, string][] = [];
  const seen = new Map<string, string>();
  for (const p of pairs ?? []) {
    const eq = p.indexOf('=');
    if (eq <= 0) throw new UsageError(`${option} ${p}: expected NAME=VALUE, e.g. ${option} ${example}`);
    const key = p.slice(0, eq).trim();
    const value = p.slice(eq + 1).trim();
    const id = same(key);
    const before = seen.get(id);
    if (before !== undefined) throw new UsageError(`${option} ${before} and ${option} ${p}: ${id} is set twice — give it once`);
    seen.set(id, p);
    out.push([key, value]);
  }
  return out;
}

/**
 * `MODEL.NAME` of a forecasting model's parameter split into [model, name]; an unknown or missing model is refused
 * with "did you mean" (`eumm.rounds` → eum.rounds).
 */
export function modelParamKey(key: string, value: string, example: string, option = '--param'): [string, string] {
  const all = MODELS.map((m) => m.id);
  const dot = key.indexOf('.');
  if (dot <= 0 || dot === key.length - 1) {
    throw new UsageError(`${option} ${key}=${value}: name the model first, as MODEL.NAME=VALUE, e.g. ${option} ${example} (models: ${all.join(', ')})`);
  }
  const model = key.slice(0, dot);
  const name = key.slice(dot + 1);
  if (!findModel(model)) {
    const guess = didYouMean(model, all);
    throw new UsageError(`${option} ${key}=${value}: there is no model "${model}" — ${guess ? `did you mean ${option} ${guess}.${name}=${value}? ` : ''}models: ${all.join(', ')}`);
  }
  return [model, name];
}
