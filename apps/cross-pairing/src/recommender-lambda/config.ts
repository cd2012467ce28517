/**
 * What the recommender's Lambda handler reads once at init: where the artifacts and
 * the index snapshot are, and whether to build the HNSW index or load the snapshot.
 *
 * Edit this file to teach the handler a new place to look; operators use the
 * environment variables below. A wrong value fails the init phase loudly (Lambda
 * reports `Runtime.InitError`) instead of serving from the wrong state.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * How the index comes to exist in a fresh execution environment:
 * - `build`: insert every movie vector into a new HNSW graph during init (cost grows
 *   with the catalog, roughly n log n);
 * - `snapshot`: read a graph saved at build time (`VectorIndex.save`), checked against
 *   the artifacts' catalog version (cost grows with the file size).
 */
export type IndexMode = 'build' | 'snapshot';

/** Every index mode, for validation and for loops in the benchmark. */
export const INDEX_MODES: readonly IndexMode[] = ['build', 'snapshot'];

/** Folder of the artifacts inside the bundle, beside the handler file. */
export const ARTIFACTS_FOLDER = 'artifacts';
/** The index snapshot inside the bundle; its header is `${INDEX_FILE}.meta.json`. */
export const INDEX_FILE = 'index/movies.hnsw';

/**
 * Largest request body accepted, in bytes (64 KiB): the recommender container's
 * default, so both homes of the model refuse the same requests.
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** Settings of the handler, resolved once. */
export interface RecommenderLambdaConfig {
  /** Env `ARTIFACTS_DIR`. @default `artifacts/` beside the handler */
  artifactsDir: string;
  /** Env `INDEX_MODE`. @default `snapshot` when the snapshot file exists, else `build` */
  indexMode: IndexMode;
  /** Env `INDEX_PATH`. @default `index/movies.hnsw` beside the handler */
  indexPath: string;
}

/**
 * Resolves the settings from an environment.
 * @param env the process environment (a parameter so tests can pass their own)
 * @param moduleUrl `import.meta.url` of the handler, so defaults follow the bundle
 * @throws Error when `INDEX_MODE` is set to anything but `build` or `snapshot`
 */
export function resolveConfig(env: NodeJS.ProcessEnv, moduleUrl: string): RecommenderLambdaConfig {
  const artifactsDir = env.ARTIFACTS_DIR?.trim() || fileURLToPath(new URL(`${ARTIFACTS_FOLDER}/`, moduleUrl));
  const indexPath = env.INDEX_PATH?.trim() || fileURLToPath(new URL(INDEX_FILE, moduleUrl));
  const requested = env.INDEX_MODE?.trim();
  if (requested && !INDEX_MODES.includes(requested as IndexMode)) {
    throw new Error(`INDEX_MODE must be one of ${INDEX_MODES.join(', ')}, got "${requested}"`);
  }
  const indexMode = (requested as IndexMode | undefined) ?? (existsSync(indexPath) ? 'snapshot' : 'build');
  return { artifactsDir, indexMode, indexPath };
}
