import { ConflictError, InvalidInputError, NotFoundError, parseModelInput, toErrorResponse } from '@serverless-ai/model-interface';
import { describe, expect, it } from 'vitest';
import {
  ExactIndex,
  MovieRecommender,
  makeTestArtifacts,
  orderActivity,
  plantedArtifacts,
  plantedFan,
  type RecommenderArtifacts,
} from './helpers.js';

function exactRecommender(artifacts: RecommenderArtifacts): MovieRecommender {
  const index = ExactIndex.build({ space: 'ip', numDimensions: artifacts.dimensions }, artifacts.movies.map((m) => m.movieId), artifacts.itemVectors);
  return new MovieRecommender({ artifacts, index });
}

function invalidIssues(fn: () => unknown): { path: (string | number)[]; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError);
    return (err as InvalidInputError).details.issues;
  }
  throw new Error('expected an InvalidInputError');
}

describe('MovieRecommender.predict', () => {
  it('recommends unseen movies of the genre a user rated highly', () => {
    // Arrange
    const recommender = exactRecommender(plantedArtifacts());
    const activity = plantedFan('Horror');

    // Act
    const { recommendations, modelVersion } = recommender.predict({ recentActivity: activity, k: 10 });

    // Assert
    expect(recommendations).toHaveLength(10);
    expect(recommendations.every((r) => r.genres[0] === 'Horror')).toBe(true);
    expect(modelVersion).toBe(recommender.version);
  });

  it('never recommends a movie from the activity, and ranks by descending score', () => {
    // Arrange
    const recommender = exactRecommender(plantedArtifacts());
    const activity = plantedFan('Comedy');
    const seen = new Set(activity.map((a) => a.movieId));

    // Act
    const { recommendations } = recommender.predict({ recentActivity: activity, k: 100 });

    // Assert
    expect(recommendations).toHaveLength(100);
    expect(recommendations.filter((r) => seen.has(r.movieId))).toEqual([]);
    const scores = recommendations.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('gives the same answer through the HNSW index as through exact search on a small catalog', () => {
    // Arrange
    const artifacts = makeTestArtifacts();
    const exact = exactRecommender(artifacts);
    const hnsw = new MovieRecommender({ artifacts, index: MovieRecommender.buildIndex(artifacts, { ef: 200 }) });
    const activity = artifacts.movies.slice(0, 12).map((m, i) => ({ movieId: m.movieId, rating: (i % 10) / 2 + 0.5 }));

    // Act
    const viaExact = exact.predict({ recentActivity: activity, k: 10 }).recommendations.map((r) => r.movieId);
    const viaHnsw = hnsw.predict({ recentActivity: activity, k: 10 }).recommendations.map((r) => r.movieId);

    // Assert: at ef = 200 over ~500 movies, HNSW finds the exact top 10.
    expect(viaHnsw).toEqual(viaExact);
  });

  it('rejects unknown movies and lists every one of them', () => {
    const recommender = exactRecommender(plantedArtifacts());
    const issues = invalidIssues(() =>
      recommender.predict({ recentActivity: [{ movieId: 1, rating: 4 }, { movieId: 9999, rating: 3 }, { movieId: 8888, rating: 5 }], k: 5 }),
    );
    expect(issues).toEqual([
      { path: ['recentActivity', 1, 'movieId'], message: 'Movie 9999 is not in the catalog' },
      { path: ['recentActivity', 2, 'movieId'], message: 'Movie 8888 is not in the catalog' },
    ]);
  });

  it('rejects a movie listed twice at the edge, naming the repeat and the first occurrence', () => {
    const recommender = exactRecommender(plantedArtifacts());
    const issues = invalidIssues(() => parseModelInput(recommender, { recentActivity: [{ movieId: 1, rating: 4 }, { movieId: 2, rating: 3 }, { movieId: 1, rating: 5 }], k: 5 }));
    expect(issues).toEqual([{ path: ['recentActivity', 2, 'movieId'], message: 'Movie 1 appears more than once (first at recentActivity[0])' }]);
  });

  it.each([
    [{ recentActivity: [{ movieId: 1, rating: 4 }], k: 101 }, ['k']],
    [{ recentActivity: [{ movieId: 1, rating: 4 }], k: 0 }, ['k']],
    [{ recentActivity: [], k: 5 }, ['recentActivity']],
    [{ recentActivity: [{ movieId: 1, rating: 4.2 }], k: 5 }, ['recentActivity', 0, 'rating']],
    [{ recentActivity: [{ movieId: 1, rating: 5.5 }], k: 5 }, ['recentActivity', 0, 'rating']],
    [{ recentActivity: [{ movieId: -3, rating: 4 }], k: 5 }, ['recentActivity', 0, 'movieId']],
    [{ recentActivity: [{ movieId: 1, rating: 4, timestamp: 'last tuesday' }], k: 5 }, ['recentActivity', 0, 'timestamp']],
  ])('rejects %j at the edge (parseModelInput) with an issue at %j', (input, path) => {
    const recommender = exactRecommender(plantedArtifacts());
    const issues = invalidIssues(() => parseModelInput(recommender, input));
    expect(issues.map((i) => i.path)).toContainEqual(path);
  });

  it('accepts 500 activity items and rejects 501 at the edge', () => {
    const artifacts = makeTestArtifacts();
    const recommender = exactRecommender(artifacts);
    const activity = [...artifacts.movies.slice(0, 500).map((m) => ({ movieId: m.movieId, rating: 3 })), { movieId: 9_999_999, rating: 3 }];
    expect(recommender.predict(parseModelInput(recommender, { recentActivity: activity.slice(0, 500), k: 5 })).recommendations.length).toBeLessThanOrEqual(5);
    expect(invalidIssues(() => parseModelInput(recommender, { recentActivity: activity, k: 5 })).map((i) => i.path)).toContainEqual(['recentActivity']);
  });

  it('accepts timestamps as ISO 8601 (with Z or an offset) or Unix seconds', () => {
    const recommender = exactRecommender(plantedArtifacts());
    const input = parseModelInput(recommender, {
      recentActivity: [
        { movieId: 1, rating: 4, timestamp: '2024-03-01T10:00:00Z' },
        { movieId: 2, rating: 3.5, timestamp: '2024-03-02T10:00:00.250+02:00' },
        { movieId: 3, rating: 5, timestamp: 1_709_500_000 },
      ],
      k: 3,
    });
    expect(recommender.predict(input).recommendations).toHaveLength(3);
  });

  it('defaults k to 10 when the request is parsed with the input schema', () => {
    const recommender = exactRecommender(plantedArtifacts());
    const input = parseModelInput(recommender, { recentActivity: [{ movieId: 3, rating: 5 }] });
    expect(input.k).toBe(10);
    expect(recommender.predict(input).recommendations).toHaveLength(10);
  });

  it('maps validation errors to a 400 with the shared error body', () => {
    const recommender = exactRecommender(plantedArtifacts());
    const { status, body } = toErrorResponse(captured(() => recommender.predict({ recentActivity: [{ movieId: 777, rating: 4 }], k: 3 })));
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.message).toContain('Movie 777 is not in the catalog');
  });
});

describe('orderActivity', () => {
  it('sorts by timestamp when every item has one, mixing ISO strings and Unix seconds', () => {
    const ordered = orderActivity([
      { movieId: 1, rating: 4, timestamp: '2024-03-01T00:00:00Z' },
      { movieId: 2, rating: 4, timestamp: 1_700_000_000 }, // 2023-11-14
      { movieId: 3, rating: 4, timestamp: '2024-01-01T12:00:00+01:00' },
    ]);
    expect(ordered.map((a) => a.movieId)).toEqual([2, 3, 1]);
  });

  it('keeps the given order when any timestamp is missing', () => {
    const ordered = orderActivity([
      { movieId: 1, rating: 4, timestamp: 1_800_000_000 },
      { movieId: 2, rating: 4 },
      { movieId: 3, rating: 4, timestamp: 1_700_000_000 },
    ]);
    expect(ordered.map((a) => a.movieId)).toEqual([1, 2, 3]);
  });
});

describe('new movies', () => {
  it('recommends a new movie with a derived embedding to a user whose taste matches its genre, not to others', () => {
    // Arrange
    const recommender = exactRecommender(plantedArtifacts());
    const newHorror = { movieId: 5000, title: 'The Unrated Scream', year: 2010, genres: ['Horror'] };

    // Act
    const added = recommender.addMovie(newHorror);
    const forHorrorFan = recommender.predict({ recentActivity: plantedFan('Horror'), k: 10 }).recommendations.map((r) => r.movieId);
    const forRomanceFan = recommender.predict({ recentActivity: plantedFan('Romance'), k: 10 }).recommendations.map((r) => r.movieId);

    // Assert
    expect(added.derived).toBe(true);
    expect(added.vector).toHaveLength(recommender.artifacts.dimensions);
    expect(forHorrorFan).toContain(5000);
    expect(forRomanceFan).not.toContain(5000);
  });

  it('uses a supplied embedding as given, with or without a bias', () => {
    // Arrange
    const recommender = exactRecommender(plantedArtifacts());
    const d = recommender.artifacts.embeddingDimensions;
    const romanceAxis = Array.from({ length: d }, (_, k) => (k === 2 ? 3 : 0));
    const movie = { movieId: 5001, title: 'Love, Supplied', year: null, genres: [] };

    // Act
    const withBias = recommender.vectorFor(movie, [...romanceAxis, 0.25]);
    const added = recommender.addMovie(movie, romanceAxis);
    const forRomanceFan = recommender.predict({ recentActivity: plantedFan('Romance'), k: 3 }).recommendations;

    // Assert
    expect(Array.from(withBias)).toEqual([...romanceAxis, 0.25]);
    expect(Array.from(added.vector.subarray(0, d))).toEqual(romanceAxis);
    expect(added.derived).toBe(false);
    expect(forRomanceFan[0]!.movieId).toBe(5001);
  });

  it('folds in a user from a rating of a movie added at run time', () => {
    // Arrange
    const recommender = exactRecommender(plantedArtifacts());
    recommender.addMovie({ movieId: 6000, title: 'Brand New Comedy', year: 2020, genres: ['Comedy'] });
    recommender.addMovie({ movieId: 6001, title: 'Brand New Horror', year: 2020, genres: ['Horror'] });
    const comedies = (activity: { movieId: number; rating: number }[]) =>
      recommender.predict({ recentActivity: activity, k: 10 }).recommendations.filter((r) => r.genres[0] === 'Comedy').length;

    // Act
    const afterNewComedy = comedies([{ movieId: 6000, rating: 5 }]);
    const afterNewHorror = comedies([{ movieId: 6001, rating: 5 }]);

    // Assert
    expect(afterNewComedy).toBeGreaterThan(afterNewHorror);
  });

  it('refuses an id that exists, an embedding of the wrong length and an invalid movie', () => {
    const recommender = exactRecommender(plantedArtifacts());
    expect(() => recommender.addMovie({ movieId: 1, title: 'Duplicate', year: 2000, genres: [] })).toThrow(ConflictError);
    expect(invalidIssues(() => recommender.addMovie({ movieId: 7000, title: 'Short', year: 2000, genres: [] }, [1, 2, 3]))[0]!.path).toEqual(['embedding']);
    expect(invalidIssues(() => recommender.addMovie({ movieId: 7000, title: 'NaN', year: 2000, genres: [] }, [1, 2, 3, 4, 5, Number.NaN]))[0]!.path).toEqual([
      'embedding',
      5,
    ]);
    expect(invalidIssues(() => recommender.addMovie({ movieId: 7000, title: ' ', year: 3000, genres: [] })).map((i) => i.path)).toEqual([
      ['movie', 'title'],
      ['movie', 'year'],
    ]);
    expect(recommender.catalog.has(7000)).toBe(false);
  });

  it('removes a movie from catalog and results, and reports a missing one as not found', () => {
    // Arrange
    const recommender = exactRecommender(plantedArtifacts());
    const before = recommender.predict({ recentActivity: plantedFan('Horror'), k: 1 }).recommendations[0]!;

    // Act
    const removed = recommender.removeMovie(before.movieId);
    const after = recommender.predict({ recentActivity: plantedFan('Horror'), k: 10 }).recommendations;

    // Assert
    expect(removed.movieId).toBe(before.movieId);
    expect(after.map((r) => r.movieId)).not.toContain(before.movieId);
    expect(recommender.catalog.has(before.movieId)).toBe(false);
    expect(() => recommender.removeMovie(before.movieId)).toThrow(NotFoundError);
    expect(invalidIssues(() => recommender.predict({ recentActivity: [{ movieId: before.movieId, rating: 4 }], k: 3 }))).toHaveLength(1);
  });

  it('applies a logged add or remove idempotently, as a replay after restart does', () => {
    // Arrange
    const recommender = exactRecommender(plantedArtifacts());
    const movie = { movieId: 8000, title: 'Replayed', year: 2001, genres: ['Romance'] };
    const vector = recommender.vectorFor(movie);

    // Act
    recommender.applyAdd(movie, vector);
    recommender.applyAdd(movie, vector);
    const size = recommender.catalog.size;
    recommender.applyRemove(8000);
    recommender.applyRemove(8000);

    // Assert
    expect(size).toBe(181);
    expect(recommender.catalog.size).toBe(180);
    expect(recommender.index.size).toBe(180);
    expect(recommender.vectorOf(8000)).toBeUndefined();
  });
});

describe('MovieRecommender construction', () => {
  it('refuses an index of the wrong dimensions or space', () => {
    const artifacts = plantedArtifacts();
    expect(() => new MovieRecommender({ artifacts, index: new ExactIndex({ space: 'ip', numDimensions: 3 }) })).toThrow(RangeError);
    expect(() => new MovieRecommender({ artifacts, index: new ExactIndex({ space: 'l2', numDimensions: artifacts.dimensions }) })).toThrow(RangeError);
  });

  it('builds an HNSW index in the ip space holding every catalog movie', () => {
    const artifacts = plantedArtifacts();
    const index = MovieRecommender.buildIndex(artifacts);
    expect(index.size).toBe(180);
    expect(index.options).toMatchObject({ space: 'ip', numDimensions: artifacts.dimensions });
  });
});

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}
