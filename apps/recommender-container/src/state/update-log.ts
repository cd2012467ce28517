/**
 * The embedded update log: how an acknowledged "add movie" or "remove movie" survives
 * `kill -9` on a single replica, with no server to run. It is the default `CatalogLog`
 * (see catalog-log.ts); replicas that share a catalog use a Redis stream instead.
 *
 * Layout: `<DATA_DIR>/updates/catalog.log`, written by one process only (a lock file
 * refuses a second one). The file's order is the apply order; a record's position is the
 * byte offset after it.
 *
 * Record framing, one record per line, human-readable with `cat`:
 *
 *     <byteLength>:<crc32 as 8 hex digits>:<JSON>\n
 *
 * `byteLength` and the CRC cover the JSON bytes. A reader accepts a line only if the length,
 * the checksum and the JSON all agree, so a record torn by a crash (half written, or padded
 * with zeros by the file system) is recognised and never applied. Appends are fsynced
 * (`fdatasync`) before the write is acknowledged.
 *
 * Edit this file to change the on-disk format (bump `UPDATE_LOG_FORMAT`) or the write path.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { fsyncDirectory } from '@serverless-ai/model-interface';

/** Version tag stored in every record, bumped on incompatible changes to the record shape (2: no per-replica sequence). */
export const UPDATE_LOG_FORMAT = 2;

/** The sub-folder of DATA_DIR that holds the embedded log. */
export const UPDATES_DIR = 'updates';

/** The embedded log's name (`updates/catalog.log`). */
export const EMBEDDED_LOG_NAME = 'catalog';

/** A movie as the update log stores it (the catalog's shape). */
export interface LoggedMovie {
  movieId: number;
  title: string;
  year: number | null;
  genres: string[];
}

/**
 * Fields every record carries. None of them orders records: the log does (file offset or
 * stream ID), so a clock running fast or slow on some replica changes nothing.
 */
export interface RecordStamp {
  /** Format version, `UPDATE_LOG_FORMAT` when written. */
  v: number;
  /** The writer's wall clock in ms since the epoch: for reading and lag figures only, never for ordering. */
  ts: number;
  /** The replica that took the write. */
  replica: string;
  /** Catalog version the vector was computed for; a record from another catalog version is re-derived on replay. */
  catalogVersion: string;
}

/** "Add this movie with this exact vector." Storing the vector makes replay deterministic. */
export interface AddRecord extends RecordStamp {
  op: 'add';
  movie: LoggedMovie;
  /** Little-endian Float32 bytes, base64: exact, and a third the size of a JSON number list. */
  vector: string;
  /** True when the vector was derived from genres/era rather than supplied by the client. */
  derived: boolean;
}

/** "Remove this movie." */
export interface RemoveRecord extends RecordStamp {
  op: 'remove';
  movieId: number;
}

export type UpdateRecord = AddRecord | RemoveRecord;

/** A decoded record and where it lies in its file. */
export interface PositionedRecord {
  record: UpdateRecord;
  /** Byte offset of the first byte after this record (what a reader resumes from). */
  end: number;
}

/** What a scan of a log found after the last good record. */
export type LogTail =
  /** The file ends exactly after the last good record. */
  | 'clean'
  /** Trailing bytes that do not form a complete record: a write in progress or torn by a crash. */
  | 'incomplete'
  /** A bad record followed by good ones: not a crash artefact, the file is damaged. */
  | 'corrupt';

/** Thrown when a log is damaged in a way a crash cannot explain (a bad record before good ones). */
export class UpdateLogCorruptError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'UpdateLogCorruptError';
  }
}

/** Encodes a Float32Array (or any numbers) as base64 little-endian float32. */
export function encodeVector(vector: ArrayLike<number>): string {
  const floats = vector instanceof Float32Array ? vector : Float32Array.from(vector);
  const bytes = Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength);
  // Typed arrays use the host byte order: little-endian on every platform Node supports in practice (x64, arm64).
  return bytes.toString('base64');
}

/** Decodes `encodeVector` output. */
export function decodeVector(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer, 0, copy.byteLength / 4);
}

/** Frames one record as a line: `<len>:<crc32>:<json>\n`. */
export function encodeRecord(record: UpdateRecord): Buffer {
  const json = Buffer.from(JSON.stringify(record));
  const header = `${json.byteLength}:${crc32(json).toString(16).padStart(8, '0')}:`;
  return Buffer.concat([Buffer.from(header), json, Buffer.from('\n')]);
}

const NEWLINE = 0x0a;
const HEADER = /^(\d{1,9}):([0-9a-f]{8}):/;

/** Decodes one line (without its newline); undefined if the framing, checksum or JSON is wrong. */
function decodeLine(line: Buffer): UpdateRecord | undefined {
  const head = HEADER.exec(line.subarray(0, 20).toString('latin1'));
  if (!head) return undefined;
  const json = line.subarray(head[0].length);
  if (json.byteLength !== Number(head[1])) return undefined;
  if (crc32(json).toString(16).padStart(8, '0') !== head[2]) return undefined;
  try {
    const record = JSON.parse(json.toString('utf8')) as UpdateRecord;
    if (record === null || typeof record !== 'object' || (record.op !== 'add' && record.op !== 'remove')) return undefined;
    return record;
  } catch {
    return undefined;
  }
}

/**
 * Scans `buffer` (the bytes of a log from `baseOffset` on) and returns every good record
 * up to the first bad or incomplete one, plus what follows.
 *
 * A bad line is `corrupt` only if a good record follows it; a bad or unterminated line at
 * the very end is `incomplete` (the normal signature of a crash mid-append, or of a write
 * another replica has not finished yet).
 */
export function decodeRecords(buffer: Buffer, baseOffset = 0): { records: PositionedRecord[]; validEnd: number; tail: LogTail; badOffset?: number } {
  const records: PositionedRecord[] = [];
  let position = 0;
  while (position < buffer.byteLength) {
    const newline = buffer.indexOf(NEWLINE, position);
    if (newline === -1) return { records, validEnd: baseOffset + position, tail: 'incomplete' };
    const record = decodeLine(buffer.subarray(position, newline));
    if (!record) {
      const tail = hasGoodRecordAfter(buffer, newline + 1) ? 'corrupt' : 'incomplete';
      return { records, validEnd: baseOffset + position, tail, badOffset: baseOffset + position };
    }
    position = newline + 1;
    records.push({ record, end: baseOffset + position });
  }
  return { records, validEnd: baseOffset + position, tail: 'clean' };
}

function hasGoodRecordAfter(buffer: Buffer, from: number): boolean {
  let position = from;
  while (position < buffer.byteLength) {
    const newline = buffer.indexOf(NEWLINE, position);
    if (newline === -1) return false;
    if (decodeLine(buffer.subarray(position, newline))) return true;
    position = newline + 1;
  }
  return false;
}

/** Reads bytes `[from, to)` of a file through an open descriptor. */
function readRange(fd: number, from: number, to: number): Buffer {
  const buffer = Buffer.allocUnsafe(to - from);
  let done = 0;
  while (done < buffer.byteLength) {
    const n = readSync(fd, buffer, done, buffer.byteLength - done, from + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

/** A replica id that no other process will ever use: host name, pid and random bits. */
export function newReplicaId(): string {
  const host = hostname().replace(/[^A-Za-z0-9-]/g, '-').slice(0, 40) || 'host';
  return `${host}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

/** Checks that a replica id is safe to use as a file name. */
export function assertReplicaId(id: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(id)) throw new Error(`Invalid replica id ${JSON.stringify(id)}: use letters, digits, '.', '_' and '-'.`);
}

/** The log file of `replicaId` inside `dataDir`. */
export function logPathFor(dataDir: string, replicaId: string): string {
  return join(dataDir, UPDATES_DIR, `${replicaId}.log`);
}

/**
 * The one writer of one replica's log file.
 *
 * Opening repairs a torn tail (truncates it, fsyncs) so new records never follow garbage.
 * `append` writes a batch of records with one `write` and one `fdatasync`, so concurrent
 * writes that the caller groups together share one disk flush (group commit).
 */
export class UpdateLogWriter {
  private broken: Error | undefined;

  private constructor(
    private readonly handle: FileHandle,
    /** Absolute path of the log file. */
    readonly path: string,
    /** The replica this log belongs to. */
    readonly replicaId: string,
    private size: number,
  ) {}

  /**
   * Opens (or creates) `updates/<replicaId>.log` under `dataDir` (the embedded log passes `EMBEDDED_LOG_NAME`).
   * @returns the writer, and what the repair did (bytes dropped from a torn tail).
   * @throws UpdateLogCorruptError if a bad record is followed by good ones.
   */
  static async open(dataDir: string, replicaId: string): Promise<{ writer: UpdateLogWriter; truncatedBytes: number; records: number }> {
    assertReplicaId(replicaId);
    const dir = join(dataDir, UPDATES_DIR);
    mkdirSync(dir, { recursive: true });
    const path = logPathFor(dataDir, replicaId);
    const created = !existsSync(path);
    const handle = await open(path, 'a+');
    try {
      const { size } = await handle.stat();
      const content = size > 0 ? readRange(handle.fd, 0, size) : Buffer.alloc(0);
      const scan = decodeRecords(content);
      if (scan.tail === 'corrupt') {
        throw new UpdateLogCorruptError(
          `Update log ${path} has a damaged record at byte ${scan.badOffset} followed by good records; refusing to append. Inspect or move the file.`,
          path,
          scan.badOffset ?? scan.validEnd,
        );
      }
      const truncatedBytes = size - scan.validEnd;
      if (truncatedBytes > 0) {
        await handle.truncate(scan.validEnd);
        await handle.sync();
      }
      if (created) fsyncDirectory(dir);
      return { writer: new UpdateLogWriter(handle, path, replicaId, scan.validEnd), truncatedBytes, records: scan.records.length };
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  /** Bytes of good records in the file. */
  get byteLength(): number {
    return this.size;
  }

  // #region durable-append
  /**
   * Appends records and fsyncs them. Resolves only once they are on stable storage.
   * @returns the byte offset after each record, in order.
   */
  async append(records: UpdateRecord[]): Promise<number[]> {
    if (this.broken) throw this.broken;
    const frames = records.map((record) => encodeRecord(record));
    const ends: number[] = [];
    let end = this.size;
    for (const frame of frames) ends.push((end += frame.byteLength));
    const start = this.size;
    try {
      const data = Buffer.concat(frames);
      let written = 0;
      while (written < data.byteLength) {
        const { bytesWritten } = await this.handle.write(data, written, data.byteLength - written);
        written += bytesWritten;
      }
      await this.handle.datasync();
    } catch (err) {
      // The file may now end in a partial batch. Cut it back so later records never follow
      // garbage; if even that fails, stop writing rather than risk a corrupt log.
      try {
        await this.handle.truncate(start);
        await this.handle.sync();
      } catch {
        this.broken = err as Error;
      }
      throw err;
    }
    this.size = end;
    return ends;
  }
  // #endregion durable-append

  /** Closes the file. */
  async close(): Promise<void> {
    await this.handle.close();
  }
}

/**
 * Reads the complete records of one log file from byte `from` on (at most `maxBytes`).
 * An incomplete last record is left out: it is a crash artefact, truncated when the writer reopens.
 * @throws UpdateLogCorruptError for a bad record followed by good ones.
 */
export function readLogFrom(path: string, from: number, maxBytes = 8 * 1024 * 1024): PositionedRecord[] {
  if (!existsSync(path)) return [];
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size <= from) return [];
    const scan = decodeRecords(readRange(fd, from, Math.min(size, from + maxBytes)), from);
    if (scan.tail === 'corrupt') throw new UpdateLogCorruptError(`Update log ${path} has a damaged record at byte ${scan.badOffset} followed by good records.`, path, scan.badOffset ?? scan.validEnd);
    return scan.records;
  } finally {
    closeSync(fd);
  }
}
