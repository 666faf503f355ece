/**
 * xoshiro128** 1.0: a small, fast 32-bit pseudorandom generator, with a stream per (seed, draw index).
 *
 * Source: Blackman, D. & Vigna, S. (2021), "Scrambled linear pseudorandom number generators", ACM Transactions on
 * Mathematical Software 47(4):36; reference C code at https://prng.di.unimi.it/xoshiro128starstar.c (public domain).
 * This is an independent TypeScript transcription of the published algorithm:
 *
 *   output = rotl(s1 · 5, 7) · 9                          (the "**" scrambler, mod 2³²)
 *   t = s1 << 9;  s2 ^= s0;  s3 ^= s1;  s1 ^= s2;  s0 ^= s3;  s2 ^= t;  s3 = rotl(s3, 11)
 *
 * State 128 bits, period 2¹²⁸ − 1. The state must not be all zero.
 *
 * Streams. Monte Carlo needs draw i to depend only on (seed, i), whatever thread computes it and in whatever order.
 * `reseed(seed, draw)` sets the state to four 32-bit hashes of (seed, draw): word k is a chain of MurmurHash3's
 * finaliser fmix32 (Appleby 2011) over the seed's and the draw index's 32-bit halves with a constant per word. Each link
 * x ↦ fmix32(x ^ c) is a bijection, so for a fixed seed two different draw indices below 2³² never share a state word;
 * the four words differ by their constants, so the 128-bit states of different draws are unrelated in practice.
 *
 * Deterministic; O(1) per number; `next*` allocate nothing.
 */

/** MurmurHash3's 32-bit finaliser: a bijection on 32-bit words with full avalanche. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_32 = 4294967296;
/** 2⁻⁵³ */
const EPS_53 = 1 / 9007199254740992;
const WORD_KEYS = [0x9e3779b9, 0x7f4a7c15, 0xf39cc060, 0x5ced1af3];

/** Is `seed` usable: a whole number in [0, 2⁵³)? */
export function isValidSeed(seed: number): boolean {
  return Number.isSafeInteger(seed) && seed >= 0;
}

export class Xoshiro128 {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;

  /** A generator for stream `draw` of `seed` (both whole numbers in [0, 2⁵³)). */
  constructor(seed = 0, draw = 0) {
    this.reseed(seed, draw);
  }

  /** Generator with an explicit state (for tests against the reference code). */
  static fromState(s0: number, s1: number, s2: number, s3: number): Xoshiro128 {
    const g = new Xoshiro128();
    g.s0 = s0 >>> 0;
    g.s1 = s1 >>> 0;
    g.s2 = s2 >>> 0;
    g.s3 = s3 >>> 0;
    if ((g.s0 | g.s1 | g.s2 | g.s3) === 0) throw new RangeError('xoshiro128** state must not be all zero');
    return g;
  }

  /** Restart at the beginning of stream `draw` of `seed`, without allocating. O(1). */
  reseed(seed: number, draw: number): void {
    if (!isValidSeed(seed)) throw new RangeError(`seed must be a whole number in [0, 2^53), got ${seed}`);
    if (!isValidSeed(draw)) throw new RangeError(`draw index must be a whole number in [0, 2^53), got ${draw}`);
    const seedLo = seed >>> 0;
    const seedHi = Math.floor(seed / TWO_32) >>> 0;
    const drawLo = draw >>> 0;
    const drawHi = Math.floor(draw / TWO_32) >>> 0;
    const word = (k: number) => fmix32(fmix32(fmix32(fmix32(seedLo ^ WORD_KEYS[k]!) ^ seedHi) ^ drawHi) ^ drawLo);
    this.s0 = word(0);
    this.s1 = word(1);
    this.s2 = word(2);
    this.s3 = word(3);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s3 = 1; // unreachable in practice; keeps the state valid
  }

  /** Next 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const s1 = this.s1;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /**
   * A uniform number strictly inside (0, 1), from 53 random bits: (k + ½)·2⁻⁵³ for k uniform on [0, 2⁵³).
   * Never 0 or 1, so inverse distribution functions never see their infinite ends.
   */
  nextOpen01(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo + 0.5) * EPS_53;
  }

  /** A whole number uniform on [0, n) for 1 ≤ n ≤ 2³², without modulo bias (rejection of the incomplete last block). */
  nextBelow(n: number): number {
    if (!(n >= 1 && n <= TWO_32 && Number.isInteger(n))) throw new RangeError(`nextBelow needs a whole n in [1, 2^32], got ${n}`);
    const limit = TWO_32 - (TWO_32 % n); // accept x < limit: every residue equally often
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }
}
