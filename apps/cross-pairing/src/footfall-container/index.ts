/**
 * Entry point of the footfall container: 1. read the settings, 2. load the model
 * (once, before listening: a container has no init phase to hide it in, but it also
 * pays it once per task, not once per cold start), 3. listen, 4. stop cleanly.
 *
 * Settings: `FOOTFALL_CONTAINER_PORT` (default 3011; 0 picks a free port), `HOST`
 * (default 0.0.0.0, as a container needs), `MODEL_PATH` (default: the committed
 * model), `POWERTOOLS_LOG_LEVEL`.
 */
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadFootfallModel, resolveModelPath } from '@serverless-ai/footfall-model';
import { createLogger, SERVICE_NAMES } from '../logger.js';
import { createServer } from './server.js';

const logger = createLogger(SERVICE_NAMES.footfallContainer);

// 1. Settings, failing fast on a bad port.
const port = Number(process.env.FOOTFALL_CONTAINER_PORT ?? 3011);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  logger.critical('FOOTFALL_CONTAINER_PORT must be an integer between 0 and 65535', { FOOTFALL_CONTAINER_PORT: process.env.FOOTFALL_CONTAINER_PORT });
  process.exit(1);
}
const host = process.env.HOST ?? '0.0.0.0';
const modelPath = resolveModelPath(process.env); // MODEL_PATH, else the committed model: the same rule as the Lambda

// 2. The model.
const model = loadFootfallModel(modelPath);
logger.appendPersistentKeys({ modelVersion: model.version });

// 3. Listen, on a plain node:http server so a failure (port in use) is one 'error' event.
const server = createHttpServer(createServer({ model, logger }));
server.on('error', (err) => {
  logger.critical('Cannot listen', { error: err, host, port });
  process.exit(1);
});
server.listen(port, host, () => {
  const { port: actualPort } = server.address() as AddressInfo;
  logger.info('Footfall container listening', { host, port: actualPort, modelPath, routes: ['POST /predict', 'GET /model', 'GET /healthz'] });
});

// 4. Graceful stop (ECS sends SIGTERM): finish in-flight requests, then exit.
function stop(signal: NodeJS.Signals): void {
  logger.info('Shutting down', { signal });
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 5_000).unref();
}
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
