/**
 * @serverless-ai/movie-recommender: MovieLens-format data, ALS embeddings, fold-in
 * user embeddings, the `MovieRecommender` model and its HNSW vector index.
 *
 * The service (apps/recommender-container) needs only: `loadRecommenderArtifacts`,
 * `MovieRecommender` (+ `buildIndex`) or `VectorIndex.load`, and the typed errors from
 * model-interface. Everything else is here for training scripts, tests and teaching.
 */
export * from './types.js';
export * from './data/movielens.js';
export * from './data/generate.js';
export * from './data/rating-table.js';
export * from './training/als.js';
export * from './training/interactions.js';
export * from './training/train-recommender.js';
export * from './fold-in.js';
export * from './derive.js';
export * from './artifacts.js';
export * from './catalog.js';
export * from './recommender.js';
export * from './evaluation.js';
export * from './personalization.js';
export * from './testing.js';
export * from './vector-index/index.js';
export { createRandom, type Random } from './random.js';
