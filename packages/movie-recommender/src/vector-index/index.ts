/**
 * The vector index: HNSW search over movie embeddings (hnswlib-node), its exact
 * brute-force reference, snapshots with a checked header, and the helpers tests and
 * benchmarks use to measure recall on seeded synthetic data.
 *
 * Named exports only, so the package root can re-export this barrel next to the
 * rest of the recommender without name clashes.
 */
export { type Space, SPACES, type IndexOptions, INDEX_DEFAULTS, type SearchResult, type KnnIndex, MAX_LABEL } from './types.js';
export { distance, bruteForceKnn, ExactIndex, type ExactIndexOptions } from './exact.js';
export { VectorIndex, type SaveMeta, HNSW_FILE_HEADER_BYTES, hnswLevel0BytesPerElement, OVERFETCH_MAX_EXCLUSIONS } from './vector-index.js';
export {
  type IndexHeader,
  INDEX_SNAPSHOT_FORMAT,
  IndexSnapshotError,
  type IndexSnapshotProblem,
  type SnapshotExpectations,
  headerPathFor,
  fileDigest,
} from './snapshot.js';
export { recallAtK, meanRecallAtK } from './recall.js';
export { clusteredSampler, type ClusteredSampler, type ClusteredVectorOptions } from './synthetic.js';
