/**
 * Uncertain numbers in a scenario.
 *
 * Any capability, position or salience may be written as a plain number or as a distribution:
 *   40                                  a point value
 *   [30, 50]                            uniform on [30, 50] (a "range")
 *   { uniform: [30, 50] }               the same, spelled out
 *   { triangular: [30, 40, 60] }        triangular with low 30, mode 40, high 60
 *   { normal: { mean: 40, sd: 5 } }     normal, truncated to the quantity's valid range when sampled
 *
 * Point models use `pointValue`, the distribution's mean (for a range, its midpoint), until the
 * Monte Carlo work samples the distribution itself.
 */

export type Distribution =
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'triangular'; low: number; mode: number; high: number }
  | { kind: 'normal'; mean: number; sd: number };

export type Quantity = number | Distribution;

export function isDistribution(q: Quantity): q is Distribution {
  return typeof q === 'object';
}

/** The value point models use: the number itself, or the distribution's mean. */
export function pointValue(q: Quantity): number {
  if (typeof q === 'number') return q;
  switch (q.kind) {
    case 'uniform':
      return (q.low + q.high) / 2;
    case 'triangular':
      return (q.low + q.mode + q.high) / 3;
    case 'normal':
      return q.mean;
  }
}

/** Smallest and largest value the quantity can take (a normal's ±3 sd; samplers truncate further). */
export function quantityBounds(q: Quantity): [number, number] {
  if (typeof q === 'number') return [q, q];
  switch (q.kind) {
    case 'uniform':
    case 'triangular':
      return [q.low, q.high];
    case 'normal':
      return [q.mean - 3 * q.sd, q.mean + 3 * q.sd];
  }
}

/** How the quantity is written in a scenario file (the inverse of parsing). */
export function quantityToFile(q: Quantity): unknown {
  if (typeof q === 'number') return q;
  switch (q.kind) {
    case 'uniform':
      return [q.low, q.high];
    case 'triangular':
      return { triangular: [q.low, q.mode, q.high] };
    case 'normal':
      return { normal: { mean: q.mean, sd: q.sd } };
  }
}

/** Short human text: "40", "30–50", "tri(30, 40, 60)", "N(40, 5)". */
export function describeQuantity(q: Quantity): string {
  if (typeof q === 'number') return String(q);
  switch (q.kind) {
    case 'uniform':
      return `${q.low}–${q.high}`;
    case 'triangular':
      return `tri(${q.low}, ${q.mode}, ${q.high})`;
    case 'normal':
      return `N(${q.mean}, ${q.sd})`;
  }
}
