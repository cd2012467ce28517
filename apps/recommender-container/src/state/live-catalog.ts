/**
 * The live, mutable state of one replica: the recommender (catalog + HNSW index), the
 * durable write path, applying the catalog log in order, and snapshots.
 *
 * Three rules keep it correct:
 * 1. One order. The catalog log (a file for one replica, a Redis stream for several, see
 *    catalog-log.ts) orders every write; every replica applies records in that order, and
 *    applying is deterministic, so replicas that applied the same prefix hold the same
 *    catalog. An add of an id that is present, or a remove of one that is absent, changes
 *    nothing wherever it is applied (and its writer answers 409 or 404).
 * 2. Durable, then visible, then acknowledged. A write is validated, its vector computed and
 *    checked (`vectorFor`, `assertUsableVector`), the record appended durably, applied here
 *    in log order, and only then acknowledged. Writes queued while an append runs share the
 *    next append (group commit).
 * 3. Idempotent by position. The replica remembers the last position applied and skips
 *    anything at or before it, so re-reading after a reconnect or a restart never applies
 *    a record twice.
 *
 * Edit this file to change write semantics.
 */
import { createHash } from 'node:crypto';
import { ConflictError, ModelError, NotFoundError, NotReadyError } from '@serverless-ai/model-interface';
import type { Movie, MovieRecommender, RecommendInput, RecommendOutput, VectorIndex } from '@serverless-ai/movie-recommender';
import type { CatalogLog, LogEntry } from './catalog-log.js';
import type { Logger } from '../logger.js';
import { CatalogLogUnavailableError, type RedisStreamLog, streamIdMs } from './redis-stream-log.js';
import { decodeVector, encodeVector, UPDATE_LOG_FORMAT, type UpdateRecord } from './update-log.js';
import { readManifestLogPosition, writeSnapshot } from './snapshot.js';
import { assertUsableVector } from './vector-check.js';

/** An add or remove made durable and applied. */
export interface WriteResult {
  movie: Movie;
  /** True if the vector was derived from genres/era, false if the client supplied it. */
  derived: boolean;
  /** The record's place in the catalog log (byte offset, or stream ID). */
  position: string;
}

/** When to snapshot on its own (besides SIGTERM). */
export interface SnapshotPolicy {
  /** Snapshot once this many updates were applied since the last one. */
  everyUpdates: number;
  /** Snapshot at least this often while some updates are not in a snapshot. */
  intervalMs: number;
}

/** Where the replica is in the log: what a snapshot stores and /readyz shows. */
export interface LogProgress {
  /** Last position applied (undefined: nothing yet). */
  position: string | undefined;
  /** Records applied since the log began (from a snapshot's count on). */
  applied: number;
  /** sha256 chained over every applied (position, record): equal on replicas that applied the same sequence. */
  digest: string;
}

/**
 * The state a replica starts from: a snapshot it loaded (index, log position, what the
 * updates changed), or a fresh rebuild (empty changes, no position). `startup.ts` makes
 * it; `LiveCatalog` takes it over and keeps it current.
 */
export interface RestoredState {
  recommender: MovieRecommender;
  index: VectorIndex;
  /** Where in the log the restored index is. */
  progress: LogProgress;
  /** Movies present because of an update, with their vectors (what a snapshot must restore). */
  added: Map<number, { movie: Movie; vector: Float32Array }>;
  /** Movies of the base catalog removed by an update. */
  removedBase: Set<number>;
}

/** Everything `LiveCatalog` is made from; built by `startup.ts`. */
export interface LiveCatalogOptions {
  /** The state to continue from (snapshot or rebuild). */
  restored: RestoredState;
  catalogVersion: string;
  dimensions: number;
  dataDir: string;
  replicaId: string;
  log: CatalogLog;
  snapshotPolicy: SnapshotPolicy;
  /** Longest wait for a durable write to become visible here (shared log). @default 2000 */
  visibleTimeoutMs?: number;
  logger: Logger;
  /** Called after each snapshot attempt, e.g. to count it in metrics. */
  onSnapshot?: (outcome: 'written' | 'failed') => void;
}

/** 503 for a write the catalog log cannot take right now; the client retries (Retry-After). */
export class CatalogUnavailableError extends ModelError {
  readonly status = 503;
  readonly code = 'CATALOG_UNAVAILABLE';
}

interface PendingWrite {
  kind: 'add' | 'remove';
  movie?: Movie;
  embedding?: number[];
  movieId: number;
  resolve: (result: WriteResult) => void;
  reject: (err: unknown) => void;
}

/** What applying one record did. */
type ApplyOutcome = 'applied' | 'conflict' | 'not-found' | Error;

/** Most writes committed by one append; bounds the latency a single huge burst can add. */
const MAX_GROUP_COMMIT = 256;
/** The digest before any record. */
export const EMPTY_DIGEST = createHash('sha256').update('recommender-catalog').digest('hex');

/** See the file header. */
export class LiveCatalog {
  readonly recommender: MovieRecommender;
  readonly dimensions: number;
  readonly catalogVersion: string;
  readonly replicaId: string;
  readonly log: CatalogLog;
  private readonly index: VectorIndex;
  private readonly dataDir: string;
  private readonly added: Map<number, { movie: Movie; vector: Float32Array }>;
  private readonly removedBase: Set<number>;
  private readonly logger: Logger;
  private readonly policy: SnapshotPolicy;
  private readonly visibleTimeoutMs: number;
  private readonly onSnapshot: ((outcome: 'written' | 'failed') => void) | undefined;
  private progress: LogProgress;
  private pending: PendingWrite[] = [];
  private flushActive = false;
  private flushDone: Promise<void> = Promise.resolve();
  private unsnapshotted = 0;
  private lastAppliedMs = 0;
  private readonly appliedCounts = { local: 0, remote: 0, replay: 0 };
  /** Positions this replica appended and is waiting to see applied, with their outcomes once known. */
  private readonly ownPositions = new Map<string, ApplyOutcome | undefined>();
  private visibilityWaiters: { position: string; resolve: () => void }[] = [];
  private closed = false;
  /** Set when the log and memory may disagree (see `logAndApplyCompensations`). */
  private writesRefused: Error | undefined;
  private lag = { records: 0, seconds: 0 };
  /** True since the log last failed an append or a lag probe, until one succeeds (a paused Redis stays "connected"). */
  private logFailing = false;
  private tailing: Promise<void> | undefined;
  /** The last trim started after a snapshot; `close` waits for it (a shutdown snapshot trims too). */
  private pendingTrim: Promise<void> = Promise.resolve();

  constructor(options: LiveCatalogOptions) {
    const { restored } = options;
    this.recommender = restored.recommender;
    this.index = restored.index;
    this.progress = { ...restored.progress };
    this.added = restored.added;
    this.removedBase = restored.removedBase;
    this.dimensions = options.dimensions;
    this.catalogVersion = options.catalogVersion;
    this.dataDir = options.dataDir;
    this.replicaId = options.replicaId;
    this.log = options.log;
    this.policy = options.snapshotPolicy;
    this.visibleTimeoutMs = options.visibleTimeoutMs ?? 2000;
    this.logger = options.logger;
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

  /** True when the log cannot take writes right now (reads still serve from memory). */
  get degraded(): boolean {
    return !this.log.connected || this.logFailing || this.writesRefused !== undefined;
  }

  /** Where this replica is in the log. */
  get logProgress(): LogProgress {
    return { ...this.progress };
  }

  /** Numbers for /metrics and /readyz. */
  stats(): {
    lastAppliedSeconds: number;
    applied: { local: number; remote: number; replay: number };
    unsnapshotted: number;
    lagRecords: number;
    lagSeconds: number;
    connected: boolean;
  } {
    return {
      lastAppliedSeconds: this.lastAppliedMs / 1000,
      applied: { ...this.appliedCounts },
      unsnapshotted: this.unsnapshotted,
      lagRecords: this.lag.records,
      lagSeconds: this.lag.seconds,
      connected: this.log.connected,
    };
  }

  // ── Writes (this replica) ───────────────────────────────────────────────────────

  /**
   * Adds a movie. Resolves once the update is durable and applied here.
   * @throws ConflictError if the id exists (here, or by the time the record is applied),
   *   InvalidInputError for a bad embedding, CatalogUnavailableError if the log cannot take it.
   */
  addMovie(movie: Movie, embedding?: number[]): Promise<WriteResult> {
    return this.enqueue({ kind: 'add', movie, embedding, movieId: movie.movieId });
  }

  /**
   * Removes a movie. Resolves once the update is durable and applied here.
   * @throws NotFoundError if no movie has this id, CatalogUnavailableError as for adds.
   */
  removeMovie(movieId: number): Promise<WriteResult> {
    return this.enqueue({ kind: 'remove', movieId });
  }

  private enqueue(write: Omit<PendingWrite, 'resolve' | 'reject'>): Promise<WriteResult> {
    if (this.closed) return Promise.reject(new NotReadyError('The service is shutting down; retry on another replica.'));
    if (this.writesRefused) return Promise.reject(new CatalogUnavailableError('This replica refuses writes until it restarts (see its error log); retry on another replica.'));
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

  /** Validates, appends (one durable append for the whole batch), waits until applied here, and settles up to MAX_GROUP_COMMIT writes. */
  private async commitBatch(batch: PendingWrite[]): Promise<void> {
    // Validate each write against this replica's catalog plus the writes before it in the batch.
    const presentAfter = new Map<number, boolean>();
    const accepted: { write: PendingWrite; record: UpdateRecord; movie: Movie; derived: boolean }[] = [];
    for (const write of batch) {
      try {
        const present = presentAfter.get(write.movieId) ?? this.recommender.catalog.has(write.movieId);
        const stamp = { v: UPDATE_LOG_FORMAT, ts: Date.now(), replica: this.replicaId, catalogVersion: this.catalogVersion };
        if (write.kind === 'add') {
          const movie = write.movie!;
          if (present) throw new ConflictError(`A movie with id ${movie.movieId} already exists.`, { movieId: movie.movieId });
          // Computed BEFORE logging and stored in the record: replay never recomputes.
          const vector = this.recommender.vectorFor(movie, write.embedding);
          // On the float32 values that will be logged: 1e39 is a finite double but Infinity here.
          assertUsableVector(vector, this.dimensions);
          const derived = write.embedding === undefined;
          accepted.push({ write, movie, derived, record: { ...stamp, op: 'add', movie, vector: encodeVector(vector), derived } });
        } else {
          if (!present) throw new NotFoundError(`No movie with id ${write.movieId}.`, { movieId: write.movieId });
          const movie = this.recommender.catalog.get(write.movieId) ?? batchMovie(accepted, write.movieId);
          accepted.push({ write, movie, derived: false, record: { ...stamp, op: 'remove', movieId: write.movieId } });
        }
        presentAfter.set(write.movieId, write.kind === 'add');
      } catch (err) {
        write.reject(err);
      }
    }
    if (accepted.length === 0) return;

    const positions = await this.appendAndApply(accepted.map((a) => a.record));
    if (!positions) {
      for (const a of accepted) a.write.reject(this.lastAppendError);
      return;
    }
    const compensations: UpdateRecord[] = [];
    for (const [i, a] of accepted.entries()) {
      const position = positions[i]!;
      const outcome = this.ownPositions.get(position);
      this.ownPositions.delete(position);
      if (outcome === 'applied') a.write.resolve({ movie: a.movie, derived: a.derived, position });
      else if (outcome === 'conflict') a.write.reject(new ConflictError(`A movie with id ${a.movie.movieId} was added first by another write.`, { movieId: a.movie.movieId }));
      else if (outcome === 'not-found') a.write.reject(new NotFoundError(`No movie with id ${a.movie.movieId}: another write removed it first.`, { movieId: a.movie.movieId }));
      else {
        // Validation ran before the log, so this is a bug or an exhausted resource, not bad
        // input. It fails this request only (a 500), never the process.
        this.logger.error({ err: outcome, position }, 'a logged update could not be applied; logging its undo');
        const undo = this.compensationFor(a.record, a.movie);
        if (undo) compensations.push(undo);
        a.write.reject(outcome ?? new Error('update applied by no one'));
      }
    }
    if (compensations.length > 0) await this.logAndApplyCompensations(compensations);
    this.snapshotIfDue();
  }

  private lastAppendError: unknown;

  /**
   * Appends records and waits until each is applied here (by this call for the file log,
   * by the tailer for a shared log). Outcomes land in `ownPositions`.
   * @returns their positions, or undefined if the append failed (`lastAppendError` says why).
   */
  private async appendAndApply(records: UpdateRecord[]): Promise<string[] | undefined> {
    let positions: string[];
    try {
      positions = await this.log.append(records);
    } catch (err) {
      this.logger.error({ err, writes: records.length }, 'catalog log append failed; writes rejected');
      if (err instanceof CatalogLogUnavailableError) this.logFailing = true;
      this.lastAppendError = err instanceof CatalogLogUnavailableError ? new CatalogUnavailableError(err.message) : err;
      return undefined;
    }
    this.logFailing = false;
    for (const position of positions) if (!this.ownPositions.has(position)) this.ownPositions.set(position, undefined);
    this.forgetStaleOutcomes();
    if (!this.log.shared) {
      this.applyEntries(positions.map((position, i) => ({ position, record: records[i]! })), 'local');
    } else {
      try {
        await this.waitUntilApplied(positions.at(-1)!);
      } catch (err) {
        for (const position of positions) this.ownPositions.delete(position);
        this.lastAppendError = err;
        return undefined;
      }
    }
    return positions;
  }

  /** Bounds `ownPositions`: outcomes of writes whose writer gave up waiting (503) are never collected. */
  private forgetStaleOutcomes(): void {
    if (this.ownPositions.size <= 10_000) return;
    for (const position of [...this.ownPositions.keys()].slice(0, this.ownPositions.size - 5_000)) this.ownPositions.delete(position);
  }

  /** Resolves once the tailer has applied `position`; rejects with 503 after `visibleTimeoutMs`. */
  private waitUntilApplied(position: string): Promise<void> {
    if (this.progress.position !== undefined && this.log.compare(this.progress.position, position) >= 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.visibilityWaiters = this.visibilityWaiters.filter((w) => w.resolve !== done);
        reject(
          new CatalogUnavailableError(
            `The write is durable in the catalog stream but was not applied here within ${this.visibleTimeoutMs} ms, so it is not acknowledged; it will appear on every replica shortly (a retried add then answers 409).`,
            { position },
          ),
        );
      }, this.visibleTimeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.visibilityWaiters.push({ position, resolve: done });
    });
  }

  /**
   * The record that undoes `record` if applying it fails: a remove for an add, or for a
   * remove an add of the movie and vector it had. Captured before applying.
   */
  private compensationFor(record: UpdateRecord, movie: Movie): UpdateRecord | undefined {
    const stamp = { v: UPDATE_LOG_FORMAT, ts: Date.now(), replica: this.replicaId, catalogVersion: this.catalogVersion };
    if (record.op === 'add') return { ...stamp, op: 'remove', movieId: record.movie.movieId };
    const vector = this.recommender.vectorOf(record.movieId);
    return vector ? { ...stamp, op: 'add', movie, vector: encodeVector(vector), derived: false } : undefined;
  }

  /**
   * What the log holds after a failed apply: the failed record, then its compensation, so
   * replay ends exactly where memory is (as if the write had never been made). If even the
   * compensation cannot be logged, memory and log may disagree, so this replica stops taking
   * writes (503) until it restarts and rebuilds its state from the log.
   */
  private async logAndApplyCompensations(records: UpdateRecord[]): Promise<void> {
    const positions = await this.appendAndApply(records);
    if (positions) for (const position of positions) this.ownPositions.delete(position);
    else {
      this.writesRefused = this.lastAppendError as Error;
      this.logger.fatal({ err: this.lastAppendError }, 'could not log the undo of a failed update; refusing writes until restart');
    }
  }

  // ── Applying the log ───────────────────────────────────────────────────────────

  /**
   * Applies entries in log order, skipping any at or before the last applied position.
   * Never throws: a record that cannot be applied is skipped, loudly, on every replica alike.
   * @returns how many entries were new.
   */
  applyEntries(entries: LogEntry[], origin: 'local' | 'remote' | 'replay'): number {
    let fresh = 0;
    for (const { position, record } of entries) {
      if (this.progress.position !== undefined && this.log.compare(position, this.progress.position) <= 0) continue;
      const outcome = this.applyRecord(record);
      if (outcome instanceof Error) this.logger.error({ err: outcome, position }, 'skipped an update that cannot be applied');
      this.progress = {
        position,
        applied: this.progress.applied + 1,
        digest: createHash('sha256').update(`${this.progress.digest}\n${position}\n${JSON.stringify(record)}`).digest('hex'),
      };
      // Records this replica wrote: the tailer may apply one before its XADD reply has even
      // been handled, so the outcome is kept by position until the writer collects it.
      const own = record.replica === this.replicaId && (origin !== 'replay' || this.ownPositions.has(position));
      if (own) this.ownPositions.set(position, outcome);
      this.appliedCounts[own ? 'local' : origin === 'local' ? 'remote' : origin] += 1;
      this.lastAppliedMs = Date.now();
      this.unsnapshotted += 1;
      fresh += 1;
    }
    if (fresh > 0 && this.visibilityWaiters.length > 0) {
      const current = this.progress.position!;
      const ready = this.visibilityWaiters.filter((w) => this.log.compare(w.position, current) <= 0);
      this.visibilityWaiters = this.visibilityWaiters.filter((w) => this.log.compare(w.position, current) > 0);
      for (const waiter of ready) waiter.resolve();
    }
    return fresh;
  }

  /** Applies one record to memory: deterministic, so every replica reaches the same state. */
  private applyRecord(record: UpdateRecord): ApplyOutcome {
    try {
      const catalog = this.recommender.catalog;
      if (record.op === 'add') {
        const movieId = record.movie.movieId;
        if (catalog.has(movieId)) return 'conflict';
        const vector = this.vectorOf(record);
        // The rule the write path applied before logging; a record from before it is refused here, on every replica alike.
        assertUsableVector(vector, this.dimensions, 'vector');
        this.recommender.applyAdd(record.movie, vector);
        this.added.set(movieId, { movie: record.movie, vector });
        return 'applied';
      }
      if (record.op === 'remove') {
        if (!catalog.has(record.movieId)) return 'not-found';
        this.recommender.applyRemove(record.movieId);
        if (!this.added.delete(record.movieId)) this.removedBase.add(record.movieId);
        return 'applied';
      }
      return new TypeError(`Unknown update op ${JSON.stringify((record as { op?: unknown }).op)}`);
    } catch (err) {
      return err instanceof Error ? err : new Error(String(err));
    }
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
   * Start-up replay: reads the log after the restored position and applies it. Call until
   * it returns 0; each call reads at most `max` records.
   */
  async catchUp(max = 5000): Promise<number> {
    const entries = await this.log.readAfter(this.progress.position, max);
    this.applyEntries(entries, 'replay');
    return entries.length;
  }

  /**
   * Shared log only: tails the stream with a blocking read from the last applied ID until
   * `close`. A failure (Redis gone, paused) is retried with backoff from the same ID, so
   * nothing is skipped and nothing applied twice.
   */
  // #region replica-tailing
  startTailing(): void {
    const log = this.log as RedisStreamLog;
    if (!this.log.shared || this.tailing) return;
    this.tailing = (async () => {
      let backoff = 50;
      while (!this.closed) {
        try {
          const entries = await log.waitAfter(this.progress.position ?? '0-0', 1000);
          if (this.closed) return;
          if (entries.length > 0) {
            this.applyEntries(entries, 'remote');
            this.snapshotIfDue();
          }
          backoff = 50;
        } catch (err) {
          if (this.closed) return;
          this.logger.warn({ err, retryInMs: backoff }, 'tailing the catalog stream failed; retrying from the last applied ID');
          await new Promise((resolve) => setTimeout(resolve, backoff));
          backoff = Math.min(backoff * 2, 2000);
        }
      }
    })();
  }
  // #endregion replica-tailing

  /** Shared log only: measures how far behind the stream this replica is (records and seconds), for /metrics. */
  async refreshLag(): Promise<void> {
    if (!this.log.shared) return;
    try {
      const { count, firstId } = await (this.log as RedisStreamLog).countAfter(this.progress.position, 10_000);
      this.lag = { records: count, seconds: firstId ? Math.max(0, (Date.now() - streamIdMs(firstId)) / 1000) : 0 };
      this.logFailing = false;
    } catch {
      // Unreachable or paused: lag is unknown; keep the last figures, and say degraded.
      this.logFailing = true;
    }
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
   * Writes the index and the log position it reflects, atomically (see `snapshot.ts`).
   * Runs synchronously, so no update can be applied half-way through. Never throws: a
   * failed snapshot only means a slower next start. With a shared log, the stream is then
   * trimmed below the snapshot this one replaced (see `trimAfterSnapshot`).
   */
  snapshot(reason: string): { ms: number; bytes: number } | undefined {
    const started = performance.now();
    try {
      const replaced = readManifestLogPosition(this.dataDir, this.catalogVersion, this.log.kind);
      const written = writeSnapshot(this.dataDir, {
        index: this.index,
        catalogVersion: this.catalogVersion,
        replicaId: this.replicaId,
        log: { kind: this.log.kind, ...this.progress },
        added: [...this.added.values()].map(({ movie, vector }) => ({ movie, vector: encodeVector(vector) })),
        removedBase: [...this.removedBase],
      });
      this.unsnapshotted = 0;
      const ms = performance.now() - started;
      this.logger.info({ reason, ms: Math.round(ms), bytes: written.bytes, movies: this.index.size, file: written.indexFile, position: this.progress.position }, 'snapshot written');
      this.onSnapshot?.('written');
      if (this.log.shared && replaced !== undefined) this.pendingTrim = this.pendingTrim.then(() => this.trimAfterSnapshot(replaced));
      return { ms, bytes: written.bytes };
    } catch (err) {
      this.logger.error({ err, reason }, 'snapshot failed');
      this.onSnapshot?.('failed');
      return undefined;
    }
  }

  /**
   * Trimming policy: after publishing a snapshot, trim the stream below the position of the
   * snapshot it REPLACED, never below the new one. A task that read the previous manifest a
   * moment ago can still replay from it; one that starts later reads the new manifest. A
   * task finding its snapshot older than the trim point refuses to start (startup.ts).
   */
  private async trimAfterSnapshot(replacedPosition: string): Promise<void> {
    try {
      await (this.log as RedisStreamLog).trimBelow(replacedPosition);
      this.logger.info({ below: replacedPosition }, 'trimmed the catalog stream below the previous snapshot');
    } catch (err) {
      this.logger.warn({ err }, 'could not trim the catalog stream; it will be trimmed after the next snapshot');
    }
  }

  /** Finishes queued writes, stops tailing and closes the log. Further writes are refused. */
  async close(): Promise<void> {
    await this.drainWrites();
    this.closed = true;
    await this.pendingTrim;
    await this.log.close();
    await this.tailing;
  }
}

function batchMovie(accepted: { record: UpdateRecord }[], movieId: number): Movie {
  for (let i = accepted.length - 1; i >= 0; i--) {
    const record = accepted[i]!.record;
    if (record.op === 'add' && record.movie.movieId === movieId) return record.movie;
  }
  throw new NotFoundError(`No movie with id ${movieId}.`, { movieId });
}
