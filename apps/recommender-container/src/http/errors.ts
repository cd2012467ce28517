/**
 * One place that turns anything thrown while handling a request into the shared error
 * shape `{"error":{"code","message","details"}}` (via `toErrorResponse` from
 * model-interface, exactly as the Lambda app does).
 *
 * Express's body parser throws `http-errors` objects with a `type` such as
 * `entity.too.large`; `fromBodyParserError` (shared with every Express app in the repo)
 * maps them to the repo's typed errors first. Anything
 * unrecognised is a bug: it is logged with its stack and the client gets an opaque 500.
 *
 * Edit this file when a new kind of thrown error needs its own status.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import {
  fromBodyParserError,
  InvalidInputError,
  MethodNotAllowedError,
  ModelError,
  NotFoundError,
  toErrorResponse,
} from '@serverless-ai/model-interface';
import type { Logger } from '../logger.js';

/** The fields `http-errors` (used by the router) puts on its errors. */
interface HttpLikeError {
  status?: unknown;
  message?: unknown;
}

/** Maps body-parser and router errors to typed `ModelError`s; returns anything else unchanged. */
export function toModelError(err: unknown, contentType?: string): unknown {
  const mapped = fromBodyParserError(err, contentType);
  if (mapped !== err || err instanceof ModelError || err === null || typeof err !== 'object') return mapped;
  const e = err as HttpLikeError;
  // The router answers undecodable path parameters (e.g. `/movies/%E0`) with a 400.
  if (typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    return new InvalidInputError([{ path: [], message: typeof e.message === 'string' ? e.message : 'Bad request' }]);
  }
  return err;
}

/** Final error handler: shared JSON shape, `Allow`/`WWW-Authenticate`/`Retry-After` where they apply. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const mapped = toModelError(err, req.get('content-type'));
    const { status, body } = toErrorResponse(mapped);
    if (status >= 500 && !(mapped instanceof ModelError)) {
      logger.error({ err, method: req.method, url: req.originalUrl, requestId: res.getHeader('x-request-id') }, 'request failed');
    }
    if (res.headersSent) {
      // Too late for a clean error: cut the connection so the client sees a failure, not a truncated 200.
      req.socket.destroy();
      return;
    }
    if (mapped instanceof MethodNotAllowedError) res.set('Allow', mapped.details.allow.join(', '));
    if (status === 401) res.set('WWW-Authenticate', 'Bearer');
    if (status === 503) res.set('Retry-After', '1');
    res.status(status).json(body);
  };
}

/** For `app.route(path).all(...)` after the real methods: 405 naming the allowed ones. */
export function methodNotAllowed(allow: string[]): RequestHandler {
  return (req) => {
    throw new MethodNotAllowedError(req.method, req.route ? String((req.route as { path: unknown }).path) : req.path, allow);
  };
}

/** Last route: 404 for any path the service does not have. */
export const notFound: RequestHandler = (req) => {
  throw new NotFoundError(`No route ${req.method} ${req.path}.`, { method: req.method, path: req.path });
};
