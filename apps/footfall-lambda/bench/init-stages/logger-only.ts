/**
 * Cold-start stage "Powertools Logger": the hello-world handler plus the app's real
 * logger module (src/logger.ts), constructed at module scope as the handler does.
 * bench/run.ts bundles it with the Lambda settings; its init time minus hello-world's
 * is what the logger alone adds to a cold start.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../../src/logger.js';

/** Answers like hello-world; the logger is only constructed, never called. */
export const handler = (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: 'world', path: event.rawPath, logLevel: logger.getLevelName() }) });
