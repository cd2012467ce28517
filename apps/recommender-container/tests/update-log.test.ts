/**
 * The update log on its own: framing, torn-tail repair, and reading other replicas' logs.
 * Real files in a temp folder, real fsync.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  readLogsFrom,
  type UpdateRecord,
} from '../src/update-log.js';

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
    seq,
    catalogVersion: 'cv1',
    op: 'add',
    movie: { movieId: 100_000 + seq, title: `Movie ${seq} — “quoted”`, year: 2001, genres: ['Drama'] },
    vector: encodeVector([seq, -0.5, 1e-7]),
    derived: true,
  };
}

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
    const seenBefore = readLogsFrom(dataDir, new Map());
    const reopened = await UpdateLogWriter.open(dataDir, 'a');

    // Assert
    expect(seenBefore.records.map((r) => r.record.seq)).toEqual([1, 2, 3]);
    expect(seenBefore.positions.get('a.log')).toBe(goodBytes);
    expect(reopened.truncatedBytes).toBe(fourth.byteLength - 9);
    expect(reopened.records).toBe(3);
    expect(statSync(path).size).toBe(goodBytes);
    expect(reopened.writer.nextSeq).toBe(4);

    // …and new appends follow the last good record, readable end to end.
    await reopened.writer.append([addRecord(4)]);
    await reopened.writer.close();
    expect(decodeRecords(readFileSync(path)).records.map((r) => r.record.seq)).toEqual([1, 2, 3, 4]);
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

describe('readLogsFrom', () => {
  it('reads only what is new in each log since the given positions, skipping the named file', async () => {
    // Arrange
    const a = (await UpdateLogWriter.open(dataDir, 'a')).writer;
    const b = (await UpdateLogWriter.open(dataDir, 'b')).writer;
    await a.append([addRecord(1, 'a')]);
    await b.append([addRecord(1, 'b'), addRecord(2, 'b')]);
    const first = readLogsFrom(dataDir, new Map(), { skip: 'a.log' });
    await b.append([addRecord(3, 'b')]);

    // Act
    const second = readLogsFrom(dataDir, first.positions, { skip: 'a.log' });
    await a.close();
    await b.close();

    // Assert
    expect(first.records.map((r) => `${r.file}#${r.record.seq}`)).toEqual(['b.log#1', 'b.log#2']);
    expect(second.records.map((r) => `${r.file}#${r.record.seq}`)).toEqual(['b.log#3']);
  });

  it('skips a damaged record in another replica log and reports it', async () => {
    const b = (await UpdateLogWriter.open(dataDir, 'b')).writer;
    await b.close();
    writeFileSync(logPathFor(dataDir, 'b'), Buffer.concat([encodeRecord(addRecord(1, 'b')), Buffer.from('xx:garbage\n'), encodeRecord(addRecord(3, 'b'))]));
    const corrupt: number[] = [];
    const { records } = readLogsFrom(dataDir, new Map(), { onCorrupt: (_file, offset) => corrupt.push(offset) });
    const again = readLogsFrom(dataDir, readLogsFrom(dataDir, new Map()).positions);
    expect(records.map((r) => r.record.seq)).toEqual([1]);
    expect(corrupt).toEqual([encodeRecord(addRecord(1, 'b')).byteLength]);
    expect(again.records.map((r) => r.record.seq)).toEqual([3]);
  });

  it('waits on an incomplete last record until its writer finishes it', async () => {
    const b = (await UpdateLogWriter.open(dataDir, 'b')).writer;
    await b.close();
    const path = logPathFor(dataDir, 'b');
    const frame = encodeRecord(addRecord(1, 'b'));
    writeFileSync(path, frame.subarray(0, 20));
    const partial = readLogsFrom(dataDir, new Map());
    appendFileSync(path, frame.subarray(20));
    const complete = readLogsFrom(dataDir, partial.positions);
    expect(partial.records).toHaveLength(0);
    expect(partial.positions.get('b.log')).toBe(0);
    expect(complete.records.map((r) => r.record.seq)).toEqual([1]);
  });
});

