/**
 * Sample users are derived from whatever catalog the recommender ships, so these
 * tests use a small made-up catalog and check the properties the page relies on.
 */
import { describe, expect, it } from 'vitest';
import { ExactIndex, loadRecommenderArtifacts, MovieRecommender, pairwiseOverlap } from '@serverless-ai/movie-recommender';
import { deriveSampleUsers } from '../src/sample-users.js';
import type { Movie } from '@serverless-ai/movie-recommender';

function catalog(): Movie[] {
  const movies: Movie[] = [];
  let id = 1;
  const add = (count: number, genres: string[]): void => {
    for (let i = 0; i < count; i += 1) {
      movies.push({ movieId: id, title: `Movie ${id}`, year: 1990 + (id % 30), genres: [...genres] });
      id += 1;
    }
  };
  add(20, ['Action', 'Sci-Fi']);
  add(5, ['Action', 'Sci-Fi', 'Thriller']);
  add(15, ['Comedy', 'Romance']);
  add(12, ['Animation', 'Children']);
  add(3, ['Horror', 'Thriller']); // too few for a user of 8
  add(30, ['Drama']);
  return movies;
}

describe('deriveSampleUsers', () => {
  it('makes one user per frequent genre pair, most frequent first, with distinct genres', () => {
    // Act
    const samples = deriveSampleUsers(catalog());

    // Assert
    expect(samples.users.map((u) => u.genres)).toEqual([
      ['Action', 'Sci-Fi'],
      ['Comedy', 'Romance'],
      ['Animation', 'Children'],
    ]);
  });

  it('fills each activity with movies that carry both genres, each once, rated 4 to 5', () => {
    const samples = deriveSampleUsers(catalog(), { activityLength: 6 });

    for (const user of samples.users) {
      expect(user.activity).toHaveLength(6);
      expect(new Set(user.activity.map((a) => a.movieId)).size).toBe(6);
      for (const item of user.activity) {
        expect(user.genres.every((g) => item.genres.includes(g))).toBe(true);
        expect(item.rating).toBeGreaterThanOrEqual(4);
        expect(item.rating).toBeLessThanOrEqual(5);
      }
    }
  });

  it('prefers movies whose genres are exactly the pair', () => {
    const samples = deriveSampleUsers(catalog());

    const action = samples.users.find((u) => u.id === 'likes-action-sci-fi');
    expect(action?.activity.every((a) => a.genres.length === 2)).toBe(true);
  });

  it('lists every genre sorted and suggests a new movie id above the catalog', () => {
    const samples = deriveSampleUsers(catalog());

    expect(samples.genres).toEqual(['Action', 'Animation', 'Children', 'Comedy', 'Drama', 'Horror', 'Romance', 'Sci-Fi', 'Thriller']);
    expect(samples.suggestedMovieId).toBe(100_001);
    expect(deriveSampleUsers([{ movieId: 250_000, title: 'Big', year: null, genres: ['X'] }]).suggestedMovieId).toBe(1_000_001);
  });

  it('gives the same users for the same catalog', () => {
    expect(deriveSampleUsers(catalog())).toEqual(deriveSampleUsers(catalog()));
  });

  it('stops at the requested number of users', () => {
    expect(deriveSampleUsers(catalog(), { users: 2 }).users).toHaveLength(2);
  });
});

describe('deriveSampleUsers with popularity', () => {
  it('picks the most-rated movies of each genre pair', () => {
    // Arrange: popularity equals the movie id, so the highest ids are the most rated.
    const movies = catalog();
    const popularity = movies.map((movie) => movie.movieId);

    // Act
    const samples = deriveSampleUsers(movies, { popularity, activityLength: 3 });

    // Assert: Action + Sci-Fi exact-pair movies are ids 1..20, so 20, 19, 18.
    expect(samples.users[0]?.activity.map((a) => a.movieId)).toEqual([20, 19, 18]);
  });
});

describe('the sample users on the committed recommender', () => {
  it('get top-10 lists that share at most 2 movies per pair on average', () => {
    // Arrange: the users the page offers, and the committed model with exact search.
    const artifacts = loadRecommenderArtifacts();
    const samples = deriveSampleUsers(artifacts.movies, { popularity: artifacts.popularity });
    const index = ExactIndex.build({ space: artifacts.space, numDimensions: artifacts.dimensions }, artifacts.movies.map((m) => m.movieId), artifacts.itemVectors);
    const recommender = new MovieRecommender({ artifacts, index });

    // Act
    const lists = samples.users.map((user) => recommender.recommendForOrderedActivity([...user.activity].reverse(), 10).map((r) => r.movieId));

    // Assert
    expect(lists.length).toBeGreaterThanOrEqual(4);
    const overlap = pairwiseOverlap(lists);
    expect(overlap.mean, `max ${overlap.max}`).toBeLessThanOrEqual(2);
  });
});
