/**
 * `npm start` / `npm run dev`: the footfall Lambda handler on http://127.0.0.1:3001,
 * no AWS account and no Docker needed.
 *
 * Importing handler.js runs its init phase (the model loads here, once), exactly as
 * Lambda would. Then: 1. read the port, 2. listen, 3. stop cleanly on Ctrl-C.
 * Settings: FOOTFALL_PORT (default 3001; 0 picks a free port), FOOTFALL_HOST (default
 * 127.0.0.1; use 0.0.0.0 inside a container), POWERTOOLS_LOG_LEVEL.
 */
import '@serverless-ai/lambda-kit/lambda-env'; // first: the logger must see Lambda's environment variables
import type { AddressInfo } from 'node:net';
import { handler } from './handler.js';
import { createLocalServer } from './local-server.js';
import { logger } from './logger.js';

// 1. Configuration, failing fast on a bad port rather than listening somewhere unexpected.
const port = Number(process.env.FOOTFALL_PORT ?? 3001);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  logger.critical('FOOTFALL_PORT must be an integer between 0 and 65535', { FOOTFALL_PORT: process.env.FOOTFALL_PORT });
  process.exit(1);
}
const host = process.env.FOOTFALL_HOST ?? '127.0.0.1';

// 2. Listen.
const server = createLocalServer({ handler });
server.on('error', (err) => {
  logger.critical('Local server failed', { error: err });
  process.exit(1);
});
server.listen(port, host, () => {
  const { port: actualPort } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  logger.info('Footfall API listening', { url, port: actualPort, routes: ['POST /predict', 'GET /model'] });
});

// 3. Graceful stop: finish in-flight requests, then exit. A second Ctrl-C forces it.
let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) process.exit(130);
  stopping = true;
  logger.info('Shutting down', { signal });
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => server.closeAllConnections(), 5_000).unref();
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
