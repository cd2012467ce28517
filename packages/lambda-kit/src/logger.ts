/**
 * One way to make a logger: Powertools for AWS Lambda Logger, JSON lines on stdout.
 *
 * Lambda ships stdout to CloudWatch Logs, where each line is a JSON object that Logs
 * Insights can filter on (`level`, `function_request_id`, `modelVersion`, ...); in a
 * container, stdout is what `docker logs` and Fargate's log driver collect. Every Lambda
 * function and server in the repo logs through this, so their lines compare one to one.
 *
 * Verbosity comes from `POWERTOOLS_LOG_LEVEL` (DEBUG, INFO, WARN, ERROR, SILENT).
 * Request-scoped keys are added per request by `createApiHandler`.
 */
import { Logger } from '@aws-lambda-powertools/logger';

/**
 * A logger for one service. Create it once at module scope (Lambda's init phase) and share it.
 * @param serviceName the `service` key on every line; `POWERTOOLS_SERVICE_NAME` overrides it
 */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
}

export type { Logger } from '@aws-lambda-powertools/logger';
