/**
 * Scenario-wide uncertainty defaults: "every salience ±10", "every position ±5 % of its scale", "every capability
 * ±10 %", written once in the scenario's `uncertainty:` section instead of a range on every number.
 *
 *   uncertainty:
 *     salience: 10          # ± 10 points on the 0–100 salience scale ("10%" is the same: 10 % of that scale)
 *     position: "5%"        # ± 5 % of each issue's scale width (a plain number is in the issue's own units)
 *     capability: "10%"     # ± 10 % of each actor's own capability (a plain number is in capability units)
 *     shape: uniform        # uniform (default), triangular (peak at the written value) or normal (sd = half the ±)
 *
 * A default applies only where the file gives a plain number; a range or distribution written in the file wins. With
 * value v and half-width h the number becomes uniform [v − h, v + h], triangular [v − h, v, v + h] or normal
 * (mean v, sd h/2, so that ±h is about its 95 % range), and is then cut to the range the number must lie in
 * (salience 0–100, the scale, capability ≥ 0) by the sampler (../random/samplers.ts). The point forecast keeps
 * the written value v. O(1) per number.
 */
import type { Quantity } from '../quantity.js';
import type { Scale, UncertaintyDefaults, UncertaintySpread } from '../scenario.js';

export type InputKind = 'capability' | 'position' | 'salience';

/** A percentage as the file and the command line write it: "10%", "2.5 %". */
export const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;

/** The percentage in "10%", or undefined when the text is not one. */
export function parsePercent(text: string): number | undefined {
  const m = PERCENT.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * Half-width h of the default for one number: a plain number as it is; "N%" of the scale width for position and
 * salience (salience's scale is 0–100), of the value itself for capability (which has no scale). NaN for bad text.
 */
export function halfWidth(spread: UncertaintySpread, kind: InputKind, value: number, scale?: Scale): number {
  if (typeof spread === 'number') return spread;
  const pct = parsePercent(spread);
  if (pct === undefined) return NaN;
  if (kind === 'capability') return (pct / 100) * Math.abs(value);
  if (kind === 'salience') return pct;
  return scale ? (pct / 100) * (scale.max - scale.min) : NaN;
}

/** The quantity after applying the defaults: unchanged unless it is a plain number and a default is set for its kind. */
export function applyDefault(q: Quantity, kind: InputKind, defaults: UncertaintyDefaults | undefined, scale?: Scale): { quantity: Quantity; derived: boolean } {
  const spread = defaults?.[kind];
  if (typeof q !== 'number' || spread === undefined) return { quantity: q, derived: false };
  const h = halfWidth(spread, kind, q, scale);
  if (!(h > 0)) return { quantity: q, derived: false };
  switch (defaults?.shape ?? 'uniform') {
    case 'uniform':
      return { quantity: { kind: 'uniform', low: q - h, high: q + h }, derived: true };
    case 'triangular':
      return { quantity: { kind: 'triangular', low: q - h, mode: q, high: q + h }, derived: true };
    case 'normal':
      return { quantity: { kind: 'normal', mean: q, sd: h / 2 }, derived: true };
  }
}

/** "±10", "±5% of the scale", "±10%": how a default reads in reports. */
export function describeSpread(spread: UncertaintySpread, shape: UncertaintyDefaults['shape'] = 'uniform'): string {
  const s = typeof spread === 'number' ? `±${spread}` : `±${spread.trim()}`;
  return shape === 'uniform' ? s : `${s} ${shape}`;
}
