/**
 * The service exactly as src/index.ts wires it, plus one hello-world route behind the
 * same middleware (request id, metrics, helmet, JSON body parsing). The bench loads both
 * routes in the same process, so the ratio between them is the cost of the model alone.
 */
import { Router } from 'express';
import { loadConfig } from '../src/config.js';
import { handleShutdownSignals, startInBackground } from '../src/lifecycle.js';
import { createLogger } from '../src/logger.js';
import { createMetrics } from '../src/metrics.js';
import { createServer, jsonBodyParser } from '../src/server.js';
import { RecommenderService } from '../src/state/service.js';
import { newReplicaId } from '../src/update-log.js';

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
const hello = Router();
hello.post('/hello', ...jsonBodyParser(config.bodyLimitBytes), (_req, res) => {
  res.json({ hello: 'world' });
});
const app = createServer({ service, metrics, logger, adminToken: config.adminToken, bodyLimitBytes: config.bodyLimitBytes, extraRoutes: hello });
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  logger.info({ port: typeof address === 'object' && address ? address.port : config.port }, 'listening');
  startInBackground(service, logger);
});
handleShutdownSignals(server, service, logger, config.shutdownTimeoutMs);
