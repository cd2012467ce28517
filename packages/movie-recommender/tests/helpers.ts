/**
 * Shared imports and small fixtures for this package's tests: everything from the
 * package root, a planted catalog whose right answers are known, and math helpers.
 */
import {
  computeCentroids,
  decodeEncodedArtifacts,
  encodeRecommenderArtifacts,
  foldInStatistics,
  RECOMMENDER_PARAMETERS_FORMAT,
  type FoldInParameters,
  type Movie,
  type RecommenderArtifacts,
} from '../src/index.js';
import { createRandom } from '../src/random.js';
import { choleskySolve } from '../src/training/linalg.js';

export * from '../src/index.js';

/** `choleskySolve` on a copy, returning a plain array. */
export function choleskySolveForTests(a: Float64Array, b: number[], n: number): number[] {
  return Array.from(choleskySolve(Float64Array.from(a), b, n, new Float64Array(n)));
}

/** Cosine similarity of two vectors. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

/** Genres of the planted catalog, one cluster each. */
export const PLANTED_GENRES = ['Horror', 'Comedy', 'Romance'] as const;

/**
 * Artifacts with a known structure: 3 genres × 60 movies (ids 1..180), d = 6. Each
 * genre's movies point along their own axis, with a popularity that also sets the
 * bias. Built through the real encoder, so checksums and decoding are exercised.
 */
export function plantedArtifacts(): RecommenderArtifacts {
  const d = 6;
  const perGenre = 60;
  const random = createRandom(5);
  const movies: Movie[] = [];
  const embeddings = new Float32Array(PLANTED_GENRES.length * perGenre * d);
  const biases = new Float32Array(PLANTED_GENRES.length * perGenre);
  const popularity: number[] = [];
  PLANTED_GENRES.forEach((genre, g) => {
    for (let j = 0; j < perGenre; j++) {
      const i = g * perGenre + j;
      movies.push({ movieId: i + 1, title: `${genre} Story ${j + 1}`, year: 2000 + (j % 20), genres: [genre] });
      const count = Math.round(200 / (j + 1));
      popularity.push(count);
      for (let k = 0; k < d; k++) embeddings[i * d + k] = 0.1 * random.normal();
      embeddings[i * d + g]! += 0.6 + 0.1 * Math.log(count);
      biases[i] = 0.2 * Math.log(count) - 0.5;
    }
  });
  const foldIn: FoldInParameters = { dimensions: d, globalMean: 3.5, regularization: 1, missingWeight: 0.2, missingRating: 1, halfLife: 50, maxItems: 200 };
  const stats = foldInStatistics(embeddings, biases, foldIn);
  const trained = {
    movies,
    embeddings,
    biases,
    parameters: {
      format: RECOMMENDER_PARAMETERS_FORMAT,
      training: { dimensions: d, iterations: 0, regularization: 1, missingWeight: 0.2, missingRating: 1, seed: 0, solver: 'exact', cgSteps: 0 },
      foldIn,
      statistics: { gram: Array.from(stats.gram), missingRhs: Array.from(stats.missingRhs) },
      centroids: computeCentroids(movies, embeddings, biases, d, () => true, (i) => popularity[i]!),
      popularity,
    },
    history: [],
    facts: { users: 0, ratings: 0, movies: movies.length, moviesWithoutRatings: 0, globalMean: 3.5 },
  } as const;
  return decodeEncodedArtifacts(
    encodeRecommenderArtifacts(
      { ...trained, history: [] },
      { createdAt: '2024-01-01T00:00:00.000Z', trainingData: { summary: 'Planted clusters', facts: {} }, metrics: {} },
    ),
  );
}

/** A fan of `genre` in the planted catalog: its 8 most popular movies rated 5 stars, oldest first. */
export function plantedFan(genre: (typeof PLANTED_GENRES)[number]): { movieId: number; rating: number }[] {
  const g = PLANTED_GENRES.indexOf(genre);
  return Array.from({ length: 8 }, (_, j) => ({ movieId: g * 60 + j + 1, rating: 5 }));
}
