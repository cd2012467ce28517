/**
 * Generated catalogs and their index snapshots under `.data/contrast/`, made on first
 * use and reused afterwards (same seed and size → same files, so reuse is safe).
 *
 *   .data/contrast/catalog-<n>/        artifacts (catalog.json, embeddings.f32, ...)
 *   .data/contrast/index-<n>/movies.hnsw(.meta.json)   the snapshot over them
 */
import { join } from 'node:path';
import { catalogFolderName, ensureSyntheticCatalog } from '../src/catalogs/synthetic-catalog.js';
import { ensureIndexSnapshot, SNAPSHOT_FILE } from '../src/catalogs/snapshot.js';
import { DATA_DIR } from './paths.js';

/** Where a catalog size's files are. */
export interface PreparedCatalog {
  movies: number;
  artifactsDir: string;
  snapshotPath: string;
  /** Seconds spent generating now (null when reused). */
  generatedInMs: number | null;
  /** Milliseconds spent building and saving the snapshot now (null when reused). */
  snapshotBuiltInMs: number | null;
}

/** Paths of a catalog size, without creating anything. */
export function catalogPaths(movies: number, root = DATA_DIR): { artifactsDir: string; snapshotPath: string } {
  return { artifactsDir: join(root, catalogFolderName(movies)), snapshotPath: join(root, `index-${movies}`, SNAPSHOT_FILE) };
}

/** Generates (or reuses) the catalog of `movies` movies and its snapshot. */
export function prepareCatalog(movies: number, log: (line: string) => void = () => undefined, root = DATA_DIR): PreparedCatalog {
  const { artifactsDir, snapshotPath } = catalogPaths(movies, root);
  const started = performance.now();
  const { generated } = ensureSyntheticCatalog({ movies }, artifactsDir);
  const generatedInMs = generated ? Math.round(performance.now() - started) : null;
  if (generated) log(`  generated ${movies.toLocaleString('en-US')} movies in ${generatedInMs} ms → ${artifactsDir}`);
  const snapshot = ensureIndexSnapshot(artifactsDir, snapshotPath);
  if (snapshot.built) log(`  built and saved the index snapshot in ${snapshot.buildMs} ms → ${snapshotPath}`);
  return { movies, artifactsDir, snapshotPath, generatedInMs, snapshotBuiltInMs: snapshot.buildMs };
}
