/**
 * The Lambda entry point every HTTP function shares: event in, route, error mapping, one log line out.
 *
 * A handler built here accepts API Gateway payload 2.0 and 1.0 proxy events, dispatches
 * on a route table, and answers every outcome as JSON: errors in the shared shape
 * `{"error":{"code","message","details"}}` from `toErrorResponse` in
 * @serverless-ai/model-interface, a 405 with an `Allow` header. A 5xx keeps its details
 * in the log, never in the answer. Each request logs one `Request handled` line with its
 * status and duration, tagged with Lambda's and API Gateway's request ids.
 *
 * The function's own file keeps what is specific to it: its init phase (at module
 * scope, once per execution environment) and its routes.
 */
import type { Context } from 'aws-lambda';
import { MethodNotAllowedError, toErrorResponse } from '@serverless-ai/model-interface';
import { jsonResult, toHttpRequest, type ApiGatewayProxyEvent, type HttpResult } from './http-event.js';
import type { Logger } from './logger.js';
import { dispatch, type RouteTable } from './router.js';

/** A Lambda handler for API Gateway proxy events. */
export type ApiHandler = (event: ApiGatewayProxyEvent, context: Context) => Promise<HttpResult>;

/** What `createApiHandler` needs. */
export interface ApiHandlerOptions {
  /** Path → method → route handler. */
  routes: RouteTable;
  /** The function's logger (see `createLogger`). */
  logger: Logger;
}

/** Builds the entry point (`export const handler = createApiHandler(...)`) for a route table. */
export function createApiHandler({ routes, logger }: ApiHandlerOptions): ApiHandler {
  // eslint-disable-next-line @typescript-eslint/require-await -- the Node.js runtime awaits a promise; the work itself is synchronous.
  return async (event, context) => {
    const started = performance.now();
    logger.addContext(context);
    let result: HttpResult;
    try {
      const request = toHttpRequest(event);
      logger.appendKeys({ apiRequestId: request.apiRequestId, method: request.method, path: request.path });
      result = dispatch(routes, request);
    } catch (err) {
      result = errorResult(err, logger);
    }
    logger.info('Request handled', { statusCode: result.statusCode, durationMs: roundMs(performance.now() - started) });
    logger.resetKeys();
    return result;
  };
}

/**
 * The JSON answer for anything a route threw: a typed error's 4xx, or an opaque 500.
 * Logs a rejected request as a warning, an unexpected error (with its stack) as an error.
 */
export function errorResult(err: unknown, logger: Logger): HttpResult {
  const { status, body } = toErrorResponse(err);
  if (status >= 500) {
    // The client gets an opaque message; the details go to the log only.
    logger.error('Unhandled error', { error: err });
  } else {
    logger.warn('Request rejected', { errorCode: body.error.code, errorMessage: body.error.message });
  }
  const headers: Record<string, string> = err instanceof MethodNotAllowedError ? { allow: err.details.allow.join(', ') } : {};
  return jsonResult(status, body, headers);
}

/** Milliseconds rounded to the microsecond, for log lines. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
