import { describe, expect, it } from 'vitest';
import { evaluateRecommender, generateMovieLens, rankingMetrics, ratingTableFrom, splitLatestRatings, userHistories } from './helpers.js';

describe('evaluateRecommender', () => {
  it('beats the popularity baseline on recall@10 and NDCG@10 on a small generated dataset', () => {
    // Arrange
    const data = generateMovieLens({ seed: 2, movies: 1_500, users: 1_500, meanRatingsPerUser: 40 });

    // Act
    const report = evaluateRecommender(data, { training: { dimensions: 16, iterations: 6 } });

    // Assert
    expect(report.evaluatedUsers).toBe(1_500);
    expect(report.recommender.recall).toBeGreaterThan(report.popularity.recall);
    expect(report.recommender.ndcg).toBeGreaterThan(report.popularity.ndcg);
  });
});

describe('splitLatestRatings', () => {
  it('holds out each eligible user’s latest ratings and keeps short histories whole', () => {
    // Arrange: user 1 has 4 ratings, user 2 has 2.
    const ratings = ratingTableFrom([
      { userId: 1, movieId: 10, rating: 4, timestamp: 300 },
      { userId: 1, movieId: 11, rating: 3, timestamp: 100 },
      { userId: 2, movieId: 10, rating: 5, timestamp: 50 },
      { userId: 1, movieId: 12, rating: 2, timestamp: 400 },
      { userId: 1, movieId: 13, rating: 5, timestamp: 200 },
      { userId: 2, movieId: 11, rating: 1, timestamp: 60 },
    ]);

    // Act
    const split = splitLatestRatings(ratings, 2, 2);

    // Assert
    expect([...split.heldOut]).toEqual([[1, [10, 12]]]);
    expect(Array.from(split.training.movieIds)).toEqual([11, 10, 13, 11]);
  });
});

describe('rankingMetrics', () => {
  it('computes recall and NDCG from the ranks of the hits', () => {
    // Hits at ranks 1 and 3 of 2 relevant items: DCG = 1 + 1/log2(4) = 1.5; ideal = 1 + 1/log2(3).
    const metrics = rankingMetrics([7, 8, 9, 10], new Set([7, 9]), 10);
    expect(metrics.recall).toBe(1);
    expect(metrics.ndcg).toBeCloseTo(1.5 / (1 + 1 / Math.log2(3)), 12);
  });

  it('only counts hits within the top k', () => {
    expect(rankingMetrics([1, 2, 3], new Set([3]), 2)).toEqual({ recall: 0, ndcg: 0 });
  });
});

describe('userHistories', () => {
  const ratings = ratingTableFrom([
    { userId: 1, movieId: 10, rating: 4, timestamp: 300 },
    { userId: 2, movieId: 10, rating: 5, timestamp: 50 },
    { userId: 1, movieId: 11, rating: 3, timestamp: 100 },
    { userId: 1, movieId: 12, rating: 2, timestamp: 300 },
  ]);

  it('lists each user’s ratings oldest first, ties in table order', () => {
    const histories = userHistories(ratings);
    expect(histories.get(1)).toEqual([
      { movieId: 11, rating: 3, timestamp: 100 },
      { movieId: 10, rating: 4, timestamp: 300 },
      { movieId: 12, rating: 2, timestamp: 300 },
    ]);
    expect(histories.get(2)).toEqual([{ movieId: 10, rating: 5, timestamp: 50 }]);
  });

  it('collects only the users it is asked for', () => {
    expect([...userHistories(ratings, new Set([2])).keys()]).toEqual([2]);
  });
});
