/**
 * Builds the running pieces from the configuration: logger, metrics, the stateful
 * `RecommenderService` and the Express app. The entry file (src/index.ts) and the
 * bench's server (bench/internals/bench-server.ts) both call it, so the bench measures the
 * service exactly as it deploys; only they call `listen`.
 */
import type { Router } from 'express';
import type { ServiceConfig } from './config.js';
import { createLogger, type Logger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createServer } from './server.js';
import { RecommenderService } from './state/service.js';
import { newReplicaId } from './state/update-log.js';

/** What an entry file needs to listen, start loading and shut down. */
export interface WiredService {
  app: ReturnType<typeof createServer>;
  service: RecommenderService;
  logger: Logger;
}

/** Wires the service from `config`; `extraRoutes` sit behind the same middleware (the bench's hello-world). */
export function wireService(config: ServiceConfig, extraRoutes?: Router): WiredService {
  const replicaId = config.replicaId ?? newReplicaId();
  const logger = createLogger({ level: config.logLevel, base: { replicaId } });
  const metrics = createMetrics();
  const service = new RecommenderService({
    dataDir: config.dataDir,
    replicaId,
    artifactsDir: config.artifactsDir,
    snapshotPolicy: { everyUpdates: config.snapshotEveryUpdates, intervalMs: config.snapshotIntervalMs },
    searchEf: config.searchEf,
    ...(config.catalogStreamUrl
      ? {
          catalogStream: {
            url: config.catalogStreamUrl,
            ...(config.catalogStreamPassword ? { password: config.catalogStreamPassword } : {}),
            cluster: config.catalogStreamCluster,
            writeTimeoutMs: config.catalogWriteTimeoutMs,
          },
        }
      : {}),
    logger,
    metrics,
  });
  const app = createServer({ service, metrics, logger, adminToken: config.adminToken, bodyLimitBytes: config.bodyLimitBytes, ...(extraRoutes ? { extraRoutes } : {}) });
  return { app, service, logger };
}
