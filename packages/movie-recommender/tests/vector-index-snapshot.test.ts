/**
 * Snapshots of the HNSW index: a round trip gives the same answers and `ef`, and
 * every way a snapshot can be stale or damaged ends in `IndexSnapshotError` (which
 * the service logs before rebuilding), never in a silently wrong index.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clusteredSampler, headerPathFor, INDEX_SNAPSHOT_FORMAT, IndexSnapshotError, VectorIndex } from '../src/vector-index/index.js';
import { writeIndexFileDurably } from '../src/vector-index/snapshot.js';

const D = 16;
const sample = clusteredSampler({ seed: 3, numDimensions: D });
const labels = Array.from({ length: 500 }, (_, i) => 10 + i);
const vectors = sample(500, 1);
const queries = sample(50, 2);
const row = (matrix: Float32Array, i: number) => matrix.subarray(i * D, (i + 1) * D);
const answers = (index: VectorIndex) => Array.from({ length: 50 }, (_, q) => index.searchKnn(row(queries, q), 10));

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'vector-index-'));
  path = join(dir, 'movies.hnsw');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function expectRefusal(load: () => unknown, reason: string): void {
  let thrown: unknown;
  try {
    load();
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(IndexSnapshotError);
  expect((thrown as IndexSnapshotError).reason).toBe(reason);
}

describe('VectorIndex snapshots', () => {
  it('loads a saved index that answers every query identically and restores the saved ef', () => {
    // Arrange
    const original = VectorIndex.build({ space: 'cosine', numDimensions: D, m: 12, efConstruction: 100 }, labels, vectors);
    original.setEf(37);

    // Act
    const header = original.save(path, { catalogVersion: 'catalog-1' });
    const loaded = VectorIndex.load(path, { catalogVersion: 'catalog-1', numDimensions: D });

    // Assert
    expect(loaded.ef).toBe(37);
    expect(loaded.options).toEqual(original.options);
    expect(loaded.size).toBe(500);
    expect(answers(loaded)).toEqual(answers(original));
    expect(header).toMatchObject({ format: INDEX_SNAPSHOT_FORMAT, space: 'cosine', numDimensions: D, m: 12, efConstruction: 100, ef: 37, count: 500 });
    expect(JSON.parse(readFileSync(headerPathFor(path), 'utf8'))).toEqual(header);
  });

  it('keeps removed labels removed after loading and can re-add them', () => {
    const original = VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors);
    original.remove(10);
    original.remove(11);
    original.save(path, { catalogVersion: 'v' });

    const loaded = VectorIndex.load(path);

    expect(loaded.size).toBe(498);
    expect(loaded.has(10)).toBe(false);
    expect(loaded.deletedSlots).toBe(2);
    expect(answers(loaded)).toEqual(answers(original));
    loaded.add(10, row(vectors, 0));
    expect(loaded.searchKnn(row(vectors, 0), 1).neighbors).toEqual([10]);
    loaded.add(9999, row(vectors, 1));
    expect(loaded.deletedSlots).toBe(0);
    expect(loaded.maxElements).toBe(500);
  });

  it('replaces an earlier snapshot and leaves no temporary files behind', () => {
    const index = VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors);
    index.save(path, { catalogVersion: 'v1' });
    index.remove(10);

    index.save(path, { catalogVersion: 'v2' });

    expect(readdirSync(dir).sort()).toEqual(['movies.hnsw', 'movies.hnsw.meta.json']);
    expect(VectorIndex.load(path, { catalogVersion: 'v2' }).size).toBe(499);
  });

  it('refuses an index file that was changed after saving', () => {
    // Arrange
    VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors).save(path, { catalogVersion: 'v' });
    const bytes = readFileSync(path);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    writeFileSync(path, bytes);

    // Act + Assert
    expectRefusal(() => VectorIndex.load(path), 'checksum');
  });

  it('refuses a truncated index file', () => {
    VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors).save(path, { catalogVersion: 'v' });
    writeFileSync(path, readFileSync(path).subarray(0, 1000));

    expectRefusal(() => VectorIndex.load(path), 'checksum');
  });

  it('refuses a header left over from an older snapshot, as after a crash between the two writes', () => {
    const index = VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors);
    index.save(path, { catalogVersion: 'v' });
    copyFileSync(headerPathFor(path), join(dir, 'old-header.json'));
    index.remove(12);
    index.save(path, { catalogVersion: 'v' });
    copyFileSync(join(dir, 'old-header.json'), headerPathFor(path));

    expectRefusal(() => VectorIndex.load(path), 'checksum');
  });

  it('refuses a snapshot of another catalog version', () => {
    VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors).save(path, { catalogVersion: 'catalog-1' });

    expectRefusal(() => VectorIndex.load(path, { catalogVersion: 'catalog-2' }), 'catalog-version');
  });

  it('refuses a snapshot with other dimensions than expected', () => {
    VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors).save(path, { catalogVersion: 'v' });

    expectRefusal(() => VectorIndex.load(path, { numDimensions: 32 }), 'dimensions');
  });

  it('refuses an index file without its header', () => {
    VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors).save(path, { catalogVersion: 'v' });
    rmSync(headerPathFor(path));

    expectRefusal(() => VectorIndex.load(path), 'header-missing');
  });

  it('refuses a header that is not JSON, has another format tag, or lacks a field', () => {
    VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors).save(path, { catalogVersion: 'v' });
    const header = JSON.parse(readFileSync(headerPathFor(path), 'utf8')) as Record<string, unknown>;

    writeFileSync(headerPathFor(path), '{"format":');
    expectRefusal(() => VectorIndex.load(path), 'header-invalid');
    writeFileSync(headerPathFor(path), JSON.stringify({ ...header, format: 'someone-else@9' }));
    expectRefusal(() => VectorIndex.load(path), 'format');
    writeFileSync(headerPathFor(path), JSON.stringify({ ...header, ef: undefined }));
    expectRefusal(() => VectorIndex.load(path), 'header-invalid');
  });

  it('refuses a header whose counts disagree with the index file', () => {
    VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors).save(path, { catalogVersion: 'v' });
    const header = JSON.parse(readFileSync(headerPathFor(path), 'utf8')) as Record<string, unknown>;
    writeFileSync(headerPathFor(path), JSON.stringify({ ...header, count: 499, deletedLabels: [] }));

    expectRefusal(() => VectorIndex.load(path), 'contents');
  });

  it('refuses a missing index file', () => {
    VectorIndex.build({ space: 'l2', numDimensions: D }, labels, vectors).save(path, { catalogVersion: 'v' });
    rmSync(path);

    expectRefusal(() => VectorIndex.load(path), 'index-missing');
  });
});

describe('writeIndexFileDurably', () => {
  it('keeps the previous file and leaves no temporary file when the writer fails', () => {
    // Arrange
    writeFileSync(path, 'previous snapshot');

    // Act
    const attempt = () =>
      writeIndexFileDurably(path, (temp) => {
        writeFileSync(temp, 'half of a new');
        throw new Error('disk full');
      });

    // Assert
    expect(attempt).toThrow('disk full');
    expect(readFileSync(path, 'utf8')).toBe('previous snapshot');
    expect(readdirSync(dir)).toEqual(['movies.hnsw']);
  });

  it('refuses a file shorter than the index can be, keeping the previous one', () => {
    writeFileSync(path, 'previous snapshot');

    expectRefusal(() => writeIndexFileDurably(path, (temp) => writeFileSync(temp, 'short'), 1_000), 'contents');
    expect(readFileSync(path, 'utf8')).toBe('previous snapshot');
    expect(readdirSync(dir)).toEqual(['movies.hnsw']);
  });

  it('returns the sha256 and size of what it wrote', () => {
    const digest = writeIndexFileDurably(path, (temp) => writeFileSync(temp, 'abc'));

    expect(digest).toEqual({ sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', bytes: 3 });
    expect(readFileSync(path, 'utf8')).toBe('abc');
  });
});
