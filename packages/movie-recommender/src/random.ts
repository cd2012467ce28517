/**
 * A tiny seeded pseudo-random number generator, so that generated data, weight
 * initialisation and every derived artifact are reproducible from one integer.
 *
 * mulberry32 is 32-bit, fast and good enough for simulation; it is not for
 * cryptography. Edit this only if you accept that every committed artifact changes.
 */

/** A seeded source of randomness. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (mean 0, standard deviation 1), by Box-Muller. */
  normal(): number;
}

/** Creates the mulberry32 generator for `seed` (any 32-bit integer). */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let spareNormal: number | null = null;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    normal: () => {
      if (spareNormal !== null) {
        const value = spareNormal;
        spareNormal = null;
        return value;
      }
      // 1 - next() is in (0, 1], so the logarithm is finite.
      const radius = Math.sqrt(-2 * Math.log(1 - next()));
      const angle = 2 * Math.PI * next();
      spareNormal = radius * Math.sin(angle);
      return radius * Math.cos(angle);
    },
  };
}

/**
 * Walker's alias table: after O(n) set-up, draws an index with probability
 * proportional to `weights[i]` in O(1). The generator uses it to pick movies from a
 * Zipf-like popularity curve without scanning the catalog for every rating.
 */
export class AliasTable {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError('An alias table needs at least one weight');
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i]!;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i]! * n) / total;
      (scaled[i]! < 1 ? small : large).push(i);
    }
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l] < 1 ? small : large).push(l);
    }
    // Leftovers are 1 up to rounding error.
    for (const i of [...small, ...large]) this.probability[i] = 1;
  }

  get size(): number {
    return this.probability.length;
  }

  /** Draws one index. */
  sample(random: Random): number {
    const column = random.int(this.probability.length);
    return random.next() < this.probability[column]! ? column : this.alias[column]!;
  }
}
