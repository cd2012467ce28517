/**
 * The update-log interface the live catalog writes to and reads from, and its embedded
 * implementation. Two implementations exist:
 *
 * - `FileCatalogLog` (here, the default): one fsynced, CRC-framed file on local disk for a
 *   single replica. No server to run: `npm start` and every single-node path use it.
 * - `RedisStreamLog` (redis-stream-log.ts), when `CATALOG_STREAM_URL` is set: one Redis
 *   stream per catalog version that every replica appends to and tails.
 *
 * Either way the log defines ONE total order of writes: a record's position (byte offset,
 * or stream ID) is its place, and every replica applies records in that order, so no clock
 * and no conflict rule is involved.
 *
 * Edit this file to change the contract between the catalog and its log.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { EMBEDDED_LOG_NAME, UPDATES_DIR, UpdateLogWriter, logPathFor, readLogFrom, type UpdateRecord } from './update-log.js';

/** A record and its place in the log. */
export interface LogEntry {
  /** Byte offset after the record (file) or stream ID (`<ms>-<seq>`, Redis). */
  position: string;
  record: UpdateRecord;
}

/** What a catalog log can do. */
export interface CatalogLog {
  /** `file` or `redis-stream`: recorded in snapshots, which are only reused by the same kind. */
  readonly kind: 'file' | 'redis-stream';
  /** Where the log is (file path, or stream key), for logs and /readyz. */
  readonly name: string;
  /**
   * True when other processes append too: then a write is visible only once the tailer has
   * applied it in log order, and `append` callers wait for that. False: the appender applies
   * its own records right after `append` (it is the only writer).
   */
  readonly shared: boolean;
  /** Whether the log answers right now (always true for a file). */
  readonly connected: boolean;
  /**
   * Appends records durably and in order. Resolves only once they are durable (fsynced file,
   * or Redis with `appendfsync always` / MemoryDB's multi-AZ transaction log).
   * @returns each record's position, in order.
   */
  append(records: UpdateRecord[]): Promise<string[]>;
  /** Up to `max` entries after `position` (exclusive; undefined = from the start), in log order. */
  readAfter(position: string | undefined, max: number): Promise<LogEntry[]>;
  /** Orders two positions of this log. */
  compare(a: string, b: string): number;
  /** Releases the log (closes the file, disconnects). */
  close(): Promise<void>;
}

/**
 * The embedded log: `updates/catalog.log` under `DATA_DIR`, one writer (a lock file with the
 * writer's pid refuses a second live process on the same folder).
 */
export class FileCatalogLog implements CatalogLog {
  readonly kind = 'file' as const;
  readonly shared = false;
  readonly connected = true;

  private constructor(
    private readonly writer: UpdateLogWriter,
    private readonly lockPath: string,
  ) {}

  /**
   * Opens the log (repairing a torn tail) and takes the folder's lock.
   * @throws if another live process holds the lock, or the log is damaged before its end.
   */
  static async open(dataDir: string, replicaId: string): Promise<{ log: FileCatalogLog; truncatedBytes: number; records: number }> {
    const lockPath = takeLock(join(dataDir, UPDATES_DIR), replicaId);
    try {
      const { writer, truncatedBytes, records } = await UpdateLogWriter.open(dataDir, EMBEDDED_LOG_NAME);
      return { log: new FileCatalogLog(writer, lockPath), truncatedBytes, records };
    } catch (err) {
      rmSync(lockPath, { force: true });
      throw err;
    }
  }

  get name(): string {
    return this.writer.path;
  }

  async append(records: UpdateRecord[]): Promise<string[]> {
    const ends = await this.writer.append(records);
    return ends.map(String);
  }

  readAfter(position: string | undefined, max: number): Promise<LogEntry[]> {
    const entries = readLogFrom(this.writer.path, position === undefined ? 0 : Number(position))
      .slice(0, max)
      .map(({ record, end }) => ({ position: String(end), record }));
    return Promise.resolve(entries);
  }

  compare(a: string, b: string): number {
    return Number(a) - Number(b);
  }

  async close(): Promise<void> {
    await this.writer.close();
    rmSync(this.lockPath, { force: true });
  }
}

/** The embedded log file of a data directory. */
export const embeddedLogPath = (dataDir: string): string => logPathFor(dataDir, EMBEDDED_LOG_NAME);

/** Creates `catalog.log.lock` holding this pid; a lock left by a dead process is taken over. */
function takeLock(dir: string, replicaId: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${EMBEDDED_LOG_NAME}.log.lock`);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${process.pid} ${replicaId}\n`);
      closeSync(fd);
      return path;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      // A live holder, this process included (a second log object here would be a second writer too).
      if (Number.isInteger(holder) && isAlive(holder)) {
        throw new Error(
          `Another process (pid ${holder}) writes ${dir}/${EMBEDDED_LOG_NAME}.log. The embedded log has one writer; to run several replicas, set CATALOG_STREAM_URL (Redis).`,
          { cause: err },
        );
      }
      rmSync(path, { force: true }); // left by a process that died (kill -9)
    }
  }
  throw new Error(`Could not take the lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
