/**
 * MT19937 Mersenne Twister, seeded and drawn exactly as CPython's `random` module does it, so that a Parley run
 * seeded with s replays a Python reference run that called `random.seed(s)`.
 *
 * Source: Matsumoto & Nishimura (1998), "Mersenne Twister: a 623-dimensionally equidistributed uniform
 * pseudo-random number generator", ACM TOMACS 8(1):3–30 (the generator, `init_genrand` and `init_by_array`);
 * CPython's documented seeding of an int (its absolute value split into 32-bit words, least significant first,
 * fed to `init_by_array`; 0 gives the key [0]) and its 53-bit `random()`: (a·2^26 + b)/2^53 with a = word ≫ 5,
 * b = word ≫ 6 of two consecutive 32-bit outputs.
 *
 * Why this generator: the exchange model's randomised variant (REX, ../shared/specs/exchange-model.md §7) was
 * recorded with Python's `random`; with this generator `seed = 7` reproduces the recorded draws of
 * `two_actors.p1.0.seed7.json` bit for bit. Draw i depends only on (seed, i). Not cryptographic.
 * State: 624 32-bit words. Cost: O(1) amortised per draw (a 624-word twist every 624 words).
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class MersenneTwister {
  private readonly mt = new Uint32Array(N);
  private mti = N + 1;

  /**
   * `seed`: a non-negative safe integer (as Python's `random.seed(seed)`), or an explicit key of 32-bit words
   * (as `init_by_array`), e.g. to derive independent streams from one seed.
   */
  constructor(seed: number | readonly number[]) {
    const key = Array.isArray(seed) ? (seed as readonly number[]) : pythonKey(seed as number);
    this.initByArray(key);
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
    this.mti = N;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1664525)) + (key[j]! >>> 0) + j) >>> 0;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
      mt[i] = ((mt[i]! ^ Math.imul(prev, 1566083941)) - i) >>> 0;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1]!;
        i = 1;
      }
    }
    mt[0] = 0x80000000;
  }

  /** The next 32-bit output (genrand_int32). */
  nextUint32(): number {
    const mt = this.mt;
    if (this.mti >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + M]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk]! & UPPER_MASK) | (mt[kk + 1]! & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = (mt[N - 1]! & UPPER_MASK) | (mt[0]! & LOWER_MASK);
      mt[N - 1] = mt[M - 1]! ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.mti = 0;
    }
    let y = mt[this.mti++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A uniform double in [0, 1) with 53 random bits: Python's `random.random()`. */
  random(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}

/** CPython's key for `random.seed(int)`: |seed| as 32-bit words, least significant first; [0] for 0. */
function pythonKey(seed: number): number[] {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  let rest = Math.abs(seed);
  if (rest === 0) return [0];
  const key: number[] = [];
  while (rest > 0) {
    key.push(rest % 0x100000000);
    rest = Math.floor(rest / 0x100000000);
  }
  return key;
}
