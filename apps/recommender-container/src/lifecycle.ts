/**
 * Process lifecycle: start-up after `listen`, and graceful shutdown on SIGTERM/SIGINT.
 *
 * Shutdown order (ECS sends SIGTERM, waits `stopTimeout`, then SIGKILL):
 *   1. `/readyz` turns 503 so the load balancer stops routing here;
 *   2. the server stops accepting connections and finishes in-flight requests
 *      (idle keep-alive sockets are closed; after `shutdownTimeoutMs` the rest are cut);
 *   3. queued writes finish, a snapshot is written if anything changed, the log is closed;
 *   4. exit 0.
 */
import type { Server } from 'node:http';
import type { Logger } from './logger.js';
import type { RecommenderService } from './state/service.js';

/** Runs start-up in the background; a failure is logged and ends the process (exit 1). */
export function startInBackground(service: RecommenderService, logger: Logger): void {
  service.start().catch((err: unknown) => {
    logger.fatal({ err }, 'start-up failed');
    process.exitCode = 1;
    setImmediate(() => process.exit(1));
  });
}

/** Installs SIGTERM/SIGINT handlers that shut down gracefully, once. */
export function handleShutdownSignals(server: Server, service: RecommenderService, logger: Logger, shutdownTimeoutMs: number): void {
  let shuttingDown = false;
  const shutdown = (signal: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    const started = performance.now();
    logger.info({ signal }, 'shutting down');
    service.beginDrain();
    const forceClose = setTimeout(() => {
      logger.warn({ shutdownTimeoutMs }, 'in-flight requests did not finish in time; closing their connections');
      server.closeAllConnections();
    }, shutdownTimeoutMs);
    forceClose.unref();
    server.close(() => {
      clearTimeout(forceClose);
      service
        .stop()
        .then(() => {
          logger.info({ ms: Math.round(performance.now() - started) }, 'stopped');
          process.exit(0);
        })
        .catch((err: unknown) => {
          logger.fatal({ err }, 'shutdown failed');
          process.exit(1);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}
