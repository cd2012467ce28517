/**
 * Cold-start stage "console logger": the hello-world handler plus the app's real logger
 * module (src/logger.ts, lambda-kit's default logger on `console`), constructed at module
 * scope as the handler does. Beside logger-only.ts (the Powertools Logger) in the same
 * rounds, so the two loggers' init costs compare side by side.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../../src/logger.js';

/** Answers like hello-world; the logger is only constructed, never called. */
export const handler = (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: 'world', path: event.rawPath, logLevel: logger.getLevelName() }) });
