/**
 * Seeded synthetic embeddings for tests and benchmarks of the vector index.
 *
 * Movie embeddings are not uniform noise: movies cluster by genre and era. Points
 * drawn around random cluster centres mimic that, and matter for honesty: HNSW
 * recall on uniform 64-d noise is much worse than on clustered data, and clustered
 * data is what the recommender indexes. Everything derives from integer seeds, so a
 * test or benchmark run reproduces the same vectors anywhere.
 */
import { createRandom } from '../random.js';

/** Shape of a clustered vector source. */
export interface ClusteredVectorOptions {
  /** Seed of the cluster centres. */
  seed: number;
  /** Vector length. */
  numDimensions: number;
  /** Number of clusters (centres drawn from a standard normal per coordinate). @default 64 */
  clusters?: number;
  /**
   * Standard deviation of each point around its centre, relative to the centres'
   * spread of 1. Larger values make clusters overlap (as genres do), and search harder. @default 1
   */
  spread?: number;
}

/** Draws `count` row-major vectors from a fixed set of clusters. */
export type ClusteredSampler = (count: number, seed: number) => Float32Array;

/**
 * A sampler over fixed cluster centres (from `options.seed`): calls with different
 * seeds give different points of the same distribution, e.g. one seed for the
 * indexed movies and another for the queries.
 */
export function clusteredSampler(options: ClusteredVectorOptions): ClusteredSampler {
  const { numDimensions: d, clusters = 64, spread = 1 } = options;
  const centreRandom = createRandom(options.seed);
  const centres = new Float32Array(clusters * d);
  for (let i = 0; i < centres.length; i++) centres[i] = centreRandom.normal();
  return (count, seed) => {
    const random = createRandom(seed);
    const out = new Float32Array(count * d);
    for (let row = 0; row < count; row++) {
      const centre = random.int(clusters) * d;
      for (let j = 0; j < d; j++) out[row * d + j] = centres[centre + j]! + spread * random.normal();
    }
    return out;
  };
}
