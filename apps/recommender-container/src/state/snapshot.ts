/**
 * Service snapshots: the HNSW index file (written by `VectorIndex.save`) plus a manifest
 * saying up to which catalog-log position it is complete, so a restart loads instead of
 * rebuilding and replays only the log records after that position (file byte offset, or
 * Redis stream ID).
 *
 * Layout under `<DATA_DIR>/snapshots/`:
 * - `index-<replica>-<time>.hnsw` and its header `….hnsw.meta.json` (checksum, catalog version);
 * - `current-<catalogVersion>.json`: the manifest, replaced atomically (temp file, fsync,
 *   rename). It is the commit point: until it is renamed into place, the previous snapshot
 *   stays current. One per catalog version, so during a rolling deploy of a retrained model
 *   old and new tasks do not overwrite each other's snapshots.
 *
 * Several replicas (sharing a Redis stream) may snapshot the same data directory. Each
 * writes its index under a unique name and then swaps the manifest; whichever rename lands
 * last wins, and both candidates are complete and self-consistent (each records the stream
 * ID it covers), so either one plus replay gives the same state. An index file is deleted only
 * by the replica that wrote it once it has published a newer one, or by anyone once no
 * manifest references it and it is older than `STALE_SNAPSHOT_MS` (left behind by a replica
 * that died).
 *
 * Edit this file to change what a snapshot contains (bump `SNAPSHOT_FORMAT`).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sha256Hex, writeFileDurably } from '@serverless-ai/model-interface';
import { VectorIndex, type Movie } from '@serverless-ai/movie-recommender';
import { z } from 'zod';

/** Format tag of the manifest. */
export const SNAPSHOT_FORMAT = 'recommender-container/snapshot@2';

/** The sub-folder of DATA_DIR holding snapshots. */
export const SNAPSHOTS_DIR = 'snapshots';

/** Unreferenced index files older than this are someone's leftovers and may be deleted. */
export const STALE_SNAPSHOT_MS = 10 * 60 * 1000;

/** A movie added by an update, as a snapshot stores it. */
export interface SnapshotAddition {
  movie: Movie;
  /** Its vector, base64 little-endian float32. */
  vector: string;
}

/** The catalog-log position a snapshot covers. */
export interface SnapshotLogPosition {
  /** Which kind of log the position belongs to; a snapshot is only reused with the same kind. */
  kind: 'file' | 'redis-stream';
  /** Last position applied (absent: none). */
  position?: string | undefined;
  /** Records applied up to it. */
  applied: number;
  /** Chained digest of the applied sequence (see `LogProgress`). */
  digest: string;
}

/** The manifest file of a catalog version. */
export function manifestFileFor(catalogVersion: string): string {
  return `current-${catalogVersion.replace(/[^A-Za-z0-9._-]/g, '_')}.json`;
}

/** The manifest in `current-<catalogVersion>.json`. */
export interface SnapshotManifest {
  format: typeof SNAPSHOT_FORMAT;
  /** Catalog version of the base artifacts the index was built from. */
  catalogVersion: string;
  /** File name of the index inside `snapshots/`. */
  indexFile: string;
  /** sha256 of the index file, as its header records it. */
  indexSha256: string;
  createdAt: string;
  createdBy: string;
  /** The log position the index is complete up to. */
  log: SnapshotLogPosition;
  /** Movies added by updates (the index holds them; the catalog needs their entries). */
  added: SnapshotAddition[];
  /** Base-catalog movies removed by updates. */
  removedBase: number[];
}

const movieSchema = z.object({ movieId: z.number().int(), title: z.string(), year: z.number().int().nullable(), genres: z.array(z.string()) });
const manifestSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  catalogVersion: z.string(),
  indexFile: z.string().regex(/^[A-Za-z0-9._-]+$/),
  indexSha256: z.string(),
  createdAt: z.string(),
  createdBy: z.string(),
  log: z.object({ kind: z.enum(['file', 'redis-stream']), position: z.string().optional(), applied: z.number().int().nonnegative(), digest: z.string() }),
  added: z.array(z.object({ movie: movieSchema, vector: z.string() })),
  removedBase: z.array(z.number().int()),
});

/** What `writeSnapshot` needs. */
export interface SnapshotInput {
  index: VectorIndex;
  catalogVersion: string;
  replicaId: string;
  log: SnapshotLogPosition;
  added: SnapshotAddition[];
  removedBase: number[];
}

let snapshotCounter = 0;

/** Index files this process wrote, newest last: only these may be deleted without a grace period. */
const writtenByThisProcess: string[] = [];

/**
 * Writes a snapshot and makes it current. Synchronous: the caller's state cannot change
 * while it runs.
 * @returns the index file name and its size.
 */
export function writeSnapshot(dataDir: string, input: SnapshotInput): { indexFile: string; bytes: number } {
  const dir = join(dataDir, SNAPSHOTS_DIR);
  mkdirSync(dir, { recursive: true });
  snapshotCounter += 1;
  const indexFile = `index-${input.replicaId}-${Date.now().toString(36)}-${snapshotCounter}.hnsw`;
  const header = input.index.save(join(dir, indexFile), { catalogVersion: input.catalogVersion });
  const manifest: SnapshotManifest = {
    format: SNAPSHOT_FORMAT,
    catalogVersion: input.catalogVersion,
    indexFile,
    indexSha256: header.sha256,
    createdAt: new Date().toISOString(),
    createdBy: input.replicaId,
    log: input.log,
    added: input.added,
    removedBase: input.removedBase,
  };
  const body = JSON.stringify(manifest);
  writeFileDurably(join(dir, manifestFileFor(input.catalogVersion)), `${JSON.stringify({ sha256: sha256Hex(body), manifest })}\n`);
  writtenByThisProcess.push(indexFile);
  removeOldIndexFiles(dir, indexFile);
  return { indexFile, bytes: header.bytes };
}

function removeOldIndexFiles(dir: string, current: string): void {
  const own = new Set(writtenByThisProcess.filter((file) => file !== current));
  const referenced = referencedIndexFiles(dir);
  for (const file of readdirSync(dir)) {
    if (!file.endsWith('.hnsw') || file.startsWith('.') || file === current) continue;
    let stale = own.has(file) && !referenced.has(file);
    if (!stale && !referenced.has(file)) {
      try {
        stale = Date.now() - statSync(join(dir, file)).mtimeMs > STALE_SNAPSHOT_MS;
      } catch {
        continue;
      }
    }
    if (stale) {
      rmSync(join(dir, file), { force: true });
      rmSync(join(dir, `${file}.meta.json`), { force: true });
    }
  }
  writtenByThisProcess.splice(0, writtenByThisProcess.length, current);
}

/** Index files some manifest (of any catalog version) points at right now. */
function referencedIndexFiles(dir: string): Set<string> {
  const referenced = new Set<string>();
  for (const file of readdirSync(dir)) {
    if (!/^current-.*\.json$/.test(file)) continue;
    try {
      const { manifest } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { manifest?: { indexFile?: unknown } };
      if (typeof manifest?.indexFile === 'string') referenced.add(manifest.indexFile);
    } catch {
      // Being replaced right now, or damaged: its index file is protected by the age rule.
    }
  }
  return referenced;
}

/**
 * The log position of the current manifest of `catalogVersion` if it is of log `kind`:
 * what a new snapshot replaces (the trimming policy trims below it). Undefined if none.
 */
export function readManifestLogPosition(dataDir: string, catalogVersion: string, kind: SnapshotLogPosition['kind']): string | undefined {
  try {
    const raw = JSON.parse(readFileSync(join(dataDir, SNAPSHOTS_DIR, manifestFileFor(catalogVersion)), 'utf8')) as { manifest?: { log?: { kind?: unknown; position?: unknown } } };
    const log = raw.manifest?.log;
    return log?.kind === kind && typeof log.position === 'string' ? log.position : undefined;
  } catch {
    return undefined;
  }
}

/** A usable snapshot, or why there is none. */
export type SnapshotLoad =
  | { loaded: true; index: VectorIndex; manifest: SnapshotManifest; bytes: number }
  | { loaded: false; reason: string };

/**
 * Loads the current snapshot if it exists, is intact (manifest checksum, index checksum)
 * and was made from `expected.catalogVersion`. Never throws for a bad snapshot: it
 * reports the reason, and the caller rebuilds.
 */
export function loadSnapshot(dataDir: string, expected: { catalogVersion: string; numDimensions: number }): SnapshotLoad {
  const dir = join(dataDir, SNAPSHOTS_DIR);
  const pointer = join(dir, manifestFileFor(expected.catalogVersion));
  if (!existsSync(pointer)) return { loaded: false, reason: `no snapshot of catalog ${expected.catalogVersion} yet` };
  let manifest: SnapshotManifest;
  try {
    const raw = JSON.parse(readFileSync(pointer, 'utf8')) as { sha256?: unknown; manifest?: unknown };
    const parsed = manifestSchema.safeParse(raw.manifest);
    if (!parsed.success) return { loaded: false, reason: `manifest invalid: ${parsed.error.issues[0]?.message ?? '?'}` };
    if (sha256Hex(JSON.stringify(raw.manifest)) !== raw.sha256) return { loaded: false, reason: 'manifest checksum mismatch' };
    manifest = parsed.data;
  } catch (err) {
    return { loaded: false, reason: `manifest unreadable: ${(err as Error).message}` };
  }
  if (manifest.catalogVersion !== expected.catalogVersion) {
    return { loaded: false, reason: `snapshot is of catalog ${manifest.catalogVersion}, artifacts are ${expected.catalogVersion}` };
  }
  try {
    const path = join(dir, manifest.indexFile);
    const index = VectorIndex.load(path, expected);
    return { loaded: true, index, manifest, bytes: statSync(path).size };
  } catch (err) {
    return { loaded: false, reason: (err as Error).message };
  }
}
