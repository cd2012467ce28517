/**
 * From ratings to everything the recommender serves with: ALS embeddings and biases,
 * derived vectors for movies without ratings, genre/era centroids for new movies,
 * popularity counts for the baseline, and the sums fold-in shares.
 *
 * The output is plain data; artifacts.ts turns it into checksummed files. Edit this
 * file to change what training produces; the artifact format follows from it.
 */
import { computeCentroids, deriveVector, type Centroids } from '../derive.js';
import { FOLD_IN_DEFAULTS, foldInStatistics, type FoldInParameters } from '../fold-in.js';
import type { MovieLensData, Movie } from '../types.js';
import { ALS_DEFAULTS, trainAls, type AlsHyperParameters, type AlsOptions, type AlsProgress } from './als.js';
import { buildInteractions } from './interactions.js';

/** ALS options plus the fold-in recency settings stored with the model. */
export interface TrainRecommenderOptions extends AlsOptions {
  /** Recency half-life of fold-in, in items. @default 50 */
  halfLife?: number;
  /** Newest items fold-in uses. @default 200 */
  maxItems?: number;
  /**
   * λ of fold-in: a request carries a short history, which needs more shrinkage than
   * a training user's hundred ratings. @default 20 (`RANKING_DEFAULTS`)
   */
  foldInRegularization?: number;
  /** β in the ranking score u·v + β·b. @default 0.75 (`RANKING_DEFAULTS`) */
  biasWeight?: number;
}

/**
 * Serving-time knobs chosen by `npm run tune` on a validation split (never the test
 * split): fold-in λ for short histories, and the weight β of the item bias in the
 * ranking score u·v + β·b (β = 1 would rank by the full predicted preference, where
 * the bias, i.e. popularity, drowns the user's taste).
 */
export const RANKING_DEFAULTS = { foldInRegularization: 20, biasWeight: 0.75 } as const;

/** The JSON part of the artifacts (`model.json`): everything but the big arrays. */
export interface RecommenderParameters {
  format: typeof RECOMMENDER_PARAMETERS_FORMAT;
  training: AlsHyperParameters;
  foldIn: FoldInParameters;
  /** Sums over the catalog every fold-in shares (see fold-in.ts). */
  statistics: { gram: number[]; missingRhs: number[] };
  centroids: Centroids;
  /** Training ratings per movie, catalog order: the popularity baseline, and a tie-breaker in title search. */
  popularity: number[];
  /** How the index query is formed: `[u, biasWeight]`, so the inner product is u·v + β·b. Absent in older files: β = 1. */
  ranking?: { biasWeight: number };
}

/** Format tag of `model.json`, bumped on incompatible changes. */
export const RECOMMENDER_PARAMETERS_FORMAT = 'serverless-ai/movie-recommender-parameters@1';

/** A trained recommender in memory, before it is written as artifacts. */
export interface TrainedRecommender {
  movies: Movie[];
  /** movies × dimensions, catalog order. */
  embeddings: Float32Array;
  biases: Float32Array;
  parameters: RecommenderParameters;
  /** Loss and timing per ALS iteration (iteration 0 is the initial state). */
  history: AlsProgress[];
  /** Counts for the model card. */
  facts: { users: number; ratings: number; movies: number; moviesWithoutRatings: number; globalMean: number };
}

/** Trains on `data`. Deterministic for given data and options. */
export function trainRecommender(data: MovieLensData, options: TrainRecommenderOptions = {}): TrainedRecommender {
  const interactions = buildInteractions(data.movies, data.ratings);
  const als = trainAls(interactions, options);
  const d = als.dimensions;
  const embeddings = Float32Array.from(als.movieFactors);
  const biases = Float32Array.from(als.movieBiases);
  const popularity = Array.from({ length: data.movies.length }, (_, i) => interactions.byMovie.offsets[i + 1]! - interactions.byMovie.offsets[i]!);

  // Movies nobody rated were only ever pulled towards "not chosen": give them the
  // same genre/era estimate a brand-new movie gets instead.
  const centroids = computeCentroids(data.movies, embeddings, biases, d, (i) => popularity[i]! > 0, (i) => popularity[i]!);
  let moviesWithoutRatings = 0;
  data.movies.forEach((movie, i) => {
    if (popularity[i]! > 0) return;
    moviesWithoutRatings++;
    const derived = deriveVector(movie, centroids);
    for (let k = 0; k < d; k++) embeddings[i * d + k] = derived[k]!;
    biases[i] = derived[d]!;
  });

  const foldIn: FoldInParameters = {
    dimensions: d,
    globalMean: als.globalMean,
    regularization: options.foldInRegularization ?? RANKING_DEFAULTS.foldInRegularization,
    missingWeight: als.missingWeight,
    missingRating: als.missingRating,
    halfLife: options.halfLife ?? FOLD_IN_DEFAULTS.halfLife,
    maxItems: options.maxItems ?? FOLD_IN_DEFAULTS.maxItems,
  };
  // Computed from the float32 values that are stored, so serving matches exactly.
  const stats = foldInStatistics(embeddings, biases, foldIn);
  const { dimensions, iterations, regularization, missingWeight, missingRating, seed, solver, cgSteps } = { ...ALS_DEFAULTS, ...als };
  return {
    movies: data.movies,
    embeddings,
    biases,
    parameters: {
      format: RECOMMENDER_PARAMETERS_FORMAT,
      training: { dimensions, iterations, regularization, missingWeight, missingRating, seed, solver, cgSteps },
      foldIn,
      statistics: { gram: Array.from(stats.gram), missingRhs: Array.from(stats.missingRhs) },
      centroids,
      popularity,
      ranking: { biasWeight: options.biasWeight ?? RANKING_DEFAULTS.biasWeight },
    },
    history: als.history,
    facts: {
      users: interactions.users,
      ratings: data.ratings.length,
      movies: data.movies.length,
      moviesWithoutRatings,
      globalMean: als.globalMean,
    },
  };
}
