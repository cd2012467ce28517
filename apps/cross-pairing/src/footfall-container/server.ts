/**
 * The footfall predictor served from a container: `createServer(deps)` builds the
 * Express app and nothing else (index.ts listens), so tests drive it with supertest.
 *
 * The conventions are apps/recommender-container's, re-implemented in a few lines
 * because apps are not libraries: helmet's headers and no `x-powered-by`; a JSON
 * content type or 415; `express.json` with a size limit, its errors mapped to the
 * shared typed errors (413, 400); 405 with `Allow` for a known path and the wrong
 * method; 404 for anything else; every error in the `{"error":{...}}` shape from
 * `toErrorResponse`. The body of `POST /predict` is the footfall Lambda's, so a client
 * cannot tell which home answered.
 *
 * Middleware order, top to bottom: 1. headers, 2. routes, 3. 404, 4. errors.
 * Edit this file to add a route.
 */
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import type { FootfallModel } from '@serverless-ai/footfall-model';
import {
  fromBodyParserError,
  MethodNotAllowedError,
  NotFoundError,
  parseModelInput,
  toErrorResponse,
  UnsupportedMediaTypeError,
} from '@serverless-ai/model-interface';
import type { Logger } from '../logger.js';

/**
 * Largest request body (4 MiB), the footfall Lambda's limit: a batch of 1,000 rows
 * keyed by feature name is about 4 MB of JSON.
 */
export const DEFAULT_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** What the server needs, injected. */
export interface FootfallServerDeps {
  /** A loaded model (`loadFootfallModel()`); the server never reads files itself. */
  model: FootfallModel;
  logger: Logger;
  /** Largest JSON body accepted. @default DEFAULT_BODY_LIMIT_BYTES */
  bodyLimitBytes?: number;
}

/** Builds the Express app. See the file header for the middleware order. */
export function createServer(deps: FootfallServerDeps): Express {
  const { model, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // 1. Security headers: a JSON API serves no HTML, so helmet's defaults all apply.
  app.use(helmet());

  // 2. Routes.
  const requireJson: RequestHandler = (req, _res, next) => {
    // Checked on the header, so an empty JSON body still reaches validation (400, not 415).
    const type = req.get('content-type');
    if (type?.split(';')[0]?.trim().toLowerCase() !== 'application/json') throw new UnsupportedMediaTypeError(type);
    next();
  };
  const jsonBody = express.json({ limit: deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES, strict: true, type: 'application/json' });

  app
    .route('/predict')
    .post(requireJson, jsonBody, (req, res) => {
      const input = parseModelInput(model, req.body);
      res.json({ modelVersion: model.version, predictions: model.predict(input).predictions });
    })
    .all(methodNotAllowed(['POST']));
  app
    .route('/model')
    .get((_req, res) => {
      res.json(model.card);
    })
    .all(methodNotAllowed(['GET']));
  app
    .route('/healthz')
    .get((_req, res) => {
      res.json({ status: 'ok', modelVersion: model.version });
    })
    .all(methodNotAllowed(['GET']));

  // 3. Unknown paths.
  app.use((req) => {
    throw new NotFoundError(`No route ${req.method} ${req.path}; try POST /predict or GET /model.`, { method: req.method, path: req.path });
  });

  // 4. Errors: one shape for all of them.
  const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
    const mapped = fromBodyParserError(err, req.get('content-type'));
    const { status, body } = toErrorResponse(mapped);
    if (status >= 500) logger.error('Request failed', { error: err, method: req.method, path: req.path });
    if (mapped instanceof MethodNotAllowedError) res.set('Allow', mapped.details.allow.join(', '));
    res.status(status).json(body);
  };
  app.use(errorHandler);
  return app;
}

function methodNotAllowed(allow: string[]): RequestHandler {
  return (req) => {
    throw new MethodNotAllowedError(req.method, req.path, allow);
  };
}
