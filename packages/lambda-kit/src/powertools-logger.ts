/**
 * `@serverless-ai/lambda-kit/powertools-logger`: the measured alternative to the default
 * logger, Powertools for AWS Lambda (TypeScript) Logger.
 *
 * The convention many teams use: one library for log sampling, log buffering, correlation
 * ids from the event, child loggers, the same keys in every language Powertools supports,
 * and a JSON line that does not depend on the function's log format. Pick it when you
 * need those. What it costs is init time: constructing it loads the library (and
 * node:crypto), measured in apps/footfall-lambda's bench as `coldStart.powertoolsVariant`
 * and the `powertoolsLogger` init stage. A separate subpath so that a handler bundle using
 * the default logger never contains it.
 *
 * It satisfies the kit's `Logger` interface, so `createApiHandler` takes either, and the
 * lines carry the same keys (`level`, `message`, `service`, `cold_start`,
 * `function_request_id`, ...). Verbosity comes from `POWERTOOLS_LOG_LEVEL`.
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from './logger.js';

/**
 * A Powertools Logger for one service. Create it once at module scope and share it.
 * @param serviceName the `service` key on every line; `POWERTOOLS_SERVICE_NAME` overrides it
 */
export function createPowertoolsLogger(serviceName: string): PowertoolsLogger & Logger {
  return new PowertoolsLogger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
}
