import { describe, expect, it } from 'vitest';
import { MersenneTwister } from './mt19937.js';

// Expected values: CPython 3.11, `random.seed(s); [random.random() for _ in range(3)]`, then
// `[random.getrandbits(32) for _ in range(2)]` (confirmed in Python).
const PYTHON: [number, number[], number[]][] = [
  [0, [0.8444218515250481, 0.7579544029403025, 0.420571580830845], [1112038970, 4146640122]],
  [1, [0.13436424411240122, 0.8474337369372327, 0.763774618976614], [1095513148, 506456969]],
  [7, [0.32383276483316237, 0.15084917392450192, 0.6509344730398537], [311111475, 3527346212]],
  [3, [0.23796462709189137, 0.5442292252959519, 0.36995516654807925], [2593816829, 2036044446]],
  [4294967301, [0.15727238718789782, 0.2824866316461999, 0.6044540318498407], [62377729, 1524997693]],
  [123456789012345, [0.6744750084019356, 0.2923275784421222, 0.22484093741322975], [2254124959, 3765915577]],
];

describe('MersenneTwister (CPython-compatible)', () => {
  it.each(PYTHON)('seed %d gives Python’s random() and getrandbits(32) streams', (seed, doubles, words) => {
    const g = new MersenneTwister(seed);
    expect([g.random(), g.random(), g.random()]).toEqual(doubles);
    expect([g.nextUint32(), g.nextUint32()]).toEqual(words);
  });

  it('stays on Python’s stream past the first twist (draw 2000 of seed 7)', () => {
    const g = new MersenneTwister(7);
    let x = 0;
    for (let i = 0; i < 2000; i++) x = g.random();
    expect(x).toBe(0.034373654913951945);
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => new MersenneTwister(1.5)).toThrow(RangeError);
  });

  it('explicit keys give independent, reproducible streams', () => {
    const a = new MersenneTwister([7, 1]);
    const b = new MersenneTwister([7, 1]);
    const c = new MersenneTwister(7);
    const xa = [a.random(), a.random()];
    expect([b.random(), b.random()]).toEqual(xa);
    expect([c.random(), c.random()]).not.toEqual(xa);
  });
});
