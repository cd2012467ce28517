/**
 * An append-only log of JSON records, one per line (JSON Lines): the smallest form of the
 * recommender container's update log (apps/recommender-container/src/state/update-log.ts).
 *
 * The contract: when `append` resolves, the record is acknowledged. The server answers
 * 201 at that moment, and a client that got a 201 expects the record to survive anything,
 * including `kill -9` a millisecond later.
 */
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync } from 'node:fs';
import { dirname } from 'node:path';

/** An open log: what it holds, and how to add to it. */
export interface AppendLog<T> {
  /** The log file. */
  readonly path: string;
  /** Every record, oldest first: those found in the file at `open`, then those appended since. */
  readonly records: readonly T[];
  /** Adds a record. Resolving is the acknowledgement. */
  append(record: T): Promise<void>;
  /** Closes the file. */
  close(): void;
}

/**
 * Reads the complete records of a log file. A last line without its newline was cut short
 * by a crash mid-write: it was never acknowledged, so it is left out.
 * @returns the records, and how many bytes of the file they take.
 */
export function readRecords<T>(path: string): { records: T[]; byteLength: number } {
  if (!existsSync(path)) return { records: [], byteLength: 0 };
  const text = readFileSync(path, 'utf8');
  const complete = text.slice(0, text.lastIndexOf('\n') + 1);
  const records = complete
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as T);
  return { records, byteLength: Buffer.byteLength(complete) };
}

/** Opens (or creates) the log at `path` and loads what it holds. */
export function open<T>(path: string): AppendLog<T> {
  const created = !existsSync(path);
  const { records, byteLength } = readRecords<T>(path);
  // Cut off a torn last line, so new records never follow half a record.
  if (!created) truncateSync(path, byteLength);
  const fd = openSync(path, 'a');
  // A new file's name lives in its folder: fsync the folder too, or the whole file can vanish.
  if (created) fsyncFolder(dirname(path));
  return new JsonLinesLog<T>(path, fd, records);
}

class JsonLinesLog<T> implements AppendLog<T> {
  constructor(
    readonly path: string,
    private readonly fd: number,
    readonly records: T[],
  ) {}

  append(record: T): Promise<void> {
    // Write, then fsync, then acknowledge: only a record on stable storage may be answered 201.
    // Both calls are synchronous, so concurrent requests cannot interleave their lines.
    appendFileSync(this.fd, `${JSON.stringify(record)}\n`);
    fsyncSync(this.fd);
    this.records.push(record);
    return Promise.resolve();
  }

  close(): void {
    closeSync(this.fd);
  }
}

function fsyncFolder(folder: string): void {
  const fd = openSync(folder, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
