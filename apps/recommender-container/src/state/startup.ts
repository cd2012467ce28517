/**
 * Start-up: from artifacts and a data directory to a live catalog, in four logged,
 * timed phases:
 *   1. load the catalog and embeddings (checksums verified);
 *   2. load the index snapshot if its checksums and catalog version match, else rebuild;
 *   3. open the catalog log (the embedded file, repairing a torn tail; or the Redis stream,
 *      waiting for it to answer) and replay it from the snapshot's position;
 *   4. report ready.
 *
 * The HTTP server is already listening while this runs (`/healthz` answers, `/readyz`
 * says 503). The one long phase, rebuilding the index, runs in a worker thread; the rest
 * is short synchronous work, and the event loop is released between phases and between
 * replay chunks to let health checks through.
 *
 * Edit this file to change what happens before the service takes traffic.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import {
  DEFAULT_ARTIFACTS_DIR,
  MovieRecommender,
  loadRecommenderArtifacts,
  type Movie,
  type RecommenderArtifacts,
  VectorIndex,
} from '@serverless-ai/movie-recommender';
import type { Logger } from '../logger.js';
import { type CatalogLog, FileCatalogLog } from './catalog-log.js';
import { RedisStreamLog, redactUrl } from './redis-stream-log.js';
import { decodeVector } from './update-log.js';
import { EMPTY_DIGEST, LiveCatalog, type RestoredState, type SnapshotPolicy } from './live-catalog.js';
import { SNAPSHOTS_DIR, loadSnapshot } from './snapshot.js';

/** The start-up phases, in order. */
export type StartupPhase = 'load-artifacts' | 'load-index' | 'replay-log' | 'ready';

/** What `startLiveCatalog` needs. */
export interface StartupOptions {
  /** Artifacts folder. @default the package's DEFAULT_ARTIFACTS_DIR */
  artifactsDir?: string;
  /** Or artifacts already in memory (tests build small ones). Wins over `artifactsDir`. */
  artifacts?: RecommenderArtifacts;
  dataDir: string;
  replicaId: string;
  snapshotPolicy: SnapshotPolicy;
  /**
   * HNSW search breadth (`ef`) to serve with. Unset: a loaded snapshot keeps the `ef` in its
   * header, a rebuilt index gets the package default. Recall at a given `ef` falls as the
   * catalog grows, so a large catalog needs it raised (docs/recommender-index.md).
   */
  searchEf?: number;
  /** The shared catalog stream (Redis); absent: the embedded file log. */
  catalogStream?: CatalogStreamSettings;
  logger: Logger;
  /** Called with each phase's duration as it completes (metrics). */
  onPhase?: (phase: StartupPhase, ms: number) => void;
  onSnapshot?: (outcome: 'written' | 'failed') => void;
}

/** How to reach the shared catalog stream. */
export interface CatalogStreamSettings {
  url: string;
  password?: string;
  cluster?: boolean;
  /** Longest wait for Redis to confirm a write, and for it to become visible here. @default 2000 */
  writeTimeoutMs?: number;
}

/** The outcome of start-up, with the timings the bench reports. */
export interface StartupResult {
  live: LiveCatalog;
  /** Whether the index came from a snapshot or was rebuilt from the embeddings. */
  indexSource: 'snapshot' | 'rebuild';
  /** Log records applied during replay. */
  replayed: number;
  timingsMs: Record<StartupPhase, number> & { total: number };
}

/** Runs the four start-up phases. @throws on unusable artifacts or a corrupt own log. */
export async function startLiveCatalog(options: StartupOptions): Promise<StartupResult> {
  const { logger } = options;
  const started = performance.now();
  const timings = { 'load-artifacts': 0, 'load-index': 0, 'replay-log': 0, ready: 0, total: 0 };
  const timed = <T>(phase: StartupPhase, run: () => T): T => {
    const t0 = performance.now();
    const result = run();
    timings[phase] = performance.now() - t0;
    options.onPhase?.(phase, timings[phase]);
    return result;
  };

  // 1. Load the catalog and embeddings.
  const artifactsDir = options.artifactsDir ?? DEFAULT_ARTIFACTS_DIR;
  const artifacts = timed('load-artifacts', () => options.artifacts ?? loadRecommenderArtifacts(artifactsDir));
  logger.info(
    { phase: 'load-artifacts', ms: ms(timings['load-artifacts']), movies: artifacts.movies.length, dimensions: artifacts.dimensions, catalogVersion: artifacts.catalogVersion },
    'loaded artifacts',
  );
  await yieldToEventLoop();

  // #region startup-phase-load-index
  // 2. Load the index snapshot if it matches, otherwise rebuild (in a worker thread).
  const t2 = performance.now();
  const restored = await loadOrBuildIndex(artifacts, options.dataDir, options.catalogStream ? 'redis-stream' : 'file', logger);
  if (options.searchEf !== undefined) restored.index.setEf(options.searchEf);
  timings['load-index'] = performance.now() - t2;
  options.onPhase?.('load-index', timings['load-index']);
  await yieldToEventLoop();
  // #endregion startup-phase-load-index

  // 3. Open the catalog log, then replay it from the snapshot's position.
  const t3 = performance.now();
  const log = await openCatalogLog(options, artifacts.catalogVersion);
  let live: LiveCatalog;
  try {
    if (log instanceof RedisStreamLog) {
      // A snapshot older than the trim point would leave a gap: refuse rather than serve a wrong catalog.
      const trimmed = await log.trimmedBelow();
      const from = restored.progress.position;
      if (trimmed !== undefined && (from === undefined || log.compare(from, trimmed) < 0)) {
        throw new Error(
          `The catalog stream ${log.name} was trimmed below ${trimmed}, but this task's snapshot covers only up to ${from ?? 'nothing'}: it cannot replay without a gap. It needs the current snapshot in ${options.dataDir}/snapshots (see "Trimming" in the README).`,
        );
      }
    }
    live = new LiveCatalog({
      restored,
      catalogVersion: artifacts.catalogVersion,
      dimensions: artifacts.dimensions,
      dataDir: options.dataDir,
      replicaId: options.replicaId,
      log,
      snapshotPolicy: options.snapshotPolicy,
      visibleTimeoutMs: options.catalogStream?.writeTimeoutMs,
      logger,
      onSnapshot: options.onSnapshot,
    });
  } catch (err) {
    await log.close();
    throw err;
  }
  let replayed = 0;
  for (;;) {
    const read = await live.catchUp();
    replayed += read;
    if (read === 0) break;
    await yieldToEventLoop();
  }
  timings['replay-log'] = performance.now() - t3;
  options.onPhase?.('replay-log', timings['replay-log']);
  logger.info({ phase: 'replay-log', ms: ms(timings['replay-log']), replayed, indexSize: live.indexSize, log: log.kind, position: live.logProgress.position }, 'replayed update logs');

  // 4. Ready.
  timings.total = performance.now() - started;
  options.onPhase?.('ready', timings.total);
  logger.info({ phase: 'ready', ms: ms(timings.total), indexSource: restored.source, indexSize: live.indexSize, searchEf: live.searchEf }, 'ready');
  return { live, indexSource: restored.source, replayed, timingsMs: timings };
}

/** Opens the embedded file log, or connects to the shared stream. */
async function openCatalogLog(options: StartupOptions, catalogVersion: string): Promise<CatalogLog> {
  const { logger } = options;
  if (options.catalogStream) {
    const stream = options.catalogStream;
    const log = await RedisStreamLog.connect({ ...stream, catalogVersion, logger });
    logger.info({ url: redactUrl(stream.url), stream: log.name }, 'connected to the catalog stream');
    return log;
  }
  const { log, truncatedBytes, records } = await FileCatalogLog.open(options.dataDir, options.replicaId);
  if (truncatedBytes > 0) logger.warn({ file: log.name, truncatedBytes, records }, 'truncated a torn record at the end of the update log');
  return log;
}

/** Phase 2's result: the state to continue from, and where it came from. */
type LoadedState = RestoredState & { source: 'snapshot' | 'rebuild' };

// #region snapshot-or-rebuild
async function loadOrBuildIndex(artifacts: RecommenderArtifacts, dataDir: string, logKind: CatalogLog['kind'], logger: Logger): Promise<LoadedState> {
  const t0 = performance.now();
  const found = loadSnapshot(dataDir, { catalogVersion: artifacts.catalogVersion, numDimensions: artifacts.dimensions });
  const snapshot = found.loaded && found.manifest.log.kind !== logKind ? { loaded: false as const, reason: `snapshot is of a ${found.manifest.log.kind} log, this replica uses ${logKind}` } : found;
  if (snapshot.loaded) {
    const { manifest, index } = snapshot;
    const recommender = new MovieRecommender({ artifacts, index });
    const added = new Map<number, { movie: Movie; vector: Float32Array }>();
    // The index already holds these changes; applyAdd/applyRemove only bring the catalog in line.
    for (const movieId of manifest.removedBase) if (recommender.catalog.has(movieId)) recommender.applyRemove(movieId);
    for (const { movie, vector } of manifest.added) {
      const decoded = decodeVector(vector);
      recommender.applyAdd(movie, decoded);
      added.set(movie.movieId, { movie, vector: decoded });
    }
    logger.info(
      { phase: 'load-index', ms: ms(performance.now() - t0), file: manifest.indexFile, bytes: snapshot.bytes, indexSize: index.size, createdBy: manifest.createdBy, position: manifest.log.position },
      'loaded snapshot',
    );
    const progress = { position: manifest.log.position, applied: manifest.log.applied, digest: manifest.log.digest };
    return { source: 'snapshot', recommender, index, progress, added, removedBase: new Set(manifest.removedBase) };
  }
  const { index, inWorker } = await buildIndexOffThread(artifacts, dataDir);
  const recommender = new MovieRecommender({ artifacts, index });
  logger.info({ phase: 'load-index', ms: ms(performance.now() - t0), reason: snapshot.reason, indexSize: index.size, inWorker }, 'rebuilt index');
  return { source: 'rebuild', recommender, index, progress: { position: undefined, applied: 0, digest: EMPTY_DIGEST }, added: new Map(), removedBase: new Set() };
}
// #endregion snapshot-or-rebuild

const WORKER = new URL('./build-index-worker.mjs', import.meta.url);

/**
 * Builds the index in a worker thread, which saves it to a temporary file the main thread
 * then loads (a second or less even at 100k movies). Falls back to building on the main
 * thread if the worker file is missing (e.g. a bundler dropped it).
 */
async function buildIndexOffThread(artifacts: RecommenderArtifacts, dataDir: string): Promise<{ index: VectorIndex; inWorker: boolean }> {
  if (!existsSync(WORKER)) return { index: MovieRecommender.buildIndex(artifacts), inWorker: false };
  const dir = join(dataDir, SNAPSHOTS_DIR);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `.rebuild-${process.pid}-${Date.now().toString(36)}.hnsw`);
  try {
    await new Promise<void>((resolve, reject) => {
      const worker = new Worker(WORKER, {
        workerData: {
          space: artifacts.space,
          dimensions: artifacts.dimensions,
          movieIds: artifacts.movies.map((m) => m.movieId),
          itemVectors: artifacts.itemVectors,
          path,
          catalogVersion: artifacts.catalogVersion,
        },
      });
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`index build worker exited with ${code}`))));
    });
    return { index: VectorIndex.load(path, { catalogVersion: artifacts.catalogVersion, numDimensions: artifacts.dimensions }), inWorker: true };
  } finally {
    rmSync(path, { force: true });
    rmSync(`${path}.meta.json`, { force: true });
  }
}

const ms = (value: number): number => Math.round(value * 10) / 10;
