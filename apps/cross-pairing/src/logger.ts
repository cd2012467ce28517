/**
 * The app's one logger module: Powertools for AWS Lambda Logger, JSON lines on stdout
 * (`createLogger` from @serverless-ai/lambda-kit, as in apps/footfall-lambda).
 *
 * Both halves of the experiment use it: the recommender's Lambda handler (where
 * stdout becomes CloudWatch Logs) and the footfall container (where stdout is what
 * `docker logs` and Fargate's log driver collect). One format for both keeps the two
 * sides comparable line by line. Verbosity comes from `POWERTOOLS_LOG_LEVEL`.
 */

/** Service names on the log lines of each half of the experiment. */
export const SERVICE_NAMES = {
  recommenderLambda: 'recommender-lambda',
  footfallContainer: 'footfall-container',
} as const;

export { createLogger, type Logger } from '@serverless-ai/lambda-kit';
