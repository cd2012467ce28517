/**
 * The demo server's one logger (pino, JSON lines on stdout).
 *
 * The orchestrator (orchestrator/processes.ts) reads these lines and prints them compactly
 * under a `[demo]` prefix, so keep request details in fields, not in the message.
 * Edit the level through LOG_LEVEL rather than here.
 */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Creates the app logger. Tests pass `level: 'silent'`. */
export function createLogger(options: { level?: string } = {}): Logger {
  return pino({ name: 'demo-dashboard', level: options.level ?? process.env.LOG_LEVEL ?? 'info' });
}
