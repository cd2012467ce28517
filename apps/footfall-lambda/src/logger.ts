/**
 * The app's one logger: lambda-kit's default logger, one JSON object per call
 * (`createLogger` in @serverless-ai/lambda-kit, the same for every function in the repo).
 *
 * On Lambda the function uses the JSON log format (lambda-kit's cdk.ts), so the Node.js
 * runtime writes each line as JSON with its own `timestamp`, `level` and `requestId`, and
 * this logger's keys (`service`, `cold_start`, `function_request_id`, `modelVersion`, ...)
 * under `message`, where CloudWatch Logs Insights can filter on them. Locally (tests, the
 * local server) the logger writes the same keys as one flat JSON line itself.
 *
 * Why not Powertools Logger: it costs several milliseconds of every cold start (bench:
 * `coldStart.powertoolsVariant`, the `powertoolsLogger` stage). To use it anyway, swap
 * `createLogger` for `createPowertoolsLogger` from `@serverless-ai/lambda-kit/powertools-logger`:
 * the call sites stay the same (bench/variants/powertools-logger.ts is that swap).
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
