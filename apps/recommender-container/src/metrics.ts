/**
 * Prometheus metrics (prom-client), served at `GET /metrics`.
 *
 * Each service instance gets its own `Registry` rather than prom-client's global one, so
 * tests can build many servers in one process without "metric already registered" errors.
 *
 * Edit this file to add a metric; keep label values bounded (route patterns, not raw URLs).
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Live numbers the gauges read at scrape time. */
export interface MetricsSource {
  /** Movies currently searchable in the index. */
  indexSize(): number;
  /** Unix seconds of the last update applied (0 before the first). */
  lastUpdateAppliedSeconds(): number;
  /** Updates applied so far: written here, read from other replicas, replayed at start-up. */
  updatesApplied(): { local: number; remote: number; replay: number };
  /** The catalog log: reachable, and how far behind its end this replica is. */
  catalogLog(): { connected: boolean; lagRecords: number; lagSeconds: number };
}

/** The service's metrics, all registered on `registry`. */
export interface ServiceMetrics {
  registry: Registry;
  /** Request latency by method, route pattern and status. */
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  /** Seconds each start-up phase took, by phase. */
  startupPhaseSeconds: Gauge<'phase'>;
  /** Snapshots written, by outcome. */
  snapshots: Counter<'outcome'>;
  /** Points the gauges at the live state once it exists. */
  bind(source: MetricsSource): void;
}

/**
 * Creates a registry with default Node.js metrics (heap, RSS, event-loop lag) and the
 * service's own metrics.
 */
export function createMetrics(): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let source: MetricsSource | undefined;

  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency, from the first byte read to the last byte written.',
    labelNames: ['method', 'route', 'status'] as const,
    // Sub-millisecond buckets: recommendations answer in about a millisecond.
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  new Gauge({
    name: 'recommender_index_size',
    help: 'Movies currently searchable in the vector index.',
    registers: [registry],
    collect() {
      this.set(source?.indexSize() ?? 0);
    },
  });
  new Gauge({
    name: 'recommender_last_update_applied_timestamp_seconds',
    help: 'Unix time of the last catalog update applied to the live index (0 if none).',
    registers: [registry],
    collect() {
      this.set(source?.lastUpdateAppliedSeconds() ?? 0);
    },
  });
  new Gauge({
    name: 'recommender_updates_applied',
    help: 'Catalog updates applied since start-up, by origin (local write, another replica, start-up replay).',
    labelNames: ['origin'] as const,
    registers: [registry],
    collect() {
      const counts = source?.updatesApplied() ?? { local: 0, remote: 0, replay: 0 };
      for (const [origin, count] of Object.entries(counts)) this.set({ origin }, count);
    },
  });
  new Gauge({
    name: 'recommender_catalog_log_connected',
    help: '1 while the catalog log takes writes (always for the embedded file; for Redis, while connected), else 0.',
    registers: [registry],
    collect() {
      this.set(source?.catalogLog().connected === false ? 0 : 1);
    },
  });
  new Gauge({
    name: 'recommender_catalog_lag_records',
    help: 'Catalog stream entries not yet applied by this replica (counted up to 10000; 0 for the embedded log).',
    registers: [registry],
    collect() {
      this.set(source?.catalogLog().lagRecords ?? 0);
    },
  });
  new Gauge({
    name: 'recommender_catalog_lag_seconds',
    help: 'Age of the oldest catalog stream entry not yet applied by this replica (0 when caught up).',
    registers: [registry],
    collect() {
      this.set(source?.catalogLog().lagSeconds ?? 0);
    },
  });
  const startupPhaseSeconds = new Gauge({
    name: 'recommender_startup_phase_seconds',
    help: 'Duration of each start-up phase of this process.',
    labelNames: ['phase'] as const,
    registers: [registry],
  });
  const snapshots = new Counter({
    name: 'recommender_snapshots_total',
    help: 'Index snapshots written by this process, by outcome.',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  return {
    registry,
    httpDuration,
    startupPhaseSeconds,
    snapshots,
    bind(next) {
      source = next;
    },
  };
}
