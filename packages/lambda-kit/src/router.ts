/**
 * A route table and the one function that dispatches on it.
 *
 * Two routes do not need a framework, but they do need the HTTP semantics right: an
 * unknown path is a 404, a known path with the wrong method is a 405 that lists the
 * methods that would work (the handler turns that list into the `Allow` header).
 * Each function keeps its own table beside its handler (e.g. apps/footfall-lambda/src/handler.ts).
 */
import { MethodNotAllowedError, NotFoundError } from '@serverless-ai/model-interface';
import type { HttpRequest, HttpResult } from './http-event.js';

/** Answers one request on a matched route. Throws typed errors for bad input. */
export type RouteHandler = (request: HttpRequest) => HttpResult;

/** Path → method → handler, e.g. `{ '/predict': { POST: predict } }`. */
export type RouteTable = ReadonlyMap<string, Readonly<Record<string, RouteHandler>>>;

/**
 * Finds the handler for `request` and calls it.
 * @throws NotFoundError for an unknown path, MethodNotAllowedError for a known path with another method.
 */
export function dispatch(routes: RouteTable, request: HttpRequest): HttpResult {
  const methods = routes.get(request.path);
  if (!methods) {
    const known = [...routes].flatMap(([path, byMethod]) => Object.keys(byMethod).map((method) => `${method} ${path}`));
    throw new NotFoundError(`There is no route ${request.path}; try ${known.join(' or ')}.`, { path: request.path });
  }
  const routeHandler = Object.hasOwn(methods, request.method) ? methods[request.method] : undefined;
  if (!routeHandler) throw new MethodNotAllowedError(request.method, request.path, Object.keys(methods));
  return routeHandler(request);
}
