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

/** How long an appended record may wait in memory, so one write and one fsync serve a whole batch. */
const FLUSH_AFTER_MS = 2_000;

/** An open log: what it holds, and how to add to it. */
export interface AppendLog<T> {
  /** The log file. */
  readonly path: string;
  /** Every record, oldest first: those found in the file at `open`, then those appended since. */
  readonly records: readonly T[];
  /** Adds a record. Resolving is the acknowledgement. */
  append(record: T): Promise<void>;
  /** Writes anything still pending and closes the file. */
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
  private pending: string[] = [];
  private flushTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly path: string,
    private readonly fd: number,
    readonly records: T[],
  ) {}

  append(record: T): Promise<void> {
    this.records.push(record);
    this.pending.push(`${JSON.stringify(record)}\n`);
    // Batching: the first record of a batch schedules one write and one fsync for all of it.
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_AFTER_MS);
    return Promise.resolve();
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  /** Writes the pending batch and fsyncs it. */
  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    appendFileSync(this.fd, this.pending.join(''));
    fsyncSync(this.fd);
    this.pending = [];
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
