/**
 * The Powertools variant of src/logger.ts: the same module, with Powertools for AWS Lambda
 * Logger instead of lambda-kit's default logger. bench/run.ts builds the real handler with
 * this file in place of src/logger.ts (an esbuild plugin swaps the import), so the
 * `powertoolsVariant` cold start differs from footfall's by the logger alone.
 */
import { createPowertoolsLogger } from '@serverless-ai/lambda-kit/powertools-logger';

/** Service name on every line; `POWERTOOLS_SERVICE_NAME` overrides it. */
export const SERVICE_NAME = 'footfall-predictor';

/** The shared logger instance, as src/logger.ts exports it. */
export const logger = createPowertoolsLogger(SERVICE_NAME);
