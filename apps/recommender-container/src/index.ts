/**
 * Entry point: read the configuration, wire the pieces, listen, then load. Nothing else
 * lives here, so everything above it can be tested without a process.
 *
 * The server listens BEFORE the index is loaded: `/healthz` answers at once and
 * `/readyz` says 503 until start-up (seconds at 100k movies) has finished.
 */
import { loadConfig } from './config.js';
import { handleShutdownSignals, startInBackground } from './lifecycle.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createServer } from './server.js';
import { RecommenderService } from './state/service.js';
import { newReplicaId } from './update-log.js';

const config = loadConfig();
const replicaId = config.replicaId ?? newReplicaId();
const logger = createLogger({ level: config.logLevel, base: { replicaId } });
const metrics = createMetrics();
const service = new RecommenderService({
  dataDir: config.dataDir,
  replicaId,
  artifactsDir: config.artifactsDir,
  snapshotPolicy: { everyUpdates: config.snapshotEveryUpdates, intervalMs: config.snapshotIntervalMs },
  tailIntervalMs: config.tailIntervalMs,
  watchUpdates: config.watchUpdates,
  logger,
  metrics,
});
const app = createServer({ service, metrics, logger, adminToken: config.adminToken, bodyLimitBytes: config.bodyLimitBytes });

if (!config.adminToken) logger.warn('ADMIN_TOKEN is not set: the service is read-only and catalog writes answer 403');
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  logger.info({ port: typeof address === 'object' && address ? address.port : config.port, dataDir: config.dataDir }, 'listening');
  startInBackground(service, logger);
});
server.on('error', (err) => {
  logger.fatal({ err }, 'cannot listen');
  process.exit(1);
});
handleShutdownSignals(server, service, logger, config.shutdownTimeoutMs);
