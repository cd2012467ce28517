/**
 * The embedded update log on its own: framing, torn-tail repair, reading from a position,
 * and the one-writer lock.
 * Real files in a temp folder, real fsync.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  UpdateLogCorruptError,
  UpdateLogWriter,
  decodeRecords,
  decodeVector,
  encodeRecord,
  encodeVector,
  logPathFor,
  readLogFrom,
  type UpdateRecord,
} from '../src/state/update-log.js';
import { FileCatalogLog } from '../src/state/catalog-log.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'update-log-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

function addRecord(seq: number, replica = 'a'): UpdateRecord {
  return {
    v: 1,
    ts: 1_700_000_000_000 + seq,
    replica,
    catalogVersion: 'cv1',
    op: 'add',
    movie: { movieId: 100_000 + seq, title: `Movie ${seq} — “quoted”`, year: 2001, genres: ['Drama'] },
    vector: encodeVector([seq, -0.5, 1e-7]),
    derived: true,
  };
}

/** The number an `addRecord` was made from. */
const idOf = (r: { record: UpdateRecord }) => (r.record.op === 'add' ? r.record.movie.movieId - 100_000 : -1);

describe('record framing', () => {
  it('round-trips records and vectors exactly', () => {
    // Arrange
    const records = [addRecord(1), { v: 1, ts: 5, replica: 'a', seq: 2, catalogVersion: 'cv1', op: 'remove', movieId: 7 } as UpdateRecord];
    // Act
    const decoded = decodeRecords(Buffer.concat(records.map(encodeRecord)));
    // Assert
    expect(decoded.tail).toBe('clean');
    expect(decoded.records.map((r) => r.record)).toEqual(records);
    expect(Array.from(decodeVector((decoded.records[0]!.record as Extract<UpdateRecord, { op: 'add' }>).vector))).toEqual(Array.from(Float32Array.from([1, -0.5, 1e-7])));
  });

  it('rejects a record whose checksum does not match its bytes', () => {
    // Arrange: flip one character inside the JSON, keeping the length.
    const line = encodeRecord(addRecord(1)).toString('utf8').replace('Movie 1', 'Movie 2');
    // Act
    const decoded = decodeRecords(Buffer.from(line));
    // Assert
    expect(decoded.records).toHaveLength(0);
    expect(decoded.tail).toBe('incomplete');
  });

  it('calls a bad record followed by good ones corrupt, not torn', () => {
    const bad = Buffer.from('12:00000000:{"op":"add"}\n');
    const decoded = decodeRecords(Buffer.concat([encodeRecord(addRecord(1)), bad, encodeRecord(addRecord(2))]));
    expect(decoded.records).toHaveLength(1);
    expect(decoded.tail).toBe('corrupt');
  });
});

describe('UpdateLogWriter', () => {
  it('skips and truncates a torn last record and keeps every earlier one', async () => {
    // Arrange: three durable records, then half of a fourth (a crash mid-append).
    const { writer } = await UpdateLogWriter.open(dataDir, 'a');
    await writer.append([addRecord(1), addRecord(2), addRecord(3)]);
    await writer.close();
    const path = logPathFor(dataDir, 'a');
    const goodBytes = statSync(path).size;
    const fourth = encodeRecord(addRecord(4));
    appendFileSync(path, fourth.subarray(0, fourth.byteLength - 9));

    // Act: a reader sees only complete records; reopening repairs the file.
    const seenBefore = readLogFrom(path, 0);
    const reopened = await UpdateLogWriter.open(dataDir, 'a');

    // Assert
    expect(seenBefore.map(idOf)).toEqual([1, 2, 3]);
    expect(seenBefore.at(-1)?.end).toBe(goodBytes);
    expect(reopened.truncatedBytes).toBe(fourth.byteLength - 9);
    expect(reopened.records).toBe(3);
    expect(statSync(path).size).toBe(goodBytes);

    // …and new appends follow the last good record, readable end to end.
    await reopened.writer.append([addRecord(4)]);
    await reopened.writer.close();
    expect(decodeRecords(readFileSync(path)).records.map(idOf)).toEqual([1, 2, 3, 4]);
  });

  it('treats a zero-filled tail (what some file systems leave after a crash) as torn', async () => {
    const { writer } = await UpdateLogWriter.open(dataDir, 'a');
    await writer.append([addRecord(1)]);
    await writer.close();
    appendFileSync(logPathFor(dataDir, 'a'), Buffer.alloc(4096));
    const reopened = await UpdateLogWriter.open(dataDir, 'a');
    await reopened.writer.close();
    expect(reopened.truncatedBytes).toBe(4096);
    expect(reopened.records).toBe(1);
  });

  it('refuses to append after a damaged record that good records follow', async () => {
    const path = logPathFor(dataDir, 'a');
    const { writer } = await UpdateLogWriter.open(dataDir, 'a');
    await writer.close();
    writeFileSync(path, Buffer.concat([encodeRecord(addRecord(1)), Buffer.from('garbage\n'), encodeRecord(addRecord(2))]));
    await expect(UpdateLogWriter.open(dataDir, 'a')).rejects.toBeInstanceOf(UpdateLogCorruptError);
  });

  it('returns the byte offset after each appended record', async () => {
    const { writer } = await UpdateLogWriter.open(dataDir, 'a');
    const ends = await writer.append([addRecord(1), addRecord(2)]);
    await writer.close();
    expect(ends[1]).toBe(statSync(logPathFor(dataDir, 'a')).size);
    expect(ends[0]).toBe(encodeRecord(addRecord(1)).byteLength);
  });
});

describe('readLogFrom', () => {
  it('reads the records after a byte position, each with the position after it', async () => {
    const a = (await UpdateLogWriter.open(dataDir, 'a')).writer;
    const [first] = await a.append([addRecord(1)]);
    await a.append([addRecord(2), addRecord(3)]);
    await a.close();
    const path = logPathFor(dataDir, 'a');
    expect(readLogFrom(path, 0).map(idOf)).toEqual([1, 2, 3]);
    expect(readLogFrom(path, first!).map(idOf)).toEqual([2, 3]);
    expect(readLogFrom(path, 0).at(-1)?.end).toBe(statSync(path).size);
  });

  it('leaves out an incomplete last record until it is complete', async () => {
    const path = logPathFor(dataDir, 'b');
    (await UpdateLogWriter.open(dataDir, 'b')).writer.close().catch(() => undefined);
    const frame = encodeRecord(addRecord(1, 'b'));
    writeFileSync(path, frame.subarray(0, 20));
    expect(readLogFrom(path, 0)).toHaveLength(0);
    appendFileSync(path, frame.subarray(20));
    expect(readLogFrom(path, 0).map(idOf)).toEqual([1]);
  });

  it('refuses a log with a damaged record followed by good ones', () => {
    const path = logPathFor(dataDir, 'c');
    mkdirSync(join(dataDir, 'updates'), { recursive: true });
    writeFileSync(path, Buffer.concat([encodeRecord(addRecord(1)), Buffer.from('xx:garbage\n'), encodeRecord(addRecord(3))]));
    expect(() => readLogFrom(path, 0)).toThrow(UpdateLogCorruptError);
  });
});

describe('FileCatalogLog', () => {
  it('refuses a second live writer on the same data directory, and takes over the lock of a dead one', async () => {
    // Arrange
    const { log } = await FileCatalogLog.open(dataDir, 'first');
    // Act + Assert: a second open while the first holds the lock.
    await expect(FileCatalogLog.open(dataDir, 'second')).rejects.toThrow(/one writer; to run several replicas, set CATALOG_STREAM_URL/);
    await log.close();
    // A lock naming a process that no longer exists (as after kill -9) is taken over.
    writeFileSync(join(dataDir, 'updates', 'catalog.log.lock'), '999999999 ghost\n');
    const again = await FileCatalogLog.open(dataDir, 'third');
    await again.log.close();
  });
});
