/**
 * The live, mutable state of one replica: the recommender (catalog + HNSW index), the
 * durable write path, replication from other replicas, and snapshots.
 *
 * Three rules keep it correct:
 * 1. Durable before visible. A write is validated, its vector computed (`vectorFor`), the
 *    record appended to this replica's log and fsynced, and only then applied to the index
 *    and acknowledged. Writes go through one in-process queue, so log order = apply order;
 *    writes that arrive while a flush is running are committed together with one fsync
 *    (group commit).
 * 2. One writer per file. Other replicas' logs are only read (`pollOtherReplicas`).
 * 3. Last writer wins per movie id, by (ts, replica, seq). Every replica applies every
 *    record through `applyRecord`, which skips a record older than the newest one already
 *    applied for that movie, so replicas converge whatever order records arrive in.
 *
 * Edit this file to change write semantics or the conflict rule.
 */
import { ConflictError, NotFoundError, NotReadyError } from '@serverless-ai/model-interface';
import type { Movie, MovieRecommender, RecommendInput, RecommendOutput, VectorIndex } from '@serverless-ai/movie-recommender';
import type { Logger } from '../logger.js';
import {
  decodeVector,
  encodeVector,
  readLogsFrom,
  UPDATE_LOG_FORMAT,
  type UpdateLogWriter,
  type UpdateRecord,
} from '../update-log.js';
import { writeSnapshot, type SnapshotUpdate } from './snapshot.js';
import { assertUsableVector } from './vector-check.js';

/** Which log record last decided a movie's fate (for last-writer-wins). */
export interface MovieVersion {
  ts: number;
  replica: string;
  seq: number;
  op: 'add' | 'remove';
}

/** Orders two record stamps: by timestamp, then replica id, then sequence number. */
export function compareStamps(a: Pick<MovieVersion, 'ts' | 'replica' | 'seq'>, b: Pick<MovieVersion, 'ts' | 'replica' | 'seq'>): number {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.replica !== b.replica) return a.replica < b.replica ? -1 : 1;
  return a.seq - b.seq;
}

/** An add or remove accepted and made durable by this replica. */
export interface WriteResult {
  movie: Movie;
  /** True if the vector was derived from genres/era, false if the client supplied it. */
  derived: boolean;
  /** The record's place: replica id and sequence number in that replica's log. */
  replica: string;
  seq: number;
}

/** When to snapshot on its own (besides SIGTERM). */
export interface SnapshotPolicy {
  /** Snapshot once this many updates were applied since the last one. */
  everyUpdates: number;
  /** Snapshot at least this often while some updates are not in a snapshot. */
  intervalMs: number;
}

/** Everything `LiveCatalog` is made from; built by `startup.ts`. */
export interface LiveCatalogOptions {
  recommender: MovieRecommender;
  index: VectorIndex;
  catalogVersion: string;
  dimensions: number;
  dataDir: string;
  writer: UpdateLogWriter;
  /** Byte position up to which each log file is applied (own log included). */
  positions: Map<string, number>;
  /** Last-writer-wins state per movie id touched by any update. */
  versions: Map<number, MovieVersion>;
  /** Movies present because of an update, with their vectors (what a snapshot must restore). */
  added: Map<number, { movie: Movie; vector: Float32Array }>;
  /** Largest record timestamp seen in any log. */
  maxTs: number;
  snapshotPolicy: SnapshotPolicy;
  logger: Logger;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
  /** Called after each snapshot attempt, e.g. to count it in metrics. */
  onSnapshot?: (outcome: 'written' | 'failed') => void;
}

interface PendingWrite {
  kind: 'add' | 'remove';
  movie?: Movie;
  embedding?: number[];
  movieId: number;
  resolve: (result: WriteResult) => void;
  reject: (err: unknown) => void;
}

/** Most writes committed by one fsync; bounds the latency a single huge burst can add. */
const MAX_GROUP_COMMIT = 256;

/** See the file header. */
export class LiveCatalog {
  readonly recommender: MovieRecommender;
  readonly dimensions: number;
  readonly catalogVersion: string;
  readonly replicaId: string;
  private readonly index: VectorIndex;
  private readonly dataDir: string;
  private readonly writer: UpdateLogWriter;
  private readonly positions: Map<string, number>;
  private readonly versions: Map<number, MovieVersion>;
  private readonly added: Map<number, { movie: Movie; vector: Float32Array }>;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly policy: SnapshotPolicy;
  private readonly onSnapshot: ((outcome: 'written' | 'failed') => void) | undefined;
  private maxTs: number;
  private pending: PendingWrite[] = [];
  private flushActive = false;
  private flushDone: Promise<void> = Promise.resolve();
  private unsnapshotted = 0;
  private lastAppliedMs = 0;
  private readonly appliedCounts = { local: 0, remote: 0, replay: 0 };
  private closed = false;
  /** Set when the log and memory may disagree (see `logAndApplyCompensations`). */
  private writesRefused: Error | undefined;

  constructor(options: LiveCatalogOptions) {
    this.recommender = options.recommender;
    this.index = options.index;
    this.dimensions = options.dimensions;
    this.catalogVersion = options.catalogVersion;
    this.dataDir = options.dataDir;
    this.writer = options.writer;
    this.replicaId = options.writer.replicaId;
    this.positions = options.positions;
    this.versions = options.versions;
    this.added = options.added;
    this.maxTs = options.maxTs;
    this.policy = options.snapshotPolicy;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.onSnapshot = options.onSnapshot;
  }

  // ── Reads ────────────────────────────────────────────────────────────────────

  /** Ranks movies for already-validated input. */
  recommend(input: RecommendInput): RecommendOutput {
    return this.recommender.predict(input);
  }

  /** @throws NotFoundError if no movie has this id. */
  getMovie(movieId: number): Movie {
    const movie = this.recommender.catalog.get(movieId);
    if (!movie) throw new NotFoundError(`No movie with id ${movieId}.`, { movieId });
    return movie;
  }

  /** Searchable movies right now. */
  get indexSize(): number {
    return this.index.size;
  }

  /** The HNSW search breadth in effect: `SEARCH_EF` if set, else the snapshot's, else the index default. */
  get searchEf(): number {
    return this.index.ef;
  }

  /** Numbers for /metrics. */
  stats(): { lastAppliedSeconds: number; applied: { local: number; remote: number; replay: number }; unsnapshotted: number } {
    return { lastAppliedSeconds: this.lastAppliedMs / 1000, applied: { ...this.appliedCounts }, unsnapshotted: this.unsnapshotted };
  }

  // ── Writes (this replica) ───────────────────────────────────────────────────────

  /**
   * Adds a movie. Resolves once the update is fsynced and applied.
   * @throws ConflictError if the id exists, InvalidInputError for a bad embedding.
   */
  addMovie(movie: Movie, embedding?: number[]): Promise<WriteResult> {
    return this.enqueue({ kind: 'add', movie, embedding, movieId: movie.movieId });
  }

  /**
   * Removes a movie. Resolves once the update is fsynced and applied.
   * @throws NotFoundError if no movie has this id.
   */
  removeMovie(movieId: number): Promise<WriteResult> {
    return this.enqueue({ kind: 'remove', movieId });
  }

  private enqueue(write: Omit<PendingWrite, 'resolve' | 'reject'>): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new NotReadyError('The service is shutting down; retry on another replica.'));
    if (this.writesRefused) return Promise.reject(new NotReadyError('This replica refuses writes until it restarts (see its error log); retry on another replica.'));
    return new Promise<WriteResult>((resolve, reject) => {
      this.pending.push({ ...write, resolve, reject });
      if (!this.flushActive) {
        this.flushActive = true;
        this.flushDone = this.flush();
      }
    });
  }

  /** Waits until every queued write is durable and applied (or failed). */
  async drainWrites(): Promise<void> {
    while (this.flushActive) await this.flushDone;
  }

  /**
   * Commits queued writes in batches until the queue is empty. `flushActive` is cleared in
   * the same synchronous step that finds the queue empty, before any acknowledged caller
   * resumes, so a write queued right after an acknowledgement always starts a new flush.
   */
  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_GROUP_COMMIT);
        try {
          await this.commitBatch(batch);
        } catch (err) {
          // Nothing thrown here may become an unhandled rejection (it would end the process):
          // it fails the writes of this batch that are still waiting (settled ones ignore it).
          this.logger.error({ err, writes: batch.length }, 'a write batch failed');
          for (const write of batch) write.reject(err);
        }
      }
    } finally {
      this.flushActive = false;
    }
  }

  /** Validates, logs (one write + one fsync for the whole batch), applies and acknowledges up to MAX_GROUP_COMMIT writes. */
  private async commitBatch(batch: PendingWrite[]): Promise<void> {
    // Validate each write against the live catalog plus the writes before it in the batch.
    const presentAfter = new Map<number, boolean>();
    const accepted: { write: PendingWrite; record: UpdateRecord; result: WriteResult }[] = [];
    let seq = this.writer.nextSeq;
    for (const write of batch) {
      try {
        const present = presentAfter.get(write.movieId) ?? this.recommender.catalog.has(write.movieId);
        const stamp = { v: UPDATE_LOG_FORMAT, ts: this.nextTimestamp(), replica: this.replicaId, seq, catalogVersion: this.catalogVersion };
        let record: UpdateRecord;
        let movie: Movie;
        let derived = false;
        if (write.kind === 'add') {
          movie = write.movie!;
          if (present) throw new ConflictError(`A movie with id ${movie.movieId} already exists.`, { movieId: movie.movieId });
          // Computed BEFORE logging and stored in the record: replay never recomputes.
          const vector = this.recommender.vectorFor(movie, write.embedding);
          // On the float32 values that will be logged: 1e39 is a finite double but Infinity here.
          assertUsableVector(vector, this.dimensions);
          derived = write.embedding === undefined;
          record = { ...stamp, op: 'add', movie, vector: encodeVector(vector), derived };
        } else {
          if (!present) throw new NotFoundError(`No movie with id ${write.movieId}.`, { movieId: write.movieId });
          movie = this.recommender.catalog.get(write.movieId) ?? batchMovie(accepted, write.movieId);
          record = { ...stamp, op: 'remove', movieId: write.movieId };
        }
        presentAfter.set(write.movieId, write.kind === 'add');
        accepted.push({ write, record, result: { movie, derived, replica: this.replicaId, seq } });
        seq += 1;
      } catch (err) {
        write.reject(err);
      }
    }
    if (accepted.length === 0) return;
    let ends: number[];
    try {
      ends = await this.writer.append(accepted.map((a) => a.record));
    } catch (err) {
      this.logger.error({ err, writes: accepted.length }, 'update log append failed; writes rejected');
      for (const a of accepted) a.write.reject(err);
      return;
    }
    const compensations: UpdateRecord[] = [];
    for (const [i, a] of accepted.entries()) {
      this.positions.set(this.writer.fileName, ends[i]!);
      const undo = this.compensationFor(a.record);
      try {
        this.applyRecord(a.record, 'local');
        a.write.resolve(a.result);
      } catch (err) {
        // Validation ran before the log, so this is a bug or an exhausted resource, not bad
        // input. It fails this request only (a 500), never the process.
        this.logger.error({ err, seq: a.record.seq }, 'a logged update could not be applied; logging its undo');
        if (undo) compensations.push(undo);
        a.write.reject(err);
      }
    }
    if (compensations.length > 0) await this.logAndApplyCompensations(compensations);
    this.snapshotIfDue();
  }

  /**
   * The record that undoes `record` if applying it fails: a remove for an add, or for a
   * remove an add of the movie and vector it had. Captured before applying.
   */
  private compensationFor(record: UpdateRecord): UpdateRecord | undefined {
    const stamp = { v: UPDATE_LOG_FORMAT, ts: 0, replica: this.replicaId, seq: 0, catalogVersion: this.catalogVersion };
    if (record.op === 'add') return { ...stamp, op: 'remove', movieId: record.movie.movieId };
    const movie = this.recommender.catalog.get(record.movieId);
    const vector = this.recommender.vectorOf(record.movieId);
    return movie && vector ? { ...stamp, op: 'add', movie, vector: encodeVector(vector), derived: false } : undefined;
  }

  /**
   * What the log holds after a failed apply: the failed record, then its compensation, so
   * replay ends exactly where memory is (as if the write had never been made). If even the
   * compensation cannot be logged, memory and log disagree, so this replica stops taking
   * writes (503) until it restarts and rebuilds its state from the log.
   */
  private async logAndApplyCompensations(records: UpdateRecord[]): Promise<void> {
    let seq = this.writer.nextSeq;
    const stamped = records.map((record) => ({ ...record, ts: this.nextTimestamp(), seq: seq++ }));
    try {
      const ends = await this.writer.append(stamped);
      for (const [i, record] of stamped.entries()) {
        this.positions.set(this.writer.fileName, ends[i]!);
        this.applyRecord(record, 'local');
      }
    } catch (err) {
      this.writesRefused = err as Error;
      this.logger.fatal({ err }, 'could not log or apply the undo of a failed update; refusing writes until restart');
    }
  }

  /**
   * A timestamp later than any seen in any log: local writes then win over every update
   * this replica has already applied, even if another machine's clock runs ahead.
   */
  private nextTimestamp(): number {
    this.maxTs = Math.max(this.now(), this.maxTs + 1);
    return this.maxTs;
  }

  // ── Applying records (local, replayed, or from other replicas) ─────────────────

  /**
   * Applies one record under last-writer-wins.
   * @returns false if a newer update for the same movie was already applied.
   */
  applyRecord(record: UpdateRecord, origin: 'local' | 'remote' | 'replay'): boolean {
    // The checksum proves the bytes are as written, not that the writer wrote sense.
    if (!Number.isFinite(record.ts) || typeof record.replica !== 'string' || !Number.isInteger(record.seq)) {
      throw new TypeError(`Malformed update record stamp: ${JSON.stringify({ ts: record.ts, replica: record.replica, seq: record.seq })}`);
    }
    this.maxTs = Math.max(this.maxTs, record.ts);
    const movieId = record.op === 'add' ? record.movie.movieId : record.movieId;
    const current = this.versions.get(movieId);
    if (current && compareStamps(record, current) <= 0) return false;
    const catalog = this.recommender.catalog;
    if (record.op === 'add') {
      // applyAdd replaces an existing entry (catalog and vector), so a newer add simply wins.
      const vector = this.vectorOf(record);
      // The rule the write path applied before logging; a record from before it is refused here, on every replica alike.
      assertUsableVector(vector, this.dimensions, 'vector');
      this.recommender.applyAdd(record.movie, vector);
      this.added.set(movieId, { movie: record.movie, vector });
    } else {
      if (catalog.has(movieId)) this.recommender.applyRemove(movieId);
      this.added.delete(movieId);
    }
    this.versions.set(movieId, { ts: record.ts, replica: record.replica, seq: record.seq, op: record.op });
    this.appliedCounts[origin] += 1;
    this.lastAppliedMs = this.now();
    this.unsnapshotted += 1;
    return true;
  }

  /** The record's vector; re-derived if it was derived under another catalog version. */
  private vectorOf(record: Extract<UpdateRecord, { op: 'add' }>): Float32Array {
    if (record.catalogVersion !== this.catalogVersion && record.derived) return this.recommender.vectorFor(record.movie);
    if (record.catalogVersion !== this.catalogVersion) {
      this.logger.warn({ movieId: record.movie.movieId, recordCatalog: record.catalogVersion }, 'client-supplied embedding from another catalog version applied as is');
    }
    return decodeVector(record.vector);
  }

  /**
   * Reads and applies new records from every other replica's log (the tailer calls this
   * every `TAIL_INTERVAL_MS`).
   * @returns how many records were read and how many changed state.
   */
  pollOtherReplicas(): { read: number; applied: number } {
    if (this.closed) return { read: 0, applied: 0 };
    const result = this.readAndApply(this.writer.fileName, 'remote');
    if (result.read > 0) this.snapshotIfDue();
    return result;
  }

  /**
   * Start-up replay: reads every log, this replica's own included, from the restored
   * positions. Call until it reads nothing; each call reads at most a few MB per file.
   */
  catchUp(): { read: number; applied: number } {
    return this.readAndApply(undefined, 'replay');
  }

  private readAndApply(skip: string | undefined, origin: 'remote' | 'replay'): { read: number; applied: number } {
    const { records, positions } = readLogsFrom(this.dataDir, this.positions, {
      skip,
      onCorrupt: (file, offset) => this.logger.error({ file, offset }, 'skipped a damaged record in another replica log'),
    });
    let applied = 0;
    for (const { record, file, end } of records) {
      try {
        if (this.applyRecord(record, origin)) applied += 1;
      } catch (err) {
        // A record that passed its checksum but cannot be applied (say, written by a newer
        // version) must not stop every later update, nor crash-loop start-up: skip it, loudly.
        this.logger.error({ err, file, end, seq: record.seq }, 'skipped an update that cannot be applied');
      }
    }
    for (const [file, position] of positions) this.positions.set(file, position);
    if (records.length > 0) this.logger.debug({ read: records.length, applied, origin }, 'applied updates from logs');
    return { read: records.length, applied };
  }

  // ── Snapshots ────────────────────────────────────────────────────────────────

  /** Snapshots if the update-count policy says so. The time policy is a timer in `service.ts`. */
  snapshotIfDue(): void {
    if (this.unsnapshotted >= this.policy.everyUpdates) this.snapshot('update-count');
  }

  /** Snapshots if any applied update is not yet in a snapshot. */
  snapshotIfDirty(reason: string): void {
    if (this.unsnapshotted > 0) this.snapshot(reason);
  }

  /**
   * Writes the index and the update state it reflects, atomically (see `snapshot.ts`).
   * Runs synchronously, so no update can be applied half-way through. Never throws: a
   * failed snapshot only means a slower next start.
   */
  snapshot(reason: string): { ms: number; bytes: number } | undefined {
    const started = performance.now();
    try {
      const updates: SnapshotUpdate[] = [];
      for (const [movieId, version] of this.versions) {
        const present = this.added.get(movieId);
        updates.push({ movieId, ...version, ...(present && version.op === 'add' ? { movie: present.movie, vector: encodeVector(present.vector) } : {}) });
      }
      const written = writeSnapshot(this.dataDir, {
        index: this.index,
        catalogVersion: this.catalogVersion,
        replicaId: this.replicaId,
        positions: Object.fromEntries(this.positions),
        maxTs: this.maxTs,
        updates,
      });
      this.unsnapshotted = 0;
      const ms = performance.now() - started;
      this.logger.info({ reason, ms: Math.round(ms), bytes: written.bytes, movies: this.index.size, file: written.indexFile }, 'snapshot written');
      this.onSnapshot?.('written');
      return { ms, bytes: written.bytes };
    } catch (err) {
      this.logger.error({ err, reason }, 'snapshot failed');
      this.onSnapshot?.('failed');
      return undefined;
    }
  }

  /** Finishes queued writes and closes the log. Further writes are refused. */
  async close(): Promise<void> {
    await this.drainWrites();
    this.closed = true;
    await this.writer.close();
  }
}

function batchMovie(accepted: { record: UpdateRecord }[], movieId: number): Movie {
  for (let i = accepted.length - 1; i >= 0; i--) {
    const record = accepted[i]!.record;
    if (record.op === 'add' && record.movie.movieId === movieId) return record.movie;
  }
  throw new NotFoundError(`No movie with id ${movieId}.`, { movieId });
}
