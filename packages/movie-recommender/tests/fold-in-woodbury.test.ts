/**
 * The going-further fold-in solver (src/going-further/fold-in-woodbury.ts) against the
 * main-path reference solve: same user vector on random catalogs and activities.
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../src/random.js';
import { foldIn, type FoldInItem, type FoldInParameters, foldInReference, foldInStatistics, FoldInSolver } from './helpers.js';

const relativeError = (actual: Float64Array, expected: Float64Array): number => {
  let difference = 0;
  let norm = 0;
  expected.forEach((value, i) => {
    difference += (actual[i]! - value) ** 2;
    norm += value ** 2;
  });
  return Math.sqrt(difference / norm);
};

/** `count` random ratings of random movies of a catalog of `movies` rows of width `d`. */
const randomActivity = (vectors: Float32Array, itemBiases: Float32Array, d: number, count: number, seed: number): FoldInItem[] => {
  const random = createRandom(seed);
  return Array.from({ length: count }, () => {
    const i = random.int(itemBiases.length);
    return { embedding: vectors.subarray(i * d, (i + 1) * d), bias: itemBiases[i]!, rating: 0.5 * (1 + random.int(10)) };
  });
};

describe('FoldInSolver', () => {
  /** A catalog like the committed one (d = 64, weak negatives, λ = 20), smaller. */
  const wide = 64;
  const catalogSize = 600;
  const catalogRandom = createRandom(2024);
  const vectors = Float32Array.from({ length: catalogSize * wide }, () => 0.3 * catalogRandom.normal());
  const itemBiases = Float32Array.from({ length: catalogSize }, () => 0.5 * catalogRandom.normal());
  const p: FoldInParameters = { dimensions: wide, globalMean: 3.5, regularization: 20, missingWeight: 0.2, missingRating: 1, halfLife: 50, maxItems: 200 };
  const stats = foldInStatistics(vectors, itemBiases, p);
  const activity = (count: number, seed: number): FoldInItem[] => randomActivity(vectors, itemBiases, wide, count, seed);

  // Sizes on both sides of woodburyMaxRank, the maxItems cut-off and beyond it.
  it.each([1, 2, 10, FoldInSolver.woodburyMaxRank, FoldInSolver.woodburyMaxRank + 1, 117, 200, 260])(
    'gives the same user vector as the straightforward solve for %i random items',
    (count) => {
      for (let seed = 1; seed <= 4; seed++) {
        // Arrange
        const items = activity(count, seed * 1000 + count);
        const solver = new FoldInSolver(p, stats);

        // Act
        const fast = solver.solve(items);
        const reference = foldInReference(items, p, stats);

        // Assert
        expect(relativeError(fast, reference)).toBeLessThan(1e-6);
        expect(relativeError(foldIn(items, p, stats), reference)).toBeLessThan(1e-6);
      }
    },
  );

  it('returns a fresh array that later solves leave untouched', () => {
    // Arrange
    const solver = new FoldInSolver(p, stats);
    const first = solver.solve(activity(5, 1));
    const copy = Float64Array.from(first);

    // Act
    const second = solver.solve(activity(150, 2));
    solver.solve(activity(5, 3));

    // Assert
    expect(first).toEqual(copy);
    expect(second).not.toBe(first);
  });

  it('gives the same user vector as the straightforward solve for random dimensions, λ, weak-negative weights and half-lives', () => {
    const random = createRandom(31);
    for (let trial = 0; trial < 40; trial++) {
      // Arrange: a random small catalog and random fold-in settings.
      const d = 2 + random.int(40);
      const movies = d + 1 + random.int(300);
      const vectors = Float32Array.from({ length: movies * d }, () => 0.4 * random.normal());
      const itemBiases = Float32Array.from({ length: movies }, () => 0.5 * random.normal());
      const params: FoldInParameters = {
        dimensions: d,
        globalMean: 3 + random.next(),
        regularization: 0.05 + 30 * random.next(),
        missingWeight: random.next() < 0.2 ? 0 : 0.5 * random.next(),
        missingRating: 1 + 2 * random.next(),
        halfLife: 1 + random.int(100),
        maxItems: 1 + random.int(250),
      };
      const statistics = foldInStatistics(vectors, itemBiases, params);
      const items = randomActivity(vectors, itemBiases, d, 1 + random.int(300), 1000 + trial);

      // Act
      const fast = new FoldInSolver(params, statistics).solve(items);
      const reference = foldInReference(items, params, statistics);

      // Assert
      expect(relativeError(fast, reference), `trial ${trial}: d ${d}, ${items.length} items`).toBeLessThan(1e-6);
    }
  });
});
