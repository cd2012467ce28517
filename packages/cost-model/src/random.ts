/**
 * A small seeded generator (mulberry32) for the simulation, so a run is the same every
 * time. movie-recommender exports the same algorithm as `createRandom`, but importing it
 * would pull hnswlib-node's native addon into this package, which the demo page bundles
 * for the browser; eight lines are the cheaper dependency.
 */

/** Returns a function giving uniform numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** An exponentially distributed draw with this mean. */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
