/**
 * Entry of the demo server: read the settings, load the samples, listen, and close
 * cleanly on SIGTERM/SIGINT. Everything else is in server.ts.
 */
import { join } from 'node:path';
import { loadConfig, PACKAGE_DIR } from './config.js';
import { createLogger } from './logger.js';
import { loadFootfallSamples, loadRecommenderSamples } from './samples.js';
import { createServer } from './server.js';

const config = loadConfig();
const logger = createLogger();
const recommender = loadRecommenderSamples(config.recommenderArtifactsDir);

const app = createServer({
  footfallUrl: config.footfallUrl,
  recommenderUrl: config.recommenderUrl,
  footfallSamples: loadFootfallSamples({ sampleDaysPath: config.sampleDaysPath }),
  recommenderSamples: recommender.samples,
  vectorOf: recommender.vectorOf,
  becauseOf: recommender.becauseOf,
  adminToken: config.adminToken,
  summaryPath: config.summaryPath,
  resultsDir: config.resultsDir,
  // Hand-written files first, then the bundled script built from web/.
  staticDirs: [join(PACKAGE_DIR, 'public'), join(PACKAGE_DIR, 'dist', 'public')],
  logger,
});

const server = app.listen(config.port, config.host, (err?: Error) => {
  if (err) {
    logger.fatal({ err, port: config.port }, 'cannot listen');
    process.exit(1);
  }
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ url: `http://${config.host}:${port}`, footfallUrl: config.footfallUrl, recommenderUrl: config.recommenderUrl }, 'demo page listening');
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'shutting down');
    server.close(() => process.exit(0));
    // Keep-alive connections from the browser would hold close() open: end them.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 2_000).unref();
  });
}
