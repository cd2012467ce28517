/**
 * The recommender's start-up, cut down to the one choice that decides how long it takes:
 * where the HNSW index comes from. The container's real start-up makes the same choice
 * (apps/recommender-container/src/state/startup.ts, `loadOrBuildIndex`), and then replays
 * its update log; the recommender on Lambda makes it in its init phase
 * (apps/cross-pairing/src/recommender-lambda/handler.ts).
 *
 * Whatever this does, every start does again: every new replica, and on Lambda every
 * cold start. It writes one start-up log record saying where the index came from
 * (`indexSource`) and, when it rebuilt, why (`reason`).
 */
import { MovieRecommender, type RecommenderArtifacts, type VectorIndex } from '@serverless-ai/movie-recommender';

/** The start-up log record: one per start. */
export interface StartupRecord {
  msg: 'started';
  /** Where the index came from: a snapshot file, or built from the embeddings. */
  indexSource: 'snapshot' | 'rebuild';
  /** Why it was rebuilt (absent when it came from a snapshot). */
  reason?: string;
  /** The catalog this start serves (`artifacts.catalogVersion`). */
  catalogVersion: string;
  /** Movies in the index. */
  indexSize: number;
  /** How long the start took, in milliseconds: for the log, never for a decision. */
  ms: number;
}

/** What `startRecommender` needs. */
export interface StartupOptions {
  /** The catalog and its embeddings, already loaded and checked. */
  artifacts: RecommenderArtifacts;
  /** Where a snapshot of the index may be: hnswlib's file, with its header at `<path>.meta.json`. */
  snapshotPath: string;
  /** Where the start-up record goes. @default one JSON line on stdout */
  log?: (record: StartupRecord) => void;
}

/** A started recommender. */
export interface Started {
  recommender: MovieRecommender;
  index: VectorIndex;
  record: StartupRecord;
}

/** Gets the index into memory, wires the recommender and logs where the index came from. */
export function startRecommender({ artifacts, snapshotPath, log = (record) => console.log(JSON.stringify(record)) }: StartupOptions): Started {
  const started = performance.now();
  // Every start inserts every movie's vector into a new graph: work that grows faster than the catalog.
  const index = MovieRecommender.buildIndex(artifacts);
  const reason = `this start-up always rebuilds (a snapshot at ${snapshotPath} is not even looked at)`;
  const recommender = new MovieRecommender({ artifacts, index });
  const record: StartupRecord = {
    msg: 'started',
    indexSource: 'rebuild',
    reason,
    catalogVersion: artifacts.catalogVersion,
    indexSize: index.size,
    ms: Math.round((performance.now() - started) * 10) / 10,
  };
  log(record);
  return { recommender, index, record };
}
