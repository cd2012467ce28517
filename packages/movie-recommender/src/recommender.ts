/**
 * `MovieRecommender`: the recommender as a `Model` (model-interface), serving from
 * artifacts plus a vector index, with a catalog that grows while it runs.
 *
 * How one request is answered:
 * 1. Validate, once, at the edge: the caller (the Express route, the Lambda handler)
 *    parses untrusted input with `inputSchema` via `parseModelInput` (shape, half-star
 *    ratings, no duplicate movies, k ≤ 100), as the `Model` contract says. `predict`
 *    trusts that and checks only what the schema cannot know: that every rated movie
 *    is in the live catalog (all unknown ids are listed).
 * 2. Order the activity oldest → newest (by timestamp when every item has one, else
 *    as given) and fold the user in: a regularised least-squares fit of a user
 *    embedding u and bias c to their recent ratings (fold-in.ts). No per-user state.
 * 3. Search the index with the query `[u, β]` in the `ip` space, excluding every movie
 *    in the activity. Item vectors are stored as `[v_i, b_i]`, so the inner product is
 *    `u·v_i + β·b_i`: the user's taste plus a tuned fraction β of the movie's bias
 *    (mostly popularity). With β = 1 this would be the predicted preference, where
 *    the bias outweighs the user term and everyone gets the same list; β is chosen
 *    on a validation split (`npm run tune`). Still one exact inner-product search:
 *    no re-ranking, and HNSW answers the same question ExactIndex does.
 * 4. Return the movies with `score = u·v_i + β·b_i` (higher is better; comparable
 *    within one response, not a rating).
 *
 * New movies: `addMovie` indexes a supplied embedding or one derived from genres and
 * era (derive.ts). `vectorFor` + `applyAdd` split that in two so a service can log the
 * exact vector durably before applying it, and replay the log after a restart.
 */
import {
  ConflictError,
  type InputIssue,
  InvalidInputError,
  type Model,
  type ModelCard,
  NotFoundError,
  toInputIssues,
} from '@serverless-ai/model-interface';
import { z } from 'zod';
import { RECOMMENDER_MODEL_NAME, type RecommenderArtifacts } from './artifacts.js';
import { Catalog } from './catalog.js';
import { deriveVector } from './derive.js';
import { foldIn, type FoldInItem } from './fold-in.js';
import type { ActivityItem, Movie } from './types.js';
import { type IndexOptions, type KnnIndex, VectorIndex } from './vector-index/index.js';

import { DEFAULT_K, MAX_ACTIVITY_ITEMS, MAX_K } from './limits.js';

export { DEFAULT_K, MAX_ACTIVITY_ITEMS, MAX_K };

/** A request: the user's recent activity and how many movies to return. */
export interface RecommendInput {
  recentActivity: ActivityItem[];
  k: number;
}

/** One recommended movie. */
export interface Recommendation {
  movieId: number;
  title: string;
  genres: string[];
  year: number | null;
  /** `u·v + β·b`: higher is better; comparable within one response only. */
  score: number;
}

/** The answer to a request. */
export interface RecommendOutput {
  recommendations: Recommendation[];
  /** `card.version` of the model that answered. */
  modelVersion: string;
}

const halfStar = z
  .number()
  .min(0.5)
  .max(5)
  .refine((r) => Number.isInteger(r * 2), { message: 'Ratings go from 0.5 to 5 in half stars' });

/** One activity item. Timestamps are ISO 8601 date-times or Unix seconds. */
export const activityItemSchema = z.object({
  movieId: z.number().int().positive(),
  rating: halfStar,
  timestamp: z.union([z.iso.datetime({ offset: true, local: true }), z.number().finite().nonnegative()]).optional(),
});

/** Validates a request; duplicate movies are reported at the later occurrence. */
export const recommendInputSchema: z.ZodType<RecommendInput> = z
  .object({
    recentActivity: z.array(activityItemSchema).min(1).max(MAX_ACTIVITY_ITEMS),
    k: z.number().int().min(1).max(MAX_K).default(DEFAULT_K),
  })
  .superRefine((input, ctx) => {
    const firstAt = new Map<number, number>();
    input.recentActivity.forEach((item, i) => {
      const first = firstAt.get(item.movieId);
      if (first === undefined) firstAt.set(item.movieId, i);
      else {
        ctx.addIssue({
          code: 'custom',
          path: ['recentActivity', i, 'movieId'],
          message: `Movie ${item.movieId} appears more than once (first at recentActivity[${first}])`,
        });
      }
    });
  });

/** A movie as callers send it to `addMovie`. */
export const movieSchema: z.ZodType<Movie> = z.object({
  movieId: z.number().int().positive().max(0xffff_ffff),
  title: z.string().trim().min(1).max(500),
  year: z.number().int().min(1870).max(2100).nullable(),
  genres: z.array(z.string().trim().min(1).max(50)).max(20),
});

/** What `MovieRecommender` needs: artifacts and an index over their item vectors. */
export interface MovieRecommenderOptions {
  artifacts: RecommenderArtifacts;
  /** A `VectorIndex` (HNSW) or an `ExactIndex`, in the `ip` space with `artifacts.dimensions`. */
  index: KnnIndex;
}

/** The result of `addMovie`. */
export interface AddedMovie {
  movie: Movie;
  /** What was indexed: `[embedding, bias]`, length `artifacts.dimensions`. */
  vector: Float32Array;
  /** True when the vector came from genres and era rather than from the caller. */
  derived: boolean;
}

/** The movie recommender behind the shared `Model` interface. */
export class MovieRecommender implements Model<RecommendInput, RecommendOutput> {
  readonly id = RECOMMENDER_MODEL_NAME;
  readonly version: string;
  readonly card: ModelCard;
  readonly inputSchema = recommendInputSchema;
  /** Live catalog, including movies added at run time. */
  readonly catalog: Catalog;
  readonly index: KnnIndex;
  readonly artifacts: RecommenderArtifacts;
  /** Row of each trained movie in `artifacts.itemVectors`. */
  private readonly rowOf = new Map<number, number>();
  /** Vectors of movies added at run time. */
  private readonly addedVectors = new Map<number, Float32Array>();

  /**
   * Wires artifacts to an index (built with `buildIndex`, or loaded from a snapshot
   * and then brought up to date with `applyAdd`/`applyRemove`).
   * @throws RangeError when the index does not fit the artifacts.
   */
  constructor(options: MovieRecommenderOptions) {
    const { artifacts, index } = options;
    if (index.space !== artifacts.space) throw new RangeError(`The index uses the ${index.space} space; these artifacts need ${artifacts.space}`);
    if (index.numDimensions !== artifacts.dimensions) {
      throw new RangeError(`The index has ${index.numDimensions} dimensions; these artifacts need ${artifacts.dimensions}`);
    }
    this.artifacts = artifacts;
    this.index = index;
    this.card = artifacts.card;
    this.version = artifacts.card.version;
    const popularityById = new Map<number, number>();
    artifacts.movies.forEach((movie, row) => {
      this.rowOf.set(movie.movieId, row);
      popularityById.set(movie.movieId, artifacts.popularity[row]!);
    });
    this.catalog = new Catalog(artifacts.movies, (id) => popularityById.get(id) ?? 0);
  }

  /**
   * Builds an HNSW index over the artifacts' item vectors, labelled by movie id, in
   * the `ip` space. Options override `INDEX_DEFAULTS` (m 16, efConstruction 200, ef 64).
   * Only ids, vectors, space and dimensions are read, so a worker thread can pass just those.
   */
  static buildIndex(
    artifacts: Pick<RecommenderArtifacts, 'space' | 'dimensions' | 'itemVectors'> & { movies: readonly Pick<Movie, 'movieId'>[] },
    options: Partial<IndexOptions> = {},
  ): VectorIndex {
    return VectorIndex.build(
      { ...options, space: artifacts.space, numDimensions: artifacts.dimensions },
      artifacts.movies.map((m) => m.movieId),
      artifacts.itemVectors,
    );
  }

  /**
   * Recommends movies for a user described only by their recent activity.
   *
   * `input` must already have passed `inputSchema` (use `parseModelInput` at the edge):
   * the schema is not run a second time here. The catalog check is, because only the
   * model knows which movies exist right now.
   * @throws InvalidInputError listing every movie that is not in the catalog.
   */
  predict(input: RecommendInput): RecommendOutput {
    const { recentActivity, k } = input;
    const unknown: InputIssue[] = [];
    for (let i = 0; i < recentActivity.length; i++) {
      const movieId = recentActivity[i]!.movieId;
      if (!this.catalog.has(movieId)) unknown.push({ path: ['recentActivity', i, 'movieId'], message: `Movie ${movieId} is not in the catalog` });
    }
    if (unknown.length > 0) throw new InvalidInputError(unknown);
    return { recommendations: this.recommendForOrderedActivity(orderActivity(recentActivity), k), modelVersion: this.version };
  }

  /**
   * The query vector `[u, β]` folded in from activity ordered oldest first (β =
   * `artifacts.biasWeight`), plus the user bias c (which does not affect ranking).
   * Every movie must be known.
   */
  userQuery(orderedActivity: readonly Pick<ActivityItem, 'movieId' | 'rating'>[]): { query: Float32Array; userBias: number } {
    const d = this.artifacts.embeddingDimensions;
    const items: FoldInItem[] = orderedActivity.map((item) => {
      const vector = this.vectorOf(item.movieId);
      if (!vector) throw new NotFoundError(`Movie ${item.movieId} is not in the catalog`, { movieId: item.movieId });
      return { embedding: vector.subarray(0, d), bias: vector[d]!, rating: item.rating };
    });
    const solution = foldIn(items, this.artifacts.foldIn, this.artifacts.foldInStatistics);
    const query = new Float32Array(d + 1);
    for (let k = 0; k < d; k++) query[k] = solution[k]!;
    query[d] = this.artifacts.biasWeight;
    return { query, userBias: solution[d]! };
  }

  /**
   * Recommendations for activity already validated and ordered oldest first: no size
   * limit, so evaluation can replay long histories. Every activity movie is excluded.
   */
  recommendForOrderedActivity(orderedActivity: readonly Pick<ActivityItem, 'movieId' | 'rating'>[], k: number): Recommendation[] {
    // #region fold-in-then-search
    const { query } = this.userQuery(orderedActivity);
    const exclude = new Set(orderedActivity.map((item) => item.movieId));
    const { neighbors } = this.index.searchKnn(query, k, exclude);
    // #endregion fold-in-then-search
    const recommendations: Recommendation[] = [];
    for (const movieId of neighbors) {
      const movie = this.catalog.get(movieId);
      const vector = this.vectorOf(movieId);
      // An index snapshot ahead of the catalog (update log not yet replayed) may hold unknown labels.
      if (!movie || !vector) continue;
      let score = 0;
      for (let j = 0; j < query.length; j++) score += query[j]! * vector[j]!;
      recommendations.push({ movieId, title: movie.title, genres: movie.genres, year: movie.year, score });
    }
    // The index ranks in float32; re-sorting by the exact score keeps the order and scores consistent.
    return recommendations.sort((a, b) => b.score - a.score || a.movieId - b.movieId);
  }

  /** The indexed vector `[embedding, bias]` of a catalog movie, or undefined. */
  vectorOf(movieId: number): Float32Array | undefined {
    const added = this.addedVectors.get(movieId);
    if (added) return added;
    const row = this.rowOf.get(movieId);
    if (row === undefined) return undefined;
    const width = this.artifacts.dimensions;
    return this.artifacts.itemVectors.subarray(row * width, (row + 1) * width);
  }

  /**
   * The vector `addMovie` would index, without adding anything.
   * @param embedding length `embeddingDimensions` (the bias is then derived) or
   *   `dimensions` (embedding followed by bias); omitted → derived from genres and year.
   * @throws InvalidInputError for an invalid movie or embedding.
   */
  vectorFor(movie: Movie, embedding?: ArrayLike<number>): Float32Array {
    const valid = parseMovie(movie);
    const { dimensions, embeddingDimensions: d } = this.artifacts;
    const derived = deriveVector(valid, this.artifacts.centroids);
    if (embedding === undefined) return Float32Array.from(derived);
    if (embedding.length !== d && embedding.length !== dimensions) {
      throw new InvalidInputError([
        { path: ['embedding'], message: `Expected ${d} numbers (embedding) or ${dimensions} (embedding then bias), got ${embedding.length}` },
      ]);
    }
    const issues: InputIssue[] = [];
    for (let i = 0; i < embedding.length; i++) {
      if (!Number.isFinite(embedding[i])) issues.push({ path: ['embedding', i], message: `Expected a finite number, got ${embedding[i]}` });
    }
    if (issues.length > 0) throw new InvalidInputError(issues);
    const vector = new Float32Array(dimensions);
    for (let i = 0; i < embedding.length; i++) vector[i] = embedding[i]!;
    if (embedding.length === d) vector[d] = derived[d]!;
    return vector;
  }

  /**
   * Adds a movie to the catalog and the index.
   * @throws ConflictError when the id exists; InvalidInputError for an invalid movie or embedding.
   */
  addMovie(movie: Movie, embedding?: ArrayLike<number>): AddedMovie {
    if (this.catalog.has(movie.movieId)) throw new ConflictError(`Movie ${movie.movieId} is already in the catalog`, { movieId: movie.movieId });
    const vector = this.vectorFor(movie, embedding);
    const valid = parseMovie(movie);
    this.applyAdd(valid, vector);
    return { movie: valid, vector, derived: embedding === undefined };
  }

  /**
   * Removes a movie from the catalog and the index.
   * @throws NotFoundError when absent.
   */
  removeMovie(movieId: number): Movie {
    const movie = this.catalog.get(movieId);
    if (!movie) throw new NotFoundError(`Movie ${movieId} is not in the catalog`, { movieId });
    this.applyRemove(movieId);
    return movie;
  }

  /**
   * Puts `movie` with exactly `vector` into catalog and index, replacing any previous
   * entry: applying the same add twice (replaying an update log) changes nothing.
   * @throws InvalidInputError for an invalid movie or a vector of the wrong length.
   */
  applyAdd(movie: Movie, vector: ArrayLike<number>): void {
    const valid = parseMovie(movie);
    if (vector.length !== this.artifacts.dimensions) {
      throw new InvalidInputError([{ path: ['vector'], message: `Expected ${this.artifacts.dimensions} numbers, got ${vector.length}` }]);
    }
    const stored = Float32Array.from(vector);
    this.index.add(valid.movieId, stored);
    this.catalog.replace(valid);
    this.addedVectors.set(valid.movieId, stored);
  }

  /** Removes a movie if present; removing an absent movie does nothing (replays). */
  applyRemove(movieId: number): void {
    if (this.index.has(movieId)) this.index.remove(movieId);
    this.catalog.remove(movieId);
    this.addedVectors.delete(movieId);
    this.rowOf.delete(movieId);
  }
}

/** @throws InvalidInputError listing every problem with a movie. */
function parseMovie(movie: Movie): Movie {
  const parsed = movieSchema.safeParse(movie);
  if (!parsed.success) throw new InvalidInputError(toInputIssues(parsed.error).map((issue) => ({ ...issue, path: ['movie', ...issue.path] })));
  return parsed.data;
}

/** Unix seconds of an activity timestamp (ISO 8601 or seconds). */
export function timestampSeconds(timestamp: string | number): number {
  return typeof timestamp === 'number' ? timestamp : Date.parse(timestamp) / 1000;
}

/**
 * Orders activity oldest → newest: by timestamp when every item has one (stable for
 * ties), otherwise in the order given (callers list a history oldest first).
 */
export function orderActivity<T extends ActivityItem>(activity: readonly T[]): T[] {
  if (!activity.every((item) => item.timestamp !== undefined)) return [...activity];
  return activity
    .map((item, position) => ({ item, position, time: timestampSeconds(item.timestamp!) }))
    .sort((a, b) => a.time - b.time || a.position - b.position)
    .map(({ item }) => item);
}
