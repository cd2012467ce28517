/**
 * Snapshots on their own: what a manifest restores, when one is refused, and which old
 * index files are cleaned up.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorIndex } from '@serverless-ai/movie-recommender';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SNAPSHOTS_DIR, loadSnapshot, manifestFileFor, writeSnapshot } from '../src/state/snapshot.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'snapshot-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const DIMS = 4;
function smallIndex(count: number): VectorIndex {
  const vectors = Float32Array.from({ length: count * DIMS }, (_, i) => Math.sin(i));
  return VectorIndex.build({ space: 'ip', numDimensions: DIMS }, Array.from({ length: count }, (_, i) => i + 1), vectors);
}
const input = (index: VectorIndex, catalogVersion = 'cat-1') => ({
  index,
  catalogVersion,
  replicaId: 'r1',
  log: { kind: 'redis-stream' as const, position: '1700000000000-3', applied: 7, digest: 'abc' },
  added: [],
  removedBase: [3],
});

describe('snapshots', () => {
  it('restores the index and the log position it was taken at', () => {
    // Arrange
    const index = smallIndex(20);
    index.remove(3);
    // Act
    writeSnapshot(dataDir, input(index));
    const loaded = loadSnapshot(dataDir, { catalogVersion: 'cat-1', numDimensions: DIMS });
    // Assert
    expect(loaded.loaded).toBe(true);
    if (!loaded.loaded) return;
    expect(loaded.index.size).toBe(19);
    expect(loaded.index.has(3)).toBe(false);
    expect(loaded.manifest).toMatchObject({ log: { kind: 'redis-stream', position: '1700000000000-3', applied: 7 }, removedBase: [3], createdBy: 'r1' });
  });

  it('is refused for another catalog version, with a reason', () => {
    writeSnapshot(dataDir, input(smallIndex(5), 'cat-1'));
    const loaded = loadSnapshot(dataDir, { catalogVersion: 'cat-2', numDimensions: DIMS });
    expect(loaded).toEqual({ loaded: false, reason: 'no snapshot of catalog cat-2 yet' });
  });

  it('is refused when the manifest was altered', () => {
    writeSnapshot(dataDir, input(smallIndex(5)));
    const path = join(dataDir, SNAPSHOTS_DIR, manifestFileFor('cat-1'));
    writeFileSync(path, readFileSync(path, 'utf8').replace('"applied":7', '"applied":9'));
    expect(loadSnapshot(dataDir, { catalogVersion: 'cat-1', numDimensions: DIMS })).toEqual({ loaded: false, reason: 'manifest checksum mismatch' });
  });

  it('is refused when the index file does not match its checksum', () => {
    const written = writeSnapshot(dataDir, input(smallIndex(5)));
    const indexPath = join(dataDir, SNAPSHOTS_DIR, written.indexFile);
    const bytes = readFileSync(indexPath);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(indexPath, bytes);
    const loaded = loadSnapshot(dataDir, { catalogVersion: 'cat-1', numDimensions: DIMS });
    expect(loaded.loaded).toBe(false);
    expect(loaded.loaded ? '' : loaded.reason).toMatch(/checksum/);
  });

  it('deletes its own superseded index file but keeps another catalog version’s, however old', () => {
    // Arrange: a snapshot of another catalog version, made long ago.
    const other = writeSnapshot(dataDir, input(smallIndex(5), 'cat-old'));
    const old = new Date(Date.now() - 3600_000);
    utimesSync(join(dataDir, SNAPSHOTS_DIR, other.indexFile), old, old);
    const first = writeSnapshot(dataDir, input(smallIndex(6)));
    // Act
    const second = writeSnapshot(dataDir, input(smallIndex(7)));
    // Assert
    const files = readdirSync(join(dataDir, SNAPSHOTS_DIR));
    expect(files).toContain(second.indexFile);
    expect(files).toContain(other.indexFile);
    expect(existsSync(join(dataDir, SNAPSHOTS_DIR, first.indexFile))).toBe(false);
  });
});
