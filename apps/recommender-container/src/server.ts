/**
 * The HTTP layer: `createServer(deps)` builds the Express app and nothing else. It does
 * not listen (the entry file does), load artifacts or read the environment, so tests can
 * run it through supertest on a tiny real index.
 *
 * Middleware order matters and reads top to bottom:
 *   1. request id + latency metric (every request, errors included);
 *   2. security headers (helmet), no `x-powered-by`;
 *   3. routes: ops first (they work before ready), then the model routes, each gated on
 *      readiness before their body is even read;
 *   4. 404 for unknown paths, then the one error handler (shared JSON shape).
 */
import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler, type Router } from 'express';
import helmet from 'helmet';
import { UnsupportedMediaTypeError } from '@serverless-ai/model-interface';
import { requireAdmin } from './http/auth.js';
import { errorHandler, notFound } from './http/errors.js';
import type { Logger } from './logger.js';
import type { ServiceMetrics } from './metrics.js';
import { movieRoutes } from './routes/movies.js';
import { opsRoutes } from './routes/ops.js';
import { recommendationRoutes } from './routes/recommendations.js';
import type { ServiceHandle } from './state/service.js';

/** Everything the HTTP layer depends on, injected. */
export interface ServerDeps {
  /** Readiness and, once ready, the live catalog. */
  service: ServiceHandle;
  metrics: ServiceMetrics;
  logger: Logger;
  /** Bearer token for admin writes; undefined makes the service read-only. */
  adminToken: string | undefined;
  /** Largest JSON body accepted. @default 65536 */
  bodyLimitBytes?: number;
  /**
   * More routes, mounted after the built-in ones and behind the same middleware. The bench
   * uses it for its hello-world baseline; the service itself passes nothing.
   */
  extraRoutes?: Router;
}

/**
 * The body handling of every JSON route: 415 unless `Content-Type: application/json`,
 * then express.json with a size limit (413 above it) and strict parsing (objects and
 * arrays only).
 */
export function jsonBodyParser(limitBytes = 64 * 1024): RequestHandler[] {
  return [
    (req, _res, next) => {
      // Checked on the header, not with req.is(), so an empty JSON body reaches validation (400) rather than 415.
      const type = req.get('content-type');
      if (type?.split(';')[0]?.trim().toLowerCase() !== 'application/json') throw new UnsupportedMediaTypeError(type);
      next();
    },
    express.json({ limit: limitBytes, strict: true, type: 'application/json' }),
  ];
}

/** Builds the Express app. See the file header for the middleware order. */
export function createServer(deps: ServerDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // 1. Request id and latency. The route label is the pattern (`/movies/:id`), never the raw URL.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.setHeader('x-request-id', randomUUID());
    res.on('finish', () => {
      const route = req.route ? String((req.route as { path: unknown }).path) : 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      deps.metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
    });
    next();
  });

  // 2. Security headers. A JSON API serves no HTML, so helmet's defaults are all safe to keep.
  app.use(helmet());

  // 3. Routes.
  const requireReady: RequestHandler = (_req, _res, next) => {
    deps.service.live();
    next();
  };
  const jsonBody = jsonBodyParser(deps.bodyLimitBytes);
  app.use(opsRoutes(deps.service, deps.metrics));
  app.use(['/recommendations', '/movies'], requireReady);
  app.use(recommendationRoutes(deps.service, jsonBody));
  app.use(movieRoutes(deps.service, jsonBody, requireAdmin(deps.adminToken)));
  if (deps.extraRoutes) app.use(deps.extraRoutes);

  // 4. Unknown paths, then errors.
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
