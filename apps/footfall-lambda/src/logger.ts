/**
 * The app's one logger: Powertools for AWS Lambda Logger, JSON lines on stdout
 * (`createLogger` in @serverless-ai/lambda-kit, the same for every function in the repo).
 *
 * Lambda ships stdout to CloudWatch Logs, where each line is a JSON object that Logs
 * Insights can filter on (`level`, `function_request_id`, `modelVersion`, ...). The
 * local server uses the same logger, so what you see in the terminal is what you would
 * see in CloudWatch.
 *
 * Edit the verbosity through the `POWERTOOLS_LOG_LEVEL` environment variable (DEBUG,
 * INFO, WARN, ERROR, SILENT), not here. Request-scoped keys are added per request by the
 * handler (`createApiHandler`), the model version at init (`appendPersistentKeys`).
 */
import { createLogger } from '@serverless-ai/lambda-kit';

/** Service name on every line; `POWERTOOLS_SERVICE_NAME` overrides it. */
export const SERVICE_NAME = 'footfall-predictor';

/** The shared logger instance. Import it; never create a second one. */
export const logger = createLogger(SERVICE_NAME);
