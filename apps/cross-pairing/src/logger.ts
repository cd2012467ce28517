/**
 * The app's one logger module: lambda-kit's default logger, one JSON object per call
 * (`createLogger` from @serverless-ai/lambda-kit, as in apps/footfall-lambda; on Lambda,
 * with the JSON log format, the runtime adds timestamp, level and requestId).
 *
 * Both halves of the experiment use it: the recommender's Lambda handler (where
 * stdout becomes CloudWatch Logs) and the footfall container (where stdout is what
 * `docker logs` and Fargate's log driver collect). One format for both keeps the two
 * sides comparable line by line. Verbosity comes from `POWERTOOLS_LOG_LEVEL`. The Powertools
 * Logger is the measured alternative (`@serverless-ai/lambda-kit/powertools-logger`).
 */

/** Service names on the log lines of each half of the experiment. */
export const SERVICE_NAMES = {
  recommenderLambda: 'recommender-lambda',
  footfallContainer: 'footfall-container',
} as const;

export { createLogger, type Logger } from '@serverless-ai/lambda-kit';
