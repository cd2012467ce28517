/**
 * The service's lifecycle around the live catalog: starting → ready → draining → stopped
 * (or failed), and the background work a ready replica does: tailing the shared catalog
 * stream (when there is one), measuring its lag, and taking periodic snapshots.
 *
 * Routes never touch the catalog before it exists: they call `live()`, which throws
 * `NotReadyError` (503) until start-up has finished.
 *
 * Edit this file to change background behaviour (poll intervals, snapshot timing) or
 * what shutdown does.
 */
import { NotReadyError } from '@serverless-ai/model-interface';
import type { RecommenderArtifacts } from '@serverless-ai/movie-recommender';
import type { Logger } from '../logger.js';
import type { ServiceMetrics } from '../metrics.js';
import type { LiveCatalog, LogProgress, SnapshotPolicy } from './live-catalog.js';
import { startLiveCatalog, type CatalogStreamSettings, type StartupResult } from './startup.js';

/** Where the service is in its life. */
export type ServicePhase = 'starting' | 'ready' | 'draining' | 'stopped' | 'failed';

/** What `/readyz` reports. */
export interface Readiness {
  /** `ready`: take traffic. `degraded`: reads serve, writes answer 503 (the catalog log is unreachable); still routable. */
  status: 'ready' | 'degraded' | 'not-ready';
  phase: ServicePhase;
  catalog?: LogProgress & { log: 'file' | 'redis-stream'; connected: boolean; lagRecords: number; lagSeconds: number };
}

/** What routes need from the service: readiness, and the catalog once it is ready. */
export interface ServiceHandle {
  readonly phase: ServicePhase;
  /** What `/readyz` says. */
  readiness(): Readiness;
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
  /** HNSW search breadth; see `StartupOptions.searchEf`. */
  searchEf?: number;
  /** The shared catalog stream (Redis); absent: the embedded file log (one replica). */
  catalogStream?: CatalogStreamSettings;
  logger: Logger;
  metrics?: ServiceMetrics;
}

/** See the file header. */
export class RecommenderService implements ServiceHandle {
  private current: ServicePhase = 'starting';
  private catalog: LiveCatalog | undefined;
  private timers: NodeJS.Timeout[] = [];
  /** Filled in once start-up succeeds. */
  startup: StartupResult | undefined;

  constructor(private readonly options: RecommenderServiceOptions) {}

  get phase(): ServicePhase {
    return this.current;
  }

  readiness(): Readiness {
    const live = this.catalog;
    if (this.current !== 'ready' || !live) return { status: 'not-ready', phase: this.current };
    const stats = live.stats();
    return {
      status: live.degraded ? 'degraded' : 'ready',
      phase: this.current,
      catalog: { log: live.log.kind, ...live.logProgress, connected: stats.connected, lagRecords: stats.lagRecords, lagSeconds: stats.lagSeconds },
    };
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
        ...(options.catalogStream ? { catalogStream: options.catalogStream } : {}),
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
        catalogLog: () => live.stats(),
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
    this.timers.push(setInterval(() => live.snapshotIfDirty('interval'), options.snapshotPolicy.intervalMs));
    if (live.log.shared) {
      live.startTailing();
      this.timers.push(setInterval(() => void live.refreshLag(), 1000));
    }
    for (const timer of this.timers) timer.unref();
    this.snapshotSoonIfWorthIt(live, result);
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
    const live = this.catalog;
    this.current = 'stopped';
    if (!live) return;
    this.catalog = undefined;
    await live.drainWrites();
    if (options.snapshot !== false) live.snapshotIfDirty('shutdown');
    await live.close();
  }
}
