/**
 * The service's lifecycle around the live catalog: starting → ready → draining → stopped
 * (or failed), and the background work a ready replica does: tailing other replicas'
 * logs and taking periodic snapshots.
 *
 * Routes never touch the catalog before it exists: they call `live()`, which throws
 * `NotReadyError` (503) until start-up has finished.
 *
 * Edit this file to change background behaviour (poll intervals, snapshot timing) or
 * what shutdown does.
 */
import { watch, type FSWatcher, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { NotReadyError } from '@serverless-ai/model-interface';
import type { RecommenderArtifacts } from '@serverless-ai/movie-recommender';
import type { Logger } from '../logger.js';
import type { ServiceMetrics } from '../metrics.js';
import { UPDATES_DIR } from '../update-log.js';
import type { LiveCatalog, SnapshotPolicy } from './live-catalog.js';
import { startLiveCatalog, type StartupResult } from './startup.js';

/** Where the service is in its life. */
export type ServicePhase = 'starting' | 'ready' | 'draining' | 'stopped' | 'failed';

/** What routes need from the service: readiness, and the catalog once it is ready. */
export interface ServiceHandle {
  readonly phase: ServicePhase;
  /** @throws NotReadyError until start-up has finished, and after shutdown. */
  live(): LiveCatalog;
}

/** Settings of `RecommenderService`. */
export interface RecommenderServiceOptions {
  dataDir: string;
  replicaId: string;
  artifactsDir?: string;
  /** In-memory artifacts (tests). */
  artifacts?: RecommenderArtifacts;
  snapshotPolicy: SnapshotPolicy;
  /** How often other replicas' logs are polled. */
  tailIntervalMs: number;
  /** HNSW search breadth; see `StartupOptions.searchEf`. */
  searchEf?: number;
  /** Poll as soon as `fs.watch` reports a change, too. @default true */
  watchUpdates?: boolean;
  logger: Logger;
  metrics?: ServiceMetrics;
}

/** See the file header. */
export class RecommenderService implements ServiceHandle {
  private current: ServicePhase = 'starting';
  private catalog: LiveCatalog | undefined;
  private timers: NodeJS.Timeout[] = [];
  private watcher: FSWatcher | undefined;
  private watchPending = false;
  /** Filled in once start-up succeeds. */
  startup: StartupResult | undefined;

  constructor(private readonly options: RecommenderServiceOptions) {}

  get phase(): ServicePhase {
    return this.current;
  }

  live(): LiveCatalog {
    if ((this.current === 'ready' || this.current === 'draining') && this.catalog) return this.catalog;
    const why = { starting: 'still loading the index and replaying updates', failed: 'start-up failed', stopped: 'shutting down' }[this.current as 'starting' | 'failed' | 'stopped'];
    throw new NotReadyError(`The recommender is not ready: ${why ?? this.current}.`, { phase: this.current });
  }

  /** Runs start-up and begins background work. Rejects (and enters `failed`) if start-up fails. */
  async start(): Promise<StartupResult> {
    const { options } = this;
    try {
      const result = await startLiveCatalog({
        artifactsDir: options.artifactsDir,
        artifacts: options.artifacts,
        dataDir: options.dataDir,
        replicaId: options.replicaId,
        snapshotPolicy: options.snapshotPolicy,
        searchEf: options.searchEf,
        logger: options.logger,
        onPhase: (phase, ms) => options.metrics?.startupPhaseSeconds.set({ phase }, ms / 1000),
        onSnapshot: (outcome) => options.metrics?.snapshots.inc({ outcome }),
      });
      if (this.current !== 'starting') {
        // Shut down while starting: do not come alive afterwards.
        await result.live.close();
        return result;
      }
      this.startup = result;
      this.catalog = result.live;
      const live = result.live;
      options.metrics?.bind({
        indexSize: () => live.indexSize,
        lastUpdateAppliedSeconds: () => live.stats().lastAppliedSeconds,
        updatesApplied: () => live.stats().applied,
      });
      this.current = 'ready';
      this.startBackgroundWork(live, result);
      return result;
    } catch (err) {
      this.current = 'failed';
      throw err;
    }
  }

  private startBackgroundWork(live: LiveCatalog, result: StartupResult): void {
    const { options } = this;
    const poll = () => {
      try {
        live.pollOtherReplicas();
      } catch (err) {
        options.logger.error({ err }, 'polling other replicas failed');
      }
    };
    this.timers.push(setInterval(poll, options.tailIntervalMs));
    this.timers.push(setInterval(() => live.snapshotIfDirty('interval'), options.snapshotPolicy.intervalMs));
    for (const timer of this.timers) timer.unref();
    if (options.watchUpdates !== false) this.watchForUpdates(poll);
    this.snapshotSoonIfWorthIt(live, result);
  }

  /**
   * inotify as a hint: local replicas then converge in milliseconds. On NFS (EFS) it does
   * not see other machines' writes, which is why the interval poll is the real mechanism.
   */
  private watchForUpdates(poll: () => void): void {
    try {
      const dir = join(this.options.dataDir, UPDATES_DIR);
      mkdirSync(dir, { recursive: true });
      this.watcher = watch(dir, () => {
        if (this.watchPending) return;
        this.watchPending = true;
        setTimeout(() => {
          this.watchPending = false;
          if (this.current === 'ready') poll();
        }, 5).unref();
      });
      this.watcher.on('error', () => this.watcher?.close());
      this.watcher.unref();
    } catch {
      // No watch support here: polling alone keeps the bound.
    }
  }

  private snapshotSoonIfWorthIt(live: LiveCatalog, result: StartupResult): void {
    const { options } = this;
    // A rebuilt index, or a long replay, is worth saving now so the next start is fast.
    if (result.indexSource === 'rebuild' || result.replayed >= options.snapshotPolicy.everyUpdates) {
      setImmediate(() => {
        if (this.current === 'ready') live.snapshot(result.indexSource === 'rebuild' ? 'after-rebuild' : 'after-replay');
      });
    }
  }

  /** Marks the service as draining: `/readyz` turns 503 so load balancers stop sending traffic. */
  beginDrain(): void {
    if (this.current === 'ready' || this.current === 'starting') this.current = this.current === 'ready' ? 'draining' : 'stopped';
  }

  /**
   * Stops background work, waits for queued writes, snapshots if anything changed since
   * the last snapshot, and closes the log. Safe to call twice.
   * @param options.snapshot false skips the shutdown snapshot, so the next start must rebuild
   *   its state from the log alone, as after `kill -9` (tests). @default true
   */
  async stop(options: { snapshot?: boolean } = {}): Promise<void> {
    this.beginDrain();
    for (const timer of this.timers) clearInterval(timer);
    this.timers = [];
    this.watcher?.close();
    const live = this.catalog;
    this.current = 'stopped';
    if (!live) return;
    this.catalog = undefined;
    await live.drainWrites();
    if (options.snapshot !== false) live.snapshotIfDirty('shutdown');
    await live.close();
  }
}
