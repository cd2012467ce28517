/**
 * The exact reference search: its distance formulas are hnswlib's, so in every space
 * it agrees with the HNSW index label for label and distance for distance when the
 * HNSW search is made exhaustive (ef ≥ n).
 */
import { ConflictError, NotFoundError } from '@serverless-ai/model-interface';
import { describe, expect, it } from 'vitest';
import { bruteForceKnn, clusteredSampler, distance, ExactIndex, recallAtK, SPACES, VectorIndex } from '../src/vector-index/index.js';

const D = 24;
const sample = clusteredSampler({ seed: 11, numDimensions: D });
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const row = (vectors: Float32Array, i: number) => vectors.subarray(i * D, (i + 1) * D);

describe('distance', () => {
  it("computes each space's distance by hnswlib's formula", () => {
    const a = [1, 2];
    const b = [3, 5];

    expect(distance('l2', a, b)).toBe(13); // (3−1)² + (5−2)², squared: no root
    expect(distance('ip', a, b)).toBe(-12); // 1 − (1·3 + 2·5)
    expect(distance('cosine', a, b)).toBeCloseTo(1 - 13 / Math.sqrt(5 * 34), 12);
    expect(distance('cosine', [0, 0], b)).toBe(1);
  });
});

describe('ExactIndex against VectorIndex', () => {
  for (const space of SPACES) {
    it(`returns the same neighbours and distances as an exhaustive HNSW search in the ${space} space`, () => {
      // Arrange
      const vectors = sample(300, 1);
      const queries = sample(20, 2);
      const exact = ExactIndex.build({ space, numDimensions: D }, range(300), vectors);
      const hnsw = VectorIndex.build({ space, numDimensions: D, ef: 300 }, range(300), vectors);

      for (let q = 0; q < 20; q++) {
        // Act
        const expected = exact.searchKnn(row(queries, q), 10);
        const actual = hnsw.searchKnn(row(queries, q), 10);

        // Assert: float32 sums in C++ versus float64 in JS differ in the last digits only.
        expect(recallAtK(actual.neighbors, expected.neighbors)).toBe(1);
        actual.distances.forEach((d, i) => expect(d).toBeCloseTo(expected.distances[i]!, 4));
      }
    });
  }

  it('gives a zero vector distance 1 in the cosine space, as hnswlib does', () => {
    const exact = ExactIndex.build({ space: 'cosine', numDimensions: 2 }, [1, 2], [0, 0, 1, 0]);
    const hnsw = VectorIndex.build({ space: 'cosine', numDimensions: 2 }, [1, 2], [0, 0, 1, 0]);

    expect(exact.searchKnn([0, 1], 2).distances).toEqual([1, 1]);
    expect(hnsw.searchKnn([0, 1], 2).distances).toEqual([1, 1]);
  });
});

describe('bruteForceKnn and ExactIndex', () => {
  it('skips excluded labels and breaks distance ties by the smaller label', () => {
    const vectors = [1, 0, 0, 1, 1, 0, 5, 5];
    const labels = [30, 20, 10, 40];

    const result = bruteForceKnn('l2', vectors, labels, 2, [1, 0], 3, new Set([20]));

    expect(result).toEqual({ neighbors: [10, 30, 40], distances: [0, 0, 41] });
  });

  it('adds, removes and re-adds labels like VectorIndex, and grows as needed', () => {
    const exact = new ExactIndex({ space: 'l2', numDimensions: D });
    const vectors = sample(40, 3);
    for (let i = 0; i < 40; i++) exact.add(i, row(vectors, i));

    exact.remove(5);
    exact.add(5, row(vectors, 6));

    expect(exact.size).toBe(40);
    expect(exact.searchKnn(row(vectors, 6), 2)).toEqual({ neighbors: [5, 6], distances: [0, 0] });
    expect(() => exact.remove(99)).toThrow(NotFoundError);
    expect(() => ExactIndex.build({ space: 'l2', numDimensions: 1 }, [1, 1], [0, 1])).toThrow(ConflictError);
  });
});
