/**
 * Cold-start stage "Powertools Logger": the hello-world handler plus the Powertools
 * variant of the app's logger module (bench/variants/powertools-logger.ts), constructed
 * at module scope as the handler would. bench/run.ts bundles it with the Lambda settings;
 * its init time minus hello-world's is what the Powertools Logger alone adds to a cold
 * start. Compare the "console logger" stage (console-logger.ts), the default.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '../variants/powertools-logger.js';

/** Answers like hello-world; the logger is only constructed, never called. */
export const handler = (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
  Promise.resolve({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hello: 'world', path: event.rawPath, logLevel: logger.getLevelName() }) });
