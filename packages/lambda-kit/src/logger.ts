/**
 * The repo's default logger: a tiny structured logger on `console`, one JSON object per call.
 *
 * Why not Powertools here (issue 10, cold start): on Lambda, the function is configured
 * with the JSON log format (`loggingFormat: JSON` in cdk.ts), so the Node.js runtime itself
 * writes every `console.*` call as a JSON line with `timestamp`, `level` and `requestId`,
 * and filters by the application log level. What is left for the function to add is small:
 * its service name, `cold_start`, the request ids and its own keys. This file does that
 * and loads nothing, where constructing the Powertools Logger costs several milliseconds
 * of every cold start (measured side by side in apps/footfall-lambda's bench). Powertools
 * stays available, unchanged in its call sites, from `@serverless-ai/lambda-kit/powertools-logger`.
 *
 * Where the line goes:
 * - on Lambda with the JSON log format (`AWS_LAMBDA_LOG_FORMAT=JSON`): `console.info(entry)`
 *   with the entry as an object, which the runtime nests under `message` beside its own
 *   `timestamp`, `level` and `requestId`;
 * - anywhere else (tests, the local server, a container): one flat JSON line of our own,
 *   with `level` and `timestamp` added, DEBUG and INFO on stdout, WARN and above on stderr
 *   (where `console` and Powertools put them).
 *
 * Verbosity: `POWERTOOLS_LOG_LEVEL` (DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT; the same
 * variable as the Powertools variant), else Lambda's `AWS_LAMBDA_LOG_LEVEL`, else INFO.
 */
import type { Context } from 'aws-lambda';

/** Extra keys on one line (a call may pass several objects; later keys win): anything JSON can hold; an `Error` value is written as name, message and stack. */
export type LogFields = Record<string, unknown>;

/**
 * What handlers and servers in the repo call on a logger. The default logger and the
 * Powertools Logger both satisfy it, so either can be passed to `createApiHandler`.
 */
export interface Logger {
  debug(message: string, ...fields: LogFields[]): void;
  info(message: string, ...fields: LogFields[]): void;
  warn(message: string, ...fields: LogFields[]): void;
  error(message: string, ...fields: LogFields[]): void;
  critical(message: string, ...fields: LogFields[]): void;
  /** Keys on every later line of this logger (e.g. the model version, set at init). */
  appendPersistentKeys(keys: LogFields): void;
  /** Keys on every line until `resetKeys` (request-scoped: the API request id, method, path). */
  appendKeys(keys: LogFields): void;
  /** Drops the keys `appendKeys` added; persistent keys stay. */
  resetKeys(): void;
  /** Called once at the start of every invocation: the request id and function name, and `cold_start`. */
  addContext(context: Context): void;
  /** The level in force, e.g. `INFO`. */
  getLevelName(): string;
}

const LEVELS = { DEBUG: 8, INFO: 12, WARN: 16, ERROR: 20, CRITICAL: 24, SILENT: 28 } as const;
type LevelName = keyof typeof LEVELS;

function levelFromEnv(env: NodeJS.ProcessEnv): LevelName {
  const wanted = (env.POWERTOOLS_LOG_LEVEL ?? env.AWS_LAMBDA_LOG_LEVEL ?? 'INFO').toUpperCase();
  if (wanted in LEVELS) return wanted as LevelName;
  return wanted === 'FATAL' ? 'CRITICAL' : wanted === 'TRACE' ? 'DEBUG' : 'INFO';
}

/** JSON.stringify writes an Error as `{}`; this keeps what a reader needs. */
function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack, ...(value.cause === undefined ? {} : { cause: value.cause }) } : value;
}

/**
 * A logger for one service. Create it once at module scope (Lambda's init phase) and share it.
 *
 * `cold_start` is this logger's own flag: true on the first invocation it sees (from
 * `addContext`), false after, and false from the start in an environment Lambda initialised
 * for provisioned concurrency (`AWS_LAMBDA_INITIALIZATION_TYPE`), as Powertools computes it.
 * A logger created inside the handler therefore calls every request cold.
 * @param serviceName the `service` key on every line; `POWERTOOLS_SERVICE_NAME` overrides it
 */
export function createLogger(serviceName: string): Logger {
  const env = process.env;
  const service = env.POWERTOOLS_SERVICE_NAME ?? serviceName;
  const level = levelFromEnv(env);
  const threshold = LEVELS[level];
  const runtimeFormatsJson = env.AWS_LAMBDA_LOG_FORMAT?.toUpperCase() === 'JSON';
  let firstInvocation = env.AWS_LAMBDA_INITIALIZATION_TYPE !== 'provisioned-concurrency';
  let invocation: LogFields = {};
  let persistentKeys: LogFields = {};
  let requestKeys: LogFields = {};

  function write(lineLevel: Exclude<LevelName, 'SILENT'>, message: string, fields: LogFields[]): void {
    if (LEVELS[lineLevel] < threshold) return;
    const entry = Object.assign({ service }, invocation, persistentKeys, requestKeys, ...fields) as LogFields;
    const toStderr = LEVELS[lineLevel] >= LEVELS.WARN; // where console.warn and console.error write
    if (runtimeFormatsJson) {
      // The runtime adds timestamp, level and requestId, nests this object under `message`
      // and writes an Error value as errorType, errorMessage and stackTrace.
      const record = { message, ...entry };
      if (lineLevel === 'DEBUG') console.debug(record);
      else if (lineLevel === 'INFO') console.info(record);
      else if (lineLevel === 'WARN') console.warn(record);
      else console.error(record);
      return;
    }
    const line = `${JSON.stringify({ level: lineLevel, message, timestamp: new Date().toISOString(), ...entry }, errorReplacer)}\n`;
    if (toStderr) process.stderr.write(line);
    else process.stdout.write(line);
  }

  return {
    debug: (message, ...fields) => write('DEBUG', message, fields),
    info: (message, ...fields) => write('INFO', message, fields),
    warn: (message, ...fields) => write('WARN', message, fields),
    error: (message, ...fields) => write('ERROR', message, fields),
    critical: (message, ...fields) => write('CRITICAL', message, fields),
    appendPersistentKeys: (keys) => {
      persistentKeys = { ...persistentKeys, ...keys };
    },
    appendKeys: (keys) => {
      requestKeys = { ...requestKeys, ...keys };
    },
    resetKeys: () => {
      requestKeys = {};
    },
    addContext: (context) => {
      invocation = { cold_start: firstInvocation, function_name: context.functionName, function_request_id: context.awsRequestId };
      firstInvocation = false;
    },
    getLevelName: () => level,
  };
}
