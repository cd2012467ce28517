/**
 * A small seeded pseudo-random number generator, so the footfall generator yields the
 * same history for the same seed on every machine.
 *
 * Why hand-written: the algorithm is ten lines, and `Math.random` cannot be seeded.
 * Why sfc32 (Chris Doty-Humphrey's Small Fast Counter): 128 bits of state, a guaranteed
 * minimum period of 2^32 thanks to its counter, it passes PractRand, and it needs only
 * 32-bit integer operations that JavaScript does exactly. mulberry32 is shorter but has
 * a single 32-bit state and cannot emit every 32-bit value. The state is filled from a
 * string key with FNV-1a and splitmix32, so independent streams (one per store, one per
 * region, ...) come from one seed: adding a store never changes the others.
 *
 * Edit this file only to add a new distribution; changing `next` changes every dataset.
 */

/** FNV-1a over the UTF-16 code units of `text`: a stable 32-bit hash for stream keys. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** One step of splitmix32: spreads a counter into well-mixed 32-bit words for seeding. */
function splitmix32(state: number): { value: number; state: number } {
  const next = (state + 0x9e3779b9) | 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  z ^= z >>> 15;
  return { value: z >>> 0, state: next };
}

/**
 * A seeded random stream (sfc32). Each method consumes a fixed number of draws, so the
 * sequence of calls, not timing or platform, decides the output.
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed the dataset seed
   * @param stream names an independent stream, e.g. `store:7` or `weather:north`
   */
  constructor(seed: number, stream = '') {
    let state = fnv1a(`${seed}|${stream}`);
    const words: number[] = [];
    for (let i = 0; i < 4; i++) {
      const step = splitmix32(state);
      words.push(step.value);
      state = step.state;
    }
    [this.a, this.b, this.c, this.d] = words as [number, number, number, number];
    // The first outputs of sfc32 still echo the seed words; discarding a few is the usual remedy.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** The next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [min, max). */
  uniform(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer uniform in [min, max] (both inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Normal draw (Box-Muller, always two uniforms per call so call counts stay predictable). */
  normal(mean = 0, sd = 1): number {
    const u1 = 1 - this.next(); // (0, 1]: log stays finite
    const u2 = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Exponential draw with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Log-normal draw whose logarithm has the given mean and sd. */
  logNormal(logMean: number, logSd: number): number {
    return Math.exp(this.normal(logMean, logSd));
  }

  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick() needs a non-empty array');
    return item;
  }
}
