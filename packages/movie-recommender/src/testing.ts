/**
 * Small real artifacts for tests, here and in other packages (the service's tests run
 * on a tiny real index built from these).
 *
 * Everything is genuine: generated MovieLens data, ALS training, encoded artifacts
 * with checksums; only the sizes are small (500 movies, d = 16: well under a second).
 */
import { mkdirSync } from 'node:fs';
import {
  decodeEncodedArtifacts,
  encodeRecommenderArtifacts,
  loadRecommenderArtifacts,
  type RecommenderArtifacts,
  writeRecommenderArtifacts,
} from './artifacts.js';
import { generateMovieLens } from './data/generate.js';
import { trainRecommender } from './training/train-recommender.js';

/** Sizes of test artifacts; all optional. */
export interface SmallArtifactsOptions {
  /** @default 7 */
  seed?: number;
  /** @default 500 */
  movies?: number;
  /** @default 300 */
  users?: number;
  /** Embedding size d (vectors in the index have d + 1). @default 16 */
  dimensions?: number;
  /** ALS iterations. @default 6 */
  iterations?: number;
}

/** Artifacts trained in memory on a small generated dataset (no files). */
export function makeTestArtifacts(options: SmallArtifactsOptions = {}): RecommenderArtifacts {
  return decodeEncodedArtifacts(encodeSmall(options));
}

/** Like `makeTestArtifacts`, but written to `outDir` (created if needed) and loaded back with checksums verified. */
export function buildSmallArtifacts(options: SmallArtifactsOptions, outDir: string): RecommenderArtifacts {
  mkdirSync(outDir, { recursive: true });
  writeRecommenderArtifacts(outDir, encodeSmall(options));
  return loadRecommenderArtifacts(outDir);
}

function encodeSmall(options: SmallArtifactsOptions) {
  const seed = options.seed ?? 7;
  const data = generateMovieLens({ seed, movies: options.movies ?? 500, users: options.users ?? 300, meanRatingsPerUser: 30 });
  const trained = trainRecommender(data, { dimensions: options.dimensions ?? 16, iterations: options.iterations ?? 6, seed });
  return encodeRecommenderArtifacts(trained, {
    createdAt: new Date(0).toISOString(),
    trainingData: {
      summary: 'Small generated test dataset',
      facts: { seed, movies: data.movies.length, users: trained.facts.users, ratings: data.ratings.length },
    },
    metrics: {},
  });
}
