/**
 * The recommender recommends for the user (issue 15): small, seeded, real artifacts
 * (generated data, ALS, fold-in), no fixed answers. Each test would fail on a model
 * that ranks everyone by popularity.
 */
import { describe, expect, it } from 'vitest';
import {
  catalogCoverage,
  ExactIndex,
  makeTestArtifacts,
  meanRecallAtK,
  type Movie,
  MovieRecommender,
  overlap,
  pairwiseOverlap,
  type RecommenderArtifacts,
} from './helpers.js';

const artifacts = makeTestArtifacts({ movies: 2_000, users: 1_500, dimensions: 16, iterations: 8 });
const exact = ExactIndex.build({ space: 'ip', numDimensions: artifacts.dimensions }, artifacts.movies.map((m) => m.movieId), artifacts.itemVectors);
const recommender = new MovieRecommender({ artifacts, index: exact });

/** The `count` most-rated movies whose only genre is `genre`, each rated 5. */
function fanOf(served: RecommenderArtifacts, genre: string, count = 8): { movieId: number; rating: number }[] {
  return served.movies
    .map((movie, row) => ({ movie, ratings: served.popularity[row]! }))
    .filter(({ movie }) => movie.genres.length === 1 && movie.genres[0] === genre)
    .sort((a, b) => b.ratings - a.ratings || a.movie.movieId - b.movie.movieId)
    .slice(0, count)
    .map(({ movie }) => ({ movieId: movie.movieId, rating: 5 }));
}
const top10 = (activity: { movieId: number; rating: number }[]): Movie[] => recommender.recommendForOrderedActivity(activity, 10);
const ids = (movies: readonly Movie[]): number[] => movies.map((m) => m.movieId);

describe('personal recommendations', () => {
  it('gives two users with disjoint single-genre tastes top-10 lists that share at most 2 movies', () => {
    const horror = top10(fanOf(artifacts, 'Horror'));
    const comedy = top10(fanOf(artifacts, 'Comedy'));
    expect(horror).toHaveLength(10);
    expect(overlap(ids(horror), ids(comedy))).toBeLessThanOrEqual(2);
  });

  it('changes a user’s recommendations when their history changes genre', () => {
    const before = top10(fanOf(artifacts, 'Documentary'));
    const after = top10(fanOf(artifacts, 'Action'));
    expect(overlap(ids(before), ids(after))).toBeLessThanOrEqual(2);
    expect(after.filter((m) => m.genres.includes('Action')).length).toBeGreaterThan(before.filter((m) => m.genres.includes('Action')).length);
  });

  it('does not reproduce the ranking from the item bias alone', () => {
    const width = artifacts.dimensions;
    const history = fanOf(artifacts, 'Thriller');
    const seen = new Set(history.map((h) => h.movieId));
    const byBias = artifacts.movies
      .map((movie, row) => ({ id: movie.movieId, bias: artifacts.itemVectors[row * width + width - 1]! }))
      .filter(({ id }) => !seen.has(id))
      .sort((a, b) => b.bias - a.bias)
      .slice(0, 10)
      .map(({ id }) => id);
    expect(overlap(ids(top10(history)), byBias)).toBeLessThanOrEqual(5);
  });

  it('forms the query as [u, β] with β from the artifacts, so the score is u·v + β·b', () => {
    const history = fanOf(artifacts, 'Drama');
    const { query } = recommender.userQuery(history);
    expect(query[query.length - 1]).toBe(artifacts.biasWeight);
    expect(artifacts.biasWeight).toBeGreaterThan(0);
    expect(artifacts.biasWeight).toBeLessThan(1);
  });

  it('finds with HNSW what exact search finds for folded-in user queries (recall@10 ≥ 0.97)', () => {
    const hnsw = MovieRecommender.buildIndex(artifacts);
    const approximate: number[][] = [];
    const truth: number[][] = [];
    const genres = [...new Set(artifacts.movies.flatMap((m) => m.genres))];
    for (const genre of genres) {
      for (const count of [3, 8, 20]) {
        const history = fanOf(artifacts, genre, count);
        if (history.length === 0) continue;
        const { query } = recommender.userQuery(history);
        const exclude = new Set(history.map((h) => h.movieId));
        approximate.push(hnsw.searchKnn(query, 10, exclude).neighbors);
        truth.push(exact.searchKnn(query, 10, exclude).neighbors);
      }
    }
    expect(truth.length).toBeGreaterThan(30);
    expect(meanRecallAtK(approximate, truth, 10)).toBeGreaterThanOrEqual(0.97);
  });
});

describe('personalization measures', () => {
  it('counts coverage as distinct movies over the catalog and overlap as shared movies per pair', () => {
    const lists = [
      [1, 2, 3],
      [3, 4, 5],
      [6, 7, 8],
    ];
    expect(catalogCoverage(lists, 16)).toEqual({ distinct: 8, share: 0.5 });
    // Pairs: (1,2) share 1, (1,3) 0, (2,3) 0.
    expect(pairwiseOverlap(lists)).toEqual({ mean: 1 / 3, max: 1, pairs: 3 });
  });
});
