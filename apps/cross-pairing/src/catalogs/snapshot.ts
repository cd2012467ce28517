/**
 * The HNSW index snapshot that ships in a bundle for `INDEX_MODE=snapshot`.
 *
 * Building the graph is the expensive half of the recommender's init (about a minute
 * at 100k movies on a busy 2-core machine), so it is done once, at build time, and
 * saved next to the artifacts with `VectorIndex.save` (durable write plus a checked
 * header). A snapshot is reused only while its header names the artifacts' catalog
 * version; new embeddings make it stale and it is rebuilt.
 *
 * Edit this file to change the index parameters of the bundled snapshot (they must
 * stay those `MovieRecommender.buildIndex` uses at init, or the two modes differ).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ARTIFACT_FILES,
  catalogVersionOf,
  headerPathFor,
  loadRecommenderArtifacts,
  MovieRecommender,
} from '@serverless-ai/movie-recommender';
import type { ArtifactDigest, ModelCard } from '@serverless-ai/model-interface';

/** Where the snapshot for an artifacts folder lives under `.data/contrast/`: `<catalog>/../index-<n>/movies.hnsw`. */
export const SNAPSHOT_FILE = 'movies.hnsw';

/**
 * The catalog version of an artifacts folder, read from its card without loading the
 * embeddings (the same sha256-based value `loadRecommenderArtifacts` computes).
 */
export function catalogVersionFromCard(artifactsDir: string): string {
  const card = JSON.parse(readFileSync(join(artifactsDir, ARTIFACT_FILES.card), 'utf8')) as ModelCard;
  const digest = (file: string): ArtifactDigest => {
    const found = card.artifacts.find((artifact) => artifact.file === file);
    if (!found) throw new Error(`${artifactsDir}: the card lists no ${file}`);
    return found;
  };
  return catalogVersionOf(digest(ARTIFACT_FILES.catalog), digest(ARTIFACT_FILES.embeddings), digest(ARTIFACT_FILES.biases));
}

/** True when `indexPath` has a header naming `catalogVersion`. */
export function snapshotMatches(indexPath: string, catalogVersion: string): boolean {
  const headerPath = headerPathFor(indexPath);
  if (!existsSync(indexPath) || !existsSync(headerPath)) return false;
  try {
    const header = JSON.parse(readFileSync(headerPath, 'utf8')) as { catalogVersion?: unknown };
    return header.catalogVersion === catalogVersion;
  } catch {
    return false;
  }
}

/**
 * Makes sure `indexPath` holds a snapshot of the index over `artifactsDir`, building
 * and saving one when it is missing or stale.
 * @returns whether it was built now, and how long building and saving took.
 */
export function ensureIndexSnapshot(artifactsDir: string, indexPath: string): { built: boolean; buildMs: number | null } {
  if (snapshotMatches(indexPath, catalogVersionFromCard(artifactsDir))) return { built: false, buildMs: null };
  const started = performance.now();
  const artifacts = loadRecommenderArtifacts(artifactsDir);
  MovieRecommender.buildIndex(artifacts).save(indexPath, { catalogVersion: artifacts.catalogVersion });
  return { built: true, buildMs: Math.round(performance.now() - started) };
}
