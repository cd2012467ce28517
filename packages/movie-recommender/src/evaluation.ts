/**
 * Offline evaluation: does the recommender predict what users watch next better than
 * recommending the most popular movies?
 *
 * Protocol (time-based leave-last-out):
 * 1. For every user with at least `heldOutPerUser + minTrainingRatings` ratings, hold
 *    out their `heldOutPerUser` latest ratings (by timestamp). Everything else trains.
 * 2. Train the recommender on the training ratings, encode and decode the artifacts
 *    (so the checked path is the one the service loads) and build the index.
 * 3. For each evaluated user, fold in their training ratings exactly as the service
 *    would (recency weights over the newest `maxItems`), exclude every movie they
 *    rated, take the top k, and compare with the held-out movies:
 *    - recall@k = held-out movies in the top k / held-out movies;
 *    - NDCG@k   = Σ over hits 1/log2(rank + 1), divided by its best possible value.
 * 4. Do the same for the popularity baseline: the k most-rated training movies the
 *    user has not rated.
 * Means over users are reported. Edit this file to change the protocol; the model card
 * records `heldOutPerUser`, `k` and the user count next to the figures.
 */
import { decodeEncodedArtifacts, encodeRecommenderArtifacts, type RecommenderArtifacts } from './artifacts.js';
import { filterRatings } from './data/rating-table.js';
import { MovieRecommender } from './recommender.js';
import { trainRecommender, type TrainRecommenderOptions } from './training/train-recommender.js';
import type { MovieLensData, RatingTable } from './types.js';
import { ExactIndex, type IndexOptions, type KnnIndex } from './vector-index/index.js';

/** How to evaluate. */
export interface EvaluationOptions {
  /** Latest ratings held out per user. @default 5 */
  heldOutPerUser?: number;
  /** Users need at least this many other ratings to be evaluated. @default 5 */
  minTrainingRatings?: number;
  /** Length of the recommendation list. @default 10 */
  k?: number;
  /** Evaluate at most this many users (the first by id), to bound time. @default all */
  maxUsers?: number;
  /** Training options, as for the served model. */
  training?: TrainRecommenderOptions;
  /** Also measure through the HNSW index with these options (exact search is always measured). @default false */
  hnsw?: Partial<IndexOptions> | false;
}

/** Mean ranking quality over evaluated users, at the report's `k`. */
export interface RankingMetrics {
  recall: number;
  ndcg: number;
}

/** The outcome of `evaluateRecommender`. */
export interface EvaluationReport {
  k: number;
  heldOutPerUser: number;
  evaluatedUsers: number;
  trainingRatings: number;
  heldOutRatings: number;
  /** Fold-in + exact search over every movie. */
  recommender: RankingMetrics;
  /** Fold-in + the HNSW index, when requested. */
  recommenderHnsw?: RankingMetrics;
  /** Most-rated movies the user has not rated. */
  popularity: RankingMetrics;
  seconds: { training: number; recommending: number };
}

/** A time-based split: training ratings, and each evaluated user's held-out movies. */
export interface TemporalSplit {
  training: RatingTable;
  /** userId → held-out movie ids, oldest first. */
  heldOut: Map<number, number[]>;
}

/** Holds out each eligible user's latest ratings (ties broken by file order). */
export function splitLatestRatings(ratings: RatingTable, heldOutPerUser: number, minTrainingRatings: number): TemporalSplit {
  const rowsByUser = new Map<number, number[]>();
  for (let r = 0; r < ratings.length; r++) {
    const user = ratings.userIds[r]!;
    let rows = rowsByUser.get(user);
    if (!rows) rowsByUser.set(user, (rows = []));
    rows.push(r);
  }
  const heldOutRows = new Set<number>();
  const heldOut = new Map<number, number[]>();
  for (const [user, rows] of rowsByUser) {
    if (rows.length < heldOutPerUser + minTrainingRatings) continue;
    rows.sort((a, b) => ratings.timestamps[a]! - ratings.timestamps[b]! || a - b);
    const latest = rows.slice(rows.length - heldOutPerUser);
    latest.forEach((r) => heldOutRows.add(r));
    heldOut.set(
      user,
      latest.map((r) => ratings.movieIds[r]!),
    );
  }
  return { training: filterRatings(ratings, (r) => !heldOutRows.has(r)), heldOut };
}

/** One rating in a user's history, as fold-in receives it. */
export interface HistoryItem {
  movieId: number;
  rating: number;
  timestamp: number;
}

/**
 * Each user's ratings, oldest first (ties in table order): the activity the service
 * would receive. With `only`, just those users' histories are collected.
 */
export function userHistories(ratings: RatingTable, only?: { has(user: number): boolean }): Map<number, HistoryItem[]> {
  const history = new Map<number, HistoryItem[]>();
  for (let r = 0; r < ratings.length; r++) {
    const user = ratings.userIds[r]!;
    if (only && !only.has(user)) continue;
    let items = history.get(user);
    if (!items) history.set(user, (items = []));
    items.push({ movieId: ratings.movieIds[r]!, rating: ratings.ratings[r]!, timestamp: ratings.timestamps[r]! });
  }
  for (const items of history.values()) items.sort((a, b) => a.timestamp - b.timestamp);
  return history;
}

/** recall@k and NDCG@k of one ranked list against the relevant set. */
export function rankingMetrics(ranked: readonly number[], relevant: ReadonlySet<number>, k: number): RankingMetrics {
  let hits = 0;
  let dcg = 0;
  ranked.slice(0, k).forEach((id, rank) => {
    if (!relevant.has(id)) return;
    hits++;
    dcg += 1 / Math.log2(rank + 2);
  });
  let ideal = 0;
  for (let rank = 0; rank < Math.min(k, relevant.size); rank++) ideal += 1 / Math.log2(rank + 2);
  return { recall: relevant.size > 0 ? hits / relevant.size : 0, ndcg: ideal > 0 ? dcg / ideal : 0 };
}

/** Runs the protocol above. Deterministic for given data and options (timings aside). */
export function evaluateRecommender(data: MovieLensData, options: EvaluationOptions = {}): EvaluationReport {
  const heldOutPerUser = options.heldOutPerUser ?? 5;
  const k = options.k ?? 10;
  const split = splitLatestRatings(data.ratings, heldOutPerUser, options.minTrainingRatings ?? 5);

  const trainingStarted = performance.now();
  const trained = trainRecommender({ movies: data.movies, ratings: split.training }, options.training);
  const artifacts = decodeEncodedArtifacts(
    encodeRecommenderArtifacts(trained, {
      createdAt: new Date(0).toISOString(),
      trainingData: { summary: 'Evaluation split', facts: {} },
      metrics: {},
    }),
  );
  const trainingSeconds = (performance.now() - trainingStarted) / 1000;

  // Each user's training history, oldest first, as the service would receive it.
  const { training } = split;
  const history = userHistories(training, split.heldOut);
  let users = [...split.heldOut.keys()].filter((u) => history.has(u)).sort((a, b) => a - b);
  if (options.maxUsers !== undefined) users = users.slice(0, options.maxUsers);

  const recommendingStarted = performance.now();
  const exact = measure(artifacts, ExactIndex.build({ space: artifacts.space, numDimensions: artifacts.dimensions }, labelsOf(artifacts), artifacts.itemVectors));
  const approximate = options.hnsw ? measure(artifacts, MovieRecommender.buildIndex(artifacts, options.hnsw)) : undefined;
  const popularity = measurePopularity(artifacts);
  const recommendingSeconds = (performance.now() - recommendingStarted) / 1000;

  return {
    k,
    heldOutPerUser,
    evaluatedUsers: users.length,
    trainingRatings: training.length,
    heldOutRatings: users.length * heldOutPerUser,
    recommender: exact,
    ...(approximate ? { recommenderHnsw: approximate } : {}),
    popularity,
    seconds: { training: trainingSeconds, recommending: recommendingSeconds },
  };

  function measure(served: RecommenderArtifacts, index: KnnIndex): RankingMetrics {
    const recommender = new MovieRecommender({ artifacts: served, index });
    return meanOver(users, (user) => recommender.recommendForOrderedActivity(history.get(user)!, k).map((r) => r.movieId));
  }

  function measurePopularity(served: RecommenderArtifacts): RankingMetrics {
    const ranked = served.movies
      .map((movie, row) => ({ id: movie.movieId, count: served.popularity[row]! }))
      .sort((a, b) => b.count - a.count || a.id - b.id)
      .map((m) => m.id);
    return meanOver(users, (user) => {
      const seen = new Set(history.get(user)!.map((item) => item.movieId));
      const top: number[] = [];
      for (const id of ranked) {
        if (top.length === k) break;
        if (!seen.has(id)) top.push(id);
      }
      return top;
    });
  }

  function meanOver(evaluated: number[], recommend: (user: number) => number[]): RankingMetrics {
    let recall = 0;
    let ndcg = 0;
    for (const user of evaluated) {
      const metrics = rankingMetrics(recommend(user), new Set(split.heldOut.get(user)), k);
      recall += metrics.recall;
      ndcg += metrics.ndcg;
    }
    const n = Math.max(1, evaluated.length);
    return { recall: recall / n, ndcg: ndcg / n };
  }
}

function labelsOf(artifacts: RecommenderArtifacts): number[] {
  return artifacts.movies.map((m) => m.movieId);
}
