/**
 * The app's one logger module: Powertools for AWS Lambda Logger, JSON lines on stdout.
 *
 * Both halves of the experiment use it: the recommender's Lambda handler (where
 * stdout becomes CloudWatch Logs, as in apps/footfall-lambda) and the footfall
 * container (where stdout is what `docker logs` and Fargate's log driver collect).
 * One format for both keeps the two sides comparable line by line. Verbosity comes
 * from `POWERTOOLS_LOG_LEVEL` (DEBUG, INFO, WARN, ERROR, SILENT); edit this file only
 * to change what every line carries.
 */
import { Logger } from '@aws-lambda-powertools/logger';

/** Service names on the log lines of each half of the experiment. */
export const SERVICE_NAMES = {
  recommenderLambda: 'recommender-lambda',
  footfallContainer: 'footfall-container',
} as const;

/** A logger for one service; `POWERTOOLS_SERVICE_NAME` overrides the name. */
export function createLogger(serviceName: string): Logger {
  return new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? serviceName });
}

export type { Logger } from '@aws-lambda-powertools/logger';
