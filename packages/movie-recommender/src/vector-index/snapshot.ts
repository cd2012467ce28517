/**
 * Index snapshots on disk: hnswlib's binary index file plus a JSON header beside it
 * (`<path>.meta.json`).
 *
 * Why a header at all: hnswlib's file holds the graph and vectors but not the search
 * parameter `ef`, not the space, not which catalog the vectors came from, and no
 * checksum. Loading a snapshot of an older catalog, or a half-written file, would
 * give plausible but wrong recommendations. The header records what is needed to
 * refuse such a file, and the service then rebuilds from the catalog instead.
 *
 * Write order makes a crash safe at every step: the index file is written to a
 * temporary name, fsynced, renamed into place and the folder fsynced; only then is
 * the header written (durably too). A crash between the two leaves a header whose
 * checksum does not match the new file, which `load` refuses.
 *
 * Edit this file when the header gains a field (bump `INDEX_SNAPSHOT_FORMAT` if old
 * headers can no longer be read).
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { replaceFileDurably, writeFileDurably } from '@serverless-ai/model-interface';
import { z } from 'zod';
import { SPACES, type Space } from './types.js';

/** Format tag written into every header; bumped on incompatible changes. */
export const INDEX_SNAPSHOT_FORMAT = 'serverless-ai/hnsw-index@1';

/** The JSON header kept beside an index file, at `<path>.meta.json`. */
export interface IndexHeader {
  /** `INDEX_SNAPSHOT_FORMAT` of the writer. */
  format: string;
  /** Distance the index ranks by; hnswlib's file does not say. */
  space: Space;
  /** Vector length. */
  numDimensions: number;
  /** `M` the graph was built with. */
  m: number;
  /** `efConstruction` the graph was built with. */
  efConstruction: number;
  /** Search-time `ef` to restore: hnswlib does not persist it. */
  ef: number;
  /** `randomSeed` the index was created with. */
  randomSeed: number;
  /** Live (not removed) elements. */
  count: number;
  /** Capacity at save time. */
  maxElements: number;
  /** Identifies the catalog and embeddings the vectors came from; `load` can require a value. */
  catalogVersion: string;
  /** sha256 (hex) of the index file. */
  sha256: string;
  /** Size of the index file in bytes. */
  bytes: number;
  /** ISO 8601 time of saving. */
  savedAt: string;
  /**
   * Labels still in hnswlib's file but marked deleted (removed movies whose slot has
   * not been reused yet). hnswlib's label list includes them, so without this the
   * loaded index could not tell them from live ones.
   */
  deletedLabels: number[];
}

/** Why a snapshot was refused, as a stable code for logs and tests. */
export type IndexSnapshotProblem =
  | 'header-missing'
  | 'header-invalid'
  | 'format'
  | 'index-missing'
  | 'checksum'
  | 'catalog-version'
  | 'dimensions'
  | 'index-unreadable'
  | 'contents';

/**
 * A snapshot cannot be used: missing or unreadable header, wrong format, checksum
 * mismatch, or a different catalog version or dimension than expected. Not a client
 * error: the service logs `reason` and rebuilds the index from the catalog.
 */
export class IndexSnapshotError extends Error {
  constructor(
    /** Stable code for what went wrong. */
    readonly reason: IndexSnapshotProblem,
    message: string,
    /** The index file the snapshot was read from or written to. */
    readonly path: string,
  ) {
    super(`Index snapshot ${path} is unusable (${reason}): ${message}`);
    this.name = 'IndexSnapshotError';
  }
}

const headerSchema = z.object({
  format: z.string(),
  space: z.enum(SPACES as [Space, ...Space[]]),
  numDimensions: z.number().int().positive(),
  m: z.number().int().min(2),
  efConstruction: z.number().int().positive(),
  ef: z.number().int().positive(),
  randomSeed: z.number().int().nonnegative(),
  count: z.number().int().nonnegative(),
  maxElements: z.number().int().positive(),
  catalogVersion: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  savedAt: z.iso.datetime(),
  deletedLabels: z.array(z.number().int().nonnegative()),
});

/** Where the header of the index file at `indexPath` lives. */
export function headerPathFor(indexPath: string): string {
  return `${indexPath}.meta.json`;
}

/**
 * sha256 (hex) and size of a file, read in 1 MiB chunks so a large index (hundreds of
 * MB at a million movies) is never held twice in memory.
 */
export function fileDigest(path: string): { sha256: string; bytes: number } {
  const hash = createHash('sha256');
  const chunk = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, chunk.length, null);
      if (read === 0) break;
      hash.update(chunk.subarray(0, read));
      bytes += read;
    }
  } finally {
    closeSync(fd);
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Lets `write` (here: hnswlib's `writeIndexSync`, which neither fsyncs nor reports
 * short writes) produce a file at a temporary path in the target folder, which
 * model-interface's `replaceFileDurably` then makes durable and atomically visible.
 * @param minBytes the smallest plausible size; a shorter file (say, a full disk) is
 *   deleted and refused before it can replace a good snapshot.
 * @returns the sha256 and size of the file as it now stands at `path`.
 */
export function writeIndexFileDurably(path: string, write: (tempPath: string) => void, minBytes = 0): { sha256: string; bytes: number } {
  return replaceFileDurably(path, (temp) => {
    write(temp);
    const digest = fileDigest(temp);
    if (digest.bytes < minBytes) {
      throw new IndexSnapshotError('contents', `the index was written short: ${digest.bytes} bytes, expected at least ${minBytes}`, path);
    }
    return digest;
  });
}

/** Writes the header durably (after the index file, see the file comment). */
export function writeIndexHeader(indexPath: string, header: IndexHeader): void {
  writeFileDurably(headerPathFor(indexPath), `${JSON.stringify(header, null, 1)}\n`);
}

/** What `readVerifiedHeader` can be told to insist on. */
export interface SnapshotExpectations {
  /** Refuse a snapshot of any other catalog version. */
  catalogVersion?: string;
  /** Refuse a snapshot with any other vector length. */
  numDimensions?: number;
}

/**
 * Reads the header of the index at `indexPath` and checks it against expectations
 * and against the index file's actual size and sha256.
 * @throws IndexSnapshotError naming the first problem found.
 */
export function readVerifiedHeader(indexPath: string, expected: SnapshotExpectations = {}): IndexHeader {
  const headerPath = headerPathFor(indexPath);
  let text: string;
  try {
    text = readFileSync(headerPath, 'utf8');
  } catch (err) {
    throw new IndexSnapshotError('header-missing', `cannot read header ${headerPath}: ${(err as Error).message}`, indexPath);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new IndexSnapshotError('header-invalid', `header is not JSON: ${(err as Error).message}`, indexPath);
  }
  const format = (raw as { format?: unknown } | null)?.format;
  if (format !== INDEX_SNAPSHOT_FORMAT) {
    throw new IndexSnapshotError('format', `header format is ${JSON.stringify(format)}, this code reads ${INDEX_SNAPSHOT_FORMAT}`, indexPath);
  }
  const parsed = headerSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new IndexSnapshotError('header-invalid', `header field ${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'}`, indexPath);
  }
  const header = parsed.data;
  if (expected.catalogVersion !== undefined && header.catalogVersion !== expected.catalogVersion) {
    throw new IndexSnapshotError(
      'catalog-version',
      `snapshot is of catalog ${header.catalogVersion}, expected ${expected.catalogVersion}`,
      indexPath,
    );
  }
  if (expected.numDimensions !== undefined && header.numDimensions !== expected.numDimensions) {
    throw new IndexSnapshotError('dimensions', `snapshot has ${header.numDimensions} dimensions, expected ${expected.numDimensions}`, indexPath);
  }
  let size: number;
  try {
    size = statSync(indexPath).size;
  } catch (err) {
    throw new IndexSnapshotError('index-missing', `cannot read index file: ${(err as Error).message}`, indexPath);
  }
  // The size check is free and catches truncation before paying for a full hash.
  if (size !== header.bytes) {
    throw new IndexSnapshotError('checksum', `index file has ${size} bytes, header says ${header.bytes}`, indexPath);
  }
  const actual = fileDigest(indexPath);
  if (actual.sha256 !== header.sha256) {
    throw new IndexSnapshotError('checksum', `index file sha256 is ${actual.sha256}, header says ${header.sha256}`, indexPath);
  }
  return header;
}
