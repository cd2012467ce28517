/**
 * Behaviour of the HNSW index (hnswlib-node underneath, for real): recall against
 * exact search, exclusion of seen movies, growth, removal and re-adding.
 * Data are small seeded clustered vectors, so the suite runs in seconds.
 */
import { InvalidInputError, NotFoundError } from '@serverless-ai/model-interface';
import { describe, expect, it } from 'vitest';
import { clusteredSampler, ExactIndex, meanRecallAtK, OVERFETCH_MAX_EXCLUSIONS, VectorIndex } from '../src/vector-index/index.js';

const D = 64;
const sample = clusteredSampler({ seed: 7, numDimensions: D });
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);
const row = (vectors: Float32Array, i: number) => vectors.subarray(i * D, (i + 1) * D);

describe('VectorIndex search', () => {
  it('finds the same nearest neighbours as brute force on 2,000 clustered points (recall@10 ≥ 0.95 at the default ef)', () => {
    // Arrange
    const vectors = sample(2000, 1);
    const labels = range(2000, 1);
    const queries = sample(200, 2);
    const hnsw = VectorIndex.build({ space: 'cosine', numDimensions: D }, labels, vectors);
    const exact = ExactIndex.build({ space: 'cosine', numDimensions: D }, labels, vectors);

    // Act
    const approximate = range(200).map((q) => hnsw.searchKnn(row(queries, q), 10).neighbors);
    const truth = range(200).map((q) => exact.searchKnn(row(queries, q), 10).neighbors);

    // Assert
    expect(hnsw.ef).toBe(64);
    expect(meanRecallAtK(approximate, truth, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('returns neighbours nearest first', () => {
    const index = VectorIndex.build({ space: 'l2', numDimensions: D }, range(500), sample(500, 3));

    const { neighbors, distances } = index.searchKnn(row(sample(1, 4), 0), 20);

    expect(neighbors).toHaveLength(20);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });

  it('never returns excluded labels and still returns k results when the whole neighbourhood is excluded', () => {
    // Arrange: exclude the 300 true nearest neighbours of the query, as if the user had seen them all.
    const vectors = sample(2000, 5);
    const labels = range(2000);
    const query = row(sample(1, 6), 0);
    const hnsw = VectorIndex.build({ space: 'ip', numDimensions: D }, labels, vectors);
    const exact = ExactIndex.build({ space: 'ip', numDimensions: D }, labels, vectors);
    const seen = new Set(exact.searchKnn(query, 300).neighbors);

    // Act
    const result = hnsw.searchKnn(query, 10, seen);

    // Assert
    expect(result.neighbors).toHaveLength(10);
    expect(result.neighbors.filter((label) => seen.has(label))).toEqual([]);
    const truth = exact.searchKnn(query, 10, seen).neighbors;
    expect(meanRecallAtK([result.neighbors], [truth])).toBeGreaterThanOrEqual(0.8);
  });

  it('drops a few excluded labels from a larger unfiltered search and still matches exact search', () => {
    // Arrange: a user who has seen 10 movies, below OVERFETCH_MAX_EXCLUSIONS, including the 5 nearest.
    const vectors = sample(2000, 10);
    const labels = range(2000);
    const queries = sample(50, 11);
    const hnsw = VectorIndex.build({ space: 'ip', numDimensions: D }, labels, vectors);
    const exact = ExactIndex.build({ space: 'ip', numDimensions: D }, labels, vectors);
    const seenFor = (q: number) => new Set([...exact.searchKnn(row(queries, q), 5).neighbors, ...range(5, 100 + q)]);
    expect(seenFor(0).size).toBeLessThanOrEqual(OVERFETCH_MAX_EXCLUSIONS);

    // Act
    const approximate = range(50).map((q) => hnsw.searchKnn(row(queries, q), 10, seenFor(q)));
    const truth = range(50).map((q) => exact.searchKnn(row(queries, q), 10, seenFor(q)).neighbors);

    // Assert
    approximate.forEach((result, q) => {
      expect(result.neighbors).toHaveLength(10);
      expect(result.neighbors.filter((label) => seenFor(q).has(label))).toEqual([]);
      expect(result.distances).toEqual([...result.distances].sort((a, b) => a - b));
    });
    expect(meanRecallAtK(approximate.map((r) => r.neighbors), truth, 10)).toBeGreaterThanOrEqual(0.95);
  });

  it('finds the last few allowed labels when all others are excluded', () => {
    const index = VectorIndex.build({ space: 'l2', numDimensions: D }, range(1000), sample(1000, 8));
    const allowed = [17, 404, 999];
    const exclude = new Set(range(1000).filter((label) => !allowed.includes(label)));

    const result = index.searchKnn(row(sample(1, 9), 0), 10, exclude);

    expect([...result.neighbors].sort((a, b) => a - b)).toEqual(allowed);
  });

  it('caps k at the number of live labels and answers an empty index with no neighbours', () => {
    const index = VectorIndex.build({ space: 'l2', numDimensions: 2 }, [1, 2, 3], [0, 0, 1, 1, 2, 2]);
    const empty = VectorIndex.create({ space: 'l2', numDimensions: 2 });

    expect(index.searchKnn([0, 0], 10).neighbors).toEqual([1, 2, 3]);
    expect(index.searchKnn([0, 0], 10).distances).toEqual([0, 2, 8]);
    expect(empty.searchKnn([0, 0], 10)).toEqual({ neighbors: [], distances: [] });
  });

  it('rejects a query of the wrong length, a non-finite number, a negative k and a negative label as invalid input', () => {
    const index = VectorIndex.build({ space: 'l2', numDimensions: 2 }, [1], [0, 0]);

    expect(() => index.searchKnn([0, 0, 0], 1)).toThrow(InvalidInputError);
    expect(() => index.searchKnn([0, Number.NaN], 1)).toThrow(InvalidInputError);
    expect(() => index.searchKnn([0, 0], -1)).toThrow(InvalidInputError);
    expect(() => index.add(-5, [1, 1])).toThrow(InvalidInputError);
    expect(() => index.add(2.5, [1, 1])).toThrow(InvalidInputError);
  });
});

describe('VectorIndex updates', () => {
  it('grows past its initial capacity by doubling, and every added point stays findable', () => {
    // Arrange
    const index = VectorIndex.create({ space: 'l2', numDimensions: D, maxElements: 16 });
    const vectors = sample(100, 10);

    // Act
    for (let i = 0; i < 100; i++) index.add(1000 + i, row(vectors, i));

    // Assert
    expect(index.size).toBe(100);
    expect(index.maxElements).toBe(128);
    for (let i = 0; i < 100; i++) expect(index.searchKnn(row(vectors, i), 1).neighbors).toEqual([1000 + i]);
  });

  it('hides a removed label from results, has and size', () => {
    const vectors = sample(200, 11);
    const index = VectorIndex.build({ space: 'l2', numDimensions: D }, range(200), vectors);

    index.remove(42);

    expect(index.has(42)).toBe(false);
    expect(index.size).toBe(199);
    expect(index.searchKnn(row(vectors, 42), 199).neighbors).not.toContain(42);
    expect(index.searchKnn(row(vectors, 42), 199).neighbors).toHaveLength(199);
  });

  it('throws NotFoundError when removing a label that was never added or is already removed', () => {
    const index = VectorIndex.build({ space: 'l2', numDimensions: 2 }, [1, 2], [0, 0, 1, 1]);
    index.remove(2);

    expect(() => index.remove(3)).toThrow(NotFoundError);
    expect(() => index.remove(2)).toThrow(NotFoundError);
    expect(() => index.getPoint(2)).toThrow(NotFoundError);
  });

  it('re-adds a removed label in its own slot, with its new vector', () => {
    // Arrange
    const vectors = sample(100, 12);
    const index = VectorIndex.build({ space: 'l2', numDimensions: D }, range(100), vectors);
    const moved = row(vectors, 7);

    // Act
    index.remove(3);
    index.add(3, moved);

    // Assert
    expect(index.has(3)).toBe(true);
    expect(index.size).toBe(100);
    expect(index.deletedSlots).toBe(0);
    expect(index.getPoint(3)).toEqual(Array.from(moved));
    expect(index.searchKnn(moved, 2).neighbors.sort((a, b) => a - b)).toEqual([3, 7]);
  });

  it("reuses a removed element's slot for a new label before growing", () => {
    const index = VectorIndex.build({ space: 'l2', numDimensions: D, maxElements: 16 }, range(16), sample(16, 13));
    index.remove(0);
    index.remove(1);

    index.add(100, row(sample(1, 14), 0));
    index.add(101, row(sample(1, 15), 0));

    expect(index.maxElements).toBe(16);
    expect(index.deletedSlots).toBe(0);
    index.add(102, row(sample(1, 16), 0));
    expect(index.maxElements).toBe(32);
    expect(index.size).toBe(17);
  });

  it('replaces the vector of a live label that is added again', () => {
    const index = VectorIndex.build({ space: 'l2', numDimensions: 2 }, [1, 2], [0, 0, 10, 10]);

    index.add(1, [20, 20]);

    expect(index.size).toBe(2);
    expect(index.searchKnn([20, 20], 1).neighbors).toEqual([1]);
  });

  it('stays consistent with an exact index through random removes, re-adds and new labels', () => {
    // Arrange: the operation mix of a catalog that churns while serving.
    const space = 'cosine';
    const hnsw = VectorIndex.build({ space, numDimensions: D, ef: 400 }, range(300), sample(300, 20));
    const exact = ExactIndex.build({ space, numDimensions: D }, range(300), sample(300, 20));
    const pool = sample(400, 21);
    let state = 12345;
    const pick = (n: number) => (state = (state * 1103515245 + 12345) % 2147483648) % n;

    // Act
    for (let step = 0; step < 400; step++) {
      const label = pick(400);
      if (exact.has(label) && pick(2) === 0) {
        hnsw.remove(label);
        exact.remove(label);
      } else {
        hnsw.add(label, row(pool, step));
        exact.add(label, row(pool, step));
      }
    }

    // Assert
    expect(hnsw.size).toBe(exact.size);
    expect(new Set(hnsw.labels())).toEqual(new Set(exact.labels()));
    for (const label of exact.labels()) expect(() => hnsw.getPoint(label)).not.toThrow();
    const queries = sample(50, 22);
    const approximate = range(50).map((q) => hnsw.searchKnn(row(queries, q), 10).neighbors);
    const truth = range(50).map((q) => exact.searchKnn(row(queries, q), 10).neighbors);
    expect(approximate.flat().every((label) => exact.has(label))).toBe(true);
    expect(meanRecallAtK(approximate, truth)).toBeGreaterThanOrEqual(0.98);
  });
});
