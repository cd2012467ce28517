/**
 * Entry point: read the configuration, wire the pieces, listen, then load. Nothing else
 * lives here, so everything above it can be tested without a process.
 *
 * The server listens BEFORE the index is loaded: `/healthz` answers at once and
 * `/readyz` says 503 until start-up (seconds at 100k movies) has finished.
 */
import { loadConfig } from './config.js';
import { handleShutdownSignals, startInBackground } from './lifecycle.js';
import { wireService } from './wiring.js';

const config = loadConfig();
const { app, service, logger } = wireService(config);

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
