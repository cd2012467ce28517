/**
 * A small real catalog for tests: 1,000 generated movies with clustered embeddings,
 * written with the package's artifact writer, plus an index snapshot over them, in a
 * fresh temporary folder (well under a second). The Lambda context for tests is
 * `lambdaContext` from @serverless-ai/lambda-kit/testing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureIndexSnapshot } from '../../src/catalogs/snapshot.js';
import { ensureSyntheticCatalog } from '../../src/catalogs/synthetic-catalog.js';

/** Movies in the test catalog. */
export const TEST_MOVIES = 1_000;

/** Folders of a test catalog, and how to remove them. */
export interface TestCatalog {
  root: string;
  artifactsDir: string;
  snapshotPath: string;
  remove: () => void;
}

/** Writes a catalog of `movies` movies (and its snapshot) under a new temporary folder. */
export function makeTestCatalog(movies = TEST_MOVIES, seed = 42): TestCatalog {
  const root = mkdtempSync(join(tmpdir(), 'cross-pairing-'));
  const artifactsDir = join(root, 'artifacts');
  const snapshotPath = join(root, 'index', 'movies.hnsw');
  ensureSyntheticCatalog({ movies, seed }, artifactsDir);
  ensureIndexSnapshot(artifactsDir, snapshotPath);
  return { root, artifactsDir, snapshotPath, remove: () => rmSync(root, { recursive: true, force: true }) };
}
