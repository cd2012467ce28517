/**
 * The one logger of the service: pino, JSON lines on stdout (what CloudWatch Logs and
 * `docker logs` collect). Request-scoped keys (request id, replica id) go into child
 * loggers as fields, never into message strings, so logs stay queryable.
 *
 * Edit this file to change log format or redaction; nothing else creates a logger.
 */
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Options of `createLogger`. */
export interface LoggerOptions {
  /** pino level. @default 'info' */
  level?: string;
  /** Fields added to every line, e.g. `{ replicaId }`. */
  base?: Record<string, unknown>;
  /** Where lines go. @default stdout */
  destination?: pino.DestinationStream;
}

/** Creates the service logger. Authorization headers are redacted wherever they appear. */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'recommender-container', ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'headers.authorization', 'adminToken'], censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

/** A logger that drops everything: for tests that do not look at logs. */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' });
}
