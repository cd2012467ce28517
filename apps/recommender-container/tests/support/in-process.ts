/**
 * Builds the real service in the test process: small real artifacts (trained in memory by
 * the recommender package's test helper), a real HNSW index, a real update log in a temp
 * folder, and the Express app from `createServer`, ready for supertest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeTestArtifacts, type RecommenderArtifacts } from '@serverless-ai/movie-recommender';
import type { Express } from 'express';
import { createSilentLogger } from '../../src/logger.js';
import { createMetrics } from '../../src/metrics.js';
import { createServer } from '../../src/server.js';
import { RecommenderService } from '../../src/state/service.js';
import type { CatalogStreamSettings } from '../../src/state/startup.js';

/** The token tests use for admin writes. */
export const ADMIN_TOKEN = 'test-admin-token-0123456789';

let artifacts: RecommenderArtifacts | undefined;
/** 300 movies, d = 8 (vectors of 9): trained once per test file, in well under a second. */
export function testArtifacts(): RecommenderArtifacts {
  artifacts ??= makeTestArtifacts({ movies: 300, dimensions: 8, seed: 11 });
  return artifacts;
}

/** A running in-process service and how to stop it. */
export interface TestService {
  app: Express;
  service: RecommenderService;
  dataDir: string;
  artifacts: RecommenderArtifacts;
  stop(): Promise<void>;
}

/** Options of `startTestService`. */
export interface TestServiceOptions {
  /** Admin token; `null` makes the service read-only. @default ADMIN_TOKEN */
  adminToken?: string | null;
  /** Reuse a data directory (else a fresh temp one, removed on stop). */
  dataDir?: string;
  replicaId?: string;
  bodyLimitBytes?: number;
  /** Leave the service in its `starting` phase. */
  skipStart?: boolean;
  /** HNSW search breadth (`SEARCH_EF`). */
  searchEf?: number;
  /** Kept for callers; the embedded log has no background polling any more. */
  backgroundPolling?: boolean;
  /** The shared catalog stream (a test's redis-server). */
  catalogStream?: CatalogStreamSettings;
}

/** Starts the service in-process on the small test artifacts. */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'recommender-test-'));
  const logger = createSilentLogger();
  const metrics = createMetrics();
  const service = new RecommenderService({
    dataDir,
    replicaId: options.replicaId ?? 'test-replica',
    artifacts: testArtifacts(),
    snapshotPolicy: { everyUpdates: 1000, intervalMs: 60_000 },
    ...(options.catalogStream ? { catalogStream: options.catalogStream } : {}),
    searchEf: options.searchEf,
    logger,
    metrics,
  });
  const app = createServer({
    service,
    metrics,
    logger,
    adminToken: options.adminToken === null ? undefined : (options.adminToken ?? ADMIN_TOKEN),
    bodyLimitBytes: options.bodyLimitBytes,
  });
  if (!options.skipStart) await service.start();
  return {
    app,
    service,
    dataDir,
    artifacts: testArtifacts(),
    async stop() {
      await service.stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Movie ids of the test catalog, in catalog order. */
export function catalogIds(): number[] {
  return testArtifacts().movies.map((m) => m.movieId);
}
