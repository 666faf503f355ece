import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fmix32, Xoshiro128 } from './xoshiro128.js';

describe('xoshiro128**', () => {
  it('matches the reference C code from state (0, 1, 2, 3)', () => {
    // Output of https://prng.di.unimi.it/xoshiro128starstar.c with s = {0, 1, 2, 3}; the first two are also
    // worked by hand in the comment of ./xoshiro128.ts: rotl(1·5, 7)·9 = 5760, then rotl(3·5, 7)·9 = 17280.
    const g = Xoshiro128.fromState(0, 1, 2, 3);
    const out = Array.from({ length: 8 }, () => g.nextUint32());
    expect(out).toEqual([5760, 17280, 2966400, 32451840, 2604340873, 3891234569, 1254043636, 216095511]);
  });

  it('rejects the all-zero state', () => {
    expect(() => Xoshiro128.fromState(0, 0, 0, 0)).toThrow(/all zero/);
  });

  it('fmix32 is MurmurHash3 fmix32 (known values) and a bijection on a sample', () => {
    expect(fmix32(0)).toBe(0);
    // fmix32(1) from the MurmurHash3 reference finaliser.
    expect(fmix32(1)).toBe(0x514e28b7);
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(fmix32(i));
    expect(seen.size).toBe(100_000);
  });

  it('a stream depends only on (seed, draw): reseeding reproduces it whatever came before', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 ** 40 }), fc.nat({ max: 2 ** 40 }), fc.nat({ max: 50 }), (seed, draw, burn) => {
        const a = new Xoshiro128(seed, draw);
        const first = [a.nextUint32(), a.nextUint32(), a.nextOpen01()];
        const b = new Xoshiro128(seed + 1, draw + 7);
        for (let i = 0; i < burn; i++) b.nextUint32();
        b.reseed(seed, draw);
        expect([b.nextUint32(), b.nextUint32(), b.nextOpen01()]).toEqual(first);
      }),
    );
  });

  it('neighbouring streams and seeds differ', () => {
    const firsts = new Set<number>();
    for (let draw = 0; draw < 10_000; draw++) firsts.add(new Xoshiro128(1, draw).nextUint32());
    for (let seed = 2; seed < 1002; seed++) firsts.add(new Xoshiro128(seed, 0).nextUint32());
    // 11,000 32-bit outputs: a collision or two is possible by chance (expected 0.014), many would mean correlated streams.
    expect(firsts.size).toBeGreaterThanOrEqual(10_998);
  });

  it('rejects seeds that are not whole numbers in [0, 2^53)', () => {
    expect(() => new Xoshiro128(-1, 0)).toThrow(RangeError);
    expect(() => new Xoshiro128(1.5, 0)).toThrow(RangeError);
    expect(() => new Xoshiro128(2 ** 53, 0)).toThrow(RangeError);
    expect(() => new Xoshiro128(2 ** 53 - 1, 2 ** 40)).not.toThrow();
  });

  it('nextOpen01 is strictly inside (0, 1) with mean 1/2 and variance 1/12 (seeded)', () => {
    const g = new Xoshiro128(42, 0);
    const n = 200_000;
    let s = 0;
    let s2 = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = g.nextOpen01();
      s += u;
      s2 += u * u;
      if (u < min) min = u;
      if (u > max) max = u;
    }
    const mean = s / n;
    const variance = s2 / n - mean * mean;
    expect(min).toBeGreaterThan(0);
    expect(max).toBeLessThan(1);
    // Standard error of the mean: sqrt(1/12 / n) = 6.5e-4; allow 4 of them.
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it('nextBelow is uniform on [0, n) (chi-square, seeded)', () => {
    const g = new Xoshiro128(7, 3);
    const n = 6;
    const counts = new Array<number>(n).fill(0);
    const total = 60_000;
    for (let i = 0; i < total; i++) counts[g.nextBelow(n)]!++;
    const expected = total / n;
    const chi2 = counts.reduce((acc, c) => acc + ((c - expected) * (c - expected)) / expected, 0);
    // 5 degrees of freedom: P(chi2 > 20.5) = 0.001.
    expect(chi2).toBeLessThan(20.5);
    expect(() => g.nextBelow(0)).toThrow(RangeError);
  });
});
