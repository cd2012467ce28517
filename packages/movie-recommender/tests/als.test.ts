import { describe, expect, it } from 'vitest';
import { buildInteractions, choleskySolveForTests, generateMovieLens, trainAls } from './helpers.js';

describe('choleskySolve', () => {
  it('solves a symmetric positive definite system', () => {
    // Arrange: A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = [1, -2, 3], b = A x
    const a = Float64Array.from([4, 2, 0, 2, 5, 1, 0, 1, 3]);
    const x = [1, -2, 3];
    const b = [4 * 1 + 2 * -2, 2 * 1 + 5 * -2 + 1 * 3, -2 + 3 * 3];

    // Act
    const solved = choleskySolveForTests(a, b, 3);

    // Assert
    solved.forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 10));
  });

  it('refuses a matrix that is not positive definite', () => {
    expect(() => choleskySolveForTests(Float64Array.from([1, 2, 2, 1]), [1, 1], 2)).toThrow(RangeError);
  });
});

describe('trainAls', () => {
  const data = generateMovieLens({ seed: 21, movies: 400, users: 150, meanRatingsPerUser: 30 });
  const interactions = buildInteractions(data.movies, data.ratings);

  it('lowers the training loss at every iteration, ending well below where it started', () => {
    // Act
    const model = trainAls(interactions, { dimensions: 8, iterations: 8, seed: 3 });
    const losses = model.history.map((p) => p.loss);

    // Assert: exact block minimisation never increases the objective (up to rounding).
    expect(losses).toHaveLength(9);
    for (let i = 1; i < losses.length; i++) expect(losses[i]!).toBeLessThanOrEqual(losses[i - 1]! * (1 + 1e-9));
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]! * 0.5);
  });

  it('reports progress once per iteration, after the initial state', () => {
    const seen: number[] = [];
    trainAls(interactions, { dimensions: 4, iterations: 3, onIteration: (p) => seen.push(p.iteration) });
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('is deterministic for a seed and depends on it', () => {
    const a = trainAls(interactions, { dimensions: 6, iterations: 2, seed: 1 });
    const b = trainAls(interactions, { dimensions: 6, iterations: 2, seed: 1 });
    const c = trainAls(interactions, { dimensions: 6, iterations: 2, seed: 2 });
    expect(b.movieFactors).toEqual(a.movieFactors);
    expect(b.movieBiases).toEqual(a.movieBiases);
    expect(c.movieFactors).not.toEqual(a.movieFactors);
  });

  it('gives often-chosen movies a higher bias than rarely chosen ones', () => {
    // Arrange
    const model = trainAls(interactions, { dimensions: 8, iterations: 5 });
    const counts = Array.from({ length: interactions.movies }, (_, i) => interactions.byMovie.offsets[i + 1]! - interactions.byMovie.offsets[i]!);
    const order = counts.map((c, i) => ({ c, i })).sort((x, y) => y.c - x.c);

    // Act
    const meanBias = (rows: { i: number }[]) => rows.reduce((s, r) => s + model.movieBiases[r.i]!, 0) / rows.length;

    // Assert
    expect(meanBias(order.slice(0, 40))).toBeGreaterThan(meanBias(order.slice(-40)));
  });
});
