/**
 * Needed when you change what the throughput bench compares against: the service plus a hello-world route.
 *
 * The service wired exactly as src/index.ts wires it (src/wiring.ts), plus one hello-world route behind the
 * same middleware (request id, metrics, helmet, JSON body parsing). The bench loads both
 * routes in the same process, so the ratio between them is the cost of the model alone.
 */
import { Router } from 'express';
import { loadConfig } from '../../src/config.js';
import { handleShutdownSignals, startInBackground } from '../../src/lifecycle.js';
import { jsonBodyParser } from '../../src/server.js';
import { wireService } from '../../src/wiring.js';

const config = loadConfig();
const hello = Router();
hello.post('/hello', ...jsonBodyParser(config.bodyLimitBytes), (_req, res) => {
  res.json({ hello: 'world' });
});
const { app, service, logger } = wireService(config, hello);
const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  logger.info({ port: typeof address === 'object' && address ? address.port : config.port }, 'listening');
  startInBackground(service, logger);
});
handleShutdownSignals(server, service, logger, config.shutdownTimeoutMs);
